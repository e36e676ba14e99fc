"""First words: the words a match of a pattern can begin with, to skip a post that has none.

A rule's pattern is a long alternation of phrases, each starting at the start
of a word (``(?<![\\w-])``). A phrase that starts "I promise" or "we guarantee"
can only match where the post has the word "i" or "we". :func:`first_words_of`
lists those words from the parsed pattern; :func:`words_in` lists the words of
a post once; a set intersection, done in C, then tells whether the pattern is
worth running at all. Most rules have nothing to find in most posts, so most
of their patterns are never run.

The list is sound by construction: the first word of any match is a whole
word of the post (the match starts where a word starts, and the word ends
where the phrase's first word ends, or the phrase would not be whole words).
Where the pattern could begin some other way (a digit run of any length, a
class of letters, a symbol), there is no list and the pattern always runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants  # type: ignore[attr-defined]
from typing import Any

from checks.casefold import caseless_tree, folded_text

# The parsed pattern's operations, by their names in the re module's parser.
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)
_ASSERTS = (_constants.ASSERT, _constants.ASSERT_NOT)
_SPACES = (_constants.CATEGORY_SPACE, _constants.CATEGORY_UNI_SPACE)

_MOST_WORDS = 20_000
"""A pattern that could begin with more first words than this has no list."""
_MOST_CLASS = 40
"""A class of more characters than this ends the search: no list."""
_WORD = re.compile(r"\w+")


class _NoList(Exception):
    """The pattern's first words cannot be listed."""


def first_words_of(source: str, flags: int) -> frozenset[str] | None:
    """Every word, folded (``checks.casefold``), that a match of ``source`` can begin with.

    None when they cannot be listed. Only for patterns whose every match starts
    where a word starts. Where the pattern keeps case ("Labour"), the word is
    listed folded all the same ("labour"): a post without it holds no match.
    """
    tree = caseless_tree(source, flags) or caseless_tree(source, flags, loosely=True)
    if tree is None:
        return None
    found: set[str] = set()
    try:
        _walk([(tree.data, 0)], "", found)
    except (_NoList, RecursionError):
        return None
    return frozenset(found)


Stack = list[tuple[Any, int]]
"""What is left to read: (items, index) pairs, innermost last."""


def _walk(stack: Stack, word: str, found: set[str]) -> None:
    """Add to ``found`` every first word reachable from ``stack`` with ``word`` read so far."""
    while stack and stack[-1][1] >= len(stack[-1][0]):
        stack = stack[:-1]
    if not stack:
        _found(word, found)  # the match ends inside its first word
        return
    items, index = stack[-1]
    rest = [*stack[:-1], (items, index + 1)]
    op, av = items[index]
    if op is _constants.LITERAL:
        _char(chr(av), rest, word, found)
    elif op is _constants.IN:
        for char in _members(av):
            _char(char, rest, word, found)
    elif op is _constants.SUBPATTERN:
        _walk([*rest, (av[3].data, 0)], word, found)
    elif op is _constants.ATOMIC_GROUP:
        _walk([*rest, (av.data, 0)], word, found)
    elif op is _constants.BRANCH:
        for alternative in av[1]:
            _walk([*rest, (alternative.data, 0)], word, found)
    elif op in _REPEATS and (av[0], av[1]) == (0, 1):
        _walk(rest, word, found)  # without the optional part
        _walk([*rest, (av[2].data, 0)], word, found)  # with it
    elif op in _ASSERTS or op is _constants.AT:
        _walk(rest, word, found)  # consumes nothing: a restriction, never a new word
    elif op in _REPEATS and word and _opens_without_word(av[2].data[:1]):
        # A repeat that opens with a space or mark ("according\s+to"): taken, it ends
        # the first word; skipped, the word reads on.
        _found(word, found)
        if av[0] == 0:
            _walk(rest, word, found)
    elif op in _REPEATS and not word and _opens_without_word(av[2].data):
        _walk(rest, word, found)  # only spaces or marks before the first word
    else:
        raise _NoList(op)  # repeats, categories, any character: too many words


def _char(char: str, rest: Stack, word: str, found: set[str]) -> None:
    if _WORD.fullmatch(char):
        if len(word) > 200:
            raise _NoList("a word too long")
        _walk(rest, word + char, found)
    elif not word:
        # A match may start with a mark ("'ll be paid"): the first word follows it,
        # and starts where a word of the post starts, since the mark is not a letter.
        _walk(rest, word, found)
    else:
        _found(word, found)  # the first word ends here


def _found(word: str, found: set[str]) -> None:
    if not word:
        raise _NoList("a match with no word")
    found.add(word)
    if len(found) > _MOST_WORDS:
        raise _NoList("too many first words")


def _opens_without_word(items: Any) -> bool:
    """Whether every character ``items`` can match is a space or mark, never a word's."""
    return bool(items) and all(_without_word(op, av) for op, av in items)


def _without_word(op: Any, av: Any) -> bool:
    if op is _constants.LITERAL:
        return not _WORD.fullmatch(chr(av))
    if op is _constants.SUBPATTERN:
        return _opens_without_word(av[3].data)
    if op is _constants.IN:
        return all(
            (kind is _constants.LITERAL and not _WORD.fullmatch(chr(value)))
            or (kind is _constants.CATEGORY and value in _SPACES)
            for kind, value in av
        )
    if op in _REPEATS:
        return _opens_without_word(av[2].data)
    return False


def _members(items: Any) -> list[str]:
    members = []
    for op, av in items:
        if op is not _constants.LITERAL:
            raise _NoList(op)  # negated classes, categories, ranges
        members.append(chr(av))
    if len(members) > _MOST_CLASS:
        raise _NoList("a large class")
    return members


@lru_cache(maxsize=32)
def words_in(text: str) -> frozenset[str]:
    """Every word of ``text``, folded: remembered, since every rule asks about one post."""
    return frozenset(_WORD.findall(folded_text(text)))
