"""Reading post files: the text, and the YAML front matter that may open it.

Every problem names the file line that holds it, so that an editor can fix a
file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checks.problems import Problem, ProblemKind

DELIMITER = "---"


@dataclass(frozen=True)
class Post:
    """The text of a post and the file line it starts on."""

    text: str
    first_line: int


def split_post(source: str) -> tuple[str | None, Post]:
    """Split a file into its front matter (or None) and the post that follows.

    A file that does not open with ``---`` is a plain post. Leading blank
    lines of the body are dropped, and trailing white space, so the post is
    exactly what a reader sees; ``first_line`` keeps file line numbers right.
    """
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != DELIMITER:
        return None, Post(source.rstrip(), 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") == DELIMITER:
            front = "".join(lines[1:index])
            body_index = index + 1
            while body_index < len(lines) and not lines[body_index].strip():
                body_index += 1
            if body_index == len(lines):  # no post at all: point just below the front matter
                body_index = index + 1
            return front, Post("".join(lines[body_index:]).rstrip(), body_index + 1)
    raise FrontMatterError("the front matter opened with '---' is never closed")


class FrontMatterError(ValueError):
    """Front matter that opens but never closes."""


def read_source(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that stops it being read."""
    try:
        return path.read_bytes().decode("utf-8"), []
    except OSError as error:
        return None, [
            Problem(
                shown,
                1,
                ProblemKind.UNREADABLE,
                f"cannot be read: {error.strerror}",
                "check the file exists and is readable",
            )
        ]
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                ProblemKind.UNREADABLE,
                f"is not UTF-8 text (byte {error.start} cannot be decoded)",
                "save the file as UTF-8",
            )
        ]


def read_front_matter(
    front: str, shown: str
) -> tuple[dict[str, Any] | None, dict[str, int], list[Problem]]:
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
        fields = yaml.safe_load(front)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        return (
            None,
            {},
            [
                Problem(
                    shown,
                    line,
                    ProblemKind.FRONT_MATTER,
                    f"front matter is not valid YAML: {getattr(error, 'problem', error)}",
                    "fix the YAML on that line "
                    "(quote text that contains ': ' or starts with a symbol)",
                )
            ],
        )
    if not isinstance(fields, dict) or not isinstance(node, yaml.MappingNode):
        return (
            None,
            {},
            [
                Problem(
                    shown,
                    2,
                    ProblemKind.FRONT_MATTER,
                    "front matter is not a set of 'field: value' lines",
                    "write one 'field: value' per line (see examples/_template.md)",
                )
            ],
        )
    # File line of each field and of each item in a list: the front matter starts on line 2.
    lines = {}
    for key_node, value_node in node.value:
        lines[key_node.value] = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                lines[f"{key_node.value}.{index}"] = item.start_mark.line + 2
    return fields, lines, []
