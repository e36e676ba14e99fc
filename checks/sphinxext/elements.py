"""Doctree nodes the extension needs beyond docutils' own, and small node builders.

HTML element nodes let a card use the right element (``article``, ``mark``,
``figure``, ``h3``) while its text stays ordinary ``Text`` nodes, which every
writer escapes: a post is always shown, never interpreted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

Visitors = tuple[Callable[[Any, Any], None], Callable[[Any, Any], None]]


class checks_block(nodes.General, nodes.Element):
    """A block-level HTML element, such as ``article``, ``figure`` or ``nav``."""


class checks_inline(nodes.Inline, nodes.TextElement):
    """An inline HTML element, such as ``mark`` or ``span``."""


class checks_heading(nodes.Inline, nodes.TextElement):
    """A heading that is not a section, so it stays out of the table of contents.

    Its level follows the section it is in, so headings never skip a level.
    """


def block(
    tag: str, *children: nodes.Node, classes: Sequence[str] = (), **attributes: str
) -> checks_block:
    """A block element ``<tag>`` with the given children, classes and HTML attributes."""
    return checks_block("", *children, tag=tag, classes=list(classes), attributes=attributes)


def inline(
    tag: str, *children: nodes.Node, classes: Sequence[str] = (), **attributes: str
) -> checks_inline:
    """An inline element ``<tag>``; give text as ``nodes.Text`` children, never as markup."""
    return checks_inline("", "", *children, tag=tag, classes=list(classes), attributes=attributes)


def heading(text: str, node_id: str = "", classes: Sequence[str] = ()) -> checks_heading:
    node = checks_heading("", text, classes=list(classes))
    if node_id:
        node["ids"].append(node_id)
    return node


def label(text: str) -> nodes.paragraph:
    """A bold lead-in such as "Why this is a bad example" (not a heading, by design)."""
    return nodes.paragraph("", "", nodes.strong(text, text), classes=["checks-label"])


def paragraph(*parts: str | nodes.Node, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph from text and nodes; text is always a ``Text`` node."""
    children = [nodes.Text(part) if isinstance(part, str) else part for part in parts]
    return nodes.paragraph("", "", *children, classes=list(classes))


def bullet_list(
    items: Iterable[nodes.Node | Sequence[nodes.Node]], classes: Sequence[str] = ()
) -> nodes.bullet_list:
    result = nodes.bullet_list(classes=list(classes))
    for item in items:
        result += nodes.list_item("", *([item] if isinstance(item, nodes.Node) else item))
    return result


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str | nodes.Node]], classes: Sequence[str] = ()
) -> nodes.table:
    """A simple table: a header row and body rows of text or inline nodes."""
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=1) for _ in headers]
    group += nodes.thead("", _row(headers))
    group += nodes.tbody("", *(_row(row) for row in rows))
    return nodes.table("", group, classes=list(classes))


def _row(cells: Sequence[str | nodes.Node]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", _cell(cell)) for cell in cells))


def _cell(cell: str | nodes.Node) -> nodes.Node:
    return cell if isinstance(cell, nodes.paragraph | nodes.table) else paragraph(cell)


def joined(items: Sequence[nodes.Node]) -> list[nodes.Node]:
    """Nodes as a list in a sentence: "a", "a and b", "a, b and c"."""
    result: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            result.append(nodes.Text(" and " if index == len(items) - 1 else ", "))
        result.append(item)
    return result


# -- HTML --------------------------------------------------------------------------------


def visit_block_html(self: HTML5Translator, node: checks_block) -> None:
    self.body.append(self.starttag(node, node["tag"], **node["attributes"]))


def depart_block_html(self: HTML5Translator, node: checks_block) -> None:
    self.body.append(f"</{node['tag']}>\n")


def visit_inline_html(self: HTML5Translator, node: checks_inline) -> None:
    self.body.append(self.starttag(node, node["tag"], suffix="", **node["attributes"]))


def depart_inline_html(self: HTML5Translator, node: checks_inline) -> None:
    self.body.append(f"</{node['tag']}>")


def visit_heading_html(self: HTML5Translator, node: checks_heading) -> None:
    # A heading inside section level n comes right below that section's <h n>.
    node["level"] = min(self.section_level + 1, 6)
    self.body.append(self.starttag(node, f"h{node['level']}", suffix=""))


def depart_heading_html(self: HTML5Translator, node: checks_heading) -> None:
    self.body.append(f"</h{node['level']}>\n")


def visit_passthrough(self: Any, node: nodes.Element) -> None:
    """Other writers: keep the children, drop the element."""


def depart_passthrough(self: Any, node: nodes.Element) -> None:
    """Other writers: nothing to close."""


def register(app: Sphinx, node: type[nodes.Element], html: Visitors, others: Visitors) -> None:
    """Register a node with its HTML visitors, and ``others`` for every other writer."""
    app.add_node(node, html=html, latex=others, text=others, man=others, texinfo=others)


def setup_nodes(app: Sphinx) -> None:
    passthrough = (visit_passthrough, depart_passthrough)
    register(app, checks_block, (visit_block_html, depart_block_html), passthrough)
    register(app, checks_inline, (visit_inline_html, depart_inline_html), passthrough)
    register(app, checks_heading, (visit_heading_html, depart_heading_html), passthrough)
