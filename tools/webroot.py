"""The web root a release is published into: its lock and its ``current`` link.

One publish or rollback at a time changes a web root: each holds ``DEST/.publish.lock``.
``DEST/current`` is a symlink to the live release, switched in one atomic step.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".publish.lock"
# Only finished, verified releases match this; a build in progress ends in '.partial'.
RELEASE = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-z]+)$")

# Descriptors of the locks this process holds: handed on to the commands a publish
# runs (sphinx-build), so that if the publish is killed, the lock lasts until they end too.
_held: set[int] = set()


class PublishError(Exception):
    """A publish or rollback that cannot go ahead; the message says why and what to do."""


# -- The lock --------------------------------------------------------------------------


@contextmanager
def locked(folder: Path) -> Iterator[Path]:
    """Hold ``folder/.publish.lock`` for the block, or raise PublishError if another run does.

    The lock is ``flock`` on the open file, not the file's existence: the kernel drops
    it when the last process holding it ends, however it ends, so a lock file left
    behind by a killed publish never blocks. The file stays, so every run locks the
    same file; deleting it by hand would let two runs in at once.
    """
    path = folder / LOCK
    try:
        # O_NOFOLLOW: a symlink planted here must not make us create or write a file elsewhere.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise PublishError(
            f"cannot open the lock file {path} ({error.strerror}): "
            "make it a plain file this user can write, then run this again"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(busy(path, fd)) from None
        # Who holds it, for the message a second run prints; the lock itself is the flock.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _held.add(fd)
        try:
            yield path
        finally:
            _held.discard(fd)
    finally:
        os.close(fd)  # Closing the last descriptor releases the lock.


def busy(path: Path, fd: int) -> str:
    """The message for a lock that another run holds, naming it and its process if known."""
    # Read from the descriptor already open (never a symlink), and only a few bytes.
    pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    holder = f"process {pid} took" if pid.isdigit() else "another process holds"
    return (
        f"{path.parent} is in use by another publish or rollback ({holder} the lock "
        f"{path}): wait for it to finish, then run this again"
    )


def held_locks() -> tuple[int, ...]:
    """The descriptors of the locks this process holds, to pass on to child processes."""
    return tuple(sorted(_held))


# -- The current link ----------------------------------------------------------------


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
