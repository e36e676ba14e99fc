"""Findings: what a rule matched, where, and why it matters."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple, cast

MOST_PER_RULE = 200
"""The most findings one rule reports in one post: the earliest ones.

No real post comes near it (the most in any example or labelled post is a
handful), and a reader could not act on more. A hostile draft can hold hundreds
of thousands of matches: past this number the engine stops looking for more of
that rule, which bounds both its time and the memory its findings take.
"""


class Span(NamedTuple):
    """A half-open range ``[start, end)`` of character offsets in a post.

    A named tuple rather than a dataclass: a hostile draft may hold hundreds of
    thousands of matches, and tuples are made, hashed and sorted in C.
    """

    start: int
    end: int


class Finding(NamedTuple):
    """One match of one rule in a post's text.

    A named tuple, like :class:`Span`: a hostile draft may hold hundreds of
    thousands of findings.
    """

    rule: str
    span: Span
    text: str
    message: str

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


span_of = cast(Callable[[tuple[int, int]], Span], partial(tuple.__new__, Span))
"""The span of a ``(start, end)`` pair, such as ``re.Match.span()`` gives, made in C.

``Span(start, end)`` goes through a Python ``__new__``: a second a million spans.
"""


finding_of = cast(Callable[[tuple[str, Span, str, str]], Finding], partial(tuple.__new__, Finding))
"""A finding from its ``(rule, span, text, message)``, made in C, as :data:`span_of`."""


@dataclass(frozen=True)
class Position:
    """A 1-based line and column, as editors and compilers count them."""

    line: int
    column: int


class LineIndex:
    """Turns character offsets in a text into file positions.

    ``first_line`` is the file line the text starts on, so that findings in
    the body of an example file keep the line numbers of the file itself.
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self._first_line = first_line

    def position(self, offset: int) -> Position:
        """The position of the character at ``offset``."""
        row = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(self._first_line + row, offset - self._line_starts[row] + 1)

    def line(self, offset: int) -> int:
        return self.position(offset).line


def rules_at_limit(findings: Iterable[Finding]) -> list[str]:
    """The rules with :data:`MOST_PER_RULE` findings: the post may hold more than are listed."""
    counts = Counter(finding.rule for finding in findings)
    return [rule for rule, count in counts.items() if count >= MOST_PER_RULE]


def drop_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep the earliest, longest span where spans overlap."""
    kept: list[Span] = []
    # In plain tuple order (sorted in C), the spans that start together come shortest
    # first: each longer one replaces the one kept before it.
    for span in sorted(spans):
        if kept and span.start == kept[-1].start:
            kept[-1] = span
        elif not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
