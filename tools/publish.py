"""Publish the site: a clean build into ``public/``, or an atomic release into a web root.

``python tools/publish.py`` builds into ``public/`` and writes
``dist/<name>-<version>.tar.gz`` with ``dist/SHA256SUMS``.

``python tools/publish.py --dest DIR`` builds into ``DIR/releases/<timestamp>-<commit>/``
and, only once that release is verified, points ``DIR/current`` at it by renaming a new
symlink over the old one, so the web server always sees a whole site. It keeps the newest
releases (5 by default) and never deletes the one ``current`` points at.

``python tools/publish.py rollback --dest DIR`` points ``current`` back at the newest
release older than the current one.

Exit status: 0 done; 1 the publish or rollback failed (``current`` is unchanged); 2 usage.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import archive_time, project, write_archive, write_sums
from csp import write_csp

from checks.provenance import git_commit

ROOT = Path(__file__).resolve().parent.parent
KEEP = 5
STAMP = "%Y%m%dT%H%M%SZ"
# Only finished, verified releases match this; a build in progress ends in '.partial'.
RELEASE = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-z]+)$")
PARTIAL = ".partial"

Step = Callable[[Path, Path], None]
"""A step of a publish: ``step(root, site)`` raises PublishError if it fails."""


class PublishError(Exception):
    """A publish or rollback that cannot go ahead; the message says why and what to do."""


# -- Build and verify ---------------------------------------------------------------


def verify_examples(root: Path, site: Path) -> None:
    """Every example's stated verdict must agree with the checks.

    Run before the build: it takes seconds, and its messages say exactly which
    example disagrees and how to fix it.
    """
    code = _run([sys.executable, "-m", "checks", "--verify", "examples"], root)
    if code:
        raise PublishError(
            f"the examples do not agree with the checks "
            f"(python -m checks --verify examples exited {code}): "
            "fix the problems listed above, then publish again"
        )


def build(root: Path, site: Path) -> None:
    """Build the site from scratch into ``site``; any Sphinx warning fails the build."""
    # Doctrees go to a throwaway folder: a clean build every time, and no
    # '.doctrees' folder published to the web server.
    with tempfile.TemporaryDirectory(prefix="publish-doctrees-") as doctrees:
        # -W -n --keep-going: every warning, including a broken reference, fails the build,
        # and all of them are reported at once. -E -q: read everything, print only warnings.
        options = ["-b", "html", "-W", "-n", "--keep-going", "-E", "-q", "-d", doctrees]
        command = [sys.executable, "-m", "sphinx", *options, "-c", str(root)]
        code = _run([*command, str(root / "docs"), str(site)], root)
    if code:
        raise PublishError(
            f"the site did not build cleanly (sphinx-build exited {code}): "
            "fix the errors and warnings above, then publish again"
        )
    _drop_build_leftovers(site)
    # The Content-Security-Policy header the site needs, for the web server: _csp.txt.
    write_csp(site)


def _drop_build_leftovers(site: Path) -> None:
    """Remove what only Sphinx needs: its incremental-build stamp and an empty _sources."""
    # html_copy_source is off, so _sources holds nothing a reader can use.
    (site / ".buildinfo").unlink(missing_ok=True)
    sources = site / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def check_site(root: Path, site: Path) -> None:
    """The built site must have a home page for the web server to serve."""
    if not (site / "index.html").is_file():
        raise PublishError(f"the build has no {site / 'index.html'}: the site has no home page")


STEPS: tuple[Step, ...] = (verify_examples, build, check_site)
"""What a publish does, in order; each must pass before the site goes live."""


def _run(command: list[str], root: Path) -> int:
    # The project's own folder comes first on the path, so a copy of the project
    # is built with its own 'checks' package rather than an installed one.
    path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, PYTHONPATH=path)
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


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


def releases(dest: Path) -> list[Path]:
    """Finished releases under ``dest/releases``, oldest first."""
    folder = dest / "releases"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and RELEASE.match(p.name))


def current(dest: Path) -> Path | None:
    """The release ``dest/current`` points at, or None if there is no ``current``."""
    link = dest / "current"
    if not link.is_symlink():
        if link.exists():
            raise PublishError(
                f"{link} is not a symlink: move it aside so that publishing can manage it"
            )
        return None
    return (dest / os.readlink(link)).resolve()


def switch(dest: Path, release: Path) -> None:
    """Point ``dest/current`` at ``release`` in one step.

    A new symlink is made beside ``current`` and renamed over it: a rename is
    atomic, so a request always finds ``current`` pointing at a whole release,
    old or new, and never finds it missing.
    """
    # Relative, so the web root still works if it is moved or mounted elsewhere.
    target = os.path.relpath(release, dest)
    temporary = dest / f"current.tmp-{secrets.token_hex(4)}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, dest / "current")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def prune(dest: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` releases, never the current one; return those deleted."""
    live = current(dest)
    old = releases(dest)[:-keep] if keep > 0 else releases(dest)
    doomed = [p for p in old if p.resolve() != live]
    # Left by a publish that was stopped part way: never a release, safe to remove.
    doomed += [p for p in (dest / "releases").glob(f"*{PARTIAL}") if p.is_dir()]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def publish_release(
    dest: Path,
    root: Path = ROOT,
    *,
    steps: Sequence[Step] = STEPS,
    now: datetime | None = None,
    commit: str | None = None,
    keep: int = KEEP,
) -> Path:
    """Build, verify and switch to a new release under ``dest``; return it."""
    current(dest)  # Refuse early if 'current' is something we must not replace.
    (dest / "releases").mkdir(parents=True, exist_ok=True)
    name = release_name(
        now or datetime.now(UTC), commit or commit_of(root), [p.name for p in releases(dest)]
    )
    # Built under a name that is not a release name, and renamed once verified,
    # so a build that is stopped part way is never a rollback target.
    partial = dest / "releases" / f"{name}{PARTIAL}"
    shutil.rmtree(partial, ignore_errors=True)  # Left by an earlier publish that was stopped.
    build_and_verify(root, partial, steps)
    release = partial.rename(dest / "releases" / name)
    switch(dest, release)
    prune(dest, keep)
    return release


def rollback(dest: Path) -> Path:
    """Point ``current`` at the newest release older than the current one; return it."""
    live = current(dest)
    if live is None:
        raise PublishError(f"{dest / 'current'} does not exist: there is nothing to roll back")
    if not RELEASE.match(live.name):
        raise PublishError(
            f"{dest / 'current'} points at {live}, which is not a release: "
            "there is no release history to roll back through"
        )
    older = [p for p in releases(dest) if p.name < live.name]
    if not older:
        raise PublishError(
            f"there is no release older than {live.name} in "
            f"{dest / 'releases'}: there is nothing to roll back to"
        )
    switch(dest, older[-1])
    return older[-1]


# -- The static site and its archive (written by archive.py) ---------------------


def publish_public(root: Path = ROOT, *, steps: Sequence[Step] = STEPS) -> Path:
    """Build and verify into ``public/``, then archive it in ``dist/``; return the archive."""
    staging = root / "build" / f"public{PARTIAL}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
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
        prog="python tools/publish.py",
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
            release = rollback(args.dest)
            print(f"Rolled back: {args.dest / 'current'} now points at {release.name}.")
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
