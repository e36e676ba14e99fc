"""Case-insensitive patterns compiled as case-sensitive ones, for speed on long drafts.

Python's regular-expression engine is several times slower on a large
alternation under ``re.IGNORECASE``: it cannot skip an alternative by its first
character, so every alternative is tried at every place in a post. The rules'
patterns are such alternations, and a hostile draft may be a megabyte long.

:func:`compile_folded` therefore rewrites the parsed pattern, in one of two ways:

- A pattern that ignores case throughout becomes a :class:`CaselessPattern`: each
  letter is replaced by one representative of the letters the engine treats as
  the same (``K``, ``k`` and the Kelvin sign all become ``k``), and it runs on the
  post folded the same way (:func:`folded_text`, which keeps every offset). Its
  parts are then plain literals: quick to compile and quick to run.
- A pattern that ignores case only in places (``(?i:...)``) keeps the post as it
  is: wherever case is ignored, each letter becomes the set of characters the
  engine treats as that letter in any case (``k`` becomes ``[kK\\u212a]``).

Either way the pattern is compiled without the flag and matches exactly the
same stretches of a post. A pattern the rewrite does not understand is
compiled as it is.
"""

from __future__ import annotations

# The engine's parser and compiler: pure Python parts of the standard library.
import _sre  # type: ignore[import-not-found]
import re
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from re import _compiler, _constants, _parser  # type: ignore[attr-defined]
from typing import Any, Protocol

_IGNORECASE = int(re.IGNORECASE)
_LITERAL = _constants.LITERAL
_NOT_LITERAL = _constants.NOT_LITERAL
_IN = _constants.IN
_RANGE = _constants.RANGE
_NEGATE = _constants.NEGATE
_SUBPATTERN = _constants.SUBPATTERN
_BRANCH = _constants.BRANCH
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
_ASSERTS = (_constants.ASSERT, _constants.ASSERT_NOT)
_ATOMIC = _constants.ATOMIC_GROUP
# Operations that do not depend on case, or hold nothing to rewrite.
_CASELESS = frozenset([_constants.ANY, _constants.AT, _constants.CATEGORY])
_LARGEST_RANGE = 2000
"""A class range wider than this (a whole script) is not rewritten."""


class _Unfoldable(Exception):
    """The pattern holds something the rewrite does not handle."""


