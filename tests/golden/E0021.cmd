# E0021: the output folder does not exist.
solve E0021.rota --output 排班表/roster.csv
