"""Incremental builds: editing one example re-reads only the pages that show it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sphinx_site
from sphinx.testing.util import SphinxTestApp
from sphinx_site import copy_root

from checks.sphinxext import freshness

NEW_EXAMPLE = """---
title: A new example
verdict: good
channel: x
capacity: official
why: |
  Added after the first build.
---
I work at the Cabinet Office, and the consultation is open until Friday.
"""


def build(srcdir: Path, builddir: Path) -> tuple[SphinxTestApp, list[str]]:
    """Build, and return the documents Sphinx (re-)read."""
    read: list[str] = []
    app = sphinx_site.build(srcdir, builddir, read=read)
    return app, sorted(read)


def touch_later(path: Path) -> None:
    # A time clearly after the last read, however coarse the file system's clock.
    later = time.time() + 5
    os.utime(path, (later, later))


PAGES_WITH_EXAMPLES = [
    "civil-servant",
    "consistent",
    "credible",
    "example/civil-servant/security-role",
    "example/consistent/markup-in-a-post",
    "example/consistent/shouting",
    "example/credible/figure-with-source",
    "example/credible/figure-without-source",
    "example/responsive/brush-off",
    "gallery",
    "responsive",
]
"""The pages of the clean root that show examples, each example's own page among them;
'index' and 'about' show none."""


@pytest.fixture
def checks_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the checks package that the build hashes in place of the real one."""
    copy = tmp_path / "checks"
    shutil.copytree(freshness.CHECKS_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(freshness, "CHECKS_ROOT", copy)
    return copy


@pytest.fixture
def site(rootdir: Path, tmp_path: Path) -> tuple[Path, Path]:
    return copy_root(rootdir, "clean", tmp_path), tmp_path / "out"


def test_nothing_changed_reads_nothing(site: tuple[Path, Path]) -> None:
    build(*site)
    app, read = build(*site)
    assert read == []
    assert app.warning.getvalue() == ""


def test_editing_an_example_rereads_only_the_pages_that_show_it(site: tuple[Path, Path]) -> None:
    srcdir, _ = site
    build(*site)
    example = srcdir / "examples" / "consistent" / "shouting.md"
    example.write_text(
        example.read_text(encoding="utf-8").replace("Shouting at", "Shouting back at"),
        encoding="utf-8",
    )
    touch_later(example)
    app, read = build(*site)
    assert read == ["consistent", "example/consistent/shouting", "gallery"]
    assert "Shouting back at a customer" in (app.outdir / "gallery.html").read_text(
        encoding="utf-8"
    )


def test_adding_an_example_rereads_its_collections(site: tuple[Path, Path]) -> None:
    srcdir, _ = site
    build(*site)
    (srcdir / "examples" / "credible" / "a-new-example.md").write_text(
        NEW_EXAMPLE, encoding="utf-8"
    )
    app, read = build(*site)
    assert read == ["credible", "example/credible/a-new-example", "gallery"]
    assert 'id="example-a-new-example"' in (app.outdir / "credible.html").read_text(
        encoding="utf-8"
    )
    assert app.warning.getvalue() == ""


def test_removing_an_example_removes_its_page(site: tuple[Path, Path]) -> None:
    srcdir, _ = site
    build(*site)
    source = srcdir / "example" / "consistent" / "shouting.md"
    assert source.is_file()
    (srcdir / "examples" / "consistent" / "shouting.md").unlink()
    app, read = build(*site)
    assert not source.exists()
    assert "example/consistent/shouting" not in app.env.all_docs
    assert read == ["consistent", "gallery"]
    assert app.warning.getvalue() == ""


def rule_data(checks: Path) -> Path:
    """A rule's data file, wherever the package keeps its rules."""
    return next(iter(sorted(checks.glob("rules/*.yaml"))), checks / "data" / "rules.yaml")


@pytest.mark.parametrize(
    "edited",
    [rule_data, lambda checks: checks / "engine.py", lambda checks: checks / "data" / "new.yaml"],
    ids=["rule data", "rule code", "a new data file"],
)
def test_editing_the_checks_rereads_only_the_pages_that_show_examples(
    site: tuple[Path, Path], checks_copy: Path, edited: Callable[[Path], Path]
) -> None:
    build(*site)
    path = edited(checks_copy)
    with path.open("a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    app, read = build(*site)
    assert read == PAGES_WITH_EXAMPLES
    assert app.warning.getvalue() == ""
    _, read = build(*site)
    assert read == []


def test_editing_the_extension_rereads_nothing(site: tuple[Path, Path], checks_copy: Path) -> None:
    # How pages look is the extension's env_version's business, not the checks' hash.
    build(*site)
    with (checks_copy / "sphinxext" / "cards.py").open("a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    _, read = build(*site)
    assert read == []
