"""The guidance text, published word for word from ``checks/data/guidance-2008.md``.

Pages never copy the guidance: directives read it from the data file, so the
site and the source cannot drift apart. This module also says which
principles the checks can judge, worked out from the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from checks.catalogue import Rule, catalogue
from checks.sphinxext import elements as n
from checks.sphinxext.domain import domain_of, xref
from checks.sphinxext.messages import warn_unknown
from checks.vocabulary import principles

if TYPE_CHECKING:
    from sphinx.application import Sphinx

GUIDANCE_FILE = Path(__file__).parent.parent / "data" / "guidance-2008.md"
SOURCE = "Participation online: Guidance for civil servants, Cabinet Office, June 2008"
AUTOLINK = re.compile(r"^<(https?://[^>]+)>(\W*)$")


@dataclass(frozen=True)
class Section:
    """One principle, or the Civil Service Code section, as printed in 2008."""

    principle: str
    heading: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


@cache
def sections() -> dict[str, Section]:
    """The sections of the guidance under its level-3 headings, by principle."""
    source = re.sub(r"<!--.*?-->", "", GUIDANCE_FILE.read_text(encoding="utf-8"), flags=re.DOTALL)
    found: dict[str, Section] = {}
    for block in re.split(r"^(?=#{1,3} )", source, flags=re.MULTILINE):
        heading, _, body = block.partition("\n")
        principle = _principle_of(heading)
        if heading.startswith("### ") and principle:
            found[principle] = Section(principle, heading[4:].strip(), tuple(_paragraphs(body)))
    return found


def _principle_of(heading: str) -> str:
    title = re.sub(r"^#+\s*(\d+\.\s*)?", "", heading).strip()
    return next(
        (key for key, name in principles().items() if title == name or title.startswith(name)), ""
    )


def _paragraphs(body: str) -> list[str]:
    """Paragraphs with their lines joined; a bare address joins the sentence before it."""
    paragraphs: list[str] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        text = " ".join(line.strip() for line in chunk.splitlines()).strip()
        if paragraphs and AUTOLINK.match(text):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        elif text:
            paragraphs.append(text)
    return paragraphs


def plain(paragraph: str) -> str:
    """A paragraph as it reads: the 2008 address is shown as text, not as a dead link."""
    return re.sub(r"<(https?://[^>]+)>", r"\1", paragraph)


def guidance_quote(principle: str, attribution: bool = True) -> nodes.Element:
    """The section's text, word for word, as a block quote."""
    quote = nodes.block_quote(classes=["checks-guidance"])
    quote["support_smartquotes"] = False  # word for word: no typographic changes
    quote += [n.paragraph(plain(p)) for p in sections()[principle].paragraphs]
    if attribution:
        quote += nodes.attribution("", SOURCE)
    return quote


def rules_of(principle: str) -> list[Rule]:
    return [rule for rule in catalogue().values() if rule.principle == principle]


def related_rules(principle: str) -> list[Rule]:
    """Rules of other principles whose ``also`` clause comes from this principle."""
    text = sections()[principle].text
    return [
        rule
        for rule in catalogue().values()
        if rule.also and rule.also in text and rule.principle != principle
    ]


def judged_by_checks(principle: str) -> bool:
    return bool(rules_of(principle))


def rule_links(rules: list[Rule]) -> list[nodes.Node]:
    return n.joined([xref("rule", rule.id, nodes.Text(rule.title)) for rule in rules])


def coverage(principle: str) -> nodes.paragraph:
    """One plain sentence on what the checks can judge of a principle."""
    rules = rules_of(principle)
    if rules:
        return n.paragraph(
            "A computer can check part of this: it looks for ",
            *rule_links(rules),
            ". Everything else needs your judgement.",
            classes=["checks-coverage"],
        )
    sentence = n.paragraph(
        "A computer cannot check this principle: whether a post follows it needs your judgement.",
        classes=["checks-coverage"],
    )
    for rule in related_rules(principle):
        sentence += [
            nodes.Text(" A related rule, "),
            *rule_links([rule]),
            nodes.Text(f", flags a post that {rule.message}."),
        ]
    return sentence


class GuidanceTextDirective(SphinxDirective):
    """``{guidance-text} credible``: a principle's text, word for word."""

    required_arguments = 1
    option_spec = {"no-attribution": directives.flag}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        principle = self.arguments[0]
        if principle not in sections():
            warn_unknown(self, "principle", principle, sections())
            return []
        return [guidance_quote(principle, "no-attribution" not in self.options)]


class PrincipleDirective(SphinxDirective):
    """``{principle} credible``: a principle's own page: its text and what the checks judge."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        principle = self.arguments[0]
        if principle not in sections():
            warn_unknown(self, "principle", principle, sections())
            return []
        domain_of(self.env).note_page("principles", principle, self.env.docname)
        return [guidance_quote(principle), coverage(principle)]


class CoverageDirective(SphinxDirective):
    """``{checks-coverage}``: which principles the checks can judge, and with which rules."""

    def run(self) -> list[nodes.Node]:
        judged = [p for p in principles() if judged_by_checks(p)]
        not_judged = [p for p in principles() if not judged_by_checks(p)]
        summary = n.paragraph(
            "A computer can check parts of ",
            *_principle_links(judged),
            ". It cannot check ",
            *_principle_links(not_judged),
            ": those always need your judgement.",
            classes=["checks-coverage"],
        )
        rows = []
        for principle in principles():
            rules = rules_of(principle)
            judges: nodes.Node = (
                n.paragraph(*rule_links(rules))
                if rules
                else n.paragraph("Nothing: this needs your judgement")
            )
            rows.append((xref("principle", principle, nodes.Text(principles()[principle])), judges))
        return [
            summary,
            n.table(
                ("Principle", "What a computer looks for"), rows, classes=["checks-coverage-table"]
            ),
        ]


def _principle_links(keys: list[str]) -> list[nodes.Node]:
    return n.joined([xref("principle", p, nodes.Text(principles()[p])) for p in keys])


def setup_guidance(app: Sphinx) -> None:
    app.add_directive("guidance-text", GuidanceTextDirective)
    app.add_directive("principle", PrincipleDirective)
    app.add_directive("checks-coverage", CoverageDirective)
