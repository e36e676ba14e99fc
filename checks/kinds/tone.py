"""The ``tone`` kind: insults, contempt and profanity (phrase groups), and shouting.

Shouting is a run of words in capitals that are not acronyms, organisations,
security markings or quotations; the rule file sets how long a run must be.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from checks.findings import Span, drop_overlaps
from checks.kinds.phrase import Group, PhraseGroup, Phrases
from checks.patterns import word_list
from checks.schema import Regex


@dataclass(frozen=True)
class Shouting:
    """When capitals are shouting: the ``shouting`` key of a ``tone`` rule."""

    WHAT = "the shouting settings"

    min_words: int
    """A run of at least this many shouted words..."""
    min_letters: int
    """...with at least this many letters between them is shouting on its own."""
    min_scattered_words: int
    """Or a post with this many emphatic words in capitals, scattered ("PLEASE ... OUT")..."""
    min_scattered_letters: int
    """...shouts in each run of at least this many letters."""
    min_emphatic_letters: int
    """A word in capitals this long is emphatic: shorter ones (QQ, ID, OK) are often codes."""

    def problems(self) -> list[tuple[str, str, str]]:
        return [
            (key, "must be 1 or more", "give a count such as 3")
            for key, value in vars(self).items()
            if value < 1
        ]


@dataclass(frozen=True)
class Settings:
    """The keys of a ``tone`` rule."""

    WHAT = "a tone rule"

    groups: tuple[Group, ...]
    shouting: Shouting
    acronyms: tuple[str, ...]
    """Capitals that are names, not shouting (organisations' abbreviations are added)."""
    markings: str
    """The rule whose findings are security markings: capitals on their line are not shouting."""
    macros: Mapping[str, tuple[Regex, ...]] = field(default_factory=dict)
    unless_all: tuple[Regex, ...] = ()

    def rule_references(self) -> dict[str, str]:
        """Other rules this one reads, by key: the catalogue checks they exist."""
        return {"markings": self.markings}


def build(settings: Settings) -> Callable[[str], list[Span]]:
    """The detector of a ``tone`` rule."""
    return _Tone(settings)


class _Tone:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.phrases = Phrases(settings.groups, settings.macros, settings.unless_all)

    @property
    def groups(self) -> tuple[PhraseGroup, ...]:
        return self.phrases.compiled

    def __call__(self, text: str) -> list[Span]:
        """Spans of insults, contempt and profanity, and of runs of shouted words."""
        return drop_overlaps(sorted([*self.phrases.spans(text), *self._shouting(text)]))

    def _shouting(self, text: str) -> Iterator[Span]:
        """Runs of words in capitals that are not acronyms, markings or quotations.

        A long run is shouting on its own; short runs are shouting when the post
        scatters enough of them ("PLEASE sort this OUT ... AGAIN").
        """
        # Imported here: the catalogue builds this detector.
        from checks.catalogue import catalogue

        settings = self.settings.shouting
        context = _LineContext(text, catalogue()[self.settings.markings].detect(text))
        not_shouting = self._not_shouting
        runs = []
        for span, words in _capital_runs(text):
            if context.quoted_or_marked(span.start) or context.heading(span):
                continue
            shouted = [w for w in words if len(w) > 1 and w not in not_shouting]
            if shouted:
                runs.append((span, shouted))
        emphatic = sum(len(w) >= settings.min_emphatic_letters for _, words in runs for w in words)
        scattered = emphatic >= settings.min_scattered_words
        for span, words in runs:
            letters = sum(map(len, words))
            long_run = len(words) >= settings.min_words and letters >= settings.min_letters
            if long_run or (scattered and letters >= settings.min_scattered_letters):
                yield span

    @cached_property
    def _not_shouting(self) -> frozenset[str]:
        """Acronyms, organisations and markings: capitals that are not raised voices."""
        return frozenset([*self.settings.acronyms, *word_list("organisations", "abbreviations")])


# A word in capitals: two or more capital letters, perhaps with an apostrophe.
_CAPITAL_WORD = re.compile(r"\b[A-Z]{2,}(?:'[A-Z]+)?\b|\bI\b|\bA\b")
# What may stand between the words of one run of capitals.
_LIGHT_GAP = r"[\s,!?'\"-]*"
# A run of them: each word taken as the word pattern takes it, and only light gaps
# between (the gap and a word share no character but the apostrophe, which a word
# takes only between capitals, so the pattern cannot backtrack far).
_CAPITAL_RUN = re.compile(
    rf"(?:{_CAPITAL_WORD.pattern})(?:{_LIGHT_GAP}(?:{_CAPITAL_WORD.pattern}))*"
)


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
        self._text = text

    def quoted_or_marked(self, start: int) -> bool:
        """Capitals inside quotation marks (a quoted headline), or on a line that carries a
        security marking ("RESTRICTED - STAFF IN CONFIDENCE"), are not the author shouting."""
        line_start, line_end = self._line_of(start)
        if _count(self._markings, line_start, line_end) > 0:
            return True
        straight, opening, closing = (_count(q, line_start, start) for q in self._quotes.values())
        return straight % 2 == 1 or opening > closing

    def _line_of(self, offset: int) -> tuple[int, int]:
        """Where the line that holds ``offset`` starts and ends, by bisection."""
        index = bisect.bisect_left(self._newlines, offset)
        line_start = self._newlines[index - 1] + 1 if index > 0 else 0
        line_end = self._newlines[index] if index < len(self._newlines) else self._length
        return line_start, line_end

    def heading(self, span: Span) -> bool:
        """Capitals that are a heading or a label, not a raised voice.

        A heading fills its line (an emoji or a mark beside it at most, and no full
        stop) and text in ordinary letters follows on a later line: "ROGUE TRADER
        JAILED", a pasted article's title. A label starts its line and ends in a colon:
        "OPEN DAY: a huge thank you". Only a few characters around the run are read, so a
        long line of capitals costs no more than its length.
        """
        line_start, line_end = self._line_of(span.start)
        if span.start - line_start > _BESIDE or _WORD.search(self._text, line_start, span.start):
            return False
        if _LABEL_END.match(self._text, span.end):
            return True
        return (
            line_end - span.end <= _BESIDE
            and not _WORD_OR_STOP.search(self._text, span.end, line_end)
            and self._last_small_letter > line_end
        )

    @cached_property
    def _last_small_letter(self) -> int:
        # Found once a post, and only for a post with a run of capitals that fills its line.
        found = _LAST_SMALL_LETTER.search(self._text)
        return found.start() if found else -1


_BESIDE = 6
"""How many characters (an emoji, its variation selector, a space, marks) may stand beside
a heading on its line."""
_WORD = re.compile(r"\w")
_WORD_OR_STOP = re.compile(r"[\w.]")
_LABEL_END = re.compile(r" ?:(?!\d)")
_LAST_SMALL_LETTER = re.compile(r"[a-z](?=[^a-z]*\Z)")


def _positions(text: str, char: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(char), text)]


def _count(positions: list[int], start: int, end: int) -> int:
    """How many of the sorted ``positions`` lie in ``[start, end)``."""
    return bisect.bisect_left(positions, end) - bisect.bisect_left(positions, start)


def _capital_runs(text: str) -> Iterator[tuple[Span, list[str]]]:
    """Consecutive capitalised words, separated only by spaces and light punctuation.

    Each run is found by one pattern and its words by another, both in C: a post
    may hold a megabyte of capitals, and a loop over its words in Python is slow.
    """
    for run in _CAPITAL_RUN.finditer(text):
        yield Span(*run.span()), _CAPITAL_WORD.findall(text, run.start(), run.end())