class TextPattern(Protocol):
    """What the rules ask of a compiled pattern: a ``re.Pattern`` or a :class:`CaselessPattern`."""

    @property
    def pattern(self) -> str: ...

    @property
    def flags(self) -> int: ...

    def search(self, string: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...

    def finditer(self, string: str, pos: int = 0, endpos: int = ...) -> Iterator[re.Match[str]]: ...

    def fullmatch(self, string: str) -> re.Match[str] | None: ...

    # Patterns are cached per post (``lru_cache``), so they must hash.
    def __hash__(self) -> int: ...


class CaselessPattern:
    """A pattern that ignores case, run on the post folded by :func:`folded_text`.

    Offsets of matches are offsets in the post itself; the text of a match is
    the folded text (every letter in one case), which the rules never read.
    """

    __slots__ = ("_on_folded", "flags", "pattern")

    def __init__(self, source: str, flags: int, on_folded: re.Pattern[str]) -> None:
        self.pattern, self.flags, self._on_folded = source, flags, on_folded

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._on_folded.search(folded_text(string), pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        # Folding keeps every offset, so a region of the post is the same region folded.
        return self._on_folded.finditer(folded_text(string), pos, endpos)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self._on_folded.fullmatch(folded_text(string))

    def __repr__(self) -> str:
        return f"CaselessPattern({self.pattern!r})"


_REMEMBERED_LENGTH = 4096
"""Posts longer than this are folded once and remembered; sentences are folded each time."""


def folded_text(text: str) -> str:
    """``text`` with each letter replaced by its case representative; every offset kept.

    Two letters the engine treats as the same under ``re.IGNORECASE`` fold to the
    same character, so a case-sensitive pattern over folded letters, run on the
    folded text, matches what the original pattern matches in ``text``.
    """
    if text.isascii():
        return text.lower()
    return _folded_long(text) if len(text) > _REMEMBERED_LENGTH else _folded(text)


@lru_cache(maxsize=8)
def _folded_long(text: str) -> str:
    return _folded(text)


def _folded(text: str) -> str:
    # "İ" is the one letter whose lower case is two characters; the engine's own
    # lower case of it is "i". Final sigma is folded with sigma by the table.
    lowered = text.replace("\u0130", "i").lower()
    if len(lowered) != len(text):  # a future Unicode with another such letter
        lowered = "".join(chr(_sre.unicode_tolower(ord(c))) for c in text)
    table, finder = _same_case()
    # Translating is slow beside lower(): done only for the rare letters it changes.
    return lowered.translate(table) if finder.search(lowered) else lowered


@cache
def _same_case() -> tuple[dict[int, int], re.Pattern[str]]:
    """Lower-case letters the engine also treats as the same (dotless and dotted i), to one of them.

    With a pattern that finds any of them.
    """
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - every Python this project supports has it
        _EXTRA_CASES = {}
    table: dict[int, int] = {}
    for code, others in _EXTRA_CASES.items():
        representative = min(code, *others)
        for member in (code, *others):
            if member != representative:
                table[member] = representative
    # Never matches when the table is empty.
    members = "".join(re.escape(chr(code)) for code in sorted(table)) or "^(?!)"
    return table, re.compile(f"[{members}]" if table else members)


def _representative(code: int) -> int:
    return ord(folded_text(chr(code)))


def plain_flags(flags: int) -> int:
    """``flags`` as a plain number.

    The parser and compiler test the flags at every item of a pattern, and with a
    ``re.RegexFlag`` each test runs enum's ``&`` in Python: a third of the time it
    takes Pyodide to compile the rules' patterns.
    """
    return int(flags)


def compile_folded(source: str, flags: int = 0) -> TextPattern:
    """``re.compile(source, flags)``, rewritten to match without ``re.IGNORECASE``."""
    flags = plain_flags(flags)
    if flags & _IGNORECASE:
        caseless = _caseless(source, flags)
        if caseless is not None:
            return caseless
    compiled = re.compile(source, flags)  # raises re.error for a bad pattern, as before
    try:
        tree = folded(source, flags)
        if tree is None:
            return compiled
        tree.data = _factored(tree.data, tree.state)
        tree.data = _with_first_characters(tree)
        return _compiled(source, tree, flags & ~_IGNORECASE)
    except (RecursionError, AttributeError, TypeError, ValueError):
        return compiled


def _caseless(source: str, flags: int) -> CaselessPattern | None:
    """``source`` as a :class:`CaselessPattern`, or None if it does not ignore case throughout.

    ``flags`` is a plain number already (``compile_folded`` made it one)."""
    tree = _parser.parse(source, flags)  # raises re.error for a bad pattern
    try:
        tree.data = _represented(tree.data)
        tree.state.flags &= ~_IGNORECASE
        tree.data = _factored(tree.data, tree.state)
        tree.data = _with_first_characters(tree)
        # Compiling checks what parsing cannot (a look-behind of varying width).
        return CaselessPattern(source, flags, _compiled(source, tree, flags & ~_IGNORECASE))
    except _Unfoldable:
        return None


def caseless_tree(source: str, flags: int, *, loosely: bool = False) -> Any:
    """The parsed pattern over folded letters, or None if it does not ignore case throughout.

    ``loosely``: fold every letter, even where the pattern keeps case. The tree then
    matches a little more than the pattern does (never less): fit for deciding that
    a post cannot hold a match, not for finding one.
    """
    flags = plain_flags(flags)
    try:
        tree = _parser.parse(source, flags)
        if not loosely and not (flags | tree.state.flags) & _IGNORECASE:
            return None
        tree.data = _represented(tree.data, loosely)
    except (_Unfoldable, RecursionError, AttributeError, TypeError, ValueError, re.error):
        return None
    tree.state.flags &= ~_IGNORECASE
    return tree


def _represented(items: Any, loosely: bool = False) -> list[tuple[Any, Any]]:
    """Every letter of a parsed pattern that ignores case replaced by its representative."""
    result = []
    for op, av in items:
        if op is _LITERAL or op is _NOT_LITERAL:
            if op is _NOT_LITERAL and loosely:
                raise _Unfoldable(op)  # [^x] matches more once x is folded: not "loosely"
            av = _representative(av)
        elif op is _IN:
            if loosely and any(member is _NEGATE for member, _ in av):
                raise _Unfoldable(op)  # as with [^x]
            av = _represented_set(av)
        elif op is _SUBPATTERN:
            group, add, delete, body = av
            if delete & _IGNORECASE and not loosely:
                raise _Unfoldable(op)  # a part that keeps case: the post itself is needed
            body.data = _represented(body.data, loosely)
            av = (group, add & ~_IGNORECASE, delete, body)
        elif op is _BRANCH:
            for alternative in av[1]:
                alternative.data = _represented(alternative.data, loosely)
        elif op in _REPEATS or op in _ASSERTS:
            av[-1].data = _represented(av[-1].data, loosely)
        elif op is _ATOMIC:
            av.data = _represented(av.data, loosely)
        elif op not in _CASELESS:
            raise _Unfoldable(op)  # back references, conditionals
        result.append((op, av))
    return result


def _represented_set(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    members: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is _LITERAL:
            members.append((_LITERAL, _representative(av)))
        elif op is _RANGE:
            low, high = av
            if high - low > _LARGEST_RANGE:
                raise _Unfoldable(op)
            codes = sorted({_representative(code) for code in range(low, high + 1)})
            members += [(_LITERAL, code) for code in codes]
        elif op is _constants.CATEGORY or op is _NEGATE:
            members.append((op, av))
        else:
            raise _Unfoldable(op)
    return members


def folded(source: str, flags: int = 0) -> Any:
    """The parsed pattern with case folded into sets of letters, or None if it cannot be."""
    flags = plain_flags(flags)
    try:
        tree = _parser.parse(source, flags)
        ignoring = bool((flags | tree.state.flags) & _IGNORECASE)
        tree.data = _fold_sequence(tree.data, ignoring)
    except (_Unfoldable, RecursionError, AttributeError, TypeError, ValueError):
        return None
    tree.state.flags &= ~_IGNORECASE
    return tree


def _compiled(source: str, tree: Any, flags: int) -> re.Pattern[str]:
    """A parsed pattern compiled, keeping ``source`` as its ``pattern`` (as re._compiler does)."""
    code = _compiler._code(tree, flags)
    names = tree.state.groupdict
    index: list[str | None] = [None] * tree.state.groups
    for name, number in names.items():
        index[number] = name
    pattern: re.Pattern[str] = _sre.compile(
        source, flags | tree.state.flags, code, tree.state.groups - 1, names, tuple(index)
    )
    return pattern


def _factored(items: Any, state: Any) -> list[tuple[Any, Any]]:
    """The pattern with alternatives that start alike sharing that start, like a trie.

    ``promise|prompt|proud`` becomes ``pro(?:mise|mpt|ud)``: at each place in a post
    the engine tests the shared start once, not once per alternative. On a post of
    "a a a ..." a list of phrases starting "a " was otherwise tried in full everywhere.
    Alternatives move next to a like one only past alternatives that cannot start
    with the same character, so the first alternative that matches is the same one.
    """
    result = []
    for op, av in items:
        if op is _BRANCH:
            alternatives = [_with_data(alt, _factored(alt.data, state)) for alt in av[1]]
            op, av = _BRANCH, (av[0], _merged(alternatives, state))
        elif op is _SUBPATTERN:
            av[3].data = _factored(av[3].data, state)
        elif op in _REPEATS or op in _ASSERTS:
            av[-1].data = _factored(av[-1].data, state)
        elif op is _ATOMIC:
            av.data = _factored(av.data, state)
        result.append((op, av))
    return result


def _with_data(pattern: Any, data: list[tuple[Any, Any]]) -> Any:
    pattern.data = data
    return pattern


def _merged(alternatives: list[Any], state: Any) -> list[Any]:
    """Alternatives grouped by a shared first item, each group as one alternative."""
    groups: list[list[Any]] = []
    for alternative in alternatives:
        target = _group_for(alternative, groups)
        if target is None:
            groups.append([alternative])
        else:
            groups[target].append(alternative)
    return [group[0] if len(group) == 1 else _shared_start(group, state) for group in groups]


def _group_for(alternative: Any, groups: list[list[Any]]) -> int | None:
    """The group this alternative can join without changing which alternative wins."""
    head = alternative.data[0] if alternative.data else None
    if head is None or head[0] not in (_LITERAL, _IN):
        return None
    first, can_be_empty = _first_characters(alternative.data)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group[0].data and group[0].data[0] == head:
            return index
        # Moving past this group is safe only if no place can start both.
        theirs, empty = _first_characters(group[0].data)
        if first is None or theirs is None or can_be_empty or empty or first & theirs:
            return None
    return None


def _shared_start(group: list[Any], state: Any) -> Any:
    """``x(?:a|b|c)`` for the alternatives ``xa``, ``xb`` and ``xc``, factored further."""
    rests = [_parser.SubPattern(state, list(alternative.data[1:])) for alternative in group]
    branch = (_BRANCH, (None, _merged(rests, state)))
    return _parser.SubPattern(state, [group[0].data[0], branch])


def _with_first_characters(tree: Any) -> list[tuple[Any, Any]]:
    """The pattern behind a look-ahead for the characters a match can start with.

    The engine tries a pattern at every place in a post; a leading class lets
    it pass over, in C, every place where no match can start (spaces, digits,
    brackets, most letters), instead of setting up the whole alternation there.
    The look-ahead consumes nothing, so the pattern matches exactly as before.
    """
    first, can_be_empty = _first_characters(tree.data)
    if first is None or can_be_empty or not first:
        return list(tree.data)
    members = [(_LITERAL, code) for code in sorted(first)]
    look_ahead = _parser.SubPattern(tree.state, [(_IN, members)])
    return [(_constants.ASSERT, (1, look_ahead)), *tree.data]


# What a parsed pattern can start with: a set of characters (None: any), and
# whether it can match without consuming anything.
First = tuple[set[int] | None, bool]


def _first_characters(items: Any) -> First:
    found: set[int] = set()
    for op, av in items:
        first, can_be_empty = _first_of(op, av)
        if first is None:
            return None, False
        found |= first
        if not can_be_empty:
            return found, False
    return found, True


def _first_of(op: Any, av: Any) -> First:
    if op is _LITERAL:
        return {av}, False
    if op is _IN:
        return _set_members(av), False
    if op is _SUBPATTERN:
        return _first_characters(av[3].data)
    if op is _ATOMIC:
        return _first_characters(av.data)
    if op is _BRANCH:
        found: set[int] = set()
        can_be_empty = False
        for alternative in av[1]:
            first, empty = _first_characters(alternative.data)
            if first is None:
                return None, False
            found |= first
            can_be_empty = can_be_empty or empty
        return found, can_be_empty
    if op in _REPEATS:
        low, _, body = av
        first, empty = _first_characters(body.data)
        return first, empty or low == 0
    if op in _ASSERTS or op is _constants.AT:
        return set(), True  # consumes nothing
    return None, False  # any character, a category, a back reference: no prefilter


def _set_members(items: list[tuple[Any, Any]]) -> set[int] | None:
    """The characters of a class, or None where it is a category or a wide range."""
    members: set[int] = set()
    for op, av in items:
        if op is _LITERAL:
            members.add(av)
        elif op is _RANGE and av[1] - av[0] <= _LARGEST_RANGE:
            members.update(range(av[0], av[1] + 1))
        else:
            return None
    return members


def _fold_sequence(items: Any, ignoring: bool) -> list[tuple[Any, Any]]:
    return [_fold(op, av, ignoring) for op, av in items]


def _fold(op: Any, av: Any, ignoring: bool) -> tuple[Any, Any]:
    """One parsed operation with case folded where ``ignoring``."""
    if op is _LITERAL or op is _NOT_LITERAL:
        return _fold_literal(op, av) if ignoring else (op, av)
    if op is _IN:
        return (_IN, _fold_set(av)) if ignoring else (op, av)
    if op is _SUBPATTERN:
        group, add, delete, body = av
        inner = (ignoring or bool(add & _IGNORECASE)) and not delete & _IGNORECASE
        body.data = _fold_sequence(body.data, inner)
        return op, (group, add & ~_IGNORECASE, delete & ~_IGNORECASE, body)
    if op is _BRANCH:
        for alternative in av[1]:
            alternative.data = _fold_sequence(alternative.data, ignoring)
        return op, av
    if op in _REPEATS:
        low, high, body = av
        body.data = _fold_sequence(body.data, ignoring)
        return op, (low, high, body)
    if op in _ASSERTS:
        direction, body = av
        body.data = _fold_sequence(body.data, ignoring)
        return op, (direction, body)
    if op is _ATOMIC:
        av.data = _fold_sequence(av.data, ignoring)
        return op, av
    if op in _CASELESS:
        return op, av
    raise _Unfoldable(op)  # back references, conditionals: rare, and left to the flag


def _fold_literal(op: Any, code: int) -> tuple[Any, Any]:
    variants = same_letter(code)
    if len(variants) == 1:
        return op, code
    items: list[tuple[Any, Any]] = [(_LITERAL, v) for v in variants]
    return _IN, ([(_NEGATE, None)] if op is _NOT_LITERAL else []) + items


def _fold_set(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    folded: list[tuple[Any, Any]] = []
    for op, av in items:
        folded.append((op, av))
        if op is _LITERAL:
            folded += [(_LITERAL, v) for v in same_letter(av) if v != av]
        elif op is _RANGE:
            low, high = av
            if high - low > _LARGEST_RANGE:
                raise _Unfoldable(op)
            for code in range(low, high + 1):
                folded += [(_LITERAL, v) for v in same_letter(code) if not low <= v <= high]
        elif op is not _constants.CATEGORY and op is not _NEGATE:
            raise _Unfoldable(op)
    return folded


@cache
def same_letter(code: int) -> tuple[int, ...]:
    """Every character that ``re.IGNORECASE`` treats as the character ``code``."""
    pattern = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return tuple(sorted({ord(m) for m in pattern.findall(_every_character())} | {code}))


@cache
def _every_character() -> str:
    """Every character of the Basic Multilingual Plane and beyond that has another case."""
    planes = [range(0x10000), range(0x10400, 0x10500), range(0x1E900, 0x1E960)]
    return "".join(chr(c) for plane in planes for c in plane if not 0xD800 <= c <= 0xDFFF)
