# E0031: the data-folder pattern matches no folder.
batch files/batch-rules.rota --data-dirs 'files/no-such-units/*/'
