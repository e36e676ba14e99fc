"""Example problems become located ``checks.*`` warnings, all in one build, then fail it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sphinx_site
from sphinx.testing.util import SphinxTestApp
from sphinx_site import copy_root, warning_lines

# Every problem of the test root: (file, line, subtype, words of the message).
EXPECTED = [
    (
        "examples/credible/mismatch.md",
        10,
        "mismatch",
        "stated good but checks found [unsourced-claim]",
    ),
    ("examples/credible/invalid-yaml.md", 4, "front-matter", "front matter is not valid YAML"),
    (
        "examples/credible/unknown-rule.md",
        4,
        "unknown-rule",
        "unknown rule id 'no-such-rule' in 'breaks'",
    ),
    ("examples/consistent/unknown-verdict.md", 3, "unknown-verdict", "unknown verdict 'maybe'"),
    (
        "examples/consistent/breaks-on-good.md",
        4,
        "breaks-on-good",
        "a good example cannot break rules",
    ),
    ("examples/consistent/empty-body.md", 9, "empty-body", "has no post after the front matter"),
    (
        "examples/civil-servant/unused-allow.md",
        7,
        "unused-allow",
        "'allow' accepts personal-details",
    ),
    ("examples/credible/same-name.md", 1, "duplicate-slug", "slug 'same-name' is already used"),
    ("examples/credible/latin-1.md", 9, "unreadable", "is not UTF-8 text"),
]

LATIN_1 = """---
title: Saved in the wrong encoding
verdict: good
channel: x
capacity: official
why: |
  The file is not UTF-8.
---
Caf\u00e9 opening hours are on the intranet.
""".encode("latin-1")


def build(rootdir: Path, tmp_path: Path, **confoverrides: object) -> SphinxTestApp:
    """Build a copy of the problems root, with a non-UTF-8 example added to it."""
    srcdir = copy_root(rootdir, "problems", tmp_path)
    (srcdir / "examples" / "credible" / "latin-1.md").write_bytes(LATIN_1)
    return sphinx_site.build(srcdir, tmp_path / "out", **confoverrides)


@pytest.fixture(scope="module")
def failed(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build(rootdir, tmp_path_factory.mktemp("failed"))


@pytest.mark.parametrize(("path", "line", "subtype", "words"), EXPECTED)
def test_each_problem_is_a_warning_at_its_file_and_line(
    failed: SphinxTestApp, path: str, line: int, subtype: str, words: str
) -> None:
    prefix = f"{path}:{line}: WARNING: "
    found = [w for w in warning_lines(failed) if w.startswith(prefix)]
    assert found, f"no warning at {path}:{line} in:\n" + "\n".join(warning_lines(failed))
    assert words in found[0]
    assert found[0].endswith(f"[checks.{subtype}]")


def test_all_problems_are_reported_in_one_build_then_it_fails(failed: SphinxTestApp) -> None:
    checks = [w for w in warning_lines(failed) if "[checks." in w]
    assert len(checks) == len(EXPECTED)
    assert failed.statuscode == 1
    errors = [w for w in warning_lines(failed) if "ERROR" in w]
    assert len(errors) == 1 and f"{len(EXPECTED)} problem(s) in the examples" in errors[0]


def test_the_mismatch_says_what_matched_and_how_to_fix_it(failed: SphinxTestApp) -> None:
    line = next(w for w in warning_lines(failed) if "[checks.mismatch]" in w)
    assert 'unsourced-claim matched "37%" at line 10' in line
    assert "(fix: " in line


def test_drafts_only_warn_and_show_the_disagreement(rootdir: Path, tmp_path: Path) -> None:
    app = build(rootdir, tmp_path, checks_fail_on_mismatch=False)
    assert app.statuscode == 0
    assert "[checks.mismatch]" in app.warning.getvalue()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "The checks disagree with this example" in html
    # The example's own page says what the disagreement is.
    own = (app.outdir / "example" / "credible" / "mismatch.html").read_text(encoding="utf-8")
    assert "The checks disagree with this example" in own
    assert "unsourced-claim matched" in own


def test_invalid_examples_are_not_shown(failed: SphinxTestApp) -> None:
    html = (failed.outdir / "index.html").read_text(encoding="utf-8")
    assert 'id="example-mismatch"' in html
    assert 'id="example-unknown-rule"' not in html
