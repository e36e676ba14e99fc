"""Example files: a post with YAML front matter stating its verdict.

Parsing collects every problem in a file instead of stopping at the first.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import checks_wrong
from checks.checks_wrong import ChecksWrong
from checks.fields import check_fields
from checks.markup import parse_markup
from checks.normalise import normalise
from checks.problems import Problem, ProblemKind
from checks.sources import FrontMatterError, Post, read_front_matter, read_source, split_post
from checks.vocabulary import capacities, channels, principles

__all__ = [
    "Allow",
    "Example",
    "FrontMatterError",
    "capacities",
    "channels",
    "is_principle",
    "parse_example",
    "read_source",
    "slug_problems",
    "split_post",
]


@dataclass(frozen=True)
class Allow:
    """A finding an example accepts on purpose, with the reason shown to readers."""

    rule: str
    reason: str
    line: int


@dataclass(frozen=True)
class Example:
    """A parsed example file: where it is, what it states, and its post."""

    path: str
    """The file as editors know it (checks.paths.shown): in every message and warning."""
    file: Path
    """The file's absolute path, for reading it again and for Sphinx's dependencies."""
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
    checks_wrong: tuple[ChecksWrong, ...] = ()
    """Where the editor says the checks get this post wrong (checks.checks_wrong)."""
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, key: str) -> int:
        """The file line of a front-matter field (line 1 if it is absent)."""
        return self.lines.get(key, 1)


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A slug: lower-case words of letters and digits joined by single hyphens (no 'x--y')."""


def slug_problems(stem: str, shown: str) -> list[Problem]:
    """A problem if the file name is not a slug, suggesting one that is."""
    if SLUG.fullmatch(stem):
        return []
    # The letters of the name without accents, in lower case, joined by single hyphens.
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    suggested = "-".join(re.findall(r"[a-z0-9]+", plain.lower())) or "example"
    return [
        Problem(
            shown,
            1,
            ProblemKind.BAD_SLUG,
            f"'{stem}' is not a slug: use lower-case letters and digits, "
            "in words joined by single hyphens",
            f"rename the file to {suggested}.md",
        )
    ]


def parse_example(path: Path, shown: str) -> tuple[Example | None, list[Problem]]:
    """Parse an example file; return it (if usable) and every problem found.

    A file whose name is not a slug is read for its other problems, never used:
    its slug becomes HTML ids and links.
    """
    example, problems = _parse(path, shown)
    bad_slug = slug_problems(path.stem, shown)
    if bad_slug:
        return None, bad_slug + problems
    return example, problems


def _parse(path: Path, shown: str) -> tuple[Example | None, list[Problem]]:
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
    fields, lines, problems = read_front_matter(front, shown)
    if fields is None:
        return None, problems
    problems += check_fields(fields, lines, shown)
    problems += _markup_problems(fields.get("why"), lines, shown)
    # A post of nothing but invisible characters is empty to every reader.
    if not normalise(post.text).text.strip():
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


def _markup_problems(why: object, lines: dict[str, int], shown: str) -> list[Problem]:
    """Every use of markup the ``why`` may not hold, at its file line."""
    if not isinstance(why, str):
        return []  # check_fields reports that 'why' must be text
    first = lines.get("why.text", lines.get("why", 1))
    return [
        Problem(shown, first + error.line, ProblemKind.MARKUP, f"'why': {error.message}", error.fix)
        for error in parse_markup(why)[1]
    ]


def _build(
    path: Path, shown: str, fields: dict[str, Any], lines: dict[str, int], post: Post
) -> Example:
    allow = tuple(
        Allow(entry["rule"], entry["reason"].strip(), lines.get(f"allow.{index}", lines["allow"]))
        for index, entry in enumerate(fields.get("allow") or [])
    )
    return Example(
        path=shown,
        file=Path(os.path.abspath(path)),
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
        checks_wrong=checks_wrong.build(fields, lines),
        lines=lines,
    )


def is_principle(name: str) -> bool:
    return name in principles()
