"""Capacity: a rule may apply only to posts written in some capacities (``capacities:``).

Undisclosed position applies to posts written personally: a post in an official
capacity speaks for its organisation, on its account or in its name. Where the
capacity is not known, every rule applies.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from checks.cli import main
from checks.engine import check_text
from checks.sphinxext import draft_engine
from tools.labelled import LabelledPost

INSIDER = (
    "Our team has finally fixed the new claims system, so payments go out on time from now on."
)


@pytest.mark.parametrize(
    ("capacity", "flagged"),
    [(None, True), ("personal", True), ("official", False)],
)
def test_undisclosed_position_applies_only_to_posts_written_personally(
    capacity: str | None, flagged: bool
) -> None:
    rules = {finding.rule for finding in check_text(INSIDER, capacity=capacity)}
    assert ("undisclosed-role" in rules) is flagged


def test_the_other_rules_apply_in_every_capacity() -> None:
    post = "Vote Labour on Thursday! Text me on 07700 900461."
    found = {c: {f.rule for f in check_text(post, capacity=c)} for c in (None, "official")}
    assert found[None] == found["official"] == {"political", "personal-details"}


def test_an_unknown_capacity_is_an_error() -> None:
    with pytest.raises(ValueError, match="'on-duty' is not a capacity"):
        check_text(INSIDER, capacity="on-duty")


@pytest.mark.parametrize(
    ("arguments", "flagged"), [([], True), (["--capacity", "official"], False)]
)
def test_the_command_line_takes_the_capacity(
    tmp_path: Path, arguments: list[str], flagged: bool
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(INSIDER, encoding="utf-8")
    out = io.StringIO()
    main([*arguments, "--format", "json", str(draft)], stdout=out)
    assert ("undisclosed-role" in out.getvalue()) is flagged


@pytest.mark.parametrize(
    ("capacity", "flagged"),
    [(None, True), ("", True), ("personal", True), ("official", False), ("unknown", True)],
)
def test_the_draft_page_passes_what_the_reader_chose(capacity: str | None, flagged: bool) -> None:
    rules = {f["rule"] for f in draft_engine.check_draft(INSIDER, capacity)["findings"]}
    assert ("undisclosed-role" in rules) is flagged


@pytest.mark.parametrize(
    ("author", "capacity"),
    [
        ("official", "official"),
        ("public-facing-reply", "official"),
        ("staff-off-duty", "personal"),
        ("staff-on-duty", None),
        ("", None),
    ],
)
def test_a_labelled_posts_author_gives_its_capacity(author: str, capacity: str | None) -> None:
    post = LabelledPost("set", "id-1", "text", frozenset(), author=author)
    assert post.capacity == capacity
