"""Pages may include files from the repository, and from nowhere else.

The pages in ``docs/`` stay full MyST, but a page is still written by someone
who changes the site through a pull request, and a path such as
``../../../../proc/self/environ`` would publish a file of the build machine.
Every directive and role that reads a file by name (``include`` in MyST and
reStructuredText, ``literalinclude``, images and figures, ``download``) asks
the environment's ``relfn2path`` where the file is; the guarded environment
refuses any answer outside the repository (the folder of ``conf.py``), after
following symbolic links. ``raw`` and ``csv-table`` find their ``:file:``
themselves, so they are checked here too, and their ``:url:`` is refused.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx.environment import BuildEnvironment

from checks.sphinxext.messages import SiteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REFUSED = "_refused-outside-repository"
"""Where a refused path points instead: a name that never exists, so nothing is read."""


def inside(path: str | os.PathLike[str], repository: str | os.PathLike[str]) -> bool:
    """Whether ``path``, with every symbolic link followed, lies inside ``repository``."""
    return Path(path).resolve().is_relative_to(Path(repository).resolve())


class GuardedEnvironment(BuildEnvironment):
    """The build environment, with file paths confined to the repository."""

    repository: str
    """The folder of conf.py: set when the environment is guarded."""

    def relfn2path(self, filename: str | Path, docname: str | None = None) -> tuple[str, str]:
        relative, absolute = super().relfn2path(filename, docname)
        if inside(absolute, self.repository):
            return relative, absolute
        refuse(str(filename), docname or self.docname)
        # Both answers change: image collection copies files by the relative one.
        refused = f"{REFUSED}/{Path(absolute).name}"
        return refused, os.fspath(Path(self.srcdir, refused))


def refuse(filename: str, docname: str) -> None:
    warn(
        f"'{filename}' is outside the repository, so it is not read "
        "(fix: keep files a page includes inside the repository)",
        SiteWarning.FILE_OUTSIDE,
        docname,
    )


class _ConfinedFileOption:
    """For directives that read their ``:file:`` themselves: only inside the repository."""

    options: dict[str, Any]
    state: Any
    lineno: int

    def confine(self) -> list[nodes.Node] | None:
        """Problem nodes if the options reach outside the repository, else None."""
        reporter = self.state.document.reporter
        if "url" in self.options:
            return [reporter.error("the :url: option is not allowed", line=self.lineno)]
        if "file" in self.options:
            env = self.state.document.settings.env
            source = Path(self.state.document.current_source or env.srcdir).parent
            if not inside(source / self.options["file"], env.repository):
                refuse(self.options["file"], env.docname)
                return [reporter.error("the :file: is outside the repository", line=self.lineno)]
        return None


class ConfinedRaw(_ConfinedFileOption, Raw):
    """``raw`` whose ``:file:`` must be inside the repository; ``:url:`` is refused."""

    def run(self) -> Sequence[nodes.Node]:
        return self.confine() or super().run()


class ConfinedCSVTable(_ConfinedFileOption, CSVTable):
    """``csv-table`` whose ``:file:`` must be inside the repository; ``:url:`` is refused."""

    def run(self) -> Sequence[nodes.Node]:  # type: ignore[override]
        return self.confine() or super().run()


def guard_environment(app: Sphinx) -> None:
    """Swap in the guarded environment before any page is read."""
    # The environment already exists (new or loaded from the last build); only its
    # class changes, so everything it holds stays as it is.
    env = app.env
    if not isinstance(env, GuardedEnvironment):
        env.__class__ = GuardedEnvironment
    assert isinstance(env, GuardedEnvironment)
    env.repository = os.fspath(app.confdir)


def setup_inclusion(app: Sphinx) -> None:
    app.add_directive("raw", ConfinedRaw, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.connect("builder-inited", guard_environment)
