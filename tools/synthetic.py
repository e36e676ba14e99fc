"""Synthetic but valid examples for the benchmarks, and the realistic posts the engine runs on.

Each synthetic example is a copy of a real one (its template) under a new slug, with
one neutral sentence added to the post. A sentence is used only where
``checks.engine.check_text`` confirms that the rules it finds are unchanged, so every
file states the verdict and the rules the checks agree with: a site with any number
of them builds without a warning. Templates are taken in turn, so the files spread
over the principles, rules and verdicts as the real examples do.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from checks.engine import check_text
from checks.verify import Judgement, verify_folder

FILLERS = (
    "Posted from the train this morning.",
    "More on this next week.",
    "Thanks for reading.",
    "The photo is from our summer walk.",
    "Comments are open below.",
    "Updated to fix a typo.",
)
"""Neutral sentences: each is kept only where it changes no finding (see ``variant``)."""

SUFFIX = "synthetic"
"""Every generated slug is ``<template>-synthetic-<number>``: easy to find and remove."""


@dataclass(frozen=True)
class Template:
    """A real example whose file is copied: its text, where it goes, and its rules."""

    principle: str
    slug: str
    verdict: str
    rules: tuple[str, ...]
    source: str
    body: str


def templates(examples: Path) -> list[Template]:
    """Every valid example under ``examples``, as a template, by principle and slug.

    Refuses a folder with problems: copies of a wrong example would fail every build.
    """
    report = verify_folder(examples)
    if report.problems:
        raise ValueError(f"{examples} has {len(report.problems)} problem(s): fix them first")
    found = [_template(judgement) for judgement in report.judgements]
    return sorted(found, key=lambda t: (t.principle, t.slug))


def _template(judgement: Judgement) -> Template:
    example = judgement.example
    return Template(
        example.principle,
        example.slug,
        example.verdict,
        tuple(judgement.rules),
        example.file.read_text(encoding="utf-8"),
        example.body,
    )


@cache
def rules_found(body: str) -> tuple[str, ...]:
    """The rules the checks find in a post, each once, in order (cached: templates repeat)."""
    return tuple(sorted({finding.rule for finding in check_text(body)}))


def variant(template: Template, number: int) -> str:
    """The file text of the ``number``-th copy of ``template``.

    The post gains a neutral sentence if the checks find exactly the same rules with
    it; otherwise another is tried, and the post stays as it is if none fits.
    """
    start = number % len(FILLERS)
    for filler in FILLERS[start:] + FILLERS[:start]:
        if rules_found(f"{template.body}\n\n{filler}") == rules_found(template.body):
            return f"{template.source.rstrip()}\n\n{filler}\n"
    return template.source


def generate(examples: Path, target: Path, count: int) -> list[Path]:
    """Write ``count`` synthetic examples into ``target/<principle>/``; return their paths.

    The templates come from ``examples`` (the real folder); ``target`` may be the same
    folder or a copy of it.
    """
    pool = templates(examples)
    written = []
    for number, template in zip(range(count), itertools.cycle(pool), strict=False):
        path = target / template.principle / f"{template.slug}-{SUFFIX}-{number + 1}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant(template, number), encoding="utf-8")
        written.append(path)
    return written


def coverage(pool: Sequence[Template]) -> dict[str, set[str]]:
    """The principles, verdicts and rules a set of templates spreads over."""
    return {
        "principles": {t.principle for t in pool},
        "verdicts": {t.verdict for t in pool},
        "rules": {rule for t in pool for rule in t.rules},
    }


# -- realistic posts for the engine --------------------------------------------------------


def realistic_posts(repo: Path) -> list[str]:
    """The example posts, then the labelled posts and the rules' test cases, in file order."""
    posts = [t.body for t in templates(repo / "examples")]
    for folder in (repo / "tests" / "posts", repo / "tests" / "rules"):
        for path in sorted(folder.rglob("*.yaml")):
            posts += list(_texts(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return [post for post in posts if post.strip()]


def _texts(data: object) -> Iterator[str]:
    """Every ``text`` of a list of cases, however the file groups them."""
    if isinstance(data, list):
        for item in data:
            yield from _texts(item)
    elif isinstance(data, dict):
        if isinstance(data.get("text"), str):
            yield data["text"]
        else:
            for value in data.values():
                yield from _texts(value)


def cycled(posts: Sequence[str], count: int) -> list[str]:
    """``count`` posts, repeating ``posts`` in order as often as it takes."""
    return list(itertools.islice(itertools.cycle(posts), count))
