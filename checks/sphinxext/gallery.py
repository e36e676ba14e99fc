"""The examples gallery: every example in a compact list, grouped by principle, with a filter.

Each item is the example's title, linking to its own page, with its verdict,
principle and channel. Without JavaScript every item is listed under its
principle, with links to each group. With JavaScript a small local script
reveals a form of labelled controls that hide the items that do not match,
announces the count in a live region, updates the count of each group's link
and keeps the choice in the address (``gallery.html?rule=...&verdict=...``), so
a filtered view can be shared.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from checks.catalogue import catalogue
from checks.sphinxext import elements as n
from checks.sphinxext.cards import NO_SEARCH, filter_data, verdict_badge
from checks.sphinxext.corpus import corpus_for
from checks.sphinxext.directives import CollectionDirective
from checks.sphinxext.domain import domain_of, xref
from checks.verify import Judgement
from checks.vocabulary import channels, principles, verdicts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

SCRIPT = "checks-gallery.js"
Field = tuple[str, str, list[tuple[str, str]]]


class gallery_filter(nodes.General, nodes.Element):
    """The filter form; its fields are ``(name, label, [(value, text), ...])``."""


class ExampleGalleryDirective(CollectionDirective):
    """``{example-gallery}``: every example, grouped by principle, filterable."""

    def run(self) -> list[nodes.Node]:
        self.note_collection()
        domain_of(self.env).note_page("gallery", "all", self.env.docname)
        judgements = corpus_for(self.env).judgements
        groups = {p: [e for e in judgements if e.example.principle == p] for p in principles()}
        status = n.block(
            "div",
            n.paragraph(f"All {len(judgements)} examples are listed below, grouped by principle."),
            classes=["checks-gallery-status"],
            role="status",
        )
        status["ids"].append("checks-gallery-status")
        result: list[nodes.Node] = [
            gallery_filter("", fields=_fields(judgements)),
            status,
            _jump_links(groups),
        ]
        # A principle whose only example cannot be used still shows it, with its problem.
        unusable = {broken.principle for broken in corpus_for(self.env).broken}
        result += [
            self._group(principle, found)
            for principle, found in groups.items()
            if found or principle in unusable
        ]
        return result

    def _group(self, principle: str, judgements: list[Judgement]) -> nodes.section:
        title = principles()[principle]
        section = nodes.section(
            ids=[f"gallery-{principle}"],
            names=[nodes.fully_normalize_name(f"gallery {title}")],
            classes=["checks-gallery-group"],
        )
        section += nodes.title(title, title)
        section += n.block(
            "ul",
            *(self._item(judgement) for judgement in judgements),
            classes=["checks-gallery-list", NO_SEARCH],
        )
        # An example with a problem keeps its place, as a notice of what to fix.
        section += self.problem_cards(principle)
        self.state.document.note_implicit_target(section, section)
        return section

    def _item(self, judgement: Judgement) -> n.checks_block:
        """One line: the title (a link to the example's page), verdict, principle, channel."""
        example = judgement.example
        domain = domain_of(self.env)
        anchor = domain.anchor_in(self.env.docname, example.slug)
        domain.note_shown(self.env.docname, example.slug, anchor, example.principle, example.title)
        self.env.note_dependency(str(example.file))
        about = f"{principles()[example.principle]}, {channels()[example.channel]}"
        line: list[str | nodes.Node] = [
            xref("example", example.slug, nodes.Text(example.title)),
            " ",
            verdict_badge(example.verdict),
            " ",
            n.inline("span", nodes.Text(about), classes=["checks-source"]),
        ]
        if judgement.problems:
            # Only while drafting (checks_fail_on_mismatch off): its page says why.
            line.append(
                n.inline(
                    "strong",
                    nodes.Text(" The checks disagree with this example."),
                    classes=["checks-disagreement"],
                )
            )
        item = n.block(
            "li",
            n.paragraph(*line),
            classes=["checks-gallery-item"],
            # Machine-readable, for the filter script: rule ids stay out of the words.
            **filter_data(judgement),
        )
        item["ids"].append(anchor)
        return item


def _fields(judgements: list[Judgement]) -> list[Field]:
    used = {judgement.example.channel for judgement in judgements}
    return [
        ("principle", "Principle", [(key, title) for key, title in principles().items()]),
        ("verdict", "Verdict", [(v.name, v.heading) for v in verdicts().values()]),
        ("rule", "Rule", [(rule.id, rule.title) for rule in catalogue().values()]),
        ("channel", "Channel", [(key, name) for key, name in channels().items() if key in used]),
    ]


def _jump_links(groups: dict[str, list[Judgement]]) -> n.checks_block:
    links = [
        n.paragraph(
            nodes.reference(
                "",
                "",
                nodes.Text(f"{principles()[p]} ("),
                # The filter script keeps this count in step with what is shown.
                n.inline(
                    "span",
                    nodes.Text(str(len(found))),
                    classes=["checks-count"],
                    **{"data-principle": p},
                ),
                nodes.Text(")"),
                refid=f"gallery-{p}",
            )
        )
        for p, found in groups.items()
        if found
    ]
    return n.block(
        "nav",
        n.bullet_list(links),
        classes=["checks-gallery-nav"],
        **{"aria-label": "Examples by principle"},
    )


def visit_filter_html(self: HTML5Translator, node: gallery_filter) -> None:
    # Built from the catalogue and channel list only, never from post text; escaped all the same.
    html = [
        '<form id="checks-gallery-filter" class="checks-filter" hidden>',
        "<fieldset><legend>Filter the examples</legend>",
    ]
    for name, label, options in node["fields"]:
        field = f"checks-filter-{name}"
        html.append(
            f'<div class="checks-filter-field"><label for="{field}">{escape(label)}</label>'
            f'<select id="{field}" name="{name}">'
            f'<option value="">All {escape(label.lower())}s</option>'
        )
        html += [
            f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options
        ]
        html.append("</select></div>")
    html.append(
        '<div class="checks-filter-field"><button type="reset">Show all examples</button></div>'
    )
    html.append("</fieldset></form>\n")
    self.body.append("".join(html))
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    """Other writers have no form to show."""
    raise nodes.SkipNode


def add_script(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Only the gallery page loads the filter script."""
    if doctree is not None and next(iter(doctree.findall(gallery_filter)), None) is not None:
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_gallery(app: Sphinx) -> None:
    n.register(
        app, gallery_filter, (visit_filter_html, n.depart_passthrough), (skip, n.depart_passthrough)
    )
    app.add_directive("example-gallery", ExampleGalleryDirective)
    app.connect("html-page-context", add_script)
