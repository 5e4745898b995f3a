# E0031: a program given without --data-dirs.
batch files/batch-rules.rota
