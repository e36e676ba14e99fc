"""An example card: the post as a reader meets it, the verdict, the findings and why.

Cards are rendered inline on the pages that show them (never one page per
example), and each card records itself in the ``checks`` domain, so the site
knows which examples every page shows.
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

JUDGEMENT_CALL = "The checks cannot judge this; it is bad by judgement."


def example_card(directive: SphinxDirective, judgement: Judgement) -> n.checks_block:
    """The card for one example, recorded as shown on the current page."""
    env, example = directive.env, judgement.example
    domain = domain_of(env)
    anchor = domain.anchor_in(env.docname, example.slug)
    domain.note_shown(env.docname, example.slug, anchor, example.principle, example.title)
    # Editing the example file re-reads exactly the pages that show it.
    env.note_dependency(str(judgement.example.file))
    # A false alarm is still marked in the post: the card says below that it is wrong.
    numbered = number_findings(judgement.findings, judgement.allowed + judgement.disputed)
    card = n.block(
        "article",
        _header(judgement, anchor),
        n.block("div", *_body(judgement, numbered), classes=["sd-card-body"]),
        n.block(
            "div", _footer(judgement, anchor), classes=["sd-card-footer", "checks-card-footer"]
        ),
        classes=[
            "sd-card",
            "sd-shadow-sm",
            "sd-mb-4",
            "checks-card",
            f"checks-card-{example.verdict}",
        ],
        **{
            "aria-labelledby": title_id(anchor),
            "data-principle": example.principle,
            "data-verdict": example.verdict,
            "data-rules": " ".join(judgement.rules),
            "data-channel": example.channel,
        },
    )
    card["ids"].append(anchor)
    return card


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


def _header(judgement: Judgement, anchor: str) -> n.checks_block:
    example = judgement.example
    source = f"{channels()[example.channel]}, {_lower_first(capacities()[example.capacity])}"
    meta = n.paragraph(
        verdict_badge(example.verdict),
        " ",
        n.inline("span", nodes.Text(source), classes=["checks-source"]),
        classes=["checks-card-meta"],
    )
    title = n.heading(example.title, title_id(anchor), classes=["checks-card-title"])
    return n.block("div", title, meta, classes=["sd-card-header", "checks-card-header"])


def _body(judgement: Judgement, numbered: list[Numbered]) -> list[nodes.Node]:
    example = judgement.example
    post = n.block(
        "figure",
        post_text(example.body, numbered),
        classes=["checks-post", f"checks-channel-{example.channel}"],
        **{"aria-label": f"Example post ({channels()[example.channel]})"},
    )
    body: list[nodes.Node] = [post]
    body += _disagreement(judgement)
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
        found = [n.label("What the checks found"), items]
    else:
        found = [n.paragraph("The checks found nothing to flag.", classes=["checks-nothing-found"])]
    if example.near_miss:
        found.append(
            n.paragraph(
                "Near miss: it could look as if it breaks ",
                *_rule_links(example.near_miss),
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
        " (",
        nodes.literal(finding.rule, finding.rule),
        f"): the post {finding.message}. It matched ",
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


def _footer(judgement: Judgement, anchor: str) -> nodes.paragraph:
    example = judgement.example
    principle = example.principle
    parts: list[str | nodes.Node] = [
        "Principle: ",
        xref("principle", principle, nodes.Text(principles()[principle])),
    ]
    if example.breaks:
        parts += [". Rules broken: ", *_rule_links(example.breaks)]
    parts += [". ", nodes.reference("", "Link to this example", refid=anchor)]
    return n.paragraph(*parts)


def _rule_link(rule: str) -> nodes.Node:
    title = catalogue()[rule].title
    return xref("rule", rule, nodes.Text(title))


def _rule_links(rules: tuple[str, ...]) -> list[nodes.Node]:
    return n.joined([_rule_link(rule) for rule in rules])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
