"""The Content-Security-Policy header value for a built site, from the allow-list.

The policy is ``default-src 'self'``, plus the inline code the theme ships and
nothing more, from ``checks/data/csp-allowlist.yaml`` (see ``checks.inline_code``):

* ``script-src``: the sha256 hash of each inline ``<script>`` on the list (Furo sets
  the colour theme with one before the page paints);
* ``style-src``: the hash of each inline ``<style>`` on the list (Furo's colour
  variables) and, behind ``'unsafe-hashes'``, of each ``style="..."`` value on it
  (Furo's SVG sprite is ``style="display: none;"``);
* ``img-src data:`` only when a stylesheet in ``_static/`` uses a ``data:`` image
  (Furo draws its icons with them);
* ``'wasm-unsafe-eval'`` in ``script-src`` only when the site ships Pyodide
  (``_static/pyodide/``), for the "Check a draft" page: it lets the page compile
  WebAssembly, the Python that runs the checks, and nothing else (not ``eval``).
  The page's worker is a file of the site, which ``script-src 'self'`` covers.

What the pages contain never changes the policy. A page carrying inline code that
is not on the list is refused: the policy is not written and the error names each
page and piece of code (the build's ``checks.inline-code`` check normally stops it
first).

``python -m tools.csp SITE`` writes the value to ``SITE/_csp.txt`` and prints it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from checks.inline_code import Allowed, AllowListError, Kind, allowed_for, digest, unexpected

CSP_FILE = "_csp.txt"
SITE_THEME = "furo"
"""The site's theme, as ``html_theme`` in conf.py (a test checks they agree)."""

DATA_IMAGE = re.compile(r"""url\(\s*["']?data:""", re.I)
PYODIDE_WASM = "_static/pyodide/pyodide.asm.wasm"
"""Shipped only with the "Check a draft" page (checks.sphinxext.draft)."""
WASM = "'wasm-unsafe-eval'"


class InlineCodeError(ValueError):
    """Pages of a site carry inline code that is not on the allow-list."""


def source_hash(text: str) -> str:
    """``'sha256-…'`` for an inline script, style or style attribute, as browsers hash it."""
    return f"'sha256-{digest(text)}'"


def _hashes(allowed: Iterable[Allowed], kind: Kind) -> list[str]:
    return sorted({f"'sha256-{entry.sha256}'" for entry in allowed if entry.kind is kind})


def uses_data_images(site_dir: Path) -> bool:
    """Whether a stylesheet the theme or the project ships (in ``_static/``) uses a data image."""
    sheets = (site_dir / "_static").rglob("*.css")
    return any(DATA_IMAGE.search(f.read_text(encoding="utf-8", errors="replace")) for f in sheets)


def uses_wasm(site_dir: Path) -> bool:
    """Whether the site ships Pyodide, whose WebAssembly the browser must be allowed to compile."""
    return (site_dir / PYODIDE_WASM).is_file()


def csp_for(site_dir: Path | str, allowed: Iterable[Allowed] | None = None) -> str:
    """The policy for the site in ``site_dir``: the allow-list of the site's theme, or ``allowed``.

    Only the stylesheets in ``_static/`` are read (for ``img-src``); the pages are not.
    """
    entries = tuple(allowed_for(SITE_THEME) if allowed is None else allowed)
    directives = ["default-src 'self'"]
    scripts = _hashes(entries, Kind.SCRIPT)
    if uses_wasm(Path(site_dir)):
        scripts.append(WASM)
    if scripts:
        directives.append(" ".join(["script-src 'self'", *scripts]))
    style = _hashes(entries, Kind.STYLE)
    attributes = _hashes(entries, Kind.STYLE_ATTRIBUTE)
    if attributes:
        style += ["'unsafe-hashes'", *attributes]
    if style:
        directives.append(" ".join(["style-src 'self'", *style]))
    if uses_data_images(Path(site_dir)):
        directives.append("img-src 'self' data:")
    return "; ".join(directives)


def refuse_unexpected(site_dir: Path | str, allowed: Iterable[Allowed] | None = None) -> None:
    """Raise :class:`InlineCodeError` naming each page and piece of code not on the list."""
    site = Path(site_dir)
    entries = tuple(allowed_for(SITE_THEME) if allowed is None else allowed)
    lines = []
    for page in sorted(site.rglob("*.html")):
        found = unexpected(page.read_text(encoding="utf-8", errors="replace"), entries)
        lines += [f"  {page.relative_to(site).as_posix()}: {s.describe()}" for s in found]
    if lines:
        raise InlineCodeError(
            f"{site} has inline code that is not on the allow-list "
            "(checks/data/csp-allowlist.yaml), which the policy would refuse:\n"
            + "\n".join(lines)
            + "\nfix: remove it from the pages, or move the project's own scripts and styles "
            "into files in checks/sphinxext/static/; no policy was written"
        )


def write_csp(site_dir: Path | str, allowed: Iterable[Allowed] | None = None) -> str:
    """Write the site's policy to ``site_dir/_csp.txt`` (one line) and return it.

    Raises :class:`InlineCodeError`, writing nothing, if a page carries inline code
    that is not on the allow-list.
    """
    entries = tuple(allowed_for(SITE_THEME) if allowed is None else allowed)
    refuse_unexpected(site_dir, entries)
    value = csp_for(site_dir, entries)
    (Path(site_dir) / CSP_FILE).write_text(value + "\n", encoding="utf-8")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tools.csp SITE``: write and print the policy.

    Exit status: 0 written; 1 a page carries inline code not on the allow-list; 2 usage.
    """
    parser = argparse.ArgumentParser(
        prog="python -m tools.csp",
        description=f"Write the Content-Security-Policy a built site needs to SITE/{CSP_FILE}.",
    )
    parser.add_argument("site", type=Path, help="the built site, such as public/")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder")
    try:
        print(write_csp(args.site))
    except (InlineCodeError, AllowListError) as error:
        print(f"csp: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
