"""Example problems become located ``checks.*`` warnings, all in one build, then fail it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sphinx_site
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx_site import copy_root, warning_lines

from checks.problems import ProblemKind

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


def test_the_failure_names_the_preview_never_an_edit_to_conf_py(failed: SphinxTestApp) -> None:
    # An edit to conf.py is easily committed by mistake; the preview's -D is not.
    [error] = [w for w in warning_lines(failed) if "ERROR" in w]
    assert "conf.py" not in error
    assert "'nox -s docs-live'" in error and "-D checks_fail_on_mismatch=0" in error
    assert not [w for w in warning_lines(failed) if "in conf.py" in w]


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
    # The example's own page says what the disagreement is, and how to fix it.
    own = (app.outdir / "example" / "credible" / "mismatch.html").read_text(encoding="utf-8")
    assert "The checks disagree with this example" in own
    assert "unsourced-claim matched" in own
    notice = BeautifulSoup(own, "html.parser").select_one(".checks-disagreement")
    assert notice is not None
    assert "Fix: if the checks are right, make the example bad" in notice.get_text()


def test_invalid_examples_are_not_shown(failed: SphinxTestApp) -> None:
    html = (failed.outdir / "index.html").read_text(encoding="utf-8")
    assert 'id="example-mismatch"' in html
    assert 'id="example-unknown-rule"' not in html


# Files that cannot be used, so are never judged: each keeps its place in a preview.
UNUSABLE = [case for case in EXPECTED if ProblemKind(case[2]).is_invalid_input]
UNUSABLE = [case for case in UNUSABLE if case[2] != "duplicate-slug"]  # both files are valid


@pytest.fixture(scope="module")
def preview(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The problems root as nox -s docs-live builds it: problems warn, and do not fail."""
    return build(rootdir, tmp_path_factory.mktemp("preview"), checks_fail_on_mismatch=False)


@pytest.mark.parametrize(("path", "line", "subtype", "words"), UNUSABLE)
def test_an_unusable_example_keeps_its_place_with_a_notice(
    preview: SphinxTestApp, path: str, line: int, subtype: str, words: str
) -> None:
    html = (preview.outdir / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    slug = Path(path).stem
    card = soup.find("article", id=f"problem-{slug}")
    assert isinstance(card, Tag), f"no card for {path}"
    notice = card.find(class_="checks-problem-notice")
    assert notice is not None
    text = " ".join(notice.get_text().split())
    assert text.startswith("This example has a problem, so it cannot be published")
    assert f"{path}, line {line}: {words}" in text
    assert "Fix: " in text
    # In its principle's group of the gallery, where it would be if it were valid.
    group = card.find_parent("section")
    assert isinstance(group, Tag) and group["id"] == f"gallery-{Path(path).parent.name}"


def test_every_unusable_file_has_a_card(preview: SphinxTestApp) -> None:
    html = (preview.outdir / "index.html").read_text(encoding="utf-8")
    cards = BeautifulSoup(html, "html.parser").select("article.checks-card-problem")
    assert sorted(card["id"] for card in cards) == sorted(
        f"problem-{Path(case[0]).stem}" for case in UNUSABLE
    )
