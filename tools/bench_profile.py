"""Where the time of a benchmarked run goes, from cProfile's statistics.

Builds are told in stages (verifying the examples, reading and writing pages), each
as its share of the whole run, since a share of own time per package hides that,
say, compiling the rules' patterns is what verifying one example costs. The engine
is told by function, as a share of own time.
"""

from __future__ import annotations

import pstats
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAGES = (
    ("Starting Sphinx, with loading and verifying the examples", "sphinx/application.py",
     "__init__"),
    ("Verifying the examples (checks.verify.verify_folder)", "checks/verify.py", "verify_folder"),
    ("The engine on example posts (checks.engine.check_text)", "checks/engine.py", "check_text"),
    ("Compiling regular expressions, anywhere (re.compile)", "re/__init__.py", "_compile"),
    ("Reading pages (Sphinx)", "sphinx/builders/__init__.py", "read"),
    ("Writing pages (Sphinx)", "sphinx/builders/__init__.py", "write"),
    ("Resolving references while writing", "sphinx/environment/__init__.py",
     "get_and_resolve_doctree"),
)  # fmt: skip
"""(label, end of the file's path, function): stages of a build, which may nest."""


def profiled(arguments: list[str], output: Path) -> pstats.Stats:
    """Run ``python ARGUMENTS`` under cProfile from the repository; read its statistics."""
    command = [sys.executable, "-m", "cProfile", "-o", str(output), *arguments]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return pstats.Stats(str(output))


Row = tuple[int, int, float, float, object]
"""cProfile's row of one function: calls, primitive calls, own time, cumulative time, callers."""


def _table(stats: pstats.Stats) -> dict[tuple[str, int, str], Row]:
    return stats.stats  # type: ignore[attr-defined, no-any-return]


def stages(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Each stage's cumulative time as a share of the whole run; stages not run are left out."""
    table = _table(stats)
    whole = max((row[3] for row in table.values()), default=0.0) or 1.0
    found = []
    for label, ending, function in STAGES:
        seconds = sum(
            row[3]
            for (filename, _, name), row in table.items()
            if name == function and filename.replace("\\", "/").endswith(ending)
        )
        if seconds:
            found.append((label, seconds / whole))
    return found


def functions(stats: pstats.Stats, top: int = 10) -> list[tuple[str, float]]:
    """The functions with the largest shares of own (not cumulative) time."""
    table = _table(stats)
    whole = sum(row[2] for row in table.values()) or 1.0
    ranked = sorted(table.items(), key=lambda item: -item[1][2])[:top]
    return [(f"{where(filename)}:{name}", row[2] / whole) for (filename, _, name), row in ranked]


def where(filename: str) -> str:
    """A source file as a reader knows it: a package's module, or the standard library's."""
    parts = Path(filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return "/".join(parts[parts.index(marker) + 1 :])
    if Path(filename).is_relative_to(ROOT):
        return Path(filename).relative_to(ROOT).as_posix()
    if "lib" in parts and len(parts) > parts.index("lib") + 2:
        return "/".join(parts[parts.index("lib") + 2 :])  # the standard library
    return filename or "built-in"
