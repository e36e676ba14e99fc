"""Findings: what a rule matched, where, and why it matters."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in a post."""

    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One match of one rule in a post's text."""

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


def drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the earliest, longest span where spans overlap."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
