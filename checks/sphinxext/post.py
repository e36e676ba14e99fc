"""A post as a reader meets it, with each finding marked.

The post is only ever ``Text`` nodes: HTML or MyST inside a post is shown as
typed, never interpreted, and smart quotes are switched off so the characters
are exactly the ones in the example file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docutils import nodes

from checks.catalogue import catalogue
from checks.findings import Finding
from checks.sphinxext import elements as n


@dataclass(frozen=True)
class Numbered:
    """A finding with its number in the card's list, and whether ``allow`` accepts it."""

    number: int
    finding: Finding
    accepted: bool

    @property
    def label(self) -> str:
        """In words for readers: the rule's name, never its id."""
        accepted = " (accepted)" if self.accepted else ""
        return f"{catalogue()[self.finding.rule].title}{accepted}: {self.finding.message}"


def number_findings(findings: Sequence[Finding], allowed: Sequence[Finding]) -> list[Numbered]:
    """Every finding, kept or accepted, numbered in the order it appears in the post."""
    both = [(f, False) for f in findings] + [(f, True) for f in allowed]
    both.sort(key=lambda pair: (pair[0].start, pair[0].end, pair[0].rule))
    return [
        Numbered(index, finding, accepted)
        for index, (finding, accepted) in enumerate(both, start=1)
    ]


def post_text(body: str, numbered: Sequence[Numbered]) -> nodes.paragraph:
    """The post's text with one ``<mark>`` per group of overlapping findings."""
    text = nodes.paragraph(classes=["checks-post-text"])
    # Sphinx would otherwise turn "quotes" and -- into typographic characters.
    text["support_smartquotes"] = False
    position = 0
    for group in _overlapping(numbered):
        start = min(item.finding.start for item in group)
        end = max(item.finding.end for item in group)
        if start > position:
            text += nodes.Text(body[position:start])
        text += _mark(body[start:end], group)
        # The number is drawn by CSS from data-number, so it is not part of the
        # page's text: search snippets read "represent for", not "represent)1 for".
        text += n.inline(
            "sup",
            classes=["checks-finding-number"],
            **{"aria-hidden": "true", "data-number": ",".join(str(i.number) for i in group)},
        )
        position = end
    if position < len(body):
        text += nodes.Text(body[position:])
    return text


def _overlapping(numbered: Sequence[Numbered]) -> list[list[Numbered]]:
    """Findings grouped so that overlapping spans share one mark (marks cannot nest)."""
    groups: list[list[Numbered]] = []
    end = -1
    for item in sorted(numbered, key=lambda i: (i.finding.start, i.finding.end)):
        if groups and item.finding.start < end:
            groups[-1].append(item)
            end = max(end, item.finding.end)
        else:
            groups.append([item])
            end = item.finding.end
    return groups


def _mark(matched: str, group: Sequence[Numbered]) -> nodes.Node:
    labels = "; ".join(item.label for item in group)
    numbers = " and ".join(str(item.number) for item in group)
    word = "finding" if len(group) == 1 else "findings"
    classes = ["checks-finding"] + (["checks-accepted"] if all(i.accepted for i in group) else [])
    # The hidden text gives screen reader users what sighted users get from the
    # highlight and the numbered list below the post.
    hidden = n.inline(
        "span", nodes.Text(f" ({word} {numbers}, {labels})"), classes=["checks-visually-hidden"]
    )
    rules = " ".join(dict.fromkeys(item.finding.rule for item in group))
    return n.inline(
        "mark", nodes.Text(matched), hidden, classes=classes, title=labels, **{"data-rules": rules}
    )
