"""Backends read the ground model (`rotalang/ground/model.py`):

- `rotalang.backends.z3`: encode it for Z3, check feasibility and explain conflicts,
  prove assertions, solve for a roster of least cost;
- `rotalang.backends.evaluate`: evaluate a concrete roster in plain Python.
"""
