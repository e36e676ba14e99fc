"""``{checks-wrong-list}``: every ``checks_wrong`` record, the rules' to-do list.

For the editors' page: each record says which rule gets which example wrong and
why, so whoever works on the rules knows where to start. Editors know rules by id,
so the ids are shown here; readers' pages show rule titles only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from checks.checks_wrong import KINDS
from checks.sphinxext import elements as n
from checks.sphinxext.corpus import corpus_for
from checks.sphinxext.directives import CollectionDirective
from checks.sphinxext.domain import xref

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOTHING = "No example records that the checks get it wrong."
KIND_WORDS = {"false-alarm": "False alarm", "miss": "Miss"}


class ChecksWrongListDirective(CollectionDirective):
    """Every example's ``checks_wrong`` records, by rule, as a table."""

    def run(self) -> list[nodes.Node]:
        # Adding, fixing or removing a record in any example re-reads this page.
        self.note_collection()
        rows = [
            (record.rule, record.kind, judgement.example.slug, judgement.example.title, record)
            for judgement in corpus_for(self.env).judgements
            for record in judgement.example.checks_wrong
        ]
        if not rows:
            return [n.paragraph(NOTHING, classes=["checks-wrong-none"])]
        rows.sort(key=lambda row: (row[0], row[1], row[2]))
        table = nodes.bullet_list(classes=["checks-wrong-list"])
        for rule, kind, slug, title, record in rows:
            table += nodes.list_item(
                "",
                n.paragraph(
                    nodes.literal(rule, rule),
                    f" ({KIND_WORDS[kind]}: {KINDS[kind]}) in ",
                    xref("example", slug, nodes.Text(title)),
                    f": {record.reason}",
                ),
            )
        return [table]


def setup_todo(app: Sphinx) -> None:
    app.add_directive("checks-wrong-list", ChecksWrongListDirective)
