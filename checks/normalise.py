"""One normalisation step before any rule judges a post, and the way back to its spans.

A draft can hide a problem from patterns without hiding it from readers: a
zero-width space inside "vote", a Cyrillic o (U+043E) in "Labour", a no-break space
between words. So every rule judges the *normalised* text:

- Unicode compatibility folding (NFKD: no-break and other spaces become plain
  spaces, fullwidth and mathematical letters become ordinary ones), then the
  accents it separates are dropped, so what remains composes as NFKC would;
- format characters (zero-width, bidirectional controls, soft hyphen) and
  control characters other than tab and line breaks are removed; line and
  paragraph separators become line breaks;
- digits of every script become ASCII digits, and letters of other scripts
  that look like Latin ones are mapped to them (the confusables data of
  Unicode TR#39, as a table in ``checks/data/lookalikes.json``).

Findings are made on the normalised text and mapped back with
:meth:`Normalised.original`, so they still point at the characters a reader sees.
Plain ASCII text, the usual case, is returned as it is at no cost.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from checks.findings import Span
from checks.patterns import RuleDataError

# Characters kept exactly as they are: printable ASCII, tab and line breaks.
_SPECIAL = re.compile(r"[^\t\n\r\x20-\x7e]")
_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
_KEPT_CONTROLS = frozenset("\t\n\r")


@dataclass(frozen=True)
class Piece:
    """A stretch of the normalised text and the stretch of the original it came from.

    ``same`` pieces are copied character for character; other pieces are one
    original character that became ``length`` characters (``"…"`` became ``"..."``).
    """

    start: int
    original_start: int
    length: int
    same: bool


@dataclass(frozen=True)
class Normalised:
    """A post's normalised text, with the pieces that map it back to the original."""

    text: str
    original_text: str
    pieces: tuple[Piece, ...] = ()
    starts: tuple[int, ...] = ()

    def original(self, span: Span) -> Span:
        """The span of the original text that ``span`` of the normalised text came from."""
        if not self.pieces:
            return span
        start = self._original_start(span.start)
        end = self._original_end(span.end) if span.end > span.start else start
        return Span(start, max(start, end))

    def _piece_at(self, offset: int) -> Piece:
        return self.pieces[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def _original_start(self, offset: int) -> int:
        if offset >= len(self.text):
            return len(self.original_text)
        piece = self._piece_at(offset)
        return piece.original_start + (offset - piece.start if piece.same else 0)

    def _original_end(self, offset: int) -> int:
        # The end is just past the original of the last character in the span.
        piece = self._piece_at(offset - 1)
        return piece.original_start + (offset - piece.start if piece.same else 1)


def normalise(text: str) -> Normalised:
    """``text`` as the rules judge it; see the module docstring for what changes."""
    if not _SPECIAL.search(text):
        return Normalised(text, text)
    replacements = {char: replacement(char) for char in set(_SPECIAL.findall(text))}
    changed_length = {char for char, new in replacements.items() if len(new) != 1}
    if not changed_length:
        # One character for one: offsets do not move, and translate runs in C.
        table: dict[str, str | int | None] = dict(replacements)
        return Normalised(text.translate(str.maketrans(table)), text)
    return _with_pieces(text, replacements, changed_length)


def _with_pieces(text: str, replacements: dict[str, str], changed: set[str]) -> Normalised:
    """Normalise ``text`` where some characters grow or vanish, recording the pieces."""
    same_length: dict[str, str | int | None] = {
        c: r for c, r in replacements.items() if c not in changed
    }
    table = str.maketrans(same_length)
    finder = re.compile("[" + "".join(re.escape(c) for c in sorted(changed)) + "]")
    parts: list[str] = []
    pieces: list[Piece] = []
    position = length = 0
    for match in finder.finditer(text):
        if match.start() > position:
            run = text[position : match.start()].translate(table)
            pieces.append(Piece(length, position, len(run), same=True))
            parts.append(run)
            length += len(run)
        new = replacements[match.group()]
        if new:
            pieces.append(Piece(length, match.start(), len(new), same=False))
            parts.append(new)
            length += len(new)
        position = match.end()
    if position < len(text):
        run = text[position:].translate(table)
        pieces.append(Piece(length, position, len(run), same=True))
        parts.append(run)
    if not pieces:
        return Normalised("", text)
    return Normalised("".join(parts), text, tuple(pieces), tuple(p.start for p in pieces))


@cache
def replacement(char: str) -> str:
    """What one character outside printable ASCII becomes (``""`` when it is removed)."""
    if char in _LINE_SEPARATORS:
        return _LINE_SEPARATORS[char]
    if char in _KEPT_CONTROLS:
        return char
    if unicodedata.category(char) in ("Cf", "Cc"):
        return ""
    folded = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", "".join(_latin(c) for c in kept))


def _latin(char: str) -> str:
    """The Latin letter or digit ``char`` stands for or is confusable with, or ``char``."""
    if char.isascii():
        return char
    if unicodedata.category(char) == "Nd":  # a decimal digit of any script
        return str(unicodedata.decimal(char))
    return latin_lookalikes().get(char, char)


LOOKALIKES = "lookalikes.json"
"""The table of look-alikes in ``checks/data``, written by ``python -m tools.lookalikes``."""


@cache
def latin_lookalikes() -> dict[str, str]:
    """Letters and digits of other scripts mapped to the ASCII letter or digit they mimic."""
    path = resources.files("checks.data") / LOOKALIKES
    try:
        table = json.loads(path.read_text(encoding="utf-8"))["table"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise RuleDataError(
            f"checks/data/{LOOKALIKES}: cannot be read ({error}); "
            "run 'python -m tools.lookalikes' to write it"
        ) from error
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and len(k) == 1 and isinstance(v, str) and v.isascii()
        for k, v in table.items()
    ):
        raise RuleDataError(
            f"checks/data/{LOOKALIKES}: 'table' must map single characters to ASCII ones; "
            "run 'python -m tools.lookalikes' to write it"
        )
    return table
