"""An example's ``why`` is data: only a small allow-list of markup becomes nodes.

Guards ``checks.markup`` (every refused construct is reported with its line) and
``checks.sphinxext.why`` (the nodes come from the parsed tree alone, so nothing
else can reach a page even if a problem were ignored).
"""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.core import publish_from_doctree
from docutils.utils import new_document

from checks.markup import parse_markup
from checks.sphinxext.why import why_nodes

# (name, why, [(line, message)]): lines count from 0, the first line of the text.
REFUSED = [
    (
        "raw directive",
        'Fine.\n```{raw} html\n<script>alert("x")</script>\n```',
        [(1, "the MyST directive {raw} is not allowed")],
    ),
    (
        "eval-rst",
        "```{eval-rst}\n.. raw:: html\n\n   <script>x()</script>\n```",
        [(0, "the MyST directive {eval-rst} is not allowed")],
    ),
    ("bare script", '<script>alert("x")</script>', [(0, "raw HTML is not allowed")]),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', [(0, "raw HTML is not allowed")]),
    ("img onerror", 'Look <img src=x onerror="alert(1)"> here.', [(0, "raw HTML is not allowed")]),
    (
        "style",
        "<style>.checks-badge-bad { display: none }</style>",
        [(0, "raw HTML is not allowed")],
    ),
    (
        "meta refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        [(0, "raw HTML is not allowed")],
    ),
    ("inline HTML", "It is <b>bold</b>.", [(0, "raw HTML is not allowed")]),
    ("HTML comment", "Hidden <!-- note --> text.", [(0, "raw HTML is not allowed")]),
    (
        "literalinclude",
        "```{literalinclude} ../../../../proc/self/environ\n```",
        [(0, "the MyST directive {literalinclude} is not allowed")],
    ),
    (
        "include",
        "```{include} ../secret.txt\n```",
        [(0, "the MyST directive {include} is not allowed")],
    ),
    (
        "an example inside an example",
        "See this.\n\n```{example} own-slug\n```",
        [(2, "the MyST directive {example} is not allowed")],
    ),
    ("a role", "It is {raw}`<b>x</b>` bold.", [(0, "MyST roles such as {raw} are not allowed")]),
    (
        "a colon fence",
        ":::{note}\nHello\n:::",
        [(0, "MyST directives are not allowed"), (2, "MyST directives are not allowed")],
    ),
    ("a plain code block", "```\ncode\n```", [(0, "code blocks and directives are not allowed")]),
    ("indented code", "Text.\n\n    code", [(2, "indented code is not allowed")]),
    ("a heading", "# Big", [(0, "headings are not allowed")]),
    ("an image", "![alt](https://example.org/x.png)", [(0, "images are not allowed")]),
    ("a quotation", "> quoted", [(0, "quotations ('>') are not allowed")]),
    ("a horizontal rule", "a\n\n---\n\nb", [(2, "horizontal rules are not allowed")]),
    (
        "a relative link",
        "See [this](../../conf.py).",
        [(0, "links may go only to http, https or mailto addresses, not '../../conf.py'")],
    ),
    ("a later line", "One.\nTwo.\nThree <b>x</b>.", [(2, "raw HTML is not allowed")]),
]


@pytest.mark.parametrize(("why", "expected"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_markup_is_reported_at_its_line(why: str, expected: list[tuple[int, str]]) -> None:
    _, errors = parse_markup(why)
    assert [(error.line, error.message) for error in errors] == expected
    assert all(error.fix for error in errors)


def render(why: str) -> str:
    """The HTML body of the nodes a ``why`` becomes."""
    document = new_document("<why>")
    document.extend(why_nodes(why))
    html = publish_from_doctree(document, writer="html5").decode()
    return html.split("<main>")[1].split("</main>")[0].strip() if "<main>" in html else html


ALLOWED = [
    ("plain text", "It is fine.", "<p>It is fine.</p>"),
    ("emphasis and strong", "*a* and **b**", "<p><em>a</em> and <strong>b</strong></p>"),
    (
        "inline code shows a tag as text",
        "Type `<script>`.",
        '<p>Type <span class="docutils literal">&lt;script&gt;</span>.</p>',
    ),
    (
        "a link",
        "[GOV.UK](https://www.gov.uk/)",
        '<p><a class="reference external" href="https://www.gov.uk/">GOV.UK</a></p>',
    ),
    (
        "a list",
        "- one\n- two",
        '<ul class="simple">\n<li><p>one</p></li>\n<li><p>two</p></li>\n</ul>',
    ),
]


@pytest.mark.parametrize(("why", "html"), [c[1:] for c in ALLOWED], ids=[c[0] for c in ALLOWED])
def test_allowed_markup_becomes_its_nodes(why: str, html: str) -> None:
    assert parse_markup(why)[1] == []
    assert render(why) == html


# Node types a why may become; anything else would mean markup slipped through.
ALLOWED_NODES = (
    nodes.paragraph,
    nodes.Text,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.reference,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
)


@pytest.mark.parametrize("why", [c[1] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_markup_never_becomes_a_node(why: str) -> None:
    built = why_nodes(why)
    for node in built:
        for descendant in node.findall():
            assert isinstance(descendant, ALLOWED_NODES), descendant
    html = "".join(render(why))
    for dangerous in ("<script", "<iframe", "<img", "<style", "<meta", "onerror=", "<b>"):
        assert dangerous not in html
