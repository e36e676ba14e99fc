"""A copy of the project as a fresh clone has it: no environments, builds or caches."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def fresh_copy(dest: Path) -> Path:
    """Copy the project to ``dest``, leaving out what .gitignore names and .git."""
    # '.nox/' in .gitignore names the folder '.nox': fnmatch wants the bare name.
    names = [line.strip().rstrip("/") for line in (REPO / ".gitignore").read_text().splitlines()]
    ignored = shutil.ignore_patterns(*(n for n in names if n and not n.startswith("#")), ".git")
    shutil.copytree(REPO, dest, ignore=ignored)
    return dest
