"""The ``phrase`` kind: word patterns weighed in the sentence that holds them.

A rule of this kind gives ``groups``; each group is a list of patterns that
fire (``match``) and the context that changes the verdict, all judged within
the sentence that holds the match:

- ``requires``: the sentence (or, with ``requires_anywhere``, the post) must
  also contain one of these;
- ``unless``: the sentence must not contain any of these;
- ``unless_before``: none of these in the few words just before the match
  (how "I can't promise" differs from "I promise"); ``words_before`` sets how
  many words that is (default 6);
- ``unless_after``: none of these in the rest of the sentence after the match
  (how "I promise I'll look into it" differs from "I promise you'll get it");
- ``case_sensitive``: match the patterns in their own case ("SECRET", not "secret").

``macros`` name alternations that any pattern may use as ``{NAME}``, and a
rule-wide ``unless_all`` list is added to every group's ``unless``. The other
kinds that weigh phrases (``tone``, ``position``, ``figures``) use these groups too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice
from typing import NamedTuple

from checks.anchors import anchor_for
from checks.casefold import TextPattern
from checks.findings import MOST_PER_RULE, Span, drop_overlaps, span_of
from checks.first_words import first_words_of, words_in
from checks.patterns import whole_words
from checks.schema import Regex
from checks.text import after, before, cuts_only_between_words, last_words, sentence_around

# How far back "just before" reaches: enough for "I'm afraid I can't".
WORDS_BEFORE = 6

Problems = list[tuple[str, str, str]]


@dataclass(frozen=True)
class Group:
    """One group of a rule file's ``groups``, as written."""

    WHAT = "a phrase group"

    match: tuple[Regex, ...]
    requires: tuple[Regex, ...] = ()
    unless: tuple[Regex, ...] = ()
    unless_before: tuple[Regex, ...] = ()
    unless_after: tuple[Regex, ...] = ()
    words_before: int = WORDS_BEFORE
    requires_anywhere: bool = False
    case_sensitive: bool = False

    def problems(self) -> Problems:
        found = []
        if not self.match:
            found.append(("match", "is empty", "give at least one pattern that fires"))
        if self.words_before < 1:
            found.append(("words_before", "must be 1 or more", "give how many words to look back"))
        if self.requires_anywhere and not self.requires:
            found.append(
                ("requires_anywhere", "has no 'requires' to look for", "add 'requires' or drop it")
            )
        return found


@dataclass(frozen=True)
class Settings:
    """The keys of a ``phrase`` rule."""

    WHAT = "a phrase rule"

    groups: tuple[Group, ...]
    macros: Mapping[str, tuple[Regex, ...]] = field(default_factory=dict)
    unless_all: tuple[Regex, ...] = ()

    def problems(self) -> Problems:
        return [("groups", "is empty", "give at least one group")] if not self.groups else []


def build(settings: Settings) -> PhraseDetector:
    """The detector of a ``phrase`` rule."""
    return PhraseDetector(Phrases(settings.groups, settings.macros, settings.unless_all))


