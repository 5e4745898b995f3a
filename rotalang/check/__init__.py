"""Name resolution, type checking and data loading: AST → typed IR (rotalang/ir.py).

Read in order: `program.py` (the entry point), `uses.py` (files), `declarations.py`
(calendar, kinds, shifts, lets, records), `data.py` and `cells.py` (CSV/JSON),
`rules.py` and `expressions.py` (rules), `scope.py` (names), `types.py` (type rules),
`literals.py`, `consteval.py`, `suggest.py`.
"""

from rotalang.check.program import load_program

__all__ = ["load_program"]
