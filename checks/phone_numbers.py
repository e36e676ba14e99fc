"""Phone numbers in a post, found by phonenumbers in short windows rather than the whole text.

``phonenumbers.PhoneNumberMatcher`` over a whole post is slow on digit-heavy text:
on ``07700 07700 ...`` every five-digit match makes it parse the next 125
characters again. So the matcher only ever sees short windows:

* a *chain* is digits joined by at most four punctuation characters, exactly
  what the matcher's own candidate pattern can join into one number; a chain
  with at least ten digits (or followed by an extension) is the only place a
  number of ten digits can be. A chain of ordinary length, with the leading
  ``+`` or ``(`` before it, is given to the matcher whole, so the matcher finds
  there just what it finds in the whole post;
* a chain longer than ``CHAIN_LIMIT`` is no single number: it is searched from
  each place a number can start (a ``+``, or a block that starts with ``0``),
  in a window of the first ten digits and the rest of that block.

Each window's verdicts are remembered by its text, so a repeated unit costs one
look-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# The matcher's own character classes, so that a chain joins exactly what it joins.
from phonenumbers.phonenumberutil import (
    _EXTN_PATTERNS_FOR_MATCHING,
    _PLUS_CHARS,
    _VALID_PUNCTUATION,
)

from checks.findings import Span

CHAIN_LIMIT = 40
"""The longest chain, in characters, given to the matcher whole.

