"""discourtesy: insults, contempt, profanity and shouting.

Clause: "Be cordial, honest and professional at all times."
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from checks.findings import Span
from checks.patterns import load_data, word_list
from checks.phrases import drop_overlaps, phrase_spans

DATA = "discourtesy"

# A word in capitals: two or more capital letters, perhaps with an apostrophe.
_CAPITAL_WORD = re.compile(r"\b[A-Z]{2,}(?:'[A-Z]+)?\b|\bI\b|\bA\b")


def detect(text: str) -> list[Span]:
    """Spans of insults, contempt and profanity, and of runs of shouted words."""
    return drop_overlaps(sorted([*phrase_spans(DATA, text), *_shouting(text)]))


def _shouting(text: str) -> Iterator[Span]:
    """Runs of words in capitals that are not acronyms, markings or quotations.

    A long run is shouting on its own; short runs are shouting when the post
    scatters enough of them ("PLEASE sort this OUT ... AGAIN").
    """
    settings = load_data(DATA)["shouting"]
    markings = phrase_spans("protected-marking", text)
    runs = []
    for run in _capital_runs(text):
        if _is_quoted_or_marked(text, run[0].start(), markings):
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


def _is_quoted_or_marked(text: str, start: int, markings: list[Span]) -> bool:
    """Capitals inside quotation marks (a quoted headline), or on a line that carries a
    security marking ("RESTRICTED - STAFF IN CONFIDENCE"), are not the author shouting."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    if any(line_start <= m.start < line_end for m in markings):
        return True
    before = text[line_start:start]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


def _capital_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Consecutive capitalised words, separated only by spaces and light punctuation."""
    run: list[re.Match[str]] = []
    for word in _CAPITAL_WORD.finditer(text):
        if run and not re.fullmatch(r"[\s,!?'\"-]*", text[run[-1].end() : word.start()]):
            yield run
            run = []
        run.append(word)
    if run:
        yield run


@cache
def _not_shouting() -> frozenset[str]:
    """Acronyms, organisations and markings: capitals that are not raised voices."""
    return frozenset([*word_list(DATA, "acronyms"), *word_list("organisations", "abbreviations")])
