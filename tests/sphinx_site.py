"""The one way tests build a site with the extension, and the one way they read warnings.

Module fixtures call ``build`` on a root of ``tests/roots/`` (Sphinx's ``rootdir``
fixture) or on a copy of one made with ``copy_root``, when a test must add files
inside or beside it (a secret, a symbolic link, a hostile example).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

COLOUR = re.compile(r"\x1b\[[0-9;]*m")
"""Terminal colour codes: left out when the output is not a terminal, stripped all the same."""


def copy_root(rootdir: Path, name: str, base: Path) -> Path:
    """A copy of ``tests/roots/test-<name>`` at ``base/site``, free to change."""
    srcdir = base / "site"
    shutil.copytree(rootdir / f"test-{name}", srcdir)
    return srcdir


def build(
    srcdir: Path, builddir: Path, *, read: list[str] | None = None, **confoverrides: Any
) -> SphinxTestApp:
    """Build ``srcdir`` as HTML into ``builddir``; the finished app keeps its outputs.

    ``read``, if given, collects the documents Sphinx (re-)read.
    """
    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, confoverrides=confoverrides)
    if read is not None:
        app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()  # let later apps register their nodes again; the outputs stay
    return app


def warning_lines(app: SphinxTestApp) -> list[str]:
    """The build's warnings, one a line, without colour codes."""
    return COLOUR.sub("", app.warning.getvalue()).splitlines()
