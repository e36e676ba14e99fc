"""An example's ``why`` as doctree nodes, built from the parsed tree alone.

The explanation is never handed to the page's MyST parser: ``checks.markup``
parses it into paragraphs, lists, emphasis, code and links, and this module
makes exactly those nodes. Raw HTML, directives, roles and file insertion have
no node here to become, so they cannot reach a page.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes

from checks.markup import Block, Code, Inline, Link, Paragraph, Styled, Text, parse_markup


def why_nodes(why: str) -> list[nodes.Node]:
    """The nodes of an explanation; markup it may not use was reported when it was read."""
    blocks, _ = parse_markup(why)
    return [_block(block) for block in blocks]


def _block(block: Block) -> nodes.Element:
    if isinstance(block, Paragraph):
        return nodes.paragraph("", "", *_inlines(block.children))
    items: nodes.Element = (
        nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        if block.ordered
        else nodes.bullet_list(bullet="-")
    )
    items.extend(nodes.list_item("", *(_block(child) for child in item)) for item in block.items)
    return items


def _inlines(children: Iterable[Inline]) -> list[nodes.Node]:
    return [_inline(child) for child in children]


def _inline(child: Inline) -> nodes.Node:
    if isinstance(child, Text):
        return nodes.Text(child.text)
    if isinstance(child, Code):
        return nodes.literal(child.text, child.text)
    if isinstance(child, Styled):
        element = nodes.emphasis if child.style == "emphasis" else nodes.strong
        return element("", "", *_inlines(child.children))
    if isinstance(child, Link):
        return nodes.reference("", "", *_inlines(child.children), refuri=child.href)
    raise TypeError(f"not markup a why may hold: {child!r}")
