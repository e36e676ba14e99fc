"""An example that no page shows is a warning at the example file."""

from __future__ import annotations

from pathlib import Path

from sphinx_site import build, warning_lines


def test_example_shown_nowhere_warns(rootdir: Path, tmp_path: Path) -> None:
    app = build(rootdir / "test-not-shown", tmp_path)
    lines = warning_lines(app)
    assert lines == [
        "examples/consistent/shouting.md:1: WARNING: example 'shouting' is shown on no page: "
        "add it to a page with an {examples} or {example-gallery} directive [checks.not-shown]"
    ]
