"""Publish the site: a clean build into ``public/``, or an atomic release into a web root.

``python -m tools.publish`` builds into ``public/`` and writes
``dist/<name>-<version>.tar.gz`` with ``dist/SHA256SUMS``. First it installs the
Pyodide that package.json pins with ``npm ci``, unless node_modules holds it: the
"Check a draft" page runs the checks with it, and a site without it is refused.

``python -m tools.publish --dest DIR`` builds into ``DIR/releases/<timestamp>-<commit>/``
and, only once that release is verified, points ``DIR/current`` at it by renaming a new
symlink over the old one, so the web server always sees a whole site. It keeps the newest
releases (5 by default) and never deletes the one ``current`` points at.

``python -m tools.publish rollback --dest DIR`` points ``current`` back at the newest
release older than the current one.

One run at a time changes a web root: each holds ``DIR/.publish.lock``, and a second
stops with a message saying so. ``DIR/.releases.json`` lists the releases this tool
made: pruning and rollback touch only those, and a publish that was killed is
recorded there, so the next run removes what it left (see webroot.py and
history.py).

Exit status: 0 done; 1 the publish or rollback failed (``current`` is unchanged); 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from checks.inline_code import AllowListError
from checks.provenance import git_commit
from checks.verify import EXAMPLES_FAILED
from tools.archive import archive_time, project, write_archive, write_sums
from tools.csp import InlineCodeError, write_csp
from tools.history import (
    DOCTREES,
    KEEP,
    PARTIAL,
    Manifest,
    Release,
    Unfinished,
    clean_unfinished,
    iso,
    load,
    names_in_use,
    prune_unlocked,
    save,
)
from tools.history import prune as prune
from tools.history import releases as releases
from tools.webroot import RELEASE, held_locks, locked
from tools.webroot import PublishError as PublishError
from tools.webroot import current as current
from tools.webroot import switch as switch

ROOT = Path(__file__).resolve().parent.parent
WARNINGS = "warnings.txt"
"""The build's warnings, kept in its doctrees folder until the build is judged."""
STAMP = "%Y%m%dT%H%M%SZ"

Step = Callable[[Path, Path], None]
"""A step of a publish: ``step(root, site)`` raises PublishError if it fails."""


# -- Pyodide, for "Check a draft" -------------------------------------------------------

DRAFT_PAGE = "check-a-draft.html"
DRAFT_FILES = ("_static/pyodide/pyodide.asm.wasm", "_static/checks-draft/engine.zip")
"""What the page runs on: Pyodide, copied from node_modules, and the checks' bundle."""


def pinned_pyodide(root: Path) -> str | None:
    """The version of the npm package pyodide that package.json pins, or None if none."""
    try:
        pins = json.loads((root / "package.json").read_text(encoding="utf-8"))
        return str(pins["dependencies"]["pyodide"])
    except FileNotFoundError:
        return None  # a project without the page, such as a test's
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PublishError(f"{root / 'package.json'} does not pin pyodide: {error}") from error


def installed_pyodide(root: Path) -> str | None:
    """The version of pyodide in node_modules, or None if it is not installed."""
    try:
        found = json.loads((root / PYODIDE_PACKAGE).read_text(encoding="utf-8"))
        return str(found["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


PYODIDE_PACKAGE = "node_modules/pyodide/package.json"


def fetch_pyodide(root: Path, site: Path) -> None:
    """Install the pinned Pyodide with ``npm ci`` unless it is installed already.

    The site copies Pyodide's files from node_modules (no CDN): without them the
    "Check a draft" page could not run, so a publish without npm stops here.
    """
    wanted = pinned_pyodide(root)
    if wanted is None or installed_pyodide(root) == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise PublishError(
            f"npm is not installed, and the site needs Pyodide {wanted} from it for its "
            "'Check a draft' page: install Node.js with npm (on Debian: apt-get install npm), "
            "then publish again"
        )
    print(f"Installing Pyodide {wanted} and the other pinned packages: npm ci", flush=True)
    if _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], root):
        raise PublishError("'npm ci' failed (see above): the site needs Pyodide from it")
    if installed_pyodide(root) != wanted:
        raise PublishError(f"'npm ci' did not install Pyodide {wanted} into node_modules")


