"""A rebuild judges only the examples edited since the last build, and gets the same report."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import sphinx_site
from sphinx_site import copy_root

import checks.verify
from checks.paths import walk
from checks.sphinxext import freshness
from checks.sphinxext.corpus import reverify
from checks.verify import Report, verify_folder


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    later = time.time() + 5  # clearly after the last read, however coarse the clock
    os.utime(path, (later, later))


def same(a: Report, b: Report) -> None:
    assert (a.root, a.signature, a.files, a.templates) == (
        b.root,
        b.signature,
        b.files,
        b.templates,
    )
    assert a.problems == b.problems
    assert a.judgements == b.judgements
    assert a.broken == b.broken


# Each edit: (file under the problems root's examples/, text replaced, replacement).
EDITS = {
    "fixed": ("credible/mismatch.md", "Claims fell by 37% last year.", "Claims fell last year."),
    "broken": ("credible/unknown-rule.md", "no-such-rule", "still-no-such-rule"),
    "valid-yaml": ("credible/invalid-yaml.md", "title:", "title: "),
    "duplicate": ("consistent/same-name.md", "---\n", "---\n\n"),
    # The file that carries the duplicate slug's problem gains one of its own, on line 1.
    "duplicate-invalid": ("credible/same-name.md", "---\ntitle", "title"),
    "unused-allow": ("civil-servant/unused-allow.md", "personal-details", "political"),
}


@pytest.mark.parametrize(
    "names", [["fixed"], ["broken", "duplicate"], ["duplicate-invalid"], list(EDITS)]
)
def test_reverifying_edited_files_gives_what_verifying_everything_gives(
    rootdir: Path, tmp_path: Path, names: list[str]
) -> None:
    root = tmp_path / "examples"
    shutil.copytree(rootdir / "test-problems" / "examples", root)
    previous = verify_folder(root, tmp_path, walk(root))
    for name in names:
        relative, old, new = EDITS[name]
        edit(root / relative, old, new)
    listing = walk(root)
    same(reverify(previous, root, tmp_path, listing), verify_folder(root, tmp_path, listing))


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts the checks judge from now on."""
    posts: list[str] = []
    check_text = checks.verify.check_text

    def counting(text: str, **options: Any) -> object:
        posts.append(text)
        return check_text(text, **options)

    monkeypatch.setattr(checks.verify, "check_text", counting)
    return posts


def test_a_rebuild_judges_only_the_edited_example(
    rootdir: Path, tmp_path: Path, judged: list[str]
) -> None:
    srcdir = copy_root(rootdir, "clean", tmp_path)
    sphinx_site.build(srcdir, tmp_path / "out")
    assert len(judged) == 6
    edit(srcdir / "examples" / "consistent" / "shouting.md", "Shouting at", "Shouting back at")
    judged.clear()
    app = sphinx_site.build(srcdir, tmp_path / "out")
    assert len(judged) == 1
    assert app.warning.getvalue() == ""
    judged.clear()
    sphinx_site.build(srcdir, tmp_path / "out")
    assert judged == []


@pytest.mark.parametrize(("edited", "judged_again"), [(True, 6), (False, 0)])
def test_a_change_to_the_checks_judges_every_example_again(
    rootdir: Path,
    tmp_path: Path,
    judged: list[str],
    monkeypatch: pytest.MonkeyPatch,
    edited: bool,
    judged_again: int,
) -> None:
    copy = tmp_path / "checks"
    shutil.copytree(freshness.CHECKS_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(freshness, "CHECKS_ROOT", copy)
    srcdir = copy_root(rootdir, "clean", tmp_path)
    sphinx_site.build(srcdir, tmp_path / "out")
    judged.clear()
    if edited:
        with (copy / "engine.py").open("a", encoding="utf-8") as file:
            file.write("\n# edited\n")
    sphinx_site.build(srcdir, tmp_path / "out")
    assert len(judged) == judged_again
