"""Small text helpers shared by the rules: sentences, paragraphs and bounded context windows.

Drafts are untrusted and may be long, so every helper here costs time linear
in the post overall: a post is split into sentences and paragraphs once, a
match finds its own by bisection, and the context around a match is a window
of bounded length, however long the sentence it sits in.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from checks.findings import Span

# A sentence ends at . ! or ? followed by space, or at a line break: posts
# often put one thought per line with no full stop.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# Every place a blank line starts ("\n\n", overlapping runs included).
_PARAGRAPH_BREAK = re.compile(r"(?=\n\n)")

SENTENCE_LIMIT = 1000
"""The longest "sentence", in characters: longer runs are cut at a space (or hard).

Real sentences are far shorter; the cap bounds what a rule weighs as one
sentence's context when a hostile draft has no full stops at all.
"""
WINDOW = 300
"""How far, in characters, the context just before or after a match reaches."""
_CACHED_TEXTS = 32
"""Posts whose splits are remembered: enough for every rule to share one post's split."""


@lru_cache(maxsize=_CACHED_TEXTS)
def sentence_spans(text: str) -> tuple[Span, ...]:
    """The spans of the sentences in ``text``, in order, none longer than SENTENCE_LIMIT."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.extend(_capped(text, start, match.start()))
        start = match.end()
    if start < len(text):
        spans.extend(_capped(text, start, len(text)))
    return tuple(spans)


def _capped(text: str, start: int, end: int) -> list[Span]:
    """The sentence ``[start, end)`` cut into pieces of at most SENTENCE_LIMIT characters."""
    pieces = []
    while end - start > SENTENCE_LIMIT:
        space = text.rfind(" ", start + SENTENCE_LIMIT // 2, start + SENTENCE_LIMIT)
        cut = space if space >= 0 else start + SENTENCE_LIMIT
        pieces.append(Span(start, cut))
        start = cut + 1 if space >= 0 else cut
    pieces.append(Span(start, end))
    return pieces


# A run of characters without a space or tab as long as this could be cut inside a
# word by a sentence's cap or a context window. It starts where a run starts, so the
# search reads each character once.
_LONG_RUN = re.compile(rf"(?<![ \t])[^ \t]{{{WINDOW // 2}}}")


@lru_cache(maxsize=_CACHED_TEXTS)
def cuts_only_between_words(text: str) -> bool:
    """Whether every sentence and context window of ``text`` starts and ends between words.

    True when no run of ``WINDOW // 2`` characters lacks a space: then no sentence
    is cut hard (that needs ``SENTENCE_LIMIT // 2`` without a space) and every
    window of :func:`before` and :func:`after` finds a space to cut at. So every
    word of a sentence or window is a whole word of the post.
    """
    return _LONG_RUN.search(text) is None


@lru_cache(maxsize=_CACHED_TEXTS)
def _sentence_starts(text: str) -> tuple[int, ...]:
    return tuple(sentence.start for sentence in sentence_spans(text))


def sentence_around(text: str, span: Span) -> Span:
    """The sentence that contains ``span`` (or the whole text, if it crosses sentences)."""
    index = bisect.bisect_right(_sentence_starts(text), span.start) - 1
    if index >= 0:
        sentence = sentence_spans(text)[index]
        if span.end <= sentence.end:
            return sentence
    return Span(0, len(text))


@lru_cache(maxsize=_CACHED_TEXTS)
def _paragraph_breaks(text: str) -> tuple[int, ...]:
    return tuple(match.start() for match in _PARAGRAPH_BREAK.finditer(text))


def paragraph_around(text: str, span: Span) -> Span:
    """The paragraph (text between blank lines) that contains ``span``."""
    breaks = _paragraph_breaks(text)
    # The last blank line wholly before the span, and the first that starts after it.
    before_index = bisect.bisect_right(breaks, span.start - 2) - 1
    after_index = bisect.bisect_left(breaks, span.end)
    start = breaks[before_index] + 2 if before_index >= 0 else 0
    end = breaks[after_index] if after_index < len(breaks) else len(text)
    return Span(start, end)


def before(text: str, span: Span, sentence: Span) -> str:
    """The part of the sentence before the span, at most WINDOW characters, whole words."""
    start = max(sentence.start, span.start - WINDOW)
    fragment = text[start : span.start]
    if start > sentence.start:
        # Cut short: drop the word the window begins inside of.
        space = re.search(r"\s", fragment)
        fragment = fragment[space.start() :] if space else fragment
    return fragment


def after(text: str, span: Span, sentence: Span) -> str:
    """The part of the sentence after the span, at most WINDOW characters, whole words."""
    end = min(sentence.end, span.end + WINDOW)
    fragment = text[span.end : end]
    if end < sentence.end:
        # Cut short: drop the word the window ends inside of.
        space = max(fragment.rfind(" "), fragment.rfind("\t"))
        fragment = fragment[:space] if space >= 0 else fragment
    return fragment


def last_words(fragment: str, count: int) -> str:
    """The last ``count`` words of ``fragment``, for looking just behind a match."""
    return " ".join(fragment.split()[-count:])
