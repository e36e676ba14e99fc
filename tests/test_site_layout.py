"""The extension's modules: no name that shadows a standard one, no trivial wrappers."""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx
from sphinx_site import build, copy_root, warning_lines

from checks.sphinxext import corpus
from checks.verify import Judgement, Report


@pytest.mark.parametrize(
    ("shadowing", "renamed"),
    [
        ("checks.sphinxext.nodes", "checks.sphinxext.elements"),  # docutils.nodes
        ("checks.sphinxext.warnings", "checks.sphinxext.messages"),  # the stdlib's warnings
    ],
)
def test_no_module_shadows_a_standard_name(shadowing: str, renamed: str) -> None:
    assert importlib.util.find_spec(shadowing) is None
    assert importlib.import_module(renamed).__name__ == renamed


@pytest.mark.sphinx("html", testroot="clean")
def test_the_build_starts_by_loading_the_examples_itself(app: Sphinx) -> None:
    """No wrapper stands between builder-inited and corpus.load."""
    handlers = [listener.handler for listener in app.events.listeners["builder-inited"]]
    assert corpus.load in handlers
    assert not hasattr(corpus, "start_build")


# -- One model from file to card -----------------------------------------------------------


def test_an_uncached_build_walks_the_examples_folder_once(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signature and the files to verify come from one walk of the folder."""
    srcdir = copy_root(rootdir, "clean", tmp_path)  # a new folder: nothing cached for it
    examples = (srcdir / "examples").resolve()
    listed: list[str] = []
    scandir, rglob = os.scandir, Path.rglob

    def counting_scandir(path: Any) -> Any:
        if Path(path).resolve() == examples:
            listed.append("scandir")
        return scandir(path)

    def counting_rglob(self: Path, pattern: str) -> Any:
        if self.resolve() == examples:
            listed.append("rglob")
        return rglob(self, pattern)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    monkeypatch.setattr(Path, "rglob", counting_rglob)
    app = build(srcdir, tmp_path / "out")
    assert listed == ["scandir"]
    assert app.statuscode == 0


def test_the_site_keeps_the_engines_report_as_its_one_record(rootdir: Path, tmp_path: Path) -> None:
    app = build(rootdir / "test-clean", tmp_path)
    report = corpus.corpus_for(app.env)
    assert isinstance(report, Report)
    judgement = report.find("figure-with-source")
    assert isinstance(judgement, Judgement)
    example = judgement.example
    assert example.file == (rootdir / "test-clean" / example.path).resolve()
    assert example.path == "examples/credible/figure-with-source.md"


def test_a_file_outside_the_conf_py_folder_has_one_name_everywhere(
    rootdir: Path, tmp_path: Path
) -> None:
    """Warnings about an example outside conf.py's folder name it by its absolute path,
    as the engine's problems do: before, the site showed '../outside/...' instead."""
    srcdir = copy_root(rootdir, "not-shown", tmp_path)
    outside = tmp_path / "outside"
    shutil.move(srcdir / "examples", outside)
    app = build(srcdir, tmp_path / "out", checks_examples_dir="../outside")
    assert warning_lines(app) == [
        f"{outside.resolve()}/consistent/shouting.md:1: WARNING: example 'shouting' is shown on"
        " no page: add it to a page with an {examples} or {example-gallery} directive"
        " [checks.not-shown]"
    ]
