"""Example files that cannot be used, kept so the site can still show where they are.

An invalid example is never judged or published, but while an editor previews the
site it must not silently vanish: its card says what is wrong and how to fix it.
This is what such a card needs, read as far as the file allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checks.problems import Problem, ProblemKind
from checks.sources import FrontMatterError, read_front_matter, read_source, split_post

NOT_READ = {
    ProblemKind.UNREADABLE,
    ProblemKind.SYMLINK,
    ProblemKind.NOT_A_FILE,
    ProblemKind.TOO_LARGE,
    ProblemKind.FRONT_MATTER,
    ProblemKind.DUPLICATE_KEY,
    ProblemKind.YAML_ALIAS,
}
"""Problems that mean the front matter was refused or never read."""


@dataclass(frozen=True)
class Broken:
    """An example file with problems: where it is, what it says it is, and what is wrong."""

    path: str
    """The file as editors know it (checks.paths.shown)."""
    principle: str
    slug: str
    verdict: str
    """Its verdict as written, or "" if it cannot be read."""
    problems: tuple[Problem, ...]


def broken_example(path: Path, shown: str, problems: list[Problem]) -> Broken:
    """The card's record of an example file that has ``problems``."""
    # Only the verdict is read, to place the card: nothing else of an invalid file is
    # shown. A file refused unread, or whose front matter could not be read, is not
    # read again: its card goes where an unknown verdict's does.
    unread = any(problem.kind in NOT_READ for problem in problems)
    verdict = None if unread else _fields(path, shown).get("verdict")
    return Broken(
        path=shown,
        principle=path.parent.name,
        slug=path.stem,
        verdict=verdict if isinstance(verdict, str) else "",
        problems=tuple(problems),
    )


def _fields(path: Path, shown: str) -> dict[object, object]:
    """The front matter as far as it can be read; nothing if it cannot."""
    source = read_source(path, shown)[0]
    if source is None:
        return {}
    try:
        front = split_post(source)[0]
    except FrontMatterError:
        return {}
    return (read_front_matter(front, shown)[0] or {}) if front is not None else {}
