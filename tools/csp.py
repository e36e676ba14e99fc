"""The Content-Security-Policy header value for a built site, from the built files.

The policy is ``default-src 'self'``, plus exactly what the built pages need
and nothing more:

* ``script-src``: the sha256 hash of each inline ``<script>`` body (Furo sets the
  colour theme with one before the page paints);
* ``style-src``: the hash of each inline ``<style>`` body (Furo's colour variables)
  and, behind ``'unsafe-hashes'``, of each ``style="..."`` attribute value (Furo's
  SVG sprite is ``style="display: none;"``; without it the sprite takes up space
  at the top of every page);
* ``img-src data:`` only when a stylesheet or page uses a ``data:`` image (Furo
  draws its icons with them).

Any other inline code, and anything from another host, is refused by the browser.

``python tools/csp.py SITE`` writes the value to ``SITE/_csp.txt`` and prints it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CSP_FILE = "_csp.txt"

# Script types a browser runs; others (JSON data, templates) are not subject to script-src.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
DATA_IMAGE = re.compile(r"""url\(\s*["']?data:|(?:src|href)\s*=\s*["']data:image/""", re.I)


def source_hash(text: str) -> str:
    """``'sha256-…'`` for an inline script, style or style attribute, as browsers hash it."""
    # The HTML parser turns CRLF and lone CR into LF before the browser hashes the text.
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class InlineCode:
    """The inline scripts, styles and style attributes of some pages."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    style_attributes: set[str] = field(default_factory=set)


class _InlineCollector(HTMLParser):
    """Collects the raw bodies of inline ``<script>`` and ``<style>`` and ``style=`` values."""

    def __init__(self, found: InlineCode) -> None:
        super().__init__(convert_charrefs=True)
        self.found = found
        self._open: str | None = None  # 'script' or 'style' while inside an inline one
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        style = values.get("style")
        if style is not None:
            self.found.style_attributes.add(style)
        if tag == "script" and "src" not in values:
            kind = (values.get("type") or "").strip().lower()
            self._open = "script" if kind in EXECUTABLE_TYPES else None
            self._body = []
        elif tag == "style":
            self._open = "style"
            self._body = []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            body = "".join(self._body)
            (self.found.scripts if tag == "script" else self.found.styles).add(body)
        if tag in ("script", "style"):
            self._open = None
            self._body = []


def inline_code(pages: Iterable[Path]) -> InlineCode:
    """Everything inline in ``pages`` that a strict policy would have to allow."""
    found = InlineCode()
    for page in pages:
        collector = _InlineCollector(found)
        collector.feed(page.read_text(encoding="utf-8"))
        collector.close()
    return found


def uses_data_images(site_dir: Path) -> bool:
    """Whether any stylesheet or page of the site loads a ``data:`` image."""
    files = [*site_dir.rglob("*.css"), *site_dir.rglob("*.html")]
    return any(DATA_IMAGE.search(f.read_text(encoding="utf-8", errors="replace")) for f in files)


def csp_for(site_dir: Path | str) -> str:
    """The Content-Security-Policy header value that the site in ``site_dir`` needs."""
    site = Path(site_dir)
    found = inline_code(sorted(site.rglob("*.html")))
    directives = ["default-src 'self'"]
    if found.scripts:
        directives.append(" ".join(["script-src 'self'", *sorted(map(source_hash, found.scripts))]))
    style = sorted(map(source_hash, found.styles))
    if found.style_attributes:
        style += ["'unsafe-hashes'", *sorted(map(source_hash, found.style_attributes))]
    if style:
        directives.append(" ".join(["style-src 'self'", *style]))
    if uses_data_images(site):
        directives.append("img-src 'self' data:")
    return "; ".join(directives)


def write_csp(site_dir: Path | str) -> str:
    """Write the site's policy to ``site_dir/_csp.txt`` (one line) and return it."""
    value = csp_for(site_dir)
    (Path(site_dir) / CSP_FILE).write_text(value + "\n", encoding="utf-8")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """``python tools/csp.py SITE``: write and print the policy; exit 2 if SITE is no folder."""
    parser = argparse.ArgumentParser(
        prog="python tools/csp.py",
        description=f"Write the Content-Security-Policy a built site needs to SITE/{CSP_FILE}.",
    )
    parser.add_argument("site", type=Path, help="the built site, such as public/")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder")
    print(write_csp(args.site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
