import sys
from pathlib import Path

# `from tests.docblocks import …` needs the repository root on the path
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
