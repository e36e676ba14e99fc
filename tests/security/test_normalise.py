"""Invisible, spacing and look-alike characters hide nothing from the checks.

Guards ``checks.normalise`` and its use in ``checks.engine.check_text``: remove
the call to ``normalise`` in the engine and every variant below loses its finding.
"""

from __future__ import annotations

import pytest

from checks.engine import check_text
from checks.findings import Span
from checks.normalise import normalise

# One plain post per kind of rule, and the word inside it that the variants disguise.
POSTS = [
    ("political", "Please vote for the Labour candidate on Thursday.", "vote"),
    ("political", "Please vote for the Labour candidate on Thursday.", "Labour"),
    ("personal-details", "Text me on 07700 900123 if you want the details.", "900123"),
    ("discourtesy", "Honestly, the man is a complete idiot and everyone knows it.", "idiot"),
    ("commitment", "I promise your grant will be paid before Christmas.", "promise"),
    ("protected-marking", "Attached is the OFFICIAL-SENSITIVE briefing for tomorrow.", "OFFICIAL"),
]

# Each disguise: a name, and how it rewrites the word.
DISGUISES = [
    ("zero-width space", lambda w: w[:2] + "\u200b" + w[2:]),
    ("zero-width non-joiner", lambda w: w[:1] + "\u200c" + w[1:]),
    ("zero-width joiner", lambda w: w[:1] + "\u200d" + w[1:]),
    ("word joiner", lambda w: w[:2] + "\u2060" + w[2:]),
    ("byte order mark", lambda w: "\ufeff" + w),
    ("soft hyphen", lambda w: w[:2] + "\u00ad" + w[2:]),
    ("right-to-left override", lambda w: w[:1] + "\u202e\u202c" + w[1:]),
    ("bidi isolate", lambda w: "\u2066" + w + "\u2069"),
    ("NUL", lambda w: w[:2] + "\x00" + w[2:]),
    ("every letter split", lambda w: "\u200b".join(w)),
    ("fullwidth letters", lambda w: "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in w)),
    ("mathematical bold", lambda w: "".join(_bold(c) for c in w)),
    (
        "Cyrillic look-alikes",
        lambda w: w.translate(
            str.maketrans(
                "aeopcxyiOEAPCBHKMT",
                "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u041e\u0415\u0410\u0420\u0421\u0412\u041d\u041a\u041c\u0422",
            )
        ),
    ),
    (
        "Greek look-alikes",
        lambda w: w.translate(
            str.maketrans(
                "oOABEHIKMNTXZ",
                "\u03bf\u039f\u0391\u0392\u0395\u0397\u0399\u039a\u039c\u039d\u03a4\u03a7\u0396",
            )
        ),
    ),
    (
        "Arabic-Indic digits",
        lambda w: w.translate(
            str.maketrans(
                "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
            )
        ),
    ),
]

# Spaces between words: the post's spaces replaced by another kind of space.
SPACES = [
    ("no-break space", "\u00a0"),
    ("narrow no-break space", "\u202f"),
    ("thin space", "\u2009"),
    ("em space", "\u2003"),
    ("ideographic space", "\u3000"),
    ("figure space", "\u2007"),
]


def _bold(char: str) -> str:
    if char.isupper():
        return chr(0x1D400 + ord(char) - ord("A"))
    if char.islower():
        return chr(0x1D41A + ord(char) - ord("a"))
    if char.isdigit():
        return chr(0x1D7CE + ord(char) - ord("0"))
    return char


def _rules(text: str) -> list[str]:
    return sorted(f.rule for f in check_text(text))


@pytest.mark.parametrize(("rule", "post", "word"), POSTS)
def test_the_plain_posts_are_found(rule: str, post: str, word: str) -> None:
    assert rule in _rules(post)


# Every post with every disguise that changes its word (look-alike letters leave digits be).
DISGUISED = [
    pytest.param(post, post.replace(word, disguise(word)), id=f"{rule}-{word}-{name}")
    for rule, post, word in POSTS
    for name, disguise in DISGUISES
    if disguise(word) != word
]


@pytest.mark.parametrize(("post", "disguised"), DISGUISED)
def test_a_disguised_word_gets_the_same_findings(post: str, disguised: str) -> None:
    assert _rules(disguised) == _rules(post)


@pytest.mark.parametrize(("name", "space"), SPACES, ids=[s[0] for s in SPACES])
@pytest.mark.parametrize(("rule", "post", "word"), POSTS)
def test_other_spaces_get_the_same_findings(
    rule: str, post: str, word: str, name: str, space: str
) -> None:
    assert _rules(post.replace(" ", space)) == _rules(post)


@pytest.mark.parametrize(("name", "disguise"), DISGUISES, ids=[d[0] for d in DISGUISES])
def test_findings_point_at_the_characters_the_reader_sees(name: str, disguise: object) -> None:
    word = disguise("vote")  # type: ignore[operator]
    post = f"Please {word} for the Labour candidate."
    (finding,) = check_text(post)
    assert post[finding.start : finding.end] == finding.text
    assert finding.text.startswith(word.lstrip("\ufeff\u2066"))
    assert finding.text.endswith("Labour")


# -- The normalised text and the way back --------------------------------------------

NORMALISED = [
    ("plain ASCII stays as it is", "Nothing to change.", "Nothing to change."),
    ("tabs and line breaks stay", "a\tb\r\nc", "a\tb\r\nc"),
    ("zero-width characters go", "vo\u200bte\u200d", "vote"),
    ("control characters go", "a\x00b\x07c\x1bd", "abcd"),
    ("line separators become line breaks", "one\u2028two\u2029three", "one\ntwo\nthree"),
    ("spaces become plain spaces", "a\u00a0b\u2009c\u3000d", "a b c d"),
    ("ligatures open up", "\ufb01nance \ufb02ag", "finance flag"),
    ("an ellipsis becomes three full stops", "wait\u2026 what", "wait... what"),
    ("accents go", "caf\u00e9 de\u0301ja\u0300", "cafe deja"),
    ("look-alike letters become Latin", "\u0412\u043e\u0445 \u0399\u0406", "Box II"),
    ("digits of every script become ASCII", "\u0663\u09e8\uff11", "321"),
    ("a post of invisible characters is empty", "\u200b\u200c\ufeff\u2060\u00ad", ""),
]


@pytest.mark.parametrize(
    ("original", "expected"), [c[1:] for c in NORMALISED], ids=[c[0] for c in NORMALISED]
)
def test_normalised_text(original: str, expected: str) -> None:
    assert normalise(original).text == expected


# (original, span of the normalised text, the original characters it maps to)
SPANS = [
    ("vo\u200bte now", Span(0, 4), "vo\u200bte"),
    ("\u200b\u200bvote", Span(0, 4), "vote"),
    ("x \ufb01nance y", Span(2, 9), "\ufb01nance"),
    ("x \ufb01nance y", Span(3, 9), "\ufb01nance"),
    ("wait\u2026 ok", Span(4, 7), "\u2026"),
    ("wait\u2026 ok", Span(8, 10), "ok"),
    ("a\u00a0b", Span(0, 3), "a\u00a0b"),
    ("\u0412\u043e\u0442\u0435 x", Span(0, 4), "\u0412\u043e\u0442\u0435"),
    ("end\u200b", Span(0, 3), "end"),
]


@pytest.mark.parametrize(("original", "span", "shown"), SPANS)
def test_spans_map_back_to_the_original(original: str, span: Span, shown: str) -> None:
    mapped = normalise(original).original(span)
    assert original[mapped.start : mapped.end] == shown


def test_every_span_maps_inside_the_original() -> None:
    original = "\u200bA\u2026b\ufb01\u00adc\u200b"
    normal = normalise(original)
    for start in range(len(normal.text) + 1):
        for end in range(start, len(normal.text) + 1):
            mapped = normal.original(Span(start, end))
            assert 0 <= mapped.start <= mapped.end <= len(original)


def test_the_shipped_lookalike_table_is_derived_from_the_unicode_data() -> None:
    # The checks read checks/data/lookalikes.json, not the 900 KB package it comes from:
    # the table must be exactly what python -m tools.lookalikes derives from that data.
    from tools import lookalikes

    assert lookalikes.TABLE.read_text(encoding="utf-8") == lookalikes.table_text()
    assert lookalikes.main(["--check"]) == 0


@pytest.mark.parametrize(
    ("lookalike", "latin"),
    [
        ("\u0430", "a"),  # Cyrillic a
        ("\u0391", "A"),  # Greek capital Alpha stays a capital
        ("\u0399", "I"),  # Greek capital Iota: a capital I, not the prototype l
        ("\u0441", "c"),  # Cyrillic es
    ],
)
def test_the_table_maps_lookalikes_to_the_letters_they_mimic(lookalike: str, latin: str) -> None:
    from checks.normalise import latin_lookalikes

    assert latin_lookalikes()[lookalike] == latin
