"""An example card: the post as a reader meets it, the verdict, the findings and why.

A card comes in two sizes. On a principle's page, the Code page or any page that
lists examples, it shows the title, the verdict and the post, with what was
found and why in a ``<details>`` that opens on request, when printed and when a
link points at the card (``checks-cards.js``); the card is left out of the
search index there, so a search finds the example once, on its own page. On an
example's own page (``checks.sphinxext.example_pages``) everything is open.
Each listed card records itself in the ``checks`` domain, so the site knows
which examples every page shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from checks.catalogue import catalogue
from checks.checks_wrong import FALSE_ALARM, MISS
from checks.sphinxext import elements as n
from checks.sphinxext.domain import domain_of, xref
from checks.sphinxext.post import Numbered, number_findings, post_text
from checks.sphinxext.why import why_nodes
from checks.vocabulary import breaks_rules, capacities, channels, principles, verdicts

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

    from checks.verify import Judgement

JUDGEMENT_CALL = "A computer cannot spot this: it takes your judgement."
NO_SEARCH = "no-search"
"""Sphinx leaves elements with this class out of the search index."""


def example_card(
    directive: SphinxDirective, judgement: Judgement, *, full: bool = False
) -> n.checks_block:
    """The card for one example; ``full`` for its own page, else recorded as shown here."""
    env, example = directive.env, judgement.example
    domain = domain_of(env)
    anchor = domain.anchor_in(env.docname, example.slug)
    if not full:
        domain.note_shown(env.docname, example.slug, anchor, example.principle, example.title)
    # Editing the example file re-reads exactly the pages that show it.
    env.note_dependency(str(judgement.example.file))
    # A false alarm is still marked in the post: the card says below that it is wrong.
    numbered = number_findings(judgement.findings, judgement.allowed + judgement.disputed)
    body = _body(judgement, numbered, full)
    card = n.block(
        "article",
        _header(judgement, anchor, full),
        n.block("div", *body, classes=["sd-card-body"]),
        n.block("div", _footer(judgement, full), classes=["sd-card-footer", "checks-card-footer"]),
        classes=[
            "sd-card",
            "sd-shadow-sm",
            "sd-mb-4",
            "checks-card",
            f"checks-card-{example.verdict}",
            # Found by search on its own page only: one hit for one example.
            *([] if full else [NO_SEARCH]),
        ],
        **{
            ("aria-label" if full else "aria-labelledby"): (
                example.title if full else title_id(anchor)
            ),
            **filter_data(judgement),
        },
    )
    card["ids"].append(anchor)
    return card


def filter_data(judgement: Judgement) -> dict[str, str]:
    """What the gallery's filter reads of an example: machine-readable, out of the words."""
    example = judgement.example
    return {
        "data-principle": example.principle,
        "data-verdict": example.verdict,
        "data-rules": " ".join(judgement.rules),
        "data-channel": example.channel,
    }


def title_id(anchor: str) -> str:
    """The id of a card's title: '--' keeps it apart from every card id (see anchor_in)."""
    return f"{anchor}--title"


def verdict_badge(verdict: str) -> n.checks_inline:
    """The verdict in words with an icon, so it never depends on colour alone."""
    shown = verdicts()[verdict]
    icon, words = shown.icon, shown.label
    return n.inline(
        "span",
        n.inline("span", nodes.Text(icon), classes=["checks-icon"], **{"aria-hidden": "true"}),
        nodes.Text(f" {words}"),
        classes=["sd-badge", "checks-badge", f"checks-badge-{verdict}"],
    )


def _header(judgement: Judgement, anchor: str, full: bool) -> n.checks_block:
    example = judgement.example
    source = f"{channels()[example.channel]}, {_lower_first(capacities()[example.capacity])}"
    meta = n.paragraph(
        verdict_badge(example.verdict),
        " ",
        n.inline("span", nodes.Text(source), classes=["checks-source"]),
        classes=["checks-card-meta"],
    )
    # On its own page the page's title names the example: no second heading.
    title = (
        [] if full else [n.heading(example.title, title_id(anchor), classes=["checks-card-title"])]
    )
    return n.block("div", *title, meta, classes=["sd-card-header", "checks-card-header"])


def _body(judgement: Judgement, numbered: list[Numbered], full: bool) -> list[nodes.Node]:
    example = judgement.example
    post = n.block(
        "figure",
        post_text(example.body, numbered),
        classes=["checks-post", f"checks-channel-{example.channel}"],
        **{"aria-label": f"Example post ({channels()[example.channel]})"},
    )
    explained = _explained(judgement, numbered)
    if full:
        return [post, *_disagreement(judgement), *explained]
    summary = n.inline(
        "summary", nodes.Text(_summary(judgement, numbered)), classes=["checks-summary"]
    )
    details = n.block("details", summary, *explained, classes=["checks-details"])
    return [post, *_disagreement(judgement), details]


def _summary(judgement: Judgement, numbered: list[Numbered]) -> str:
    count = len(numbered)
    found = f"{count} thing{'s' if count != 1 else ''} found" if count else "Nothing found"
    return f"{found}, and why this is a {judgement.example.verdict} example"


