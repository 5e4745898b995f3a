# W0601: a time limit too short for any solver call (a microsecond).
check W0601.rota --time-limit 0.000001
