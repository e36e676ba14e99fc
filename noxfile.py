"""Tasks for the 'Participation online' site: test, build, preview, check, publish.

Run ``nox -l`` to list the sessions and what each does, and ``nox -s NAME -- ARGS``
to pass ARGS through to the tool a session runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
# Environments are kept between runs and reinstalled only when their requirements
# change; 'pip install -e .' keeps them in step with the code.
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests"]

PYTHON = "3"
# nginx lives in /usr/sbin, which is not on every user's PATH.
TOOL_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
SPHINX = ["-c", ".", "-W", "-n", "--keep-going"]
"""Options of every full build: conf.py is at the top, and any warning fails the build."""


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole pytest suite, including the site build tests."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "not browser", *session.posargs)
    # The browser tests need Playwright and axe-core as well: their own session, run next.
    session.notify("browser")


@nox.session(python=PYTHON, default=False)
def docs(session: nox.Session) -> None:
    """Build the site into build/html, failing on any warning."""
    session.install("-e", ".[site]")
    # Extra arguments go before the folders, so '-- -b linkcheck' works.
    session.run("sphinx-build", *SPHINX, *session.posargs, "docs", "build/html")


# Prints the examples folder that conf.py names, as the checks read it.
_EXAMPLES_DIR = "import checks.paths as p; print(p.configured_examples_dir(p.Path('.')))"


@nox.session(name="docs-live", python=PYTHON, default=False)
def docs_live(session: nox.Session) -> None:
    """Preview the site on http://127.0.0.1:8000, rebuilt when a page or example is saved."""
    session.install("-e", ".[site,live]")
    # The examples folder conf.py names (checks_examples_dir), found as the checks find it.
    examples = session.run("python", "-c", _EXAMPLES_DIR, silent=True)
    watch = ["--watch", str(examples).strip(), "--watch", "checks", "--watch", "conf.py"]
    # Python's byte-code, editors' swap files and the examples' own pages (which the
    # build writes into docs/example/) change during a build or an edit: ignored, or
    # each rebuild would set off another.
    watch += ["--re-ignore", r"__pycache__|\.pyc$|\.sw[a-p]$|~$|docs/example/"]
    # No -E: pages record the example files they show, and the environment keeps a
    # hash of the checks' code and data (checks.sphinxext.freshness), so a save
    # re-reads only the pages it can change.
    options = ["-c", ".", "-n"]
    # A disagreement with the checks is shown on the page, as a draft notice, and
    # does not fail the build: editors see the verdict while they work on an example.
    options += ["-D", "checks_fail_on_mismatch=0"]
    # Started with Ctrl-C ignored (as a background job of a script is), Python never
    # turns SIGINT into KeyboardInterrupt, so nox would ignore it and leave the server
    # running. With the handler back, Ctrl-C stops nox, and nox stops the server.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    session.run("sphinx-autobuild", *watch, *options, *session.posargs, "docs", "build/live")


@nox.session(python=PYTHON, default=False)
def publish(session: nox.Session) -> None:
    """Build and verify the site into public/ and dist/, or as a release: -- --dest DIR."""
    session.install("-e", ".[site]")
    session.run("python", "-m", "tools.publish", *session.posargs)


@nox.session(python=PYTHON, default=False)
def rollback(session: nox.Session) -> None:
    """Point DIR/current back at the previous release: nox -s rollback -- --dest DIR."""
    # The publishing tool imports the checks package (for the commit it is built from).
    session.install("-e", ".")
    session.run("python", "-m", "tools.publish", "rollback", *session.posargs)


@nox.session(python=PYTHON, default=False)
def check(session: nox.Session) -> None:
    """Check draft posts: nox -s check -- FILE... (exit status as python -m checks)."""
    if not session.posargs:
        session.error("give the files to check: nox -s check -- draft.txt")
    _run_checks(session, *session.posargs)


@nox.session(python=PYTHON, default=False)
def verify(session: nox.Session) -> None:
    """Verify every example against its verdict: nox -s verify (-- --format github...)."""
    # The folder conf.py names: python -m checks finds it when given no folder.
    _run_checks(session, "--verify", *session.posargs)


def _run_checks(session: nox.Session, *arguments: str) -> None:
    """``python -m checks ARGUMENTS`` in the session's environment, its exit status kept."""
    session.install("-e", ".")
    # nox reports every failed command as exit status 1, but the checks' status
    # says more (1 findings, 2 unreadable input), so it is passed on unchanged.
    python = Path(session.bin) / "python"
    session.log(f"python -m checks {' '.join(arguments)}")
    status = subprocess.run([python, "-m", "checks", *arguments], check=False).returncode
    if status:
        session.warn(f"Session {session.name} failed: python -m checks exited with {status}.")
        raise SystemExit(status)


@nox.session(python=PYTHON, default=False)
def lint(session: nox.Session) -> None:
    """Lint and format-check with ruff, and type-check checks/ and tools/ with mypy."""
    session.install("-e", ".[lint,site]")
    paths = session.posargs or ["checks", "tools", "tests", "noxfile.py"]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)
    session.run("mypy", "-p", "checks")
    session.run("mypy", "--strict", "-p", "tools")


@nox.session(name="new-example", python=PYTHON, default=False)
def new_example(session: nox.Session) -> None:
    """Start an example from the template: nox -s new-example -- PRINCIPLE SLUG."""
    # The principles come from the checks package, the one place they are listed.
    session.install("-e", ".")
    session.run("python", "-m", "tools.new_example", *session.posargs)


@nox.session(python=PYTHON, default=False)
def browser(session: nox.Session) -> None:
    """Test the published site in chromium behind nginx: axe, CSP, links, search, PDF."""
    missing = [tool for tool in ("npm", "nginx") if shutil.which(tool, path=TOOL_PATH) is None]
    if not Path(os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium")).exists():
        missing.append("chromium")
    if missing and not os.environ.get("CI"):
        # A newcomer with only Python still gets a passing 'nox -s tests'; CI, which
        # installs these (.ci/run), fails loudly instead of skipping.
        session.skip(f"{', '.join(missing)} not installed: see .ci/run to run the browser tests")
    session.install("-e", ".[test,browser]")
    # axe-core at the version package-lock.json pins. Playwright drives Debian's
    # /usr/bin/chromium (apt-get install -y chromium nginx): it downloads no browser.
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("pytest", "-m", "browser", *session.posargs)


@nox.session(python=PYTHON, default=False)
def accuracy(session: nox.Session) -> None:
    """Score the checks on the frozen evaluation sets and write ACCURACY.md."""
    session.install("-e", ".")
    session.run("python", "-m", "tools.accuracy", *session.posargs)


@nox.session(python=PYTHON, default=False)
def train(session: nox.Session) -> None:
    """Train the learned part into checks/data/learned.json (-- --check compares instead)."""
    # Pure Python with fixed seeds: the same posts give the same bytes on any machine.
    session.install("-e", ".")
    session.run("python", "-m", "tools.train", *session.posargs)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmark builds, the preview and the engine into BENCHMARKS.md (-- --quick to try)."""
    # matplotlib draws the scaling plot; proselint is the peer linter the engine is timed
    # against; sphinx-autobuild (the live extra) serves the preview being timed.
    session.install("-e", ".[site,live]", "matplotlib", "proselint")
    session.run("python", "-m", "tools.bench", *session.posargs)
