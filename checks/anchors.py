"""Anchors: text every match of a pattern must contain, to skip a post that has none.

A rule's pattern is a long alternation, and the engine tries it at every word
of a post: on a megabyte that costs a large part of a second, whatever the post
says. But every alternative spells out some words: "I promise" cannot match a
post that never says "promise". :func:`anchor_for` reads the parsed pattern and
builds a much simpler one, the *anchor*, that matches one of those spellings;
a post in which the anchor finds nothing cannot hold a match, so the full
pattern is never run on it. The anchor is sound by construction (it only ever
takes text that every match must contain), so findings never change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants  # type: ignore[attr-defined]
from typing import Any

from checks.casefold import CaselessPattern, TextPattern, caseless_tree, compile_folded, folded

_LITERAL = _constants.LITERAL
_IN = _constants.IN
_SUBPATTERN = _constants.SUBPATTERN
_BRANCH = _constants.BRANCH
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
_ATOMIC = _constants.ATOMIC_GROUP

# A spelling: one set of characters for each position ({"p", "P"}, {"r", "R"}, ...).
Spelling = tuple[frozenset[int], ...]
# Spellings one of which every match contains; None when no such set is known.
Required = frozenset[Spelling] | None

_SHORTEST_USEFUL = 3
"""Anchors shorter than this match almost every post, so they are not worth a scan."""


@dataclass(frozen=True)
class Anchored:
    """A compiled pattern with the anchor that must match before it is worth running."""

    pattern: TextPattern
    anchor: TextPattern | None

    def may_match(self, text: str) -> bool:
        """False only when no match of the pattern can be in ``text``."""
        return self.anchor is None or self.anchor.search(text) is not None

    def found_in(self, text: str) -> bool:
        """Whether the pattern matches somewhere in ``text``, the anchor asked first."""
        return self.may_match(text) and self.pattern.search(text) is not None


def compile_anchored(source: str, flags: int = 0) -> Anchored:
    """``source`` compiled for speed (``compile_folded``), with its anchor if it has one."""
    return Anchored(compile_folded(source, flags), anchor_for(source, flags))


def anchor_for(source: str, flags: int = 0) -> TextPattern | None:
    """A pattern that finds, in any text where ``source`` matches, one of its spellings."""
    # A pattern that ignores case throughout is read with each letter folded to one
    # representative, and its anchor runs on the folded post, as the pattern does.
    # Any other is read with case folded into sets ("[pP][rR]..."), so that an
    # anchor spelled from it ignores case exactly where the pattern does.
    tree = caseless_tree(source, flags)
    caseless = tree is not None
    if tree is None:
        tree = folded(source, flags)
    if tree is None:
        return None
    try:
        required = _required(tree.data)
    except RecursionError:
        return None
    if not required or min(len(s) for s in required) < _SHORTEST_USEFUL:
        return None
    alternation = "|".join(_as_pattern(spelling) for spelling in sorted(required, key=repr))
    if caseless:
        return CaselessPattern(alternation, flags, re.compile(alternation))
    return compile_folded(alternation)


def _as_pattern(spelling: Spelling) -> str:
    return "".join("[" + "".join(re.escape(chr(c)) for c in sorted(s)) + "]" for s in spelling)


def _required(items: Any) -> Required:
    """The most selective set of spellings that every match of ``items`` contains."""
    candidates: list[frozenset[Spelling]] = []
    run: list[frozenset[int]] = []
    for op, av in items:
        char = _one_character(op, av)
        if char is not None:
            run.append(char)
            continue
        _flush(run, candidates)
        run = []
        inner = _required_of(op, av)
        if inner:
            candidates.append(inner)
    _flush(run, candidates)
    if not candidates:
        return None
    # The best: the set whose shortest spelling is longest, then the fewest spellings.
    return max(candidates, key=lambda c: (min(len(s) for s in c), -len(c)))


def _flush(run: list[frozenset[int]], candidates: list[frozenset[Spelling]]) -> None:
    if run:
        candidates.append(frozenset([tuple(run)]))


def _required_of(op: Any, av: Any) -> Required:
    if op is _SUBPATTERN:
        return _required(av[3].data)
    if op is _ATOMIC:
        return _required(av.data)
    if op is _BRANCH:
        alternatives = [_required(alternative.data) for alternative in av[1]]
        if any(not found for found in alternatives):
            return None
        return frozenset().union(*alternatives)  # type: ignore[arg-type]
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2].data)
    return None  # optional parts, assertions, classes of characters: nothing required


def _one_character(op: Any, av: Any) -> frozenset[int] | None:
    """The characters one item matches, if it matches exactly one of a few."""
    if op is _LITERAL:
        return frozenset([av])
    if op is _IN and all(member_op is _LITERAL for member_op, _ in av):
        return frozenset(code for _, code in av)
    return None
