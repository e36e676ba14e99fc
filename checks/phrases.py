"""The 'phrase' kind of check: word patterns from a data file, weighed in context.

A rule's data file holds ``groups``; each group is a list of patterns that
fire (``match``) and the context that changes the verdict, all judged within
the sentence that holds the match:

- ``requires``: the sentence (or, with ``requires_anywhere``, the post) must
  also contain one of these;
- ``unless``: the sentence must not contain any of these;
- ``unless_before``: none of these in the few words just before the match
  (how "I can't promise" differs from "I promise"); ``words_before`` sets how
  many words that is (default 6);
- ``unless_after``: none of these in the rest of the sentence after the match
  (how "I promise I'll look into it" differs from "I promise you'll get it").

A file-level ``unless_all`` list is added to every group's ``unless``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from checks.anchors import anchor_for
from checks.findings import Span
from checks.patterns import RuleDataError, load_data, whole_words
from checks.text import after, before, last_words, sentence_around

# How far back "just before" reaches: enough for "I'm afraid I can't".
WORDS_BEFORE = 6


@dataclass(frozen=True)
class PhraseGroup:
    """One group of patterns from a rule's data file, compiled."""

    match: re.Pattern[str]
    requires: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    unless_before: re.Pattern[str] | None
    unless_after: re.Pattern[str] | None
    words_before: int = WORDS_BEFORE
    requires_anywhere: bool = False
    anchor: re.Pattern[str] | None = None
    """Text every match contains (``checks.anchors``): a post without it is not scanned."""

    def spans(self, text: str) -> Iterator[Span]:
        """Every match of this group that its context does not rule out.

        The sentence-wide context (``requires``, ``unless``) is judged once per
        sentence, and the post-wide ``requires`` once per post, not once per
        match: a post with thousands of matches costs no more than its length.
        """
        if self.anchor is not None and not self.anchor.search(text):
            return
        sentences: dict[Span, bool] = {}
        for found in self.match.finditer(text):
            span = Span(found.start(), found.end())
            if span.start >= span.end or is_quoted(text, span):
                continue
            sentence = sentence_around(text, span)
            if sentence not in sentences:
                sentences[sentence] = self._sentence_allows(text, sentence)
            if sentences[sentence] and self._neighbours_allow(text, span, sentence):
                yield span

    def _sentence_allows(self, text: str, sentence: Span) -> bool:
        whole = text[sentence.start : sentence.end]
        if self.requires and not (
            self._anywhere(text) if self.requires_anywhere else self.requires.search(whole)
        ):
            return False
        return not (self.unless and self.unless.search(whole))

    def _anywhere(self, text: str) -> bool:
        return _found_anywhere(self.requires, text) if self.requires else True

    def _neighbours_allow(self, text: str, span: Span, sentence: Span) -> bool:
        if self.unless_before:
            just_before = last_words(before(text, span, sentence), self.words_before)
            if self.unless_before.search(just_before):
                return False
        return not (self.unless_after and self.unless_after.search(after(text, span, sentence)))


# One post at a time: the groups of every rule ask about the post being checked.
@lru_cache(maxsize=64)
def _found_anywhere(pattern: re.Pattern[str], text: str) -> bool:
    return bool(pattern.search(text))


# Straight and curly quotation marks, double and single.
_OPENING_QUOTES = "\"'\u201c\u2018"
_CLOSING_QUOTES = "\"'\u201d\u2019"


def is_quoted(text: str, span: Span) -> bool:
    """Whether the match is exactly what a pair of quotation marks encloses.

    Putting a phrase in quotes mentions it rather than uses it: "calling someone
    a 'muppet' is not on". Longer quoted passages (a pasted document, a quoted
    speaker) are not affected, because the quotes must hug the match.
    """
    if span.start == 0 or span.end >= len(text):
        # No character on one side: nothing hugs the match. ('' is in every string,
        # so an unclosed quotation at the end of a post once hid the match.)
        return False
    return text[span.start - 1] in _OPENING_QUOTES and text[span.end] in _CLOSING_QUOTES


def _optional(group: dict[str, list[str]], key: str, name: str) -> re.Pattern[str] | None:
    patterns = list(group.get(key) or [])
    if key == "unless":
        patterns += load_data(name).get("unless_all") or []
    return whole_words(patterns, name, re.IGNORECASE) if patterns else None


@cache
def phrase_groups(name: str, key: str = "groups") -> tuple[PhraseGroup, ...]:
    """The compiled groups under ``key`` in ``checks/data/<name>.yaml``."""
    groups = []
    for index, group in enumerate(load_data(name).get(key) or []):
        flags = 0 if group.get("case_sensitive") else re.IGNORECASE
        try:
            groups.append(
                PhraseGroup(
                    match=(match := whole_words(group["match"], name, flags)),
                    requires=_optional(group, "requires", name),
                    unless=_optional(group, "unless", name),
                    unless_before=_optional(group, "unless_before", name),
                    unless_after=_optional(group, "unless_after", name),
                    words_before=int(group.get("words_before", WORDS_BEFORE)),
                    requires_anywhere=bool(group.get("requires_anywhere")),
                    # The source of the match, with the flags it was compiled under.
                    anchor=anchor_for(match.pattern, flags),
                )
            )
        except (KeyError, TypeError, re.error) as error:
            raise RuleDataError(
                f"checks/data/{name}.yaml: {key}, group {index + 1}, is malformed: {error!r}"
            ) from error
    if not groups:
        raise RuleDataError(f"checks/data/{name}.yaml: no '{key}' of patterns")
    return tuple(groups)


def phrase_spans(name: str, text: str, key: str = "groups") -> list[Span]:
    """Every span that any group under ``key`` in ``name``'s data file allows, without overlaps."""
    return list(_phrase_spans(name, text, key))


# Remembered for a few posts: discourtesy asks for the protected-marking spans that
# the protected-marking rule has just found in the same post. Few, since a post may be long.
@lru_cache(maxsize=32)
def _phrase_spans(name: str, text: str, key: str) -> tuple[Span, ...]:
    found = sorted({span for group in phrase_groups(name, key) for span in group.spans(text)})
    return tuple(drop_overlaps(found))


def drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the earliest, longest span where spans overlap."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
