# E0030: a manifest value of the wrong type (a time limit that is not a number).
batch files/E0030-manifest.toml
