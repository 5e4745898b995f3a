# W0601: a time limit too short for anything (a microsecond): it runs out while grounding.
check W0601.rota --time-limit 0.000001
