"""Every ```rota block of docs/language.md and docs/tutorial.md parses and type-checks.

Info strings (see docs/prelude.rota):
  ```rota                    docs/prelude.rota followed by the block must load cleanly;
  ```rota standalone         the block alone must load cleanly (it is written next to
                             copies of examples/checkpoint's data files, so a block
                             may read `人员.csv` like the tutorial's program does);
  ```rota-error CODE         prelude + block must be refused with diagnostic CODE;
  ```rota-error standalone CODE   the block alone must be refused with CODE;
  ```rota 值守.rota          the block continues the file the page builds (the blocks
                             naming it so far, this one included, must load cleanly
                             next to the example's data; tests/docblocks.walk).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import rotalang
from tests.docblocks import walk

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("docs/language.md", "docs/tutorial.md")
PRELUDE = (ROOT / "docs" / "prelude.rota").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(rota[^\n]*)\n(.*?)^```", re.M | re.S)


def blocks():
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        grown = iter([(w, files) for w, _, files in walk(ROOT / doc) if w[:1] == ["rota"]
                      or w[:1] == ["rota-error"]])
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            words, files = next(grown)
            assert words == m.group(1).split()
            named = [w for w in words if w.endswith(".rota")]
            body = files[named[0]] if named else m.group(2)
            yield pytest.param(words + ["standalone"] if named else words, body,
                               id=f"{doc}:{line}")


def load_block(words: list[str], body: str, folder: Path):
    standalone = "standalone" in words
    text = body if standalone else PRELUDE + "\n" + body
    for csv in (ROOT / "examples" / "checkpoint").glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    path = folder / "snippet.rota"
    path.write_text(text, encoding="utf-8")
    return rotalang.load(str(path))


def test_the_docs_have_examples():
    found = list(blocks())
    assert len(found) >= 40
    # every block declares which way it is checked
    for param in found:
        words = param.values[0]
        assert words[0] in ("rota", "rota-error"), words


@pytest.mark.parametrize("words,body", list(blocks()))
def test_block(words, body, tmp_path):
    if words[0] == "rota":
        load_block(words, body, tmp_path)
        return
    code = words[-1]
    assert re.fullmatch(r"[EW]\d{4}", code), f"rota-error block without a code: {words}"
    with pytest.raises(rotalang.DiagnosticError) as err:
        load_block(words, body, tmp_path)
    codes = [d.code for d in err.value.diagnostics]
    assert code in codes, codes
