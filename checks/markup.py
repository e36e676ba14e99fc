"""The little markup an example's ``why`` may use, parsed as data, never run.

An example is written by an editor and read by a reviewer as YAML, not as the
rendered page, so its explanation is untrusted content (docutils' advice for
untrusted input: no raw HTML, no file insertion, no directives). It is parsed
with markdown-it (CommonMark) into a small tree of the only things it may hold:

- paragraphs and bullet or numbered lists;
- *emphasis*, **strong**, ``inline code`` and links to ``http``, ``https`` or
  ``mailto`` addresses.

Anything else (raw HTML, code fences and MyST directives, roles, headings,
images, quotations, rules) is a :class:`MarkupError` with its line, and the
Sphinx extension builds its nodes from the tree alone, so nothing else can reach
a page even if a problem were ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it.token import Token

LINK_SCHEMES = ("http://", "https://", "mailto:")
# MyST syntax that CommonMark reads as plain text: a role ({name}`...`) or a
# colon-fenced directive (:::{name}). Shown as typed it would puzzle readers.
_ROLE = re.compile(r"\{[A-Za-z][\w:.+-]*\}`")
_COLON_FENCE = re.compile(r"^\s*:{3,}")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Styled:
    """Emphasis or strong text."""

    style: Literal["emphasis", "strong"]
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


Inline = Text | Code | Styled | Link


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ItemList:
    """A bullet list, or a numbered one; each item is a sequence of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]


Block = Paragraph | ItemList


@dataclass(frozen=True)
class MarkupError:
    """Markup the ``why`` may not use: its line (0 is the first line of the text)."""

    line: int
    message: str
    fix: str


# What each refused block means to an editor, and what to write instead.
_REFUSED_BLOCKS = {
    "html_block": ("raw HTML is not allowed", "write plain text; put a tag in `backticks`"),
    "fence": ("code blocks and directives are not allowed", "write the explanation as text"),
    "code_block": ("indented code is not allowed", "remove the indent at the start of the line"),
    "heading": ("headings are not allowed", "write it as a sentence: the card has its heading"),
    "blockquote": ("quotations ('>') are not allowed", "put the quoted words in quotation marks"),
    "hr": ("horizontal rules are not allowed", "remove the line of dashes or stars"),
}
_REFUSED_INLINE = {
    "html_inline": ("raw HTML is not allowed", "write plain text; put a tag in `backticks`"),
    "image": ("images are not allowed", "describe what the image shows in words"),
}


def parse_markup(text: str) -> tuple[tuple[Block, ...], list[MarkupError]]:
    """The blocks of ``text``, and every use of markup it may not hold."""
    from markdown_it import MarkdownIt  # imported here: only example files need it

    tokens = MarkdownIt("commonmark").parse(text)
    parser = _Parser(tokens)
    blocks = parser.blocks(closing="")
    # One report per line and kind: "<b>x</b>" is one use of HTML, not two.
    errors = dict.fromkeys(parser.errors + _myst_syntax(text))
    return blocks, sorted(errors, key=lambda e: e.line)


def _myst_syntax(text: str) -> list[MarkupError]:
    errors = []
    for number, line in enumerate(text.splitlines()):
        if _COLON_FENCE.match(line):
            errors.append(
                MarkupError(number, "MyST directives are not allowed", "write the text plainly")
            )
        elif role := _ROLE.search(line):
            errors.append(
                MarkupError(
                    number,
                    f"MyST roles such as {role.group()[:-1]} are not allowed",
                    "write the words plainly, or as a link: [words](https://...)",
                )
            )
    return errors


class _Parser:
    """Turns markdown-it's flat token stream into the tree, noting refused markup."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.errors: list[MarkupError] = []

    def blocks(self, closing: str) -> tuple[Block, ...]:
        """Blocks up to the token of type ``closing`` (or the end), which is consumed."""
        found: list[Block] = []
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            self.position += 1
            if token.type == closing:
                break
            block = self._block(token)
            if block is not None:
                found.append(block)
        return tuple(found)

    def _block(self, token: Token) -> Block | None:
        if token.type == "paragraph_open":
            inline = self.tokens[self.position]
            self.position += 2  # the inline token and paragraph_close
            return Paragraph(tuple(self._inlines(inline)))
        if token.type in ("bullet_list_open", "ordered_list_open"):
            items = []
            while self.tokens[self.position].type == "list_item_open":
                self.position += 1
                items.append(self.blocks(closing="list_item_close"))
            self.position += 1  # the list's closing token
            return ItemList(token.type == "ordered_list_open", tuple(items))
        self._refuse(token, _REFUSED_BLOCKS)
        self._skip_to_close(token)
        return None

    def _skip_to_close(self, token: Token) -> None:
        """Skip what a refused block holds (a heading's text, a quotation's paragraphs)."""
        if token.nesting != 1:
            return
        depth = 1
        while depth and self.position < len(self.tokens):
            depth += self.tokens[self.position].nesting
            self.position += 1

    def _refuse(self, token: Token, meanings: dict[str, tuple[str, str]], line: int = 0) -> None:
        kind = token.type.removesuffix("_open")
        message, fix = meanings.get(kind, (f"'{kind}' is not allowed", "write plain text"))
        if kind == "fence" and token.info.strip().startswith("{"):
            message = f"the MyST directive {token.info.split()[0]} is not allowed"
        start = token.map[0] if token.map else line
        self.errors.append(MarkupError(start, message, fix))

    def _inlines(self, inline: Token) -> list[Inline]:
        line = inline.map[0] if inline.map else 0
        children = iter(inline.children or [])
        return list(self._inline_run(children, line, closing=""))

    def _inline_run(self, children: Iterator[Token], line: int, closing: str) -> Iterator[Inline]:
        for child in children:
            if child.type == closing:
                return
            if child.type == "text":
                yield Text(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                line += 1
                yield Text("\n" if child.type == "softbreak" else " ")
            elif child.type == "code_inline":
                yield Code(child.content)
            elif child.type in ("em_open", "strong_open"):
                style: Literal["emphasis", "strong"] = (
                    "emphasis" if child.type == "em_open" else "strong"
                )
                closer = child.type.replace("_open", "_close")
                yield Styled(style, tuple(self._inline_run(children, line, closer)))
            elif child.type == "link_open":
                yield from self._link(child, children, line)
            else:
                self._refuse(child, _REFUSED_INLINE, line)

    def _link(self, child: Token, children: Iterator[Token], line: int) -> Iterator[Inline]:
        href = str(child.attrs.get("href", ""))
        words = tuple(self._inline_run(children, line, "link_close"))
        if href.startswith(LINK_SCHEMES):
            yield Link(href, words)
            return
        self.errors.append(
            MarkupError(
                line,
                f"links may go only to http, https or mailto addresses, not '{href}'",
                "link to a full address starting https://",
            )
        )
        yield from words
