"""Reading post files: the bytes, the text, and the YAML front matter that may open it.

Every problem names the file line that holds it, so that an editor can fix a
file in one pass. Files come from people who are not fully trusted, so reading
is bounded: an example file must be an ordinary file of at most
:data:`EXAMPLE_LIMIT` bytes, never a symbolic link, and at most one byte more
than the limit is ever read, whatever the file turns out to be.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from checks.problems import Problem, ProblemKind
from checks.yamlsafe import Refused, StrictLoader, duplicate_keys, node_lines

DELIMITER = "---"
FRONT_LINE = 2
"""The file line the front matter starts on, just below its opening ``---``."""
EXAMPLE_LIMIT = 64 * 1024
"""The largest example file read, in bytes: an example is one post, far smaller."""
DRAFT_LIMIT = 2 * 1024 * 1024
"""The largest draft checked from the command line, in bytes."""
EXAMPLE, DRAFT = "an example file", "a draft"
"""What a file read is, as messages name it; a draft is read more freely (see read_source)."""


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


class _NotRead(Exception):
    """A file refused before (or while) reading it, with the problem to report."""

    def __init__(self, kind: ProblemKind, message: str, fix: str) -> None:
        super().__init__(message)
        self.kind, self.message, self.fix = kind, message, fix


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _too_large(limit: int, what: str) -> _NotRead:
    if what == DRAFT:
        fix = "check a shorter draft, or split it into parts"
    else:
        fix = "shorten the file: an example shows one post, far shorter than this"
    return _NotRead(
        ProblemKind.TOO_LARGE, f"is larger than {_size_text(limit)}, the limit for {what}", fix
    )


def _refusal(status: os.stat_result, limit: int, what: str) -> _NotRead | None:
    """Why a file with this status is not read, or None if it may be."""
    mode = status.st_mode
    if stat.S_ISLNK(mode):
        return _NotRead(
            ProblemKind.SYMLINK,
            "is a symbolic link, and links are never followed",
            "replace the link with the file itself",
        )
    if stat.S_ISDIR(mode):
        return _NotRead(
            ProblemKind.NOT_A_FILE, "is a folder, not a file", f"give the path of {what}"
        )
    if not stat.S_ISREG(mode) and what != DRAFT:
        return _NotRead(
            ProblemKind.NOT_A_FILE,
            "is a device, pipe or socket, not an ordinary file",
            "replace it with an ordinary text file",
        )
    if stat.S_ISREG(mode) and status.st_size > limit:
        return _too_large(limit, what)
    return None


def _read_bounded(path: Path, limit: int, what: str) -> bytes:
    """At most ``limit`` bytes of ``path``; refuse links (unless a draft) and anything larger.

    The status is checked before opening (a pipe or device is never opened) and
    again on the open file, so a file swapped for a link in between is refused too.
    """
    follow = what == DRAFT
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        refused = _refusal(os.lstat(path), limit, what)
        if refused:
            raise refused
        flags |= os.O_NOFOLLOW | os.O_NONBLOCK
    descriptor = os.open(path, flags)
    try:
        refused = _refusal(os.fstat(descriptor), limit, what)
        if refused:
            raise refused
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:  # a file that grew, or a device that never ends
        raise _too_large(limit, what)
    return data


def read_source(
    path: Path, shown: str, *, limit: int = EXAMPLE_LIMIT, what: str = EXAMPLE
) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that stops it being read.

    ``what`` names the file in messages; a :data:`DRAFT` (from the command
    line) may also be a link given on purpose, or a pipe.
    """
    try:
        data = _read_bounded(path, limit, what)
    except _NotRead as refused:
        return None, [Problem(shown, 1, refused.kind, refused.message, refused.fix)]
    except OSError as error:
        return None, [_unreadable(shown, error, "check the file exists and is readable")]
    return decode(data, shown)


def _unreadable(shown: str, error: OSError, fix: str) -> Problem:
    return Problem(
        shown, 1, ProblemKind.UNREADABLE, f"cannot be read: {error.strerror or error}", fix
    )


def read_stream(stream: BinaryIO, shown: str, limit: int) -> tuple[str | None, list[Problem]]:
    """The text of an open stream (standard input), read no further than ``limit`` + 1 bytes."""
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        return None, [_unreadable(shown, error, "pipe the draft in, or give its file")]
    if len(data) > limit:
        refused = _too_large(limit, DRAFT)
        return None, [Problem(shown, 1, refused.kind, refused.message, refused.fix)]
    return decode(data, shown)


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, or a problem naming the line and byte offset that cannot be decoded."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                shown,
                data[: error.start].count(b"\n") + 1,
                ProblemKind.UNREADABLE,
                f"is not UTF-8 text (byte {error.start} cannot be decoded)",
                "save the file as UTF-8",
            )
        ]


def read_front_matter(
    front: str, shown: str
) -> tuple[dict[Any, Any] | None, dict[str, int], list[Problem]]:
    """The fields of the front matter, the file line of each, and every problem found.

    Composed into YAML nodes first, refusing aliases and deep nesting, so
    nothing is built from input that could grow without bound.
    """
    loader = StrictLoader(front)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None, {}, [_not_a_mapping(shown)]
        problems = [_located(shown, refused) for refused in duplicate_keys(node, FRONT_LINE)]
        fields = _construct(loader, node, shown, problems)
        return fields, node_lines(node, FRONT_LINE), problems
    except Refused as refused:
        return None, {}, [_located(shown, refused)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + FRONT_LINE if mark else FRONT_LINE
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
    finally:
        loader.dispose()


def _construct(
    loader: StrictLoader, node: yaml.MappingNode, shown: str, problems: list[Problem]
) -> dict[Any, Any]:
    """Build each field on its own, so a value that cannot be built is named by its line."""
    fields: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == StrictLoader.MERGE_TAG:
            continue  # already reported by duplicate_keys
        try:
            key = loader.construct_object(key_node, deep=True)
            hash(key)
            fields[key] = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            mark = getattr(error, "problem_mark", None) or value_node.start_mark
            # Python's own wording, up to any advice meant for programmers ("use sys...").
            reason = str(getattr(error, "problem", None) or error).split("; ")[0]
            problems.append(
                Problem(
                    shown,
                    mark.line + FRONT_LINE,
                    ProblemKind.FRONT_MATTER,
                    f"front matter value cannot be read: {reason}",
                    "write the value as plain text, a list of text, or 'field: value' lines",
                )
            )
    return fields


def _located(shown: str, refused: Refused) -> Problem:
    # Marks count lines from 0.
    line = refused.problem_mark.line + FRONT_LINE if refused.problem_mark else FRONT_LINE
    return Problem(shown, line, refused.kind, refused.message, refused.fix)


def _not_a_mapping(shown: str) -> Problem:
    return Problem(
        shown,
        FRONT_LINE,
        ProblemKind.FRONT_MATTER,
        "front matter is not a set of 'field: value' lines",
        "write one 'field: value' per line (see examples/_template.md)",
    )
