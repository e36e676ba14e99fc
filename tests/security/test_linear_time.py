"""Hostile drafts cannot hang the checks: every rule runs in time linear in a post's length.

Guards the bounded matching of the rule engine: sentences split once and capped
in length (``checks.text``), context judged once per sentence and within bounded
windows (``checks.kinds.phrase``), patterns without nested or unbounded repetition
(``checks/rules/*.yaml``), and phone numbers looked for only in short digit runs
(``checks.phone_numbers``), e-mail local parts that start only where a
run of their characters starts (``checks/rules/personal-details.yaml``), sort
codes paired with account numbers by bisection (``checks.kinds.identifiers``),
at most ``MOST_PER_RULE`` findings of a rule (``checks.findings``: a phrase
group stops looking there), and anchors that spare a post the full pattern of a
source or a role cue whose words it lacks (``checks.anchors``).
Undo any of them and an input below takes far longer than its limit. The
limits are generous: these tests catch super-linear behaviour, they are not
benchmarks.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from checks.engine import check_text

MEGABYTE = 1024 * 1024
LIMIT_SECONDS = 2.0

# A post that breaks many rules at once, so that every rule has matches to weigh.
REALISTIC = (
    "Our team has finally fixed the new claims system, and I promise your claim will be "
    "paid in full. Text me on 07700 900461 or mail jo.bloggs73@example.com. Claims rose by "
    "40% last year and the scheme cost £40 million. Vote Labour on Thursday! What a stupid "
    "question. READ THE GUIDANCE BEFORE ASKING. Off the record, the office is closing.\n"
)

# Each hostile input as a repeated unit.
UNITS = {
    "repeated words": "word ",
    "A A A": "A ",
    "capitals": "PLEASE STOP ",
    "phone-like groups": "07700 ",
    "zeros": "0 ",
    "digit runs": "1234567890 ",
    "international groups": "+44 7700 900 ",
    "digits without spaces": "0",
    "hyphenated digits": "0-",
    "plus signs": "+",
    "a list of numbers": "07700 900461 ",
    "sort codes and accounts": "12-34-56 12345678 ",
    "open brackets": "(",
    "bracketed letters": "(a)",
    "no spaces": "x",
    "apostrophes in a word": "x'",
    "at signs": "a@",
    "full stops": ". ",
    "newlines": "\n",
    "promises": "I promise ",
    "organisation words": "nhs trust council ",
    "capitalised names": "Aa Bb ",
    "insider phrases": "our team has fixed the system we ",
    "money": "£1 ",
    "realistic post": REALISTIC,
}


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def mix(size: int) -> str:
    """Stretches of every unit in turn, so that no single pattern has the input to itself."""
    stretch = "".join(repeated(unit, 4096) + "\n" for unit in UNITS.values())
    return repeated(stretch, size)


def _repeating(unit: str) -> Callable[[int], str]:
    return lambda size: repeated(unit, size)


INPUTS: dict[str, Callable[[int], str]] = {
    **{name: _repeating(unit) for name, unit in UNITS.items()},
    "mix": mix,
}


def judged_in(text: str) -> float:
    """Seconds of processor time the whole engine takes over ``text``.

    Processor time, not the clock: the engine runs on one core, and other work on a
    shared machine must not count against it.
    """
    started = time.process_time()
    check_text(text)
    return time.process_time() - started


def fastest_of_two(text: str) -> float:
    """The time of a run, with one retry in case the machine was busy.

    The retry judges a slightly different text: the engine remembers recent posts,
    and a retry of the same text would be timed from that memory.
    """
    first = judged_in(text)
    return first if first < LIMIT_SECONDS else min(first, judged_in(text + " "))


HANG_LIMIT_SECONDS = 10.0
"""No input may take longer than this per megabyte: before this work, 100 KB took minutes."""


@pytest.mark.parametrize("name", list(INPUTS))
def test_a_megabyte_of_hostile_text_is_judged_in_time(name: str) -> None:
    seconds = fastest_of_two(INPUTS[name](MEGABYTE))
    assert seconds < HANG_LIMIT_SECONDS, f"{name}: {seconds:.2f} s for 1 MB: it hangs"
    assert seconds < LIMIT_SECONDS, f"{name}: {seconds:.2f} s for 1 MB"


@pytest.mark.parametrize("name", ["A A A", "repeated words", "realistic post", "mix"])
def test_twice_the_text_takes_about_twice_the_time(name: str) -> None:
    # Quadratic work shows as a ratio near 4; linear work near 2.
    small = min(judged_in(INPUTS[name](MEGABYTE // 4) + " " * n) for n in range(2))
    large = min(judged_in(INPUTS[name](MEGABYTE // 2) + " " * n) for n in range(2))
    assert large / small < 3, f"{name}: {small:.3f} s for 256 KB, {large:.3f} s for 512 KB"
