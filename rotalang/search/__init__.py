"""The solver-neutral search: rosters from any engine of `backends`, over the ground
model.

- `driver.search`: the run — the engine's own portfolio on the whole model, or the
  phases (first roster, descent, neighbourhood search) for an engine that needs them;
- `lns.py`: the large-neighbourhood search; `neighbourhoods.py`: what a step frees;
  `step.py`: one step; `peer.py`: a second search in a process of its own;
- `meter.py`: how far a run has gone, on the clock or (deterministic runs) in work.
"""

from rotalang.search.driver import SearchResult, search
from rotalang.search.meter import Meter
from rotalang.search.peer import available_workers

__all__ = ["Meter", "SearchResult", "available_workers", "search"]
