"""A government publication's frame: the publisher and "last updated" on every page.

``docs/_templates/page.html`` shows them in Furo's footer. "Last updated" is the
page's ``last_reviewed`` date; an example's own page takes its principle
page's, because its examples are reviewed with that page, and the pages
Sphinx makes (search, index) take the home page's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.sphinxext.domain import domain_of
from checks.sphinxext.review import long_date, review_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def add_frame(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    env = app.env
    domain = domain_of(env)
    reviewed = pagename
    if pagename in domain.data["example_pages"]:
        principle = domain.data["example_pages"][pagename][2]
        reviewed = domain.data["principles"].get(principle, pagename)
    if reviewed not in env.all_docs:
        # Pages Sphinx makes (search, index) have no source: the home page's date.
        reviewed = app.config.root_doc
    last = review_of(env.metadata.get(reviewed, {})).last_reviewed
    context["checks_last_updated"] = long_date(last) if last else ""
    context["checks_publisher"] = app.config.author or "the Cabinet Office"
    context["checks_licence_page"] = "about" if "about" in env.all_docs else app.config.root_doc


def setup_frame(app: Sphinx) -> None:
    app.connect("html-page-context", add_frame)