Real numbers are at most 20 characters, and a short list of them
("07700 900461 / 0161 496 0000") fits too.
"""
_LEAD_REACH = 10
"""How far before a chain its ``+`` or ``(`` can be: two leads, four punctuations after each."""
_TAIL_REACH = 48
"""How far after a chain an extension ("ext. 1234") or a time's ":00" is looked at."""
_TAILS = 4
"""How many chains, each with an extension after it, one window holds at most."""

_PUNCT = f"[{_VALID_PUNCTUATION}]"
_LEADS = f"[{_PLUS_CHARS}(\\[\uff08\uff3b]"
_JOINED_DIGIT = f"{_PUNCT}{{0,4}}+\\d"
# A chain starts at a digit that no digit before it joins: tried from inside a chain,
# the pattern would read the rest of the chain again and again.
_CHAIN_START = "".join(f"(?<!\\d{_PUNCT}{{{gap}}})" for gap in range(5))
_CHAIN = re.compile(
    # Ten digits or more; or fewer, then an extension whose digits may make up ten.
    # (The lookahead first: it fails fast where there is no digit at all.)
    rf"(?=\d){_CHAIN_START}(?:\d(?:{_JOINED_DIGIT}){{9}}(?:{_JOINED_DIGIT})*+"
    rf"|\d(?:{_JOINED_DIGIT})*+(?=(?:{_EXTN_PATTERNS_FOR_MATCHING})))",
    re.IGNORECASE,
)
_ANY_CHAIN = re.compile(rf"\d(?:{_JOINED_DIGIT})*+", re.IGNORECASE)
_LEAD_IN = re.compile(rf"(?:{_LEADS}|{_PUNCT})*\Z", re.IGNORECASE)
# What can follow a chain and still change the matcher's verdict: an extension (its
# "#" included) and the ":00" that makes "2012-01-02 08" a time.
_TAIL = re.compile(rf"(?:{_EXTN_PATTERNS_FOR_MATCHING})|[:#\uff03]", re.IGNORECASE)
# In a long chain: a number starts at a "+" or at a block beginning with 0 (or its "("),
# and is read in a window of its first ten digits and the rest of their block.
_START = re.compile(r"\(|(?<![\d(])[0+]")
_NUMBER_START = re.compile(
    rf"(?:(?=\()|(?<![\d(]))"
    rf"(?=((?:\(?\+{_PUNCT}{{0,4}}+\d|\(?0)(?:{_JOINED_DIGIT}){{9}}\d{{0,10}}+))",
    re.IGNORECASE,
)
_WINDOW_MAX = 64
"""The longest window: a ``(+``, four punctuations, ten digits with four between each, ten more."""
_PIECE = 256
"""How much of a long chain is read as one piece, in characters (then to the next start)."""


@dataclass(frozen=True)
class PhoneNumber:
    """A number the matcher found: where, and what the caller's judge said of it."""

    span: Span
    personal: bool
    mobile: bool


Judge = Callable[[phonenumbers.PhoneNumber, str], bool]


def phone_numbers(text: str, judge: Judge) -> Iterator[PhoneNumber]:
    """Every number phonenumbers finds in ``text`` that could have ten digits, in order.

    ``judge(number, raw)`` says whether a number is personal; it is asked once per window text.
    """
    barrier = 0  # Where the matcher, reading the whole post, would go on from.
    for chain in _CHAIN.finditer(text):
        if chain.end() <= barrier:
            continue
        lead = _lead(text, chain.start(), barrier)
        if chain.end() - chain.start() > CHAIN_LIMIT:
            yield from _in_long_chain(text, lead, chain.end(), judge)
            barrier = chain.end()
        else:
            barrier = _window_end(text, chain.end())
            # A window where no ten digits follow a "+" or a block's 0 holds no
            # personal number: the matcher need not read it (unless an extension's
            # digits may count).
            if barrier > chain.end() or _NUMBER_START.search(text[lead:barrier]):
                yield from _in_window(text, lead, barrier, judge)


def _lead(text: str, start: int, barrier: int) -> int:
    """Where the chain at ``start`` begins with its leading ``+``, ``(`` and punctuation."""
    if barrier >= start:
        return barrier
    lead_in = _LEAD_IN.search(text, max(barrier, start - _LEAD_REACH), start)
    return lead_in.start() if lead_in else start


def _window_end(text: str, end: int) -> int:
    """Where the matcher's reading of a chain ending at ``end`` can end.

    Just there, unless an extension or a time's ":00" follows: then a little further,
    to the end of any chain that reaches into (and its own extension, within a
    bound), so that no candidate is cut short.
    """
    limit = min(len(text), end + _TAIL_REACH * _TAILS)
    while end < limit and _TAIL.match(text, end):
        reach = min(limit, end + _TAIL_REACH)
        chains = _ANY_CHAIN.finditer(text, end, limit)
        ends = [chain.end() for chain in chains if chain.start() < reach]
        if not ends:  # A ":" or "#" that no digits follow: the window holds it, no more.
            return end + 1
        end = ends[-1]
    return end


def _in_window(text: str, start: int, end: int, judge: Judge) -> Iterator[PhoneNumber]:
    """The numbers the matcher finds in ``text[start:end]``."""
    for s, e, personal, mobile in _numbers_in(text[start:end], judge):
        yield PhoneNumber(Span(start + s, start + e), personal, mobile)


def _in_long_chain(text: str, start: int, end: int, judge: Judge) -> Iterator[PhoneNumber]:
    """The personal numbers in a long chain, each from a window where a number can start.

    The chain is read in pieces that begin where a number can, so that a repeated
    unit gives the same pieces over and over and each is judged once.
    """
    barrier = start  # Where the last number found ends: a window starting inside it is skipped.
    while start < end:
        after = _START.search(text, start + _PIECE, end)
        cut = after.start() if after else end
        piece = text[start : min(end, cut + _WINDOW_MAX)]
        for window, number_start, number_end, mobile in _personal_in_piece(
            piece, cut - start, judge
        ):
            if start + window >= barrier:
                barrier = start + number_end
                yield PhoneNumber(Span(start + number_start, barrier), True, mobile)
        start = cut


@lru_cache(maxsize=1024)
def _personal_in_piece(
    piece: str, starts_before: int, judge: Judge
) -> tuple[tuple[int, int, int, bool], ...]:
    """(window start, start, end, mobile) of each personal number in a window of ``piece``.

    Only windows that start before ``starts_before`` are read: the rest of the
    piece is there so that those windows are whole.
    """
    found = []
    for match in _NUMBER_START.finditer(piece, 0, len(piece)):
        if match.start() >= starts_before:
            break
        for s, e, personal, mobile in _numbers_in(match.group(1), judge):
            if personal:
                found.append((match.start(), match.start() + s, match.start() + e, mobile))
    return tuple(found)


@lru_cache(maxsize=4096)
def _numbers_in(window: str, judge: Judge) -> tuple[tuple[int, int, bool, bool], ...]:
    """(start, end, personal, mobile) of each number the matcher finds in ``window``."""
    # POSSIBLE leniency finds every number-shaped string; the judge keeps real personal
    # numbers, because VALID leniency drops Ofcom's drama numbers.
    matcher = phonenumbers.PhoneNumberMatcher(window, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    return tuple(
        (
            match.start,
            match.end,
            judge(match.number, match.raw_string),
            phonenumbers.national_significant_number(match.number).startswith("7"),
        )
        for match in matcher
    )
