# E0001: a manifest's job names a program that does not exist.
batch files/E0001-batch.toml
