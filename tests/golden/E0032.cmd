# E0032: nothing listens at the cluster address (checked before Ray is started).
batch files/batch-ok.toml --address 127.0.0.1:9
