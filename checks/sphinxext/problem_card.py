"""The card of an example file that cannot be used: what is wrong and how to fix it.

A build that publishes fails on any such file, so these cards are only ever seen
in a preview (``nox -s docs-live``), where the example stays in its place on the
page instead of silently vanishing. Nothing written in the file is shown but its
name and the problems' messages, all as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from checks.sphinxext import elements as n

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

    from checks.broken import Broken

IDS = "checks_problem_ids"
NOTICE = "This example has a problem, so it cannot be published"


def problem_card(directive: SphinxDirective, broken: Broken) -> n.checks_block:
    """A card in the example's place, with a notice listing each problem and its fix."""
    anchor = _free_id(directive, f"problem-{nodes.make_id(broken.slug) or 'example'}")
    notice = nodes.admonition(
        "", nodes.title("", NOTICE), classes=["warning", "checks-problem-notice"]
    )
    notice += n.bullet_list(
        n.paragraph(f"{problem.path}, line {problem.line}: {problem.message}. Fix: {problem.fix}")
        for problem in broken.problems
    )
    card = n.block(
        "article",
        n.block(
            "div",
            # The file's name, not its title: nothing written in an invalid file is shown.
            n.heading(broken.path, f"{anchor}--title", classes=["checks-card-title"]),
            classes=["sd-card-header", "checks-card-header"],
        ),
        n.block("div", notice, classes=["sd-card-body"]),
        classes=["sd-card", "sd-shadow-sm", "sd-mb-4", "checks-card", "checks-card-problem"],
        **{"aria-labelledby": f"{anchor}--title", "data-principle": broken.principle},
    )
    card["ids"].append(anchor)
    # The messages quote the file and commands exactly: no curly quotes, no '--' made a dash.
    card["support_smartquotes"] = False
    return card


def _free_id(directive: SphinxDirective, wanted: str) -> str:
    """``wanted``, or ``wanted-2`` and so on if this page already has a card with it."""
    # temp_data lasts while one document is read: the ids of this page's problem cards.
    used: set[str] = directive.env.temp_data.get(IDS) or set()
    directive.env.temp_data[IDS] = used
    anchor, number = wanted, 2
    while anchor in used:
        anchor, number = f"{wanted}-{number}", number + 1
    used.add(anchor)
    return anchor
