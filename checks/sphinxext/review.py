"""Owners and review dates: every page says who owns it and when to review it.

Each page's front matter carries ``owner``, ``last_reviewed`` and
``review_by``. A page past its date is a ``checks.review-due`` warning and
shows readers a "review due" notice; the About page lists every page's owner
and dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from checks.sphinxext import elements as n
from checks.sphinxext.config import today
from checks.sphinxext.domain import domain_of
from checks.sphinxext.messages import SiteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FIELDS = ("owner", "last_reviewed", "review_by")


@dataclass(frozen=True)
class Review:
    """A page's review metadata; ``problem`` says what is missing or malformed."""

    owner: str
    last_reviewed: datetime.date | None
    review_by: datetime.date | None
    problem: str = ""

    def overdue(self, on: datetime.date) -> bool:
        return self.review_by is not None and self.review_by < on


def review_of(metadata: dict[str, Any]) -> Review:
    missing = [field for field in FIELDS if not str(metadata.get(field, "")).strip()]
    dates = {field: _date(metadata.get(field)) for field in FIELDS[1:]}
    bad = [field for field in FIELDS[1:] if field not in missing and dates[field] is None]
    problem = "; ".join(
        ([f"missing {', '.join(missing)}"] if missing else [])
        + [f"{field} is not a YYYY-MM-DD date" for field in bad]
    )
    return Review(
        str(metadata.get("owner", "")).strip(), dates["last_reviewed"], dates["review_by"], problem
    )


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def long_date(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "not set"


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    """While a page is read: if it is past its review date, tell its readers."""
    env = app.env
    review = review_of(env.metadata.get(env.docname, {}))
    overdue = review.overdue(today(app.config))
    domain_of(env).note_flag("review", env.docname, overdue)
    if not overdue:
        return
    notice = nodes.admonition(
        "", nodes.title("", "Review due"), classes=["warning", "checks-review-due"]
    )
    notice += n.paragraph(
        f"This page was due for review on {long_date(review.review_by)}, so it may be out of date. "
        f"Its owner is {review.owner or 'not recorded'}."
    )
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        doctree.insert(0, notice)


def outdated_reviews(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read a page when its review date passes, so the notice appears without an edit."""
    on = today(app.config)
    shown = domain_of(env).data["review"]
    return [
        doc
        for doc, was_overdue in shown.items()
        if review_of(env.metadata.get(doc, {})).overdue(on) != was_overdue
    ]


def warn_reviews(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After every read: warn about each page past its date or without its metadata."""
    on = today(app.config)
    # An example's own page is made from its file, which is reviewed with its principle.
    made = domain_of(env).example_pages()
    for docname in sorted(set(env.all_docs) - made):
        review = review_of(env.metadata.get(docname, {}))
        location = (docname, _line_of(env, docname, "review_by"))
        if review.problem:
            warn(
                f"page '{docname}' needs {', '.join(FIELDS)} in its front matter: {review.problem}",
                SiteWarning.REVIEW_METADATA,
                location,
            )
        elif review.overdue(on):
            warn(
                f"page '{docname}' was due for review on {review.review_by} "
                f"(owner: {review.owner})",
                SiteWarning.REVIEW_DUE,
                location,
            )
    return []


def _line_of(env: BuildEnvironment, docname: str, field: str) -> int:
    """The source line of a front-matter field, so the warning points at it."""
    try:
        lines = env.doc2path(docname).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next(
        (index for index, line in enumerate(lines, start=1) if line.startswith(f"{field}:")), 1
    )


class page_reviews(nodes.General, nodes.Element):
    """Replaced, once every page is read, by the table of owners and review dates."""


class PageReviewsDirective(SphinxDirective):
    """``{page-reviews}``: every page with its owner and review dates."""

    def run(self) -> list[nodes.Node]:
        domain_of(self.env).note_flag("dynamic", self.env.docname)
        return [page_reviews()]


def fill_reviews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    on = today(app.config)
    for placeholder in list(doctree.findall(page_reviews)):
        rows = []
        for page in sorted(set(app.env.all_docs) - domain_of(app.env).example_pages()):
            review = review_of(app.env.metadata.get(page, {}))
            title = app.env.titles[page].astext() if page in app.env.titles else page
            link = nodes.reference(
                "", title, internal=True, refuri=app.builder.get_relative_uri(docname, page)
            )
            status = (
                "Review due"
                if review.overdue(on)
                else ("Incomplete" if review.problem else "Up to date")
            )
            rows.append(
                (
                    n.paragraph(link),
                    review.owner or "not recorded",
                    long_date(review.last_reviewed),
                    long_date(review.review_by),
                    status,
                )
            )
        headers = ("Page", "Owner", "Last reviewed", "Review by", "Status")
        placeholder.replace_self(n.table(headers, rows, classes=["checks-reviews"]))


def setup_review(app: Sphinx) -> None:
    # After Sphinx's own collector has moved the front matter into env.metadata.
    app.connect("doctree-read", add_notice, priority=600)
    app.connect("env-get-outdated", outdated_reviews)
    app.connect("env-updated", warn_reviews)
    app.add_node(page_reviews)
    app.add_directive("page-reviews", PageReviewsDirective)
    app.connect("doctree-resolved", fill_reviews)
