"""The release history of a web root: the releases this tool made, and nothing else.

``DEST/.releases.json`` (the manifest) lists each release this tool made (name,
commit, time), and each run that had not finished. Pruning and rollback go only
through the releases listed, so folders made by anyone else are left alone; the
records of unfinished runs name exactly the folders a killed run left behind, so
the next run can remove those, and only those.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from tools.webroot import RELEASE, PublishError, current, locked

MANIFEST = ".releases.json"
FORMAT = 1
KEEP = 5
PARTIAL = ".partial"
DOCTREES = ".doctrees"

Task = Literal["publish", "prune"]
TASKS: tuple[Task, ...] = ("publish", "prune")


# -- The manifest ----------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """A release this tool made: its folder name, the commit it was built from, and when."""

    name: str
    commit: str
    made: str


@dataclass(frozen=True)
class Unfinished:
    """A run that had not finished: its folders are leftovers for the next run to remove.

    ``task`` is 'publish' (building release ``name``) or 'prune' (removing it).
    """

    name: str
    task: Task
    started: str
    pid: int


@dataclass
class Manifest:
    """The releases this tool made in a web root, oldest first, and its unfinished runs."""

    releases: list[Release] = field(default_factory=list)
    unfinished: list[Unfinished] = field(default_factory=list)


def load(dest: Path) -> Manifest:
    """The manifest of ``dest``: empty if there is none, PublishError if it cannot be read."""
    path = dest / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise _unreadable(path, str(error)) from None
    try:
        return _parse(data)
    except KeyError as error:
        raise _unreadable(path, f"{error} is missing") from None
    except (TypeError, ValueError) as error:
        raise _unreadable(path, str(error)) from None


def _parse(data: Any) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a release manifest of format {FORMAT}")
    releases = [
        Release(_name(item), _text(item, "commit"), _text(item, "made"))
        for item in _items(data, "releases")
    ]
    unfinished = [_unfinished(item) for item in _items(data, "unfinished")]
    return Manifest(releases, unfinished)


def _unfinished(item: dict[str, Any]) -> Unfinished:
    task, pid = item["task"], item["pid"]
    if task not in TASKS or type(pid) is not int:
        raise ValueError(f"unfinished run {item!r} has no valid task and pid")
    return Unfinished(_name(item), task, _text(item, "started"), pid)


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data[key]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError(f"'{key}' is not a list of records")
    return items


def _text(item: dict[str, Any], key: str) -> str:
    value = item[key]
    if not isinstance(value, str):
        raise ValueError(f"'{key}' of {item!r} is not text")
    return value


def _name(item: dict[str, Any]) -> str:
    # Names become paths under releases/: only a release name, never '..' or a '/'.
    name = _text(item, "name")
    if not RELEASE.match(name):
        raise ValueError(f"{name!r} is not a release name")
    return name


def _unreadable(path: Path, why: str) -> PublishError:
    return PublishError(
        f"{path} is not a release manifest this tool can read ({why}): restore it from a "
        f"backup, or move it aside to start a new release history (the releases already in "
        f"{path.parent / 'releases'} are then left alone, for you to remove by hand)"
    )


def save(dest: Path, manifest: Manifest) -> None:
    """Write the manifest of ``dest`` in one step: a reader finds the old one or the new one."""
    path = dest / MANIFEST
    data = {
        "about": "Releases made by tools/publish.py, which prunes and rolls back only these.",
        "format": FORMAT,
        "releases": [asdict(r) for r in manifest.releases],
        "unfinished": [asdict(u) for u in manifest.unfinished],
    }
    temporary = dest / f"{MANIFEST}.tmp-{secrets.token_hex(4)}"
    try:
        with temporary.open("x", encoding="utf-8") as file:
            file.write(json.dumps(data, indent=2) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# -- Releases, pruning and clean-up ------------------------------------------------------


def releases(dest: Path, manifest: Manifest | None = None) -> list[Path]:
    """The releases this tool made that are still in ``dest/releases``, oldest first.

    Only those listed in the manifest: a folder this tool did not make is never
    pruned, and never a rollback target, whatever its name.
    """
    made = (load(dest) if manifest is None else manifest).releases
    return sorted({p for p in (dest / "releases" / r.name for r in made) if _is_folder(p)})


def _is_folder(path: Path) -> bool:
    # A symlink in place of a release is not ours to follow or remove.
    return path.is_dir() and not path.is_symlink()


def prune(dest: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` releases, never the current one; return those deleted.

    Only releases this tool made (listed in the manifest) are counted or deleted.
    """
    with locked(dest):
        return prune_unlocked(dest, keep)


def prune_unlocked(dest: Path, keep: int) -> list[Path]:
    """:func:`prune`, for a caller that holds the lock of ``dest``."""
    manifest = load(dest)
    live = current(dest)
    made = releases(dest, manifest)
    doomed = [p for p in (made[:-keep] if keep > 0 else made) if p.resolve() != live]
    if not doomed:
        return []
    names = {p.name for p in doomed}
    # Struck from the history, and recorded as unfinished, before any file goes: a prune
    # stopped part way leaves a half-deleted folder that is never a rollback target,
    # and that the next run removes.
    manifest.releases = [r for r in manifest.releases if r.name not in names]
    pruning = [Unfinished(n, "prune", iso(datetime.now(UTC)), os.getpid()) for n in sorted(names)]
    manifest.unfinished += pruning
    save(dest, manifest)
    for path in doomed:
        shutil.rmtree(path)
    manifest.unfinished = [u for u in manifest.unfinished if u not in pruning]
    save(dest, manifest)
    return doomed


def clean_unfinished(dest: Path, manifest: Manifest) -> list[Path]:
    """Remove what runs that were killed left in ``dest``; return what was removed.

    Only the folders the manifest records as theirs: ``<name>.partial`` and
    ``<name>.doctrees`` of a build, and ``<name>`` of a release that was being
    built or pruned. Never a release in the history, never the current one. Call
    with the lock held, so that no run these records belong to is still going.
    """
    if not manifest.unfinished:
        return []
    live = current(dest)
    kept = {r.name for r in manifest.releases}
    removed = []
    for run in manifest.unfinished:
        for suffix in ("", PARTIAL, DOCTREES):
            path = dest / "releases" / f"{run.name}{suffix}"
            if _is_folder(path) and path.resolve() != live and f"{run.name}{suffix}" not in kept:
                shutil.rmtree(path)
                removed.append(path)
    manifest.unfinished.clear()
    save(dest, manifest)
    return removed


def names_in_use(dest: Path, manifest: Manifest) -> list[str]:
    """Every release name in ``dest``, made by this tool or not, for naming a new one."""
    # Every release name on disk or in the history, including other people's folders and
    # their '.partial' and '.doctrees': a new release is named later than all of them,
    # so it never builds into, or over, a folder this run did not make.
    on_disk = [p.name.removesuffix(PARTIAL).removesuffix(DOCTREES) for p in releases_dir(dest)]
    return on_disk + [r.name for r in manifest.releases]


def releases_dir(dest: Path) -> list[Path]:
    """Everything in ``dest/releases``, whoever made it."""
    folder = dest / "releases"
    return list(folder.iterdir()) if folder.is_dir() else []


def iso(when: datetime) -> str:
    """``when`` as an ISO 8601 UTC time, to the second."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
