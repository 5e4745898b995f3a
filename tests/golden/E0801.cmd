# E0801: the two programs given to diff roster different people and days.
diff E0801.rota files/E0801-new.rota
