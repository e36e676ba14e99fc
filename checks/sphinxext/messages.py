"""The ``checks.*`` warnings: one subtype per kind of problem, one helper to emit them.

Example problems keep the subtypes of :class:`checks.problems.ProblemKind`;
problems only the site can see are :class:`SiteWarning`. Every member has a
docstring, which the editors' page lists, so editors can look up a subtype
and ``suppress_warnings`` can name it (``checks.review-due``).
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks.problems import ProblemKind
from checks.sphinxext import elements as n

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

TYPE = "checks"


class SiteWarning(enum.Enum):
    """Problems that only appear once examples and pages come together in the site."""

    NOT_SHOWN = "not-shown"
    """An example file appears on no page of the site."""

    UNKNOWN_TARGET = "unknown-target"
    """A directive names an example, principle or rule that does not exist."""

    REVIEW_DUE = "review-due"
    """A page is past its ``review_by`` date: its owner should review it."""

    REVIEW_METADATA = "review-metadata"
    """A page lacks ``owner``, ``last_reviewed`` or ``review_by``, or a date is not YYYY-MM-DD."""

    FILE_OUTSIDE = "file-outside"
    """A page names a file outside the repository (to include, show or download): not read."""

    INLINE_CODE = "inline-code"
    """A written page carries inline script, style or event handler not on the CSP allow-list."""


Kind = ProblemKind | SiteWarning


def warn(message: str, kind: Kind, location: Any) -> None:
    """Emit a ``checks.<subtype>`` warning; Sphinx appends ``[checks.<subtype>]`` itself."""
    logger.warning(message, type=TYPE, subtype=kind.value, location=location)


def warn_unknown(directive: SphinxDirective, what: str, name: str, known: Iterable[str]) -> None:
    """A directive names a principle, rule or example that does not exist: one typed warning."""
    names = list(known)
    close = difflib.get_close_matches(name, names, n=1)
    fix = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(names)}"
    warn(
        f"unknown {what} '{name}' (fix: {fix})",
        SiteWarning.UNKNOWN_TARGET,
        directive.get_location(),
    )


def fail(message: str) -> None:
    """Report the error that fails the build after every problem has been warned about."""
    logger.error(message)


@cache
def subtypes() -> list[tuple[str, str]]:
    """Every ``checks.*`` subtype with its meaning, from the members' docstrings."""
    found = []
    for kind_class in (ProblemKind, SiteWarning):
        docs = ModuleAnalyzer.for_module(kind_class.__module__).find_attr_docs()
        for member in kind_class:
            doc = " ".join(docs.get((kind_class.__name__, member.name), [])).strip()
            found.append((f"{TYPE}.{member.value}", doc))
    return found


class WarningsListDirective(SphinxDirective):
    """``{checks-warnings}``: every ``checks.*`` warning subtype and what it means."""

    def run(self) -> list[nodes.Node]:
        # A definition list, not a table: it reads well on a phone without scrolling sideways.
        result = nodes.definition_list(classes=["checks-warnings"])
        for name, meaning in subtypes():
            term = nodes.term("", "", nodes.literal(name, name))
            result += nodes.definition_list_item(
                "", term, nodes.definition("", n.paragraph(_inline_markup(meaning)))
            )
        return [result]


def _inline_markup(text: str) -> nodes.Node:
    """Docstrings mark field names as ``code``: show those as code, the rest as text."""
    parts = text.split("``")
    result = nodes.inline()
    for index, part in enumerate(parts):
        result += nodes.literal(part, part) if index % 2 else nodes.Text(part)
    return result


def setup_warnings(app: Sphinx) -> None:
    app.add_directive("checks-warnings", WarningsListDirective)