# -- Build and verify ---------------------------------------------------------------


def build(root: Path, site: Path) -> None:
    """Build the site from scratch into ``site``; any Sphinx warning fails the build.

    The build is the one verification of the examples: the checks extension judges
    every example as it makes its card, and fails the build on any problem, each
    warned about at its file and line.
    """
    # Doctrees go beside the site, not in it (nor in /tmp, where a killed build would
    # leave them): a clean build every time, removed after, and never published.
    doctrees = doctrees_for(site)
    shutil.rmtree(doctrees, ignore_errors=True)
    try:
        # -W -n --keep-going: every warning, including a broken reference, fails the build,
        # and all of them are reported at once. -E -q: read everything, print only warnings.
        options = ["-b", "html", "-W", "-n", "--keep-going", "-E", "-q", "-d", str(doctrees)]
        # The warnings are kept too, to tell a disagreeing example from a broken page.
        options += ["-w", str(doctrees / WARNINGS)]
        command = [sys.executable, "-m", "sphinx", *options, "-c", str(root)]
        code = _run([*command, str(root / "docs"), str(site)], root)
        warnings = _read_warnings(doctrees / WARNINGS)
    finally:
        shutil.rmtree(doctrees, ignore_errors=True)
    if code and EXAMPLES_FAILED in warnings:
        raise PublishError(
            f"the examples do not agree with the checks (sphinx-build exited {code}): "
            "fix the problems listed above, then publish again"
        )
    if code:
        raise PublishError(
            f"the site did not build cleanly (sphinx-build exited {code}): "
            "fix the errors and warnings above, then publish again"
        )
    _drop_build_leftovers(site)
    # The Content-Security-Policy header the site needs, for the web server: _csp.txt.
    try:
        write_csp(site)
    except (InlineCodeError, AllowListError) as error:
        # Only reached when the build's own check was silenced (suppress_warnings).
        raise PublishError(f"{error}: the site is not published") from error


def doctrees_for(site: Path) -> Path:
    """Where Sphinx keeps its doctrees while building ``site``: ``<name>.doctrees`` beside it."""
    return site.with_name(site.name.removesuffix(PARTIAL) + DOCTREES)


def _drop_build_leftovers(site: Path) -> None:
    """Remove what only Sphinx needs: its incremental-build stamp and an empty _sources."""
    # html_copy_source is off, so _sources holds nothing a reader can use.
    (site / ".buildinfo").unlink(missing_ok=True)
    sources = site / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def check_site(root: Path, site: Path) -> None:
    """The built site must have a home page, and "Check a draft" the files it runs on."""
    if not (site / "index.html").is_file():
        raise PublishError(f"the build has no {site / 'index.html'}: the site has no home page")
    if (site / DRAFT_PAGE).is_file():
        missing = [name for name in DRAFT_FILES if not (site / name).is_file()]
        if missing:
            raise PublishError(
                f"the build has {DRAFT_PAGE} but not {', '.join(missing)}: the page could "
                "not check a draft; run 'npm ci' in the project's folder, then publish again"
            )


STEPS: tuple[Step, ...] = (fetch_pyodide, build, check_site)
"""What a publish does, in order; each must pass before the site goes live."""


def _run(command: list[str], root: Path) -> int:
    """Run ``command`` in ``root``, its messages on our standard output; its exit status."""
    # No PYTHONPATH of its own: the command imports the same 'checks' as this process.
    # It shares the publishing lock: if the publish is killed, the web root stays
    # locked until the command has stopped writing into it too.
    run = subprocess.run(
        command, cwd=root, check=False, stderr=subprocess.STDOUT, pass_fds=held_locks()
    )
    return run.returncode


