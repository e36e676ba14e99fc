"""Example files: a post with YAML front matter stating its verdict.

Parsing collects every problem in a file instead of stopping at the first, and
each problem names the file line that holds it, so that an editor can fix a
file in one pass.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checks.catalogue import PRINCIPLES, catalogue
from checks.patterns import load_data
from checks.problems import Problem, ProblemKind

REQUIRED = ("title", "verdict", "channel", "capacity", "why")
OPTIONAL = ("breaks", "near_miss", "allow")
VERDICTS = ("good", "bad")
DELIMITER = "---"


@dataclass(frozen=True)
class Allow:
    """A finding an example accepts on purpose, with the reason shown to readers."""

    rule: str
    reason: str
    line: int


@dataclass(frozen=True)
class Example:
    """A parsed example file."""

    path: str
    principle: str
    slug: str
    title: str
    verdict: str
    breaks: tuple[str, ...]
    channel: str
    capacity: str
    why: str
    body: str
    body_line: int
    near_miss: tuple[str, ...] = ()
    allow: tuple[Allow, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, key: str) -> int:
        """The file line of a front-matter field (line 1 if it is absent)."""
        return self.lines.get(key, 1)


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


def parse_example(path: Path, shown: str) -> tuple[Example | None, list[Problem]]:
    """Parse an example file; return it (if usable) and every problem found."""
    source, problems = read_source(path, shown)
    if source is None:
        return None, problems
    try:
        front, post = split_post(source)
    except FrontMatterError as error:
        return None, [
            Problem(
                shown,
                1,
                ProblemKind.FRONT_MATTER,
                str(error),
                "add a line '---' after the last front-matter field",
            )
        ]
    if front is None:
        return None, [
            Problem(
                shown,
                1,
                ProblemKind.FRONT_MATTER,
                "has no front matter",
                "start the file with '---', the fields, then '---' (see examples/_template.md)",
            )
        ]
    fields, lines, problems = _read_front_matter(front, shown)
    if fields is None:
        return None, problems
    problems += _check_fields(fields, lines, shown)
    if not post.text.strip():
        problems.append(
            Problem(
                shown,
                post.first_line,
                ProblemKind.EMPTY_BODY,
                "has no post after the front matter",
                "write the post, exactly as it would appear, below the closing '---'",
            )
        )
    if problems:
        return None, problems
    return _build(path, shown, fields, lines, post), []


def _read_front_matter(
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


def _check_fields(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    for key in fields:
        if key not in REQUIRED + OPTIONAL:
            close = difflib.get_close_matches(str(key), REQUIRED + OPTIONAL, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use only {', '.join(REQUIRED + OPTIONAL)}"
            )
            problems.append(
                Problem(
                    shown,
                    lines.get(str(key), 2),
                    ProblemKind.INVALID_FIELD,
                    f"unknown field '{key}'",
                    hint,
                )
            )
    for key in REQUIRED:
        if key not in fields:
            problems.append(
                Problem(
                    shown,
                    2,
                    ProblemKind.INVALID_FIELD,
                    f"missing field '{key}'",
                    f"add '{key}:' to the front matter",
                )
            )
        elif not isinstance(fields[key], str) or not fields[key].strip():
            problems.append(
                Problem(
                    shown,
                    lines[key],
                    ProblemKind.INVALID_FIELD,
                    f"'{key}' must be text",
                    f"give '{key}' a value",
                )
            )
    problems += _check_choices(fields, lines, shown)
    problems += _check_rule_lists(fields, lines, shown)
    return problems


def _check_choices(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    verdict = fields.get("verdict")
    if isinstance(verdict, str) and verdict not in VERDICTS:
        problems.append(
            Problem(
                shown,
                lines["verdict"],
                ProblemKind.UNKNOWN_VERDICT,
                f"unknown verdict '{verdict}'",
                "write 'verdict: good' or 'verdict: bad'",
            )
        )
    for key, known in (("channel", channels()), ("capacity", capacities())):
        value = fields.get(key)
        if isinstance(value, str) and value not in known:
            problems.append(
                Problem(
                    shown,
                    lines[key],
                    ProblemKind.INVALID_FIELD,
                    f"unknown {key} '{value}'",
                    f"use one of: {', '.join(known)} (or add it to checks/data/channels.yaml)",
                )
            )
    if verdict == "bad" and "breaks" not in fields:
        problems.append(
            Problem(
                shown,
                lines["verdict"],
                ProblemKind.INVALID_FIELD,
                "a bad example must say which rules it breaks",
                "add 'breaks: [rule-id, ...]', "
                "or 'breaks: []' for a judgement the checks cannot make",
            )
        )
    if verdict == "good" and fields.get("breaks"):
        problems.append(
            Problem(
                shown,
                lines["breaks"],
                ProblemKind.BREAKS_ON_GOOD,
                "a good example cannot break rules",
                "remove 'breaks', or change the verdict to 'bad'",
            )
        )
    if verdict == "bad" and fields.get("near_miss"):
        problems.append(
            Problem(
                shown,
                lines["near_miss"],
                ProblemKind.INVALID_FIELD,
                "'near_miss' is for good examples",
                "remove 'near_miss' from this bad example",
            )
        )
    return problems


def _check_rule_lists(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    for key in ("breaks", "near_miss"):
        value = fields.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(
                Problem(
                    shown,
                    lines[key],
                    ProblemKind.INVALID_FIELD,
                    f"'{key}' must be a list of rule ids",
                    f"write '{key}: [rule-id, ...]'",
                )
            )
            continue
        for index, rule in enumerate(value):
            problems += _check_rule_id(rule, key, lines.get(f"{key}.{index}", lines[key]), shown)
    allow = fields.get("allow")
    if allow is not None:
        entries = allow if isinstance(allow, list) else [allow]
        for index, entry in enumerate(entries):
            line = lines.get(f"allow.{index}", lines["allow"])
            if (
                not isinstance(allow, list)
                or not isinstance(entry, dict)
                or set(entry) != {"rule", "reason"}
            ):
                problems.append(
                    Problem(
                        shown,
                        line,
                        ProblemKind.INVALID_FIELD,
                        "each 'allow' entry needs exactly 'rule' and 'reason'",
                        "write '- rule: rule-id' and '  reason: why this finding is accepted'",
                    )
                )
                continue
            problems += _check_rule_id(entry["rule"], "allow", line, shown)
    return problems


def _check_rule_id(rule: object, key: str, line: int, shown: str) -> list[Problem]:
    if rule in catalogue():
        return []
    close = difflib.get_close_matches(str(rule), list(catalogue()), n=1)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else "run 'python -m checks --rules' to list the rule ids"
    )
    return [
        Problem(shown, line, ProblemKind.UNKNOWN_RULE, f"unknown rule id '{rule}' in '{key}'", hint)
    ]


def _build(
    path: Path, shown: str, fields: dict[str, Any], lines: dict[str, int], post: Post
) -> Example:
    allow = tuple(
        Allow(
            entry["rule"], str(entry["reason"]).strip(), lines.get(f"allow.{index}", lines["allow"])
        )
        for index, entry in enumerate(fields.get("allow") or [])
    )
    return Example(
        path=shown,
        principle=path.parent.name,
        slug=path.stem,
        title=fields["title"].strip(),
        verdict=fields["verdict"],
        breaks=tuple(fields.get("breaks") or ()),
        channel=fields["channel"],
        capacity=fields["capacity"],
        why=fields["why"].strip(),
        body=post.text,
        body_line=post.first_line,
        near_miss=tuple(fields.get("near_miss") or ()),
        allow=allow,
        lines=lines,
    )


def channels() -> dict[str, str]:
    """Known channels and their display names."""
    return dict(load_data("channels")["channels"])


def capacities() -> dict[str, str]:
    """Known capacities and their display names."""
    return dict(load_data("channels")["capacities"])


def is_principle(name: str) -> bool:
    return name in PRINCIPLES
