# E0604: the engine named with --engine cannot take the program's numbers.
solve E0604.rota --engine cpsat --format csv
