# E0020: the output file exists and --force is not given.
solve E0020.rota --output files/E0020-roster.csv
