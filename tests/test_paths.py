"""checks.paths: the one way a path is shown, and the examples folder conf.py names."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.paths import EXAMPLES_DIR, configured_examples_dir, shown


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        ("/site/examples/credible/a.md", "/site", "examples/credible/a.md"),
        ("/site/conf.py", "/site", "conf.py"),
        # Outside the base: the absolute path, never '../elsewhere/b.md'.
        ("/elsewhere/b.md", "/site", "/elsewhere/b.md"),
        ("/site/./examples/../examples/c.md", "/site", "examples/c.md"),
    ],
)
def test_shown(path: str, base: str, expected: str) -> None:
    assert shown(Path(path), Path(base)) == expected


def test_shown_is_relative_to_the_working_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown(tmp_path / "examples" / "x.md") == "examples/x.md"


@pytest.mark.parametrize(
    ("conf", "expected"),
    [
        (None, EXAMPLES_DIR),
        ('project = "x"\n', EXAMPLES_DIR),
        ('checks_examples_dir = "posts"\n', "posts"),
        ('checks_examples_dir = "a"\nchecks_examples_dir = "b"\n', "b"),
        ("checks_examples_dir = 3\n", EXAMPLES_DIR),
    ],
)
def test_configured_examples_dir(tmp_path: Path, conf: str | None, expected: str) -> None:
    if conf is not None:
        (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    assert configured_examples_dir(tmp_path) == tmp_path / expected


def test_the_site_and_the_tools_read_the_same_folder() -> None:
    repo = Path(__file__).resolve().parent.parent
    assert configured_examples_dir(repo) == repo / "examples"
