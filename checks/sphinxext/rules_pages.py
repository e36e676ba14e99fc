"""Reference pages for the rules, generated from the catalogue.

A rule's page is a small file holding ``{rule} rule-id``: the directive writes
the whole page, title included, from the rule file (``checks/rules/<id>.yaml``) and the examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from checks.catalogue import Rule, catalogue
from checks.sphinxext import elements as n
from checks.sphinxext.cards import verdict_badge
from checks.sphinxext.corpus import corpus_for
from checks.sphinxext.domain import domain_of, xref
from checks.sphinxext.guidance import sections
from checks.sphinxext.messages import warn_unknown
from checks.verify import Judgement
from checks.vocabulary import principles

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class RuleDirective(SphinxDirective):
    """``{rule} personal-details``: the reference page of one rule."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        rule = catalogue().get(self.arguments[0])
        if rule is None:
            warn_unknown(self, "rule id", self.arguments[0], catalogue())
            return []
        domain = domain_of(self.env)
        domain.note_page("rules", rule.id, self.env.docname)
        domain.note_collection(self.env.docname, "")
        for path in corpus_for(self.env).files:
            self.env.note_dependency(str(path))
        page = self._section(rule.title, f"rule-{rule.id}")
        # The id is for editors and the command line (For editors lists them): readers
        # see the rule's name, and the id stays in the page's machine-readable ids.
        page += self._looks_for(rule)
        page += self._clause(rule)
        page += self._examples(rule)
        return [page]

    def _section(self, title: str, node_id: str) -> nodes.section:
        section = nodes.section(ids=[node_id], names=[nodes.fully_normalize_name(title)])
        section += nodes.title(title, title)
        self.state.document.note_implicit_target(section, section)
        return section

    def _looks_for(self, rule: Rule) -> nodes.section:
        section = self._section("What it looks for", f"rule-{rule.id}-looks-for")
        section += n.paragraph(f"It flags a post that {rule.message}.")
        section += n.paragraph(rule.explanation)
        return section

    def _clause(self, rule: Rule) -> nodes.section:
        section = self._section("The clause it enforces", f"rule-{rule.id}-clause")
        section += _quote(rule.clause)
        section += n.paragraph(
            "From ",
            xref("principle", rule.principle, nodes.Text(principles()[rule.principle])),
            ".",
        )
        if rule.also:
            also = next((p for p, s in sections().items() if rule.also in s.text), "")
            section += n.paragraph("It also supports this clause:")
            section += _quote(rule.also)
            if also:
                section += n.paragraph(
                    "From ", xref("principle", also, nodes.Text(principles()[also])), "."
                )
        return section

    def _examples(self, rule: Rule) -> nodes.section:
        section = self._section("Examples", f"rule-{rule.id}-examples")
        judgements = corpus_for(self.env).judgements
        groups = (
            ("Posts that break this rule", [e for e in judgements if rule.id in e.example.breaks]),
            (
                "Looks risky, but is fine",
                [e for e in judgements if rule.id in e.example.near_miss],
            ),
            (
                "Findings accepted on purpose",
                [e for e in judgements if any(a.rule == rule.id for a in e.example.allow)],
            ),
        )
        for title, found in groups:
            if found:
                section += n.paragraph(nodes.strong(title, title))
                section += n.bullet_list([_example_link(judgement) for judgement in found])
        if not any(found for _, found in groups):
            section += n.paragraph("There are no examples for this rule yet.")
        return section


def _quote(text: str) -> nodes.block_quote:
    quote = nodes.block_quote("", n.paragraph(text), classes=["checks-clause"])
    quote["support_smartquotes"] = False  # the guidance, word for word
    return quote


def _example_link(judgement: Judgement) -> nodes.paragraph:
    example = judgement.example
    return n.paragraph(
        xref("example", example.slug, nodes.Text(example.title)),
        " ",
        verdict_badge(example.verdict),
        f" ({principles()[example.principle]})",
    )


class RuleListDirective(SphinxDirective):
    """``{rule-list}``: every rule in the catalogue, with what it enforces.

    ``:ids:`` adds each rule's id, for editors' pages: readers see names only.
    """

    option_spec = {"ids": directives.flag}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        ids = "ids" in self.options
        rows: list[tuple[str | nodes.Node, ...]] = [
            (
                xref("rule", rule.id, nodes.Text(rule.title)),
                *([nodes.literal(rule.id, rule.id)] if ids else []),
                f"Flags a post that {rule.message}.",
                xref("principle", rule.principle, nodes.Text(principles()[rule.principle])),
            )
            for rule in catalogue().values()
        ]
        headers = ("Rule", *(["Id"] if ids else []), "What it looks for", "Principle")
        return [n.table(headers, rows, classes=["checks-rules"])]


def setup_rules_pages(app: Sphinx) -> None:
    app.add_directive("rule", RuleDirective)
    app.add_directive("rule-list", RuleListDirective)
