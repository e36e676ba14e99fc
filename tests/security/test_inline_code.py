"""The scanner finds inline code however a page hides it, and the allow-list is read strictly.

Guards ``checks.inline_code``: the build check and ``tools/csp.py`` see only what it
finds. Each trick below hides code from a plain reading of the markup while a
browser still runs or applies it; without the matching part of the scanner (raw-text
elements, comments, ``srcdoc``, ``<script/>``, URL clean-up) its case finds nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.inline_code import AllowListError, allowed_for, allowlist, digest, inline_code

# (name, page, how each piece found is described)
FOUND = [
    ("script", "<script>steal()</script>", ["<script> on line 1: 'steal()'"]),
    ("style", "<style>p{}</style>", ["<style> on line 1: 'p{}'"]),
    ("style attribute, decoded", '<p style="a &amp; b">', ["style attribute on line 1: 'a & b'"]),
    ("onerror", "<img src=x onerror=steal()>", ["event-handler attribute on line 1: 'steal()'"]),
    ("svg onload", "<svg/onload=steal()>", ["event-handler attribute on line 1: 'steal()'"]),
    (
        "javascript: URL with a tab and case",
        '<a href=" JaVa&#x09;script:steal()">x</a>',
        ["javascript: URL on line 1: 'JaVa script:steal()'"],
    ),
    # Every inline script is code, whatever its type: a data block today, code tomorrow.
    ("module", '<script type="module">go()</script>', ["<script> on line 1: 'go()'"]),
    ("JSON", '<script type="application/json">{}</script>', ["<script> on line 1: '{}'"]),
    ("template", '<script type="text/x-template">a</script>', ["<script> on line 1: 'a'"]),
    ("self-closed script", "<script/>steal()</script>", ["<script> on line 1: 'steal()'"]),
    (
        "script ended inside noscript",
        '<noscript><p title="</noscript><script>steal()</script>">',
        ["<script> on line 1: 'steal()'"],
    ),
    (
        "script ended inside textarea",
        '<textarea><p title="</textarea><style>p{}</style>">',
        ["<style> on line 1: 'p{}'"],
    ),
    (
        "comment ended by --!>",
        "<!-- --!><script>steal()</script> -->",
        ["<script> on line 1: 'steal()'"],
    ),
    (
        "iframe srcdoc",
        '<iframe srcdoc="<script>steal()</script>"></iframe>',
        ["<script> on line 1: 'steal()'"],
    ),
    (
        "lines counted",
        "<p>\n</p>\n<script>\nsteal()\n</script>",
        ["<script> on line 3: 'steal()'"],
    ),
    (
        "long code shortened",
        f"<script>{'x' * 100}</script>",
        [f"<script> on line 1: '{'x' * 57}...'"],
    ),
]


@pytest.mark.parametrize(("name", "page", "expected"), FOUND, ids=[c[0] for c in FOUND])
def test_inline_code_is_found(name: str, page: str, expected: list[str]) -> None:
    assert [snippet.describe() for snippet in inline_code(page)] == expected


NOT_CODE = [
    '<script src="_static/app.js"></script>',
    '<link rel="stylesheet" href="_static/a.css">',
    '<a href="page.html#javascript">link</a>',
    "<p>Write onclick=steal() in a paragraph and it stays text.</p>",
    "<!-- a plain comment -->",
]


@pytest.mark.parametrize("page", NOT_CODE)
def test_files_links_and_text_are_not_inline_code(page: str) -> None:
    assert inline_code(page) == []


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("\r\n  a();\r\n", "\n  a();\n"),  # the browser reads CRLF as LF before hashing
        ("a();\rb();", "a();\nb();"),  # and a lone CR too
    ],
)
def test_hashes_are_of_the_text_as_the_browser_reads_it(text: str, same_as: str) -> None:
    assert digest(text) == digest(same_as)


def test_script_text_is_hashed_as_written() -> None:
    # Entities are not decoded inside a script; CRLF reaches the browser as LF.
    [snippet] = inline_code("<script>\r\n  a &amp;&amp; b();\r\n</script>")
    assert snippet.sha256 == digest("\n  a &amp;&amp; b();\n")


# -- The allow-list file -------------------------------------------------------------------

BAD_LISTS = [
    ("themes: []", "expected 'themes:', a mapping of theme name to entries"),
    ("themes: {furo: x}", "themes.furo must be a list of entries"),
    (
        "themes: {furo: [{kind: script, sha256: x}]}",
        "themes.furo[0]: give exactly 'kind', 'sha256' and 'source'",
    ),
    (
        "themes: {furo: [{kind: event-handler, sha256: x, source: y}]}",
        "themes.furo[0]: kind must be one of script, style, style-attribute",
    ),
    (
        "themes: {furo: [{kind: script, sha256: 'sha256-abc', source: y}]}",
        "themes.furo[0]: sha256 must be a base64 sha256 digest (44 characters)",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_LISTS)
def test_a_malformed_allowlist_is_refused_with_its_place(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AllowListError) as refused:
        allowlist(path)
    assert str(refused.value) == f"{path}: {message}"


def test_a_theme_the_list_does_not_name_has_no_entries() -> None:
    assert allowed_for("no-such-theme") == ()
