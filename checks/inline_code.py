"""Inline code in built pages, and the allow-list of the inline code the theme ships.

The site's Content-Security-Policy allows inline code only by hash, and those
hashes come from ``checks/data/csp-allowlist.yaml``: the inline scripts, styles and
``style=`` attributes each theme's templates emit, checked against the installed
theme by ``tests/security/test_csp_allowlist.py``. They never come from the pages, so
nothing a page contains can widen the policy; a page that carries inline code
not on the list fails the build instead (``checks.sphinxext.inline_code``) and
``tools/csp.py`` refuses it.

This module imports no Sphinx: the Sphinx extension and ``tools/csp.py`` share it.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ALLOWLIST = "checks/data/csp-allowlist.yaml"
"""Where the allow-list lives, as messages name it."""


class Kind(enum.Enum):
    """The kinds of inline code a page can carry, as messages name them."""

    SCRIPT = "<script>"
    STYLE = "<style>"
    STYLE_ATTRIBUTE = "style attribute"
    EVENT_HANDLER = "event-handler attribute"
    JAVASCRIPT_URL = "javascript: URL"


# The kinds a policy can allow by hash (event handlers and javascript: URLs never are),
# by the name the allow-list gives them.
LISTED_KINDS = {"script": Kind.SCRIPT, "style": Kind.STYLE, "style-attribute": Kind.STYLE_ATTRIBUTE}

# Elements a browser reads as text up to their end tag: code hidden in what looks like
# an attribute inside them (<noscript><p title="</noscript><script>…">) is found.
RAW_TEXT_ELEMENTS = (
    "script",
    "style",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "iframe",
    "textarea",
    "title",
)
# Browsers drop tabs and newlines from a URL, and spaces and controls around it.
URL_IGNORED = re.compile(r"[\t\n\r]")


class AllowListError(Exception):
    """The allow-list file is missing or malformed; the message says where and how to fix it."""


def digest(text: str) -> str:
    """The base64 sha256 of inline code as a browser hashes it for a policy."""
    # The HTML parser turns CRLF and lone CR into LF before the browser hashes the text.
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return base64.b64encode(hashlib.sha256(normalised.encode("utf-8")).digest()).decode("ascii")


@dataclass(frozen=True)
class Snippet:
    """One piece of inline code in a page, and the line of the page it starts on."""

    kind: Kind
    text: str
    line: int

    @property
    def sha256(self) -> str:
        return digest(self.text)

    def describe(self) -> str:
        """``<script> on line 12: 'alert(1)'``, the text shortened to one line."""
        text = " ".join(self.text.split())
        shown = text if len(text) <= 60 else text[:57] + "..."
        return f"{self.kind.value} on line {self.line}: {shown!r}"


@dataclass(frozen=True)
class Allowed:
    """An allow-list entry: inline code a theme ships, by kind and hash."""

    kind: Kind
    sha256: str
    source: str


class _Collector(HTMLParser):
    """Collects every inline script, style and code-bearing attribute of one page."""

    def __init__(self, first_line: int = 1) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Snippet] = []
        self._offset = first_line - 1
        self._open: tuple[str, int] | None = None  # a raw-text element and its line
        self._body: list[str] = []

    def _line(self) -> int:
        return self.getpos()[0] + self._offset

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self._attribute(name, value or "")
        if tag in RAW_TEXT_ELEMENTS:
            # Read its body as text up to its end tag, as a browser does (this parser
            # does so by itself only for script and style).
            self.set_cdata_mode(tag)
            # A script with src runs the file, not its body; every other body is inline code,
            # whatever its type: data blocks, modules and import maps alike.
            self._open = (tag, self._line()) if not _has(attrs, "src") else None
            self._body = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A browser ignores the '/' of <script/>: what follows is its body, so a raw-text
        # element stays open (handle_starttag reads on as text).
        self.handle_starttag(tag, attrs)
        if tag not in RAW_TEXT_ELEMENTS:
            self.handle_endtag(tag)

    def _attribute(self, name: str, value: str) -> None:
        if name == "style":
            self.found.append(Snippet(Kind.STYLE_ATTRIBUTE, value, self._line()))
        elif name.startswith("on"):
            self.found.append(Snippet(Kind.EVENT_HANDLER, value, self._line()))
        elif URL_IGNORED.sub("", value).lstrip("\x00- ").lower().startswith("javascript:"):
            self.found.append(Snippet(Kind.JAVASCRIPT_URL, value, self._line()))
        elif name == "srcdoc":  # a whole page inside an attribute
            self._nested(value, self._line())

    def handle_data(self, data: str) -> None:
        if self._open:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self._finish()
        if tag in RAW_TEXT_ELEMENTS:
            self._open = None
            self._body = []

    def close(self) -> None:
        super().close()
        if self._open:  # never ended: the rest of the page is its body
            self._finish()

    def _finish(self) -> None:
        assert self._open is not None
        (tag, line), body = self._open, "".join(self._body)
        if tag == "script":
            self.found.append(Snippet(Kind.SCRIPT, body, line))
        elif tag == "style":
            self.found.append(Snippet(Kind.STYLE, body, line))
        else:  # what a browser without scripting, or a later parse, would read as markup
            self._nested(body, line)
        self._open = None

    def handle_comment(self, data: str) -> None:
        # Browsers end a comment at '--!>', this parser only at '-->': look inside too.
        self._nested(data, self._line())

    def unknown_decl(self, data: str) -> None:
        self._nested(data, self._line())

    def _nested(self, text: str, line: int) -> None:
        self.found += inline_code(text, first_line=line)


def _has(attrs: list[tuple[str, str | None]], name: str) -> bool:
    return any(key == name for key, _ in attrs)


def inline_code(html: str, first_line: int = 1) -> list[Snippet]:
    """Every inline script, style, style attribute, event handler and javascript: URL."""
    collector = _Collector(first_line)
    collector.feed(html)
    collector.close()
    return collector.found


def unexpected(html: str, allowed: Iterable[Allowed]) -> list[Snippet]:
    """The inline code of a page that is not on the allow-list ``allowed``."""
    known = {(entry.kind, entry.sha256) for entry in allowed}
    return [s for s in inline_code(html) if (s.kind, s.sha256) not in known]


# -- The allow-list -------------------------------------------------------------------


@cache
def allowlist(path: Path | None = None) -> dict[str, tuple[Allowed, ...]]:
    """The entries of each theme in the allow-list (the project's, unless ``path``)."""
    name = str(path) if path else ALLOWLIST
    try:
        if path is None:
            text = (resources.files("checks.data") / "csp-allowlist.yaml").read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        loaded = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as error:
        raise AllowListError(f"{name}: cannot be read: {error}") from error
    themes = loaded.get("themes") if isinstance(loaded, dict) else None
    if not isinstance(themes, dict):
        raise AllowListError(f"{name}: expected 'themes:', a mapping of theme name to entries")
    return {str(theme): _entries(name, str(theme), items) for theme, items in themes.items()}


def _entries(name: str, theme: str, items: Any) -> tuple[Allowed, ...]:
    if not isinstance(items, list):
        raise AllowListError(f"{name}: themes.{theme} must be a list of entries")
    entries = []
    for index, item in enumerate(items):
        where = f"{name}: themes.{theme}[{index}]"
        if not isinstance(item, dict) or set(item) != {"kind", "sha256", "source"}:
            raise AllowListError(f"{where}: give exactly 'kind', 'sha256' and 'source'")
        kind = LISTED_KINDS.get(item["kind"])
        if kind is None:
            raise AllowListError(f"{where}: kind must be one of {', '.join(LISTED_KINDS)}")
        if not re.fullmatch(r"[A-Za-z0-9+/]{43}=", str(item["sha256"])):
            raise AllowListError(f"{where}: sha256 must be a base64 sha256 digest (44 characters)")
        entries.append(Allowed(kind, str(item["sha256"]), str(item["source"])))
    return tuple(entries)


def allowed_for(theme: str, path: Path | None = None) -> tuple[Allowed, ...]:
    """The allow-list entries of ``theme``; none for a theme the list does not name."""
    return allowlist(path).get(theme, ())


def listed_name(kind: Kind) -> str:
    """The name the allow-list gives a kind (``style-attribute``)."""
    return next(name for name, listed in LISTED_KINDS.items() if listed is kind)
