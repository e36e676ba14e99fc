"""Runs of capitals (``checks.kinds.tone``): found by one pattern, as reading word by word does.

The discourtesy rule weighs runs of capitalised words ("PLEASE STOP ASKING").
A run is found in C, for speed on long posts; it must be exactly the run that
reading the words one by one, and joining those with only light gaps, gives.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from checks.kinds.tone import _CAPITAL_WORD, _capital_runs

_LIGHT_GAP = re.compile(r"[\s,!?'\"-]*")

Run = tuple[tuple[int, int], list[str]]


def word_by_word(text: str) -> Iterator[Run]:
    """The runs as the words, read one at a time, give them."""
    run: list[re.Match[str]] = []
    for word in _CAPITAL_WORD.finditer(text):
        if run and not _LIGHT_GAP.fullmatch(text, run[-1].end(), word.start()):
            yield (run[0].start(), run[-1].end()), [w.group() for w in run]
            run = []
        run.append(word)
    if run:
        yield (run[0].start(), run[-1].end()), [w.group() for w in run]


def runs(text: str) -> list[Run]:
    return [((span.start, span.end), words) for span, words in _capital_runs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLEASE STOP ASKING", [((0, 18), ["PLEASE", "STOP", "ASKING"])]),
        ("DON'T, I SAID - NO!", [((0, 18), ["DON'T", "I", "SAID", "NO"])]),
        ("STOP it NOW", [((0, 4), ["STOP"]), ((8, 11), ["NOW"])]),
        ("I'M here", [((0, 1), ["I"])]),
        ("A\nB CD", [((0, 1), ["A"]), ((4, 6), ["CD"])]),
        ("ABc and x", []),
    ],
)
def test_runs_of_capitals(text: str, expected: list[Run]) -> None:
    assert runs(text) == expected


def test_runs_are_what_reading_word_by_word_gives() -> None:
    pieces = ["A", "I", "AB", "STOP", "'", " ", ",", "-", "x", "\n", "DON'T", "I'M", "Ab", "!"]
    pieces += ['"', "ÉTÉ", "1", "\t"]
    rng = random.Random(2026)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert runs(text) == list(word_by_word(text)), text
