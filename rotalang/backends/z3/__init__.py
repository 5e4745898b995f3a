"""The Z3 backend: encode a ground model (`encode.py`), check it (`check.py`: facts,
feasibility with minimal conflicts, assertions) and solve it (`solve.py`)."""
