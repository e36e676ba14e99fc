"""An example that no page shows is a warning at the example file."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp


def test_example_shown_nowhere_warns(rootdir: Path, tmp_path: Path) -> None:
    app = SphinxTestApp("html", srcdir=rootdir / "test-not-shown", builddir=tmp_path)
    try:
        app.build()
    finally:
        app.cleanup()
    lines = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).splitlines()
    assert lines == [
        "examples/consistent/shouting.md:1: WARNING: example 'shouting' is shown on no page: "
        "add it to a page with an {examples} or {example-gallery} directive [checks.not-shown]"
    ]
