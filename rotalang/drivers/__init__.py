"""The commands' drivers: what `check` and `solve` do, written once over the engine
protocol, for the API (`api.py`) and so for the CLI.

- `checking.check`: facts-only rules, the lints, whether the hard rules can hold
  (with the smallest set of rules that cannot), and assertions proved or refuted;
- `solving.solve`: a roster from the chosen engine, re-costed and explained.
"""
