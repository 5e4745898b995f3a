# W0604: the default engine cannot take the program's numbers and gives way to Z3.
solve W0604.rota --format csv
