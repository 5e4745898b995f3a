# E0001: the program file does not exist.
check E0001-missing.rota