def _explained(judgement: Judgement, numbered: list[Numbered]) -> list[nodes.Node]:
    """What was found, what is accepted on purpose, and why."""
    example = judgement.example
    body: list[nodes.Node] = []
    body += _findings(judgement, numbered)
    body += _allowed(judgement)
    body += _checks_wrong(judgement)
    # The explanation is the editor's content, not the page's source: it is built
    # from the little markup it may hold (checks.markup), never parsed as MyST.
    why = n.block(
        "div",
        n.label(f"Why this is a {example.verdict} example"),
        *why_nodes(example.why),
        classes=["checks-why"],
    )
    body.append(why)
    return body


def _disagreement(judgement: Judgement) -> list[nodes.Node]:
    """What the checks disagree with, and how to fix it: the build fails on these unless
    checks_fail_on_mismatch is off, as in the preview."""
    if not judgement.problems:
        return []
    notice = nodes.admonition(
        "",
        nodes.title("", "The checks disagree with this example"),
        classes=["warning", "checks-disagreement"],
    )
    notice += [n.paragraph(f"{p.message}. Fix: {p.fix}") for p in judgement.problems]
    # Quoted rule ids and field names exactly as the file needs them.
    notice["support_smartquotes"] = False
    return [notice]


def _findings(judgement: Judgement, numbered: list[Numbered]) -> list[nodes.Node]:
    example = judgement.example
    if breaks_rules(example.verdict) and not example.breaks:
        return [n.paragraph(JUDGEMENT_CALL, classes=["checks-judgement-call"])]
    found: list[nodes.Node] = []
    if numbered:
        items = nodes.enumerated_list(
            enumtype="arabic", prefix="", suffix=".", classes=["checks-findings-list"]
        )
        disputed = {f.rule for f in judgement.disputed}
        items += [nodes.list_item("", _finding_item(item, disputed)) for item in numbered]
        found = [n.label("What was found"), items]
    else:
        found = [n.paragraph("No problems found.", classes=["checks-nothing-found"])]
    if example.near_miss:
        found.append(
            n.paragraph(
                nodes.strong("Looks risky, but is fine: ", "Looks risky, but is fine: "),
                "it could look as if it breaks ",
                *rule_links(example.near_miss),
                ", but it does not.",
                classes=["checks-near-miss"],
            )
        )
    return found


def _finding_item(item: Numbered, disputed: set[str]) -> nodes.paragraph:
    finding = item.finding
    quoted = nodes.inline("", f"\u201c{finding.text}\u201d", classes=["checks-matched"])
    quoted["support_smartquotes"] = False
    parts: list[str | nodes.Node] = [
        _rule_link(finding.rule),
        f": the post {finding.message}. It matched ",
        quoted,
        ".",
    ]
    if item.accepted and finding.rule in disputed:
        parts.append(" Our automatic checks get this one wrong: see below.")
    elif item.accepted:
        parts.append(" This finding is accepted on purpose: see below.")
    return n.paragraph(*parts)


def _allowed(judgement: Judgement) -> list[nodes.Node]:
    if not judgement.example.allow:
        return []
    items = [
        n.paragraph(_rule_link(allow.rule), f": {allow.reason}")
        for allow in judgement.example.allow
    ]
    return [
        n.block(
            "div", n.label("Accepted on purpose"), n.bullet_list(items), classes=["checks-allowed"]
        )
    ]


WRONG_TITLE = "Our automatic checks get this one wrong"
WRONG_KIND = {
    FALSE_ALARM: "they flag the post for this, but it does not break this rule.",
    MISS: "the post breaks this rule, but they do not find it.",
}


def _checks_wrong(judgement: Judgement) -> list[nodes.Node]:
    """Where the editor records that the checks are wrong, in words for readers."""
    records = judgement.example.checks_wrong
    if not records:
        return []
    items = [
        n.paragraph(_rule_link(record.rule), f": {WRONG_KIND[record.kind]} {record.reason}")
        for record in records
    ]
    return [
        n.block(
            "div",
            n.label(WRONG_TITLE),
            n.bullet_list(items),
            classes=["checks-wrong"],
        )
    ]


def _footer(judgement: Judgement, full: bool) -> nodes.paragraph:
    example = judgement.example
    principle = example.principle
    parts: list[str | nodes.Node] = [
        "Principle: ",
        xref("principle", principle, nodes.Text(principles()[principle])),
    ]
    if example.breaks:
        parts += [". Rules broken: ", *rule_links(example.breaks)]
    parts.append(".")
    if not full:
        parts += [" ", xref("example", example.slug, nodes.Text("This example on its own page"))]
    return n.paragraph(*parts)


def _rule_link(rule: str) -> nodes.Node:
    title = catalogue()[rule].title
    return xref("rule", rule, nodes.Text(title))


def rule_links(rules: tuple[str, ...]) -> list[nodes.Node]:
    return n.joined([_rule_link(rule) for rule in rules])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
