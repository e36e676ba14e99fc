"""First words: the words a match can begin with (``checks.first_words``).

The engine skips a group, or one of its context patterns, in a post that holds
none of its first words. A list must never miss a word a match can begin with:
wherever the pattern matches, the post holds one of its first words.
"""

from __future__ import annotations

import re

import pytest

from checks.casefold import TextPattern
from checks.first_words import first_words_of, words_in
from checks.kinds.phrase import PhraseGroup
from checks.text import cuts_only_between_words
from tests.test_anchors import _every_group, _posts

# (pattern, flags, the first words)
LISTED = [
    (r"I promise|we guarantee", re.IGNORECASE, {"i", "we"}),
    (r"(?:a |the )?leak(?:ed)? memo", re.IGNORECASE, {"a", "the", "leak", "leaked"}),
    # A pattern that keeps its case is listed folded all the same.
    (r"Labour|(?i:vote) for", 0, {"labour", "vote"}),
    # A mark before the first word: the word after it.
    (r"'ll be paid|pays? out", re.IGNORECASE, {"ll", "pay", "pays"}),
    (r"(?:we|they) (?:will|shall)", re.IGNORECASE, {"we", "they"}),
    (r"\bKİRK\b", re.IGNORECASE, {"kirk"}),
    # A repeat that opens with a space or mark ends the first word, or is skipped.
    (r"according\s+to", re.IGNORECASE, {"according"}),
    (r"foo\s*bar", re.IGNORECASE, {"foo", "foobar"}),
    (r"ab(?: cd)*|x[.!]+y", re.IGNORECASE, {"ab", "x"}),
    (r"(?:' )*hello", re.IGNORECASE, {"hello"}),
]

# Patterns whose first words cannot be listed: they always run.
NOT_LISTED = [
    (r"\d+%", 0),  # any number of digits
    (r"\w+ly", re.IGNORECASE),  # any word
    (r"[a-z]+ment", re.IGNORECASE),
    (r"(?:very )*good", re.IGNORECASE),  # a repeat
    (r"£?\d", 0),
    # Marks, then letters, repeated before the first word: the word could be "shello".
    (r"(?:'s)*hello", re.IGNORECASE),
]


@pytest.mark.parametrize(("pattern", "flags", "words"), LISTED)
def test_first_words_are_listed_folded(pattern: str, flags: int, words: set[str]) -> None:
    assert first_words_of(pattern, flags) == words


@pytest.mark.parametrize(("pattern", "flags"), NOT_LISTED)
def test_first_words_that_cannot_be_listed_give_none(pattern: str, flags: int) -> None:
    assert first_words_of(pattern, flags) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I PROMISE you'll be paid", {"i", "promise", "you", "ll", "be", "paid"}),
        ("ĞÜL İzmir", {"ğül", "izmir"}),
        ("", set()),
    ],
)
def test_the_words_of_a_post_are_folded(text: str, words: set[str]) -> None:
    assert words_in(text) == words


def _patterns(group: PhraseGroup) -> list[tuple[TextPattern, int]]:
    """Each pattern of the group with the flags it was written for."""
    found = [(group.match, group.flags)]
    for pattern in (group.requires, group.unless, group.unless_before, group.unless_after):
        if pattern is not None:
            found.append((pattern, re.IGNORECASE))
    return found


def test_wherever_a_rule_pattern_matches_the_post_holds_a_first_word() -> None:
    posts = _posts()
    assert len(posts) > 1000
    listed = 0
    for group in _every_group():
        for pattern, flags in _patterns(group):
            first = first_words_of(pattern.pattern, flags)
            if first is None:
                continue
            listed += 1
            for post in posts:
                if pattern.search(post):
                    assert not first.isdisjoint(words_in(post)), (pattern.pattern[:80], post)
    assert listed >= 40


@pytest.mark.parametrize(
    ("text", "between_words"),
    [
        ("Short words, spaced out. " * 100, True),
        ("word\tword " * 1000, True),
        # A run of 150 characters with no space could be cut inside a word.
        ("x" * 149 + " ok", True),
        ("x" * 150 + " ok", False),
        ("ok " + "y" * 400, False),
        # Lines without spaces: newlines do not count, since windows cut only at spaces.
        ("word\n" * 40, False),
    ],
)
def test_a_post_is_cut_only_between_words_without_long_unspaced_runs(
    text: str, between_words: bool
) -> None:
    assert cuts_only_between_words(text) is between_words


def test_skipping_context_without_its_first_words_changes_no_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same posts judged with every context pattern run, as for a post whose long
    # unspaced runs could be cut inside a word, must give the same findings.
    from checks import engine
    from checks.kinds import phrase

    posts = _posts()[::7]
    texts = [*posts, " ".join(posts[:200]), "\n".join(posts[200:400])]
    fast = [engine.check_text(text, learned=False) for text in texts]
    monkeypatch.setattr(phrase, "cuts_only_between_words", lambda text: False)
    slow = [engine.check_text(text + " ", learned=False) for text in texts]
    assert [[(f.rule, f.span) for f in found] for found in fast] == [
        [(f.rule, f.span) for f in found] for found in slow
    ]
    assert sum(map(len, fast)) > 500
