"""Fail the build when a written page carries inline code the theme does not ship.

The site's Content-Security-Policy allows only the inline code on the allow-list
(``checks/data/csp-allowlist.yaml``), so a browser would refuse anything else a
page carries: a script or style that came in through a page's raw HTML, say. This
check finds it first. After an HTML build it reads every written page and emits one
``checks.inline-code`` warning per page that carries inline code not on the list,
naming the page's source and each piece of code; ``-W`` makes that fail the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checks.inline_code import ALLOWLIST, AllowListError, allowed_for, unexpected
from checks.sphinxext.messages import SiteWarning, fail, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FIX = (
    "fix: remove it from the page; the project's own scripts and styles belong in files in "
    "checks/sphinxext/static/ and classes in checks.css, the theme's inline code on the "
    f"allow-list, {ALLOWLIST}"
)


def check_written_pages(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build, warn about each page with inline code not on the allow-list."""
    if exception is not None or app.builder.format != "html":
        return
    try:
        allowed = allowed_for(str(app.config.html_theme))
    except AllowListError as error:
        fail(f"{error}: the pages' inline code cannot be checked")
        return
    outdir = Path(app.outdir)
    for page in sorted(outdir.rglob("*.html")):
        found = unexpected(page.read_text(encoding="utf-8", errors="replace"), allowed)
        if found:
            relative = page.relative_to(outdir).as_posix()
            listed = "; ".join(snippet.describe() for snippet in found)
            message = (
                f"{relative} carries inline code that is not on the allow-list, "
                f"which the site's Content-Security-Policy refuses: {listed} ({FIX})"
            )
            warn(message, SiteWarning.INLINE_CODE, _location(app, relative, found[0].line))


def _location(app: Sphinx, relative: str, line: int) -> str | tuple[str, None]:
    """The page's source when it has one, else the written page and the line."""
    # page.html from the html builder, page/index.html from dirhtml.
    for docname in (relative.removesuffix(".html"), relative.removesuffix("/index.html")):
        if docname in app.env.all_docs:
            return (docname, None)
    return f"{Path(app.outdir) / relative}:{line}"


def setup_inline_code(app: Sphinx) -> None:
    app.connect("build-finished", check_written_pages)
