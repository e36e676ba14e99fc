"""Tasks for the 'Participation online' site: test, build, preview, publish.

Run ``nox -l`` to list the sessions and what each does.
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests"]

PYTHON = "3"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole pytest suite (the README's test command)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)
