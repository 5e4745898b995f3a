"""Importers from real-world formats into rotalang programs (a `.rota` file and its data).

- `curtois`: the Employee Shift Scheduling Benchmark `.txt` format (Curtois & Qu).
"""
