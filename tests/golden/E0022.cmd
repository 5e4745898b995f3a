# E0022: an Excel file name; rotalang writes table, csv, json or html.
solve E0022.rota --output roster.xlsx