def alternations(macros: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Each macro as the alternation ``{NAME}`` stands for."""
    return {name: "(?:" + "|".join(alternatives) + ")" for name, alternatives in macros.items()}


class Context(NamedTuple):
    """The context patterns of a group that could match in one post (None: cannot)."""

    requires: TextPattern | None
    unless: TextPattern | None
    unless_before: TextPattern | None
    unless_after: TextPattern | None


@dataclass(frozen=True, eq=False)
class PhraseGroup:
    """One group, compiled."""

    match: TextPattern
    requires: TextPattern | None
    unless: TextPattern | None
    unless_before: TextPattern | None
    unless_after: TextPattern | None
    words_before: int = WORDS_BEFORE
    requires_anywhere: bool = False
    anchor: TextPattern | None = None
    """Text every match contains (``checks.anchors``), for a group without first words:
    a post without it is not scanned."""
    first_words: frozenset[str] | None = None
    """The words a match can begin with (``checks.first_words``): a post with none is skipped."""
    context_words: tuple[frozenset[str] | None, ...] = (None, None, None, None)
    """The first words of ``requires``, ``unless``, ``unless_before`` and ``unless_after``."""
    flags: int = 0
    """The flags ``match`` was written for (the context always ignores case)."""

    def spans(self, text: str) -> Iterator[Span]:
        """Every match of this group that its context does not rule out.

        The sentence-wide context (``requires``, ``unless``) is judged once per
        sentence, and the post-wide ``requires`` once per post, not once per
        match: a post with thousands of matches costs no more than its length.
        Context that reads the same as one already judged in this post (a
        repeated sentence, the same few words before a match) is not judged again.
        """
        words = words_in(text)
        if _absent(self.first_words, words):
            return
        if self.anchor is not None and not self.anchor.search(text):
            return
        if self.requires_anywhere and not self._anywhere(text):
            return
        context = self._context_in(text, words)
        if context is None:
            return
        if context == _NO_CONTEXT:
            # Nothing to weigh around a match: no sentence need be found for it.
            for found in self.match.finditer(text):
                start, end = found.span()
                if start < end and not _quoted(text, start, end):
                    yield span_of((start, end))
            return
        yield from self._weighed(text, context)

    def _weighed(self, text: str, context: Context) -> Iterator[Span]:
        """The matches their sentence and neighbours allow."""
        by_text: dict[str, bool] = {}
        neighbours: dict[tuple[str, str], bool] = {}
        near = context.unless_before is not None or context.unless_after is not None
        # Matches come in order, many in one sentence: the last sentence found is kept,
        # and a match inside it needs no search for its own. Kept as plain numbers: a
        # hostile post may hold hundreds of thousands of matches.
        first, last = -1, -1
        around = _NOWHERE
        allowed = False
        for found in self.match.finditer(text):
            start, end = found.span()
            if start >= end:
                continue
            if _quoted(text, start, end):
                continue
            if not (first <= start and end <= last):
                around = sentence_around(text, Span(start, end))
                whole = text[around.start : around.end]
                if whole not in by_text:
                    by_text[whole] = self._sentence_allows(whole, context)
                allowed = by_text[whole]
                # Kept only if it is the match's own sentence, not the whole post that
                # sentence_around gives a match across sentences.
                first, last = around if around.end - around.start < len(text) else (-1, -1)
            if not allowed:
                continue
            span = span_of((start, end))
            if not near or self._neighbours_allow(text, span, around, context, neighbours):
                yield span

    def _context_in(self, text: str, words: frozenset[str]) -> Context | None:
        """The context patterns that could match somewhere in ``text``; None if none can pass.

        A pattern none of whose first words is in the post cannot match in any
        sentence or window of it, as long as those hold only whole words of the post.
        """
        # What the post as a whole must hold has been judged already.
        requires = None if self.requires_anywhere else self.requires
        patterns = (requires, self.unless, self.unless_before, self.unless_after)
        if not cuts_only_between_words(text):
            return Context(*patterns)
        kept = [
            None if pattern is None or _absent(first, words) else pattern
            for pattern, first in zip(patterns, self.context_words, strict=True)
        ]
        if requires is not None and kept[0] is None:
            return None  # no sentence can hold what the group requires
        return Context(*kept)

    def _sentence_allows(self, whole: str, context: Context) -> bool:
        # The context holds a sentence's requires only where the sentence must have it
        # (_context_in leaves out one judged post-wide, and gives up where none can match).
        if context.requires and not context.requires.search(whole):
            return False
        return not (context.unless and context.unless.search(whole))

    def _anywhere(self, text: str) -> bool:
        return _found_anywhere(self.requires, text) if self.requires else True

    def _neighbours_allow(
        self,
        text: str,
        span: Span,
        sentence: Span,
        context: Context,
        judged: dict[tuple[str, str], bool],
    ) -> bool:
        if context.unless_before:
            just_before = last_words(before(text, span, sentence), self.words_before)
            if _judged(judged, ("before", just_before), context.unless_before):
                return False
        if context.unless_after:
            return not _judged(judged, ("after", after(text, span, sentence)), context.unless_after)
        return True


_NO_CONTEXT = Context(None, None, None, None)
_NOWHERE = Span(-1, -1)
"""No sentence: no match lies inside it."""


def _quoted(text: str, start: int, end: int) -> bool:
    # Most matches follow a letter or a space: told here without making a span.
    return start > 0 and text[start - 1] in _OPENING_QUOTES and is_quoted(text, Span(start, end))


def _absent(first_words: frozenset[str] | None, words: frozenset[str]) -> bool:
    """Whether a pattern with these first words cannot match in a post with ``words``."""
    return first_words is not None and first_words.isdisjoint(words)


def _judged(
    judged: dict[tuple[str, str], bool], key: tuple[str, str], pattern: TextPattern
) -> bool:
    """Whether ``pattern`` finds anything in the text of ``key``, judged once per text."""
    found = judged.get(key)
    if found is None:
        found = judged[key] = pattern.search(key[1]) is not None
    return found


# One post at a time: the groups of every rule ask about the post being checked.
@lru_cache(maxsize=64)
def _found_anywhere(pattern: TextPattern, text: str) -> bool:
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


class Phrases:
    """A rule's groups, compiled on first use, with its macros and ``unless_all``."""

    def __init__(
        self,
        groups: tuple[Group, ...],
        macros: Mapping[str, tuple[str, ...]],
        unless_all: tuple[str, ...] = (),
    ) -> None:
        self._groups, self._unless_all = groups, unless_all
        self._macros = alternations(macros)

    @cached_property
    def compiled(self) -> tuple[PhraseGroup, ...]:
        """The groups, compiled (once, on first use: listing rules compiles nothing)."""
        return tuple(self._compile(group) for group in self._groups)

    def _compile(self, group: Group) -> PhraseGroup:
        flags = 0 if group.case_sensitive else re.IGNORECASE
        match = whole_words(group.match, self._macros, flags)
        requires = self._optional(group.requires)
        unless = self._optional((*group.unless, *self._unless_all))
        unless_before = self._optional(group.unless_before)
        unless_after = self._optional(group.unless_after)
        first_words = first_words_of(match.pattern, flags)
        return PhraseGroup(
            match=match,
            requires=requires,
            unless=unless,
            unless_before=unless_before,
            unless_after=unless_after,
            words_before=group.words_before,
            requires_anywhere=group.requires_anywhere,
            # The source of the match, with the flags it was compiled under.
            # A post without any first word is skipped by a set test in C, which costs
            # far less than the anchor's scan: the anchor is kept for the other groups.
            anchor=None if first_words is not None else anchor_for(match.pattern, flags),
            first_words=first_words,
            flags=flags,
            context_words=tuple(
                None if pattern is None else first_words_of(pattern.pattern, re.IGNORECASE)
                for pattern in (requires, unless, unless_before, unless_after)
            ),
        )

    def _optional(self, patterns: tuple[str, ...]) -> TextPattern | None:
        return whole_words(patterns, self._macros, re.IGNORECASE) if patterns else None

    def spans(self, text: str) -> list[Span]:
        """Every span that any group allows, without overlaps."""
        return list(_spans(self, text))


# Remembered for a few posts: the tone kind asks for the spans of the markings rule,
# which that rule has just found in the same post. Few, since a post may be long.
@lru_cache(maxsize=32)
def _spans(phrases: Phrases, text: str) -> tuple[Span, ...]:
    # Each group stops looking once it has as many as the rule may report: its
    # matches come in order, so what it leaves out lies after all it found.
    found = [
        spans
        for group in phrases.compiled
        if (spans := list(islice(group.spans(text), MOST_PER_RULE)))
    ]
    if len(found) == 1:
        # One group's matches are already in order and never overlap.
        return tuple(found[0])
    return tuple(drop_overlaps({span for spans in found for span in spans}))


class PhraseDetector:
    """A rule's groups as its detector."""

    def __init__(self, phrases: Phrases) -> None:
        self.phrases = phrases

    @property
    def groups(self) -> tuple[PhraseGroup, ...]:
        """Every compiled group the detector weighs (the anchors' tests read them)."""
        return self.phrases.compiled

    def __call__(self, text: str) -> list[Span]:
        return self.phrases.spans(text)
