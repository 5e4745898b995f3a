"""The example in docs/api.md runs and prints what the page says."""

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_api_doc_example_runs_as_documented():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(DOC), "exec"), {})
    documented = [c.split("# ", 1)[1].strip() for c in code.splitlines()
                  if "print(" not in c and c.strip().startswith("# E")]
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["2 rules", "[]"]
    assert lines[2:] == documented
