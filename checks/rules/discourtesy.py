"""discourtesy: insults, contempt, profanity and shouting.

Clause: "Be cordial, honest and professional at all times."
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

from checks.findings import Span
from checks.patterns import load_data, word_list
from checks.phrases import drop_overlaps, phrase_spans

DATA = "discourtesy"

# A word in capitals: two or more capital letters, perhaps with an apostrophe.
_CAPITAL_WORD = re.compile(r"\b[A-Z]{2,}(?:'[A-Z]+)?\b|\bI\b|\bA\b")
# What may stand between the words of one run of capitals.
_LIGHT_GAP = re.compile(r"[\s,!?'\"-]*")


def detect(text: str) -> list[Span]:
    """Spans of insults, contempt and profanity, and of runs of shouted words."""
    return drop_overlaps(sorted([*phrase_spans(DATA, text), *_shouting(text)]))


def _shouting(text: str) -> Iterator[Span]:
    """Runs of words in capitals that are not acronyms, markings or quotations.

    A long run is shouting on its own; short runs are shouting when the post
    scatters enough of them ("PLEASE sort this OUT ... AGAIN").
    """
    settings = load_data(DATA)["shouting"]
    context = _LineContext(text, phrase_spans("protected-marking", text))
    runs = []
    for run in _capital_runs(text):
        if context.quoted_or_marked(run[0].start()):
            continue
        shouted = [
            w.group() for w in run if len(w.group()) > 1 and w.group() not in _not_shouting()
        ]
        if shouted:
            runs.append((Span(run[0].start(), run[-1].end()), shouted))
    # Two-letter capitals (QQ, ID, OK) are too often codes to count as raised voices.
    emphatic = sum(len(w) >= 3 for _, words in runs for w in words)
    scattered = emphatic >= settings["min_scattered_words"]
    for span, words in runs:
        long_run = (
            len(words) >= settings["min_words"] and sum(map(len, words)) >= settings["min_letters"]
        )
        if long_run or (scattered and sum(map(len, words)) >= 3):
            yield span


class _LineContext:
    """Where a post's lines, quotation marks and security markings are, found once.

    A post may hold thousands of capital runs on one long line: each asks about
    its line by bisection instead of reading the line again.
    """

    def __init__(self, text: str, markings: list[Span]) -> None:
        self._length = len(text)
        self._newlines = _positions(text, "\n")
        self._markings = sorted(m.start for m in markings)
        self._quotes = {mark: _positions(text, mark) for mark in ('"', "\u201c", "\u201d")}

    def quoted_or_marked(self, start: int) -> bool:
        """Capitals inside quotation marks (a quoted headline), or on a line that carries a
        security marking ("RESTRICTED - STAFF IN CONFIDENCE"), are not the author shouting."""
        index = bisect.bisect_left(self._newlines, start)
        line_start = self._newlines[index - 1] + 1 if index > 0 else 0
        line_end = self._newlines[index] if index < len(self._newlines) else self._length
        if _count(self._markings, line_start, line_end) > 0:
            return True
        straight, opening, closing = (_count(q, line_start, start) for q in self._quotes.values())
        return straight % 2 == 1 or opening > closing


def _positions(text: str, char: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(char), text)]


def _count(positions: list[int], start: int, end: int) -> int:
    """How many of the sorted ``positions`` lie in ``[start, end)``."""
    return bisect.bisect_left(positions, end) - bisect.bisect_left(positions, start)


def _capital_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Consecutive capitalised words, separated only by spaces and light punctuation."""
    run: list[re.Match[str]] = []
    for word in _CAPITAL_WORD.finditer(text):
        # Matched in place (no slice, no pattern cache look-up): a post may hold a
        # megabyte of capitals, and this runs once for every one of its words.
        if run and not _LIGHT_GAP.fullmatch(text, run[-1].end(), word.start()):
            yield run
            run = []
        run.append(word)
    if run:
        yield run


@cache
def _not_shouting() -> frozenset[str]:
    """Acronyms, organisations and markings: capitals that are not raised voices."""
    return frozenset([*word_list(DATA, "acronyms"), *word_list("organisations", "abbreviations")])
