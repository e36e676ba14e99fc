"""A directive that names something that does not exist is one typed, located warning.

Every unknown example, principle or rule goes through ``checks.unknown-target``
(so ``suppress_warnings`` can name it), never a plain directive error; and a page
that asked for an example that did not exist yet is re-read once it does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sphinx_site
from sphinx.testing.util import SphinxTestApp
from sphinx_site import copy_root, warning_lines

# (line of index.md, message): every directive of the page that names nothing.
EXPECTED = [
    (9, "unknown example 'not-written-yet' (fix: use one of: figure-with-source)"),
    (12, "unknown principle 'credibel' (fix: did you mean 'credible'?)"),
    (15, "unknown principle 'be-nice' (fix: use one of: "),
    (18, "unknown rule id 'comitment' (fix: did you mean 'commitment'?)"),
    (21, "unknown rule 'comitment' (fix: did you mean 'commitment'?)"),
    (25, "unknown verdict 'fine' (fix: use one of: good, bad)"),
    (29, "unknown principle 'civil-service' (fix: did you mean 'civil-service-code'?)"),
]

NEW_EXAMPLE = """---
title: Written after the page asked for it
verdict: good
channel: x
capacity: official
why: |
  Added after the first build.
---
I work at the Cabinet Office, and the consultation is open until Friday.
"""


def build(srcdir: Path) -> tuple[SphinxTestApp, list[str]]:
    read: list[str] = []
    app = sphinx_site.build(srcdir, srcdir.parent / "out", read=read)
    return app, read


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    return copy_root(rootdir, "unknown-targets", tmp_path)


def test_each_unknown_name_is_a_typed_warning_at_its_line(srcdir: Path) -> None:
    app, _ = build(srcdir)
    lines = [w for w in warning_lines(app) if "index.md" in w]
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    for (line, message), warning in zip(EXPECTED, lines, strict=True):
        assert re.search(rf"index\.md:{line}: WARNING: {re.escape(message)}", warning), warning
        assert warning.endswith("[checks.unknown-target]")


def test_the_warning_can_be_suppressed_by_its_type(srcdir: Path) -> None:
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'suppress_warnings = ["checks.unknown-target"]\n')
    app, _ = build(srcdir)
    assert [w for w in warning_lines(app) if "WARNING" in w] == []


def test_a_single_example_that_is_not_written_yet_is_named(srcdir: Path) -> None:
    app, _ = build(srcdir)
    assert any(
        "single.md:10: WARNING: unknown example 'not-written-yet'" in w for w in warning_lines(app)
    )


def test_adding_the_example_a_page_asked_for_rereads_that_page(srcdir: Path) -> None:
    build(srcdir)
    (srcdir / "examples" / "credible" / "not-written-yet.md").write_text(NEW_EXAMPLE)
    app, read = build(srcdir)
    # 'single' shows only that example: nothing but the page's wish re-reads it.
    assert "single" in read
    html = (app.outdir / "single.html").read_text(encoding="utf-8")
    assert 'id="example-not-written-yet"' in html
    assert not [w for w in warning_lines(app) if "not-written-yet" in w]
