"""Small text helpers shared by the rules: sentences, clauses and word windows."""

from __future__ import annotations

import re
from functools import lru_cache

from checks.findings import Span

# A sentence ends at . ! or ? followed by space, or at a line break: posts
# often put one thought per line with no full stop.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


# Bounded: a long-running preview checks many texts, and each is split only once
# however many rules ask.
@lru_cache(maxsize=1024)
def sentence_spans(text: str) -> tuple[Span, ...]:
    """The spans of the sentences in ``text``, in order."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append(Span(start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return tuple(spans)


def sentence_around(text: str, span: Span) -> Span:
    """The sentence that contains ``span`` (or the whole text, if it crosses sentences)."""
    for sentence in sentence_spans(text):
        if sentence.start <= span.start and span.end <= sentence.end:
            return sentence
    return Span(0, len(text))


def paragraph_around(text: str, span: Span) -> Span:
    """The paragraph (text between blank lines) that contains ``span``."""
    start = text.rfind("\n\n", 0, span.start)
    end = text.find("\n\n", span.end)
    return Span(0 if start < 0 else start + 2, len(text) if end < 0 else end)


def before(text: str, span: Span, sentence: Span) -> str:
    """The part of the sentence before the span."""
    return text[sentence.start : span.start]


def after(text: str, span: Span, sentence: Span) -> str:
    """The part of the sentence after the span."""
    return text[span.end : sentence.end]


def last_words(fragment: str, count: int) -> str:
    """The last ``count`` words of ``fragment``, for looking just behind a match."""
    return " ".join(fragment.split()[-count:])
