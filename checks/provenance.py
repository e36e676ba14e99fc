"""Where a build comes from: the git commit of the project folder."""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache

UNKNOWN = "unknown"


@cache
def git_commit(folder: str | os.PathLike[str], length: int = 7) -> str:
    """The short commit ``folder`` is at, or 'unknown' outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", f"--short={length}", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    commit = result.stdout.strip().lower()
    # Anything but hex digits (a warning, an empty answer) is not a commit to print.
    return commit if result.returncode == 0 and re.fullmatch(r"[0-9a-f]+", commit) else UNKNOWN
