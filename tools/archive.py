"""The downloadable copy of the site: a reproducible ``.tar.gz`` and its ``SHA256SUMS``.

Teams that cannot copy ``public/`` to their web server upload the archive
instead, and check it with ``sha256sum -c SHA256SUMS``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import tarfile
import tomllib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path


def project(root: Path) -> tuple[str, str]:
    """The project's name and version, from ``pyproject.toml``."""
    with (root / "pyproject.toml").open("rb") as file:
        meta = tomllib.load(file)["project"]
    return str(meta["name"]), str(meta["version"])


def archive_time(root: Path) -> int:
    """The time stamped on archived files: SOURCE_DATE_EPOCH, else the commit's time.

    A fixed time makes the archive reproducible; a real one (not 1970) keeps web
    servers' Last-Modified and ETag headers changing when the site changes.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=False
    )
    stamp = result.stdout.strip()
    if result.returncode == 0 and stamp.isdigit():
        return int(stamp)
    return int(datetime.now(UTC).timestamp())


def write_archive(site: Path, archive: Path, prefix: str, mtime: int) -> None:
    """Write ``site`` as a gzipped tar under ``prefix/``, the same bytes for the same files.

    Members are sorted, and owners, modes and times are fixed, so that two
    builds of the same site give the same archive and the same checksum.
    """
    archive.parent.mkdir(parents=True, exist_ok=True)
    paths = sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix())
    with (
        archive.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in [site, *paths]:
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                continue  # A static site is folders and files; anything else is not published.
            name = prefix if path == site else f"{prefix}/{path.relative_to(site).as_posix()}"
            info = tar.gettarinfo(path, name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = mtime
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_file():
                with path.open("rb") as content:
                    tar.addfile(info, content)
            else:
                tar.addfile(info)


def write_sums(files: Sequence[Path], sums: Path) -> None:
    """Write ``sha256sum -c`` lines for ``files``, named relative to the folder of ``sums``."""
    lines = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(sums.parent).as_posix()}\n")
    sums.write_text("".join(lines), encoding="utf-8")
