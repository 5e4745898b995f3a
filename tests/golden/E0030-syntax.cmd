# E0030: a manifest that is not valid TOML (an unquoted path).
batch files/E0030-syntax.toml