def _read_warnings(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:  # no warnings file: the build stopped before writing one
        return ""


def build_and_verify(root: Path, site: Path, steps: Sequence[Step] = STEPS) -> None:
    """Run every step into ``site``; on failure remove ``site`` and raise."""
    try:
        for step in steps:
            step(root, site)
    except BaseException:
        # A failed build must never be mistaken for a release, so nothing of it is kept.
        shutil.rmtree(site, ignore_errors=True)
        raise


# -- Releases -------------------------------------------------------------------------


def release_name(now: datetime, commit: str, existing: Sequence[str] = ()) -> str:
    """``<UTC timestamp>-<commit>``, later than every existing release.

    Names sort in the order releases were made, which rollback relies on. A
    clock that goes backwards, or two publishes in one second, still get a
    later name: one second after the newest existing release.
    """
    stamp = now.astimezone(UTC).replace(microsecond=0)
    stamps = [
        datetime.strptime(m.group(1), STAMP).replace(tzinfo=UTC)
        for m in map(RELEASE.match, existing)
        if m
    ]
    if stamps and max(stamps) >= stamp:
        stamp = max(stamps) + timedelta(seconds=1)
    return f"{stamp.strftime(STAMP)}-{commit}"


def commit_of(root: Path) -> str:
    """The short commit the project is at, or 'unknown' outside a git checkout."""
    return git_commit(str(root), length=12)


def publish_release(
    dest: Path,
    root: Path = ROOT,
    *,
    steps: Sequence[Step] = STEPS,
    now: datetime | None = None,
    commit: str | None = None,
    keep: int = KEEP,
) -> Path:
    """Build, verify and switch to a new release under ``dest``; return it.

    Holds the lock of ``dest`` throughout, and first removes what earlier runs
    that were killed left behind.
    """
    dest.mkdir(parents=True, exist_ok=True)
    with locked(dest):
        current(dest)  # Refuse early if 'current' is something we must not replace.
        (dest / "releases").mkdir(exist_ok=True)
        manifest = load(dest)
        clean_unfinished(dest, manifest)
        when, made_from = now or datetime.now(UTC), commit or commit_of(root)
        name = release_name(when, made_from, names_in_use(dest, manifest))
        release = _build_release(dest, root, name, steps, manifest)
        # Into the history in the same write that ends its 'unfinished' record.
        manifest.releases.append(Release(name, made_from, iso(when)))
        save(dest, manifest)
        switch(dest, release)
        prune_unlocked(dest, keep)
        return release


def _build_release(
    dest: Path, root: Path, name: str, steps: Sequence[Step], manifest: Manifest
) -> Path:
    """Build and verify release ``name``, recorded as unfinished while it is built."""
    run = Unfinished(name, "publish", iso(datetime.now(UTC)), os.getpid())
    manifest.unfinished.append(run)
    save(dest, manifest)
    # Built under a name that is not a release name, and renamed once verified,
    # so a build that is stopped part way is never a rollback target.
    partial = dest / "releases" / f"{name}{PARTIAL}"
    try:
        build_and_verify(root, partial, steps)
        release = partial.rename(dest / "releases" / name)
    except BaseException:
        shutil.rmtree(doctrees_for(partial), ignore_errors=True)
        manifest.unfinished.remove(run)
        # If this write fails too, the record stays and the next run cleans up.
        with contextlib.suppress(OSError):
            save(dest, manifest)
        raise
    manifest.unfinished.remove(run)
    return release


def rollback(dest: Path) -> Path:
    """Point ``current`` at the newest release older than the current one; return it.

    If ``current`` points at a release that no longer exists, it is pointed at the
    newest release that does (see :func:`roll_back`).
    """
    return roll_back(dest)[0]


def roll_back(dest: Path) -> tuple[Path, Path | None]:
    """Roll back as :func:`rollback`; return the release and, if ``current`` was dangling,
    the folder it pointed at, which no longer exists."""
    if not dest.is_dir():
        raise PublishError(f"{dest / 'current'} does not exist: there is nothing to roll back")
    with locked(dest):
        live = current(dest)
        if live is None:
            raise PublishError(f"{dest / 'current'} does not exist: there is nothing to roll back")
        made = releases(dest)
        if not live.exists():
            # Its release was deleted: the history still says what there is to go back to.
            if not made:
                raise PublishError(
                    f"{dest / 'current'} points at {live}, which no longer exists, and there "
                    f"is no release in {dest / 'releases'} to point it at: publish again"
                )
            switch(dest, made[-1])
            return made[-1], live
        previous = _previous(dest, live, made)
        switch(dest, previous)
        return previous, None


def _previous(dest: Path, live: Path, made: list[Path]) -> Path:
    if not RELEASE.match(live.name):
        raise PublishError(
            f"{dest / 'current'} points at {live}, which is not a release: "
            "there is no release history to roll back through"
        )
    older = [p for p in made if p.name < live.name]
    if not older:
        raise PublishError(
            f"there is no release older than {live.name} in "
            f"{dest / 'releases'}: there is nothing to roll back to"
        )
    return older[-1]


# -- The static site and its archive (written by archive.py) ---------------------


def publish_public(root: Path = ROOT, *, steps: Sequence[Step] = STEPS) -> Path:
    """Build and verify into ``public/``, then archive it in ``dist/``; return the archive."""
    (root / "build").mkdir(parents=True, exist_ok=True)
    with locked(root / "build"):
        # The staging folder and its doctrees are this tool's own, in build/: whatever a
        # killed run left of them is removed here.
        staging = root / "build" / f"public{PARTIAL}"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(doctrees_for(staging), ignore_errors=True)
        build_and_verify(root, staging, steps)
        # 'public/' is replaced only by a verified build.
        shutil.rmtree(root / "public", ignore_errors=True)
        staging.rename(root / "public")
    name, version = project(root)
    archive = root / "dist" / f"{name}-{version}.tar.gz"
    write_archive(root / "public", archive, f"{name}-{version}", archive_time(root))
    write_sums([archive], root / "dist" / "SHA256SUMS")
    return archive


# -- Command line ---------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.publish",
        description="Publish the site into public/ and dist/, or as a release into a web root.",
        epilog="Exit status: 0 done; 1 failed, with 'current' unchanged; 2 usage error.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=("publish", "rollback"),
        default="publish",
        help="publish a new release (the default) or roll back to the previous one",
    )
    parser.add_argument(
        "--dest",
        type=Path,
        metavar="DIR",
        help="web root that holds releases/ and the 'current' symlink",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        metavar="DIR",
        help="the project to build (default: this project)",
    )
    parser.add_argument(
        "--keep",
        type=int,
        default=KEEP,
        metavar="N",
        help=f"releases to keep in DIR/releases (default: {KEEP})",
    )
    args = parser.parse_args(argv)
    if args.command == "rollback" and args.dest is None:
        parser.error("rollback needs --dest DIR")
    if args.keep < 1:
        parser.error("--keep must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse_args(argv)
    try:
        if args.command == "rollback":
            release, gone = roll_back(args.dest)
            link = args.dest / "current"
            if gone is not None:
                print(f"{link} pointed at {gone}, which no longer exists.")
                print(f"Rolled back: {link} now points at the newest release, {release.name}.")
            else:
                print(f"Rolled back: {link} now points at {release.name}.")
        elif args.dest is not None:
            release = publish_release(args.dest, args.root.resolve(), keep=args.keep)
            print(f"Published {release}: {args.dest / 'current'} now points at it.")
        else:
            archive = publish_public(args.root.resolve())
            print(f"Published the site into {args.root / 'public'} and {archive}.")
    except (PublishError, OSError) as error:
        print(f"publish: error: {error}", file=sys.stderr)
        if args.command == "publish" and args.dest is not None:
            print(f"publish: {args.dest / 'current'} is unchanged.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
