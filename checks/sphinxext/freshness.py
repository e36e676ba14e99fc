"""The checks' own code and data as a dependency of the pages that show their verdicts.

Sphinx re-reads a page when a file the page noted has changed. Example files are
noted by the directives that show them, but a verdict also depends on the rules'
code and data, which no page can note one by one. So the build keeps one hash of
the checks package in the environment: when it changes, every page that shows an
example, a rule or a principle is re-read, and no other page.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import checks
from checks.sphinxext.domain import domain_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CHECKS_ROOT = Path(checks.__file__).resolve().parent
"""The package whose code and data decide every verdict (a test points it at a copy)."""

SKIPPED = frozenset({"sphinxext", "__pycache__"})
"""Folders left out: the extension's own code changes how pages look, not what the checks
find (Sphinx's ``env_version`` covers its stored data), and byte-code follows the source."""


def code_hash(root: Path) -> str:
    """One hash of every file of the checks under ``root``: names and contents."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    found = []
    for folder, subfolders, names in os.walk(root):
        # Pruned in place, so os.walk never enters them.
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        found += [Path(folder) / name for name in names if not name.endswith(".pyc")]
    return sorted(found)


def outdated_by_checks(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages to re-read because the checks' code or data changed since the last read."""
    domain = domain_of(env)
    current = code_hash(CHECKS_ROOT)
    previous = domain.data["checks_hash"]
    domain.data["checks_hash"] = current
    # A new environment reads every page anyway.
    if not previous or previous == current:
        return []
    return domain.pages_using_checks()
