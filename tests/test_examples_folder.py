"""The examples folder is conf.py's ``checks_examples_dir``, for the command line and nox too."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest

from checks.cli import main

REPO = Path(__file__).resolve().parent.parent

EXAMPLE = """---
title: Sharing a taxi
verdict: bad
breaks: [personal-details]
channel: x
capacity: personal
why: A number in a public post.
---
Text me on 07700 900461.
"""


def test_verify_without_a_folder_reads_the_one_conf_py_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf.py").write_text('checks_examples_dir = "posts"\n', encoding="utf-8")
    folder = tmp_path / "posts" / "civil-service-code"
    folder.mkdir(parents=True)
    (folder / "taxi.md").write_text(EXAMPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert main(["--verify"], stdout=out) == 0, out.getvalue()
    assert "1 examples judged (0 good, 1 bad); 1 agree" in out.getvalue()


def test_verify_without_conf_py_reads_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "examples" / "civil-service-code"
    folder.mkdir(parents=True)
    (folder / "taxi.md").write_text(EXAMPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["--verify"], stdout=io.StringIO()) == 0


def test_the_live_preview_watches_the_configured_folder() -> None:
    noxfile = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    [docs_live] = [
        node
        for node in noxfile.body
        if isinstance(node, ast.FunctionDef) and node.name == "docs_live"
    ]
    strings = {n.value for n in ast.walk(docs_live) if isinstance(n, ast.Constant)}
    assert "examples" not in strings  # the folder's name is conf.py's to give
    assert "_EXAMPLES_DIR" in ast.unparse(docs_live)
    assert "configured_examples_dir" in ast.unparse(noxfile)
