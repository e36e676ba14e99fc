"""Problems with example files: what went wrong, where, and how to fix it.

Each kind is also the subtype of the Sphinx warning it becomes
(``checks.mismatch`` and so on), so editors can search for it and
``suppress_warnings`` can name it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ProblemKind(enum.Enum):
    """The kinds of problem an example file can have."""

    UNREADABLE = "unreadable"
    """The file cannot be read, or is not UTF-8 text."""

    SYMLINK = "symlink"
    """The file or folder is a symbolic link: links are never followed, so it is not read."""

    NOT_A_FILE = "not-a-file"
    """The path is a device, pipe, socket or folder where a file is expected: not read."""

    TOO_LARGE = "too-large"
    """The file is larger than the limit (64 KB for an example): not read."""

    BAD_SLUG = "bad-slug"
    """The file name is not a slug: lower-case letters and digits in words joined by hyphens."""

    FRONT_MATTER = "front-matter"
    """The YAML front matter is missing, unclosed, nested too deeply or not valid YAML."""

    DUPLICATE_KEY = "duplicate-key"
    """The front matter gives a field (or an ``allow`` entry's key) twice."""

    YAML_ALIAS = "yaml-alias"
    """The front matter uses a YAML alias (``*name``) or merge key (``<<``): write values out."""

    INVALID_FIELD = "invalid-field"
    """A front-matter field is missing, unknown or has a value of the wrong kind."""

    UNKNOWN_VERDICT = "unknown-verdict"
    """The verdict is neither ``good`` nor ``bad``."""

    UNKNOWN_RULE = "unknown-rule"
    """``breaks``, ``near_miss`` or ``allow`` names a rule that is not in the catalogue."""

    BREAKS_ON_GOOD = "breaks-on-good"
    """A good example lists rules it breaks."""

    MARKUP = "markup"
    """The ``why`` uses markup it may not: HTML, a directive, a role, a heading or an image."""

    EMPTY_BODY = "empty-body"
    """The example has no post after its front matter."""

    DUPLICATE_SLUG = "duplicate-slug"
    """Two example files share a slug (file name)."""

    MISPLACED = "misplaced"
    """The file is not at ``examples/<principle>/<slug>.md``."""

    MISMATCH = "mismatch"
    """The checks disagree with the verdict the example states."""

    UNUSED_ALLOW = "unused-allow"
    """An ``allow`` entry accepts a finding that the checks do not make."""

    PLACEHOLDER = "placeholder"
    """An example still holds the template's placeholder title, ``why`` or post."""

    STALE_CHECKS_WRONG = "stale-checks-wrong"
    """A ``checks_wrong`` record says the checks get a rule wrong, but they now agree."""

    @property
    def is_invalid_input(self) -> bool:
        """Whether the file itself is malformed, rather than judged wrongly."""
        return self not in (
            ProblemKind.MISMATCH,
            ProblemKind.UNUSED_ALLOW,
            ProblemKind.STALE_CHECKS_WRONG,
        )


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at one line, with the fix an editor should make."""

    path: str
    line: int
    kind: ProblemKind
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def written(value: object) -> str:
    """What an editor wrote, in their words: 'a list', 'a number', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    return f"a {type(value).__name__}"


def reason_problem(reason: object, entry: str, shown: str, line: int, fix: str) -> Problem | None:
    """A located problem if the ``reason`` of ``entry`` (an 'allow' entry...) is not text."""
    if isinstance(reason, str) and reason.strip():
        return None
    message = f"the 'reason' of {entry} must be text, not {written(reason)}"
    return Problem(shown, line, ProblemKind.INVALID_FIELD, message, fix)
