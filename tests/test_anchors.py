"""Anchors: the text every match of a pattern must contain (``checks.anchors``).

An anchor lets the engine skip a long post that cannot hold a match. It must
never be wrong: wherever the pattern matches, the anchor must match too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from checks.anchors import anchor_for
from checks.catalogue import catalogue
from checks.kinds.phrase import PhraseGroup

# (pattern, flags, texts the anchor must find, texts it must not)
ANCHORS = [
    (r"I promise|we guarantee", re.IGNORECASE, ["i PROMISE", "We Guarantee"], ["we promise"]),
    # The longest spelling every match holds: " memo" (the optional "ed" cuts "leak" short).
    (r"(?:a |the )?leak(?:ed)? memo", re.IGNORECASE, ["a MEMO"], ["memo", "leak"]),
    (r"(?i:vote) for|Labour", 0, ["VOTE", "Labour"], ["labour", "for"]),
    (r"(?:our|my) (?:team|unit)'s plan", 0, ["team's plan", "unit's plan"], ["our team"]),
]

# Patterns with nothing every match must spell out: no anchor, so never skipped.
NO_ANCHOR = [
    (r"\d+%", 0),
    (r"(?:foo)?bar|baz?", 0),  # "bar" and "ba": too short to be worth a scan
    (r"promise|\w+ly", re.IGNORECASE),
]


@pytest.mark.parametrize(("pattern", "flags", "found", "not_found"), ANCHORS)
def test_the_anchor_finds_exactly_what_every_match_spells(
    pattern: str, flags: int, found: list[str], not_found: list[str]
) -> None:
    anchor = anchor_for(pattern, flags)
    assert anchor is not None
    assert all(anchor.search(text) for text in found)
    assert not any(anchor.search(text) for text in not_found)


@pytest.mark.parametrize(("pattern", "flags"), NO_ANCHOR)
def test_patterns_without_a_useful_anchor_get_none(pattern: str, flags: int) -> None:
    assert anchor_for(pattern, flags) is None


def _every_group() -> list[PhraseGroup]:
    # Every kind that weighs phrases gives its detector the compiled groups.
    groups: list[PhraseGroup] = []
    for rule in catalogue().values():
        groups += getattr(rule.detect, "groups", ())
    return groups


def _posts() -> list[str]:
    tests = Path(__file__).parent
    posts = []
    # Each rule's cases (tests/rules) and the whole-post sets (tests/posts/<set>).
    for path in sorted([*tests.glob("*/*.yaml"), *tests.glob("posts/*/*.yaml")]):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(case, dict) and isinstance(case.get("text"), str):
                posts.append(case["text"])
    return posts


def test_most_groups_are_skipped_by_a_cheap_test() -> None:
    # First words (checks.first_words) where they can be listed, an anchor elsewhere.
    groups = _every_group()
    skippable = [g for g in groups if g.first_words is not None or g.anchor is not None]
    assert len(skippable) >= 0.8 * len(groups)
    assert all(g.anchor is None for g in groups if g.first_words is not None)


def test_wherever_a_rule_pattern_matches_its_anchor_matches() -> None:
    # Every group's pattern, whether or not the engine uses its anchor.
    posts = _posts()
    assert len(posts) > 1000
    anchored = 0
    for group in _every_group():
        anchor = anchor_for(group.match.pattern, group.flags)
        if anchor is None:
            continue
        anchored += 1
        for post in posts:
            if group.match.search(post):
                assert anchor.search(post), (group.match.pattern[:80], post)
    assert anchored >= 0.8 * len(_every_group())
