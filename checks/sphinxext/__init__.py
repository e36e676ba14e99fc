"""The Sphinx extension: example cards, the gallery, rule pages and checks at build time.

Each component lives in its own module with its own ``setup_*``; this module
wires them together. Load it with ``extensions = ["checks"]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks import __version__
from checks.sphinxext.about import setup_about
from checks.sphinxext.config import setup_config
from checks.sphinxext.corpus import fail_on_problems, load, warn_problems
from checks.sphinxext.directives import setup_directives
from checks.sphinxext.domain import ChecksDomain
from checks.sphinxext.draft import setup_draft
from checks.sphinxext.elements import setup_nodes
from checks.sphinxext.example_pages import setup_example_pages
from checks.sphinxext.frame import setup_frame
from checks.sphinxext.gallery import setup_gallery
from checks.sphinxext.guidance import setup_guidance
from checks.sphinxext.inclusion import setup_inclusion
from checks.sphinxext.inline_code import setup_inline_code
from checks.sphinxext.messages import setup_warnings
from checks.sphinxext.review import setup_review
from checks.sphinxext.rules_pages import setup_rules_pages
from checks.sphinxext.todo import setup_todo

if TYPE_CHECKING:
    from docutils.nodes import document
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"

# Bump when the data the extension stores in the environment changes shape.
ENV_VERSION = 2


def setup(app: Sphinx) -> dict[str, Any]:
    setup_config(app)
    setup_warnings(app)
    setup_nodes(app)
    setup_inclusion(app)
    app.add_domain(ChecksDomain)
    # Verify the examples once, before Sphinx decides what to read (and before a
    # parallel build forks, so every process shares the result).
    app.connect("builder-inited", load)
    app.connect("builder-inited", add_static_files)
    app.connect("html-page-context", drop_translations)
    app.connect("env-before-read-docs", warn_problems)
    app.connect("build-finished", fail_on_problems)
    setup_guidance(app)
    setup_directives(app)
    setup_gallery(app)
    setup_example_pages(app)
    setup_rules_pages(app)
    setup_review(app)
    setup_about(app)
    setup_inline_code(app)
    setup_draft(app)
    setup_todo(app)
    setup_frame(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def add_static_files(app: Sphinx) -> None:
    """Our CSS on every page of an HTML build; the gallery adds its own script."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("checks.css")
    # Opens a card's details when printing or when a link points at the card.
    app.add_js_file("checks-cards.js", loading_method="defer")
    # Search labels in sentence case, and search snippets without finding numbers.
    app.add_js_file("checks-search.js", loading_method="defer")


def drop_translations(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: document | None,
) -> None:
    """Leave out Sphinx's translations.js for English pages.

    British English has nothing to translate, and that script builds a function
    from a string, which a Content Security Policy without 'unsafe-eval' blocks.
    """
    if not str(app.config.language or "en").startswith("en"):
        return
    # In place: scripts added later for this page (the gallery's) go to this same list.
    scripts = context.get("script_files", [])
    scripts[:] = [s for s in scripts if getattr(s, "filename", s) != "_static/translations.js"]
