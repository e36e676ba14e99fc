"""Where examples live, and how a file's path is shown to editors.

One function makes every display path, so a file has the same name in a
warning, a message and a card, whoever reports it.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

Listing = list[tuple[Path, str]]
"""Everything under a folder but folders, in path order, each with its kind (see walk)."""

Signature = tuple[tuple[str, str, int, int], ...]
"""Each path's kind, modification time and size: any edit to a listed file changes it."""

EXAMPLES_DIR = "examples"
"""The examples folder beside conf.py, unless conf.py sets ``checks_examples_dir``."""


def shown(path: Path, base: Path | None = None) -> str:
    """A path as editors know it: relative to ``base`` (or the working folder).

    A file outside ``base`` keeps its absolute path: '../../x' would hide where it is.
    """
    # abspath, not resolve: a dangling link must keep its own name.
    folder = os.path.abspath(base or Path.cwd())
    relative = os.path.relpath(os.path.abspath(path), folder)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def configured_examples_dir(confdir: Path) -> Path:
    """The examples folder that conf.py in ``confdir`` names, read without running conf.py.

    Tools that are not Sphinx use this, so they read the folder the site reads.
    """
    conf = confdir / "conf.py"
    name = EXAMPLES_DIR
    if conf.is_file():
        for node in ast.parse(conf.read_text(encoding="utf-8"), str(conf)).body:
            if _assigns_text(node, "checks_examples_dir"):
                name = str(node.value.value)  # type: ignore[attr-defined]
    return confdir / name


def _assigns_text(node: ast.stmt, name: str) -> bool:
    """Whether ``node`` is ``name = "some text"``."""
    return (
        isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def walk(root: Path) -> Listing:
    """Everything under ``root`` but folders, in path order, with its kind.

    The kind is ``file``, ``link`` (to a file or nothing), ``folder-link``,
    ``special`` or ``unlistable`` (a folder that cannot be read). Symbolic links
    are never followed, so no file outside the folder is ever reached.
    """
    found: Listing = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found.append((folder, "unlistable"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                # is_dir() follows the link only to word the problem; nothing is read.
                found.append((path, "folder-link" if entry.is_dir() else "link"))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            else:
                found.append((path, "file" if entry.is_file(follow_symlinks=False) else "special"))
    return sorted(found)


def signature(listing: Listing) -> Signature:
    """The signature of a listing: a link is stamped itself, never what it points at."""
    found = []
    for path, kind in listing:
        try:
            stat = os.stat(path, follow_symlinks=kind == "file")
        except OSError:  # gone since it was listed: still part of the signature
            found.append((str(path), kind, -1, -1))
            continue
        found.append((str(path), kind, stat.st_mtime_ns, stat.st_size))
    return tuple(found)
