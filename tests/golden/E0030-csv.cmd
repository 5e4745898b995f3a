# E0030: a CSV manifest with a column no job has.
batch files/E0030-manifest.csv
