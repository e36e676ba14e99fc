"""Publishing the real site end to end, as ``nox -s publish -- --dest DIR`` does.

Slow (each test builds the whole site), so there are only two: the real site
publishes twice, and a copy of it with one wrong verdict never goes live.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import publish

REPO = Path(__file__).resolve().parent.parent

# Left out of the copy: history, environments and earlier output, none of which a build
# reads. node_modules is copied: a publish installs Pyodide with npm ci when it is missing.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".nox", "build", "public", "dist", "*cache*", "__pycache__"
)

# Publishing needs Pyodide (for "Check a draft"), from npm. In CI a missing npm fails.
pytestmark = pytest.mark.skipif(
    publish.installed_pyodide(REPO) != publish.pinned_pyodide(REPO)
    and shutil.which("npm") is None
    and not os.environ.get("CI"),
    reason="publishing needs npm to install Pyodide (see README), and npm is not installed",
)

WRONG_VERDICT = """\
---
title: Giving out a mobile number in a public reply
verdict: good
channel: x
capacity: personal
why: |
  Stated good on purpose: the post gives out a mobile number, so the checks disagree.
---
Happy to help with your claim. Text me on 07700 900461 and I'll sort it out.
"""


def run_publish(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m tools.publish`` run in ``project``, as ``nox -s publish`` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "tools.publish", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_publishing_the_real_site_twice(tmp_path: Path) -> None:
    for _ in range(2):
        result = run_publish(REPO, "--dest", str(tmp_path))
        assert result.returncode == 0, result.stdout + result.stderr
    first, second = publish.releases(tmp_path)
    assert publish.current(tmp_path) == second.resolve()
    assert (tmp_path / "current" / "index.html").is_file()
    assert (first / "index.html").is_file()
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [first.name, second.name]


def test_a_wrong_verdict_never_goes_live(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(REPO, copy, ignore=NOT_COPIED)
    (copy / "examples" / "credible" / "mobile-number-stated-good.md").write_text(
        WRONG_VERDICT, encoding="utf-8"
    )
    dest = tmp_path / "www"
    live = dest / "releases" / "20260101T000000Z-0123456789ab"
    live.mkdir(parents=True)
    (live / "index.html").write_text("<h1>The site as it was</h1>\n", encoding="utf-8")
    publish.switch(dest, live)

    result = run_publish(copy, "--dest", str(dest))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "examples/credible/mobile-number-stated-good.md" in result.stdout
    assert "is unchanged" in result.stderr
    assert publish.current(dest) == live.resolve()
    assert [p.name for p in (dest / "releases").iterdir()] == [live.name]
