"""Write ``checks/data/lookalikes.json``: letters of other scripts that mimic ASCII ones.

The table is derived from the confusables data of Unicode Technical Standard #39,
as the ``confusable-homoglyphs`` package ships it. The checks read the small table,
not the package: the package's 900 KB of data took a fifth of a second to load in
the reader's browser, and the same table then serves CPython and Pyodide alike.

``python -m tools.lookalikes`` writes the table; ``--check`` compares it with the
shipped one instead (exit status 1 when they differ).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from checks.normalise import LOOKALIKES

TABLE = Path(__file__).resolve().parent.parent / "checks" / "data" / LOOKALIKES

SOURCE = (
    "Unicode Technical Standard #39 confusables data (Unicode License v3), "
    "as shipped by confusable-homoglyphs; written by python -m tools.lookalikes"
)


def lookalikes() -> dict[str, str]:
    """Each letter or digit of another script mapped to the ASCII letter or digit it mimics."""
    try:
        from confusable_homoglyphs.confusables import (  # type: ignore[import-untyped]
            confusables_data,
        )
    except ImportError as error:
        raise SystemExit(
            "python -m tools.lookalikes: needs confusable-homoglyphs "
            "(pip install -e '.[test]', which pins the version the table was made from)"
        ) from error

    table: dict[str, str] = {}
    for char, homoglyphs in confusables_data.items():
        if char.isascii() or len(char) != 1:
            continue
        candidates = [h["c"] for h in homoglyphs if _is_ascii_alphanumeric(h["c"])]
        if candidates:
            # A capital stays a capital (Greek Alpha is "A", not "a") where the data allows.
            candidates.sort(key=lambda c: (c.isupper() != char.isupper(), not c.isalpha(), c))
            table[char] = _capital_i(char, candidates[0])
    return dict(sorted(table.items()))


def _capital_i(char: str, latin: str) -> str:
    """TR#39 gives "l" as the prototype of "I" too: a capital that mimics it mimics "I"."""
    return "I" if latin == "l" and char.isupper() else latin


def _is_ascii_alphanumeric(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalnum()


def table_text() -> str:
    """The file's text: the source, then one look-alike a line, escaped to ASCII."""
    lines = [f"  {json.dumps(char)}: {json.dumps(latin)}" for char, latin in lookalikes().items()]
    return '{"source": ' + json.dumps(SOURCE) + ',\n "table": {\n' + ",\n".join(lines) + "\n}}\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.lookalikes", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    options = parser.parse_args(argv)
    text = table_text()
    if options.check:
        shipped = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
        if shipped != text:
            print(f"{TABLE}: out of date; run python -m tools.lookalikes", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
