"""OR-Tools CP-SAT behind the engine protocol: `encode.py` writes a ground model as a\nCP-SAT model, `engine.py` solves it."""
