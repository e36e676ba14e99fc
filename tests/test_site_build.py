"""Building a small site: cards, verdicts, findings, the gallery and escaping."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def card(soup: BeautifulSoup, slug: str) -> Tag:
    found = soup.find("article", id=f"example-{slug}")
    assert isinstance(found, Tag), f"no card for {slug}"
    return found


def item(soup: BeautifulSoup, slug: str) -> Tag:
    """An example's line in the gallery's compact list."""
    found = soup.find("li", id=f"example-{slug}")
    assert isinstance(found, Tag), f"no gallery item for {slug}"
    return found


@pytest.fixture(scope="module")
def clean(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The clean root, built once for the whole module."""
    return build(rootdir / "test-clean", tmp_path_factory.mktemp("clean"))


# -- a clean build ------------------------------------------------------------------------


def test_clean_build_has_no_warnings_and_succeeds(clean: SphinxTestApp) -> None:
    assert clean.warning.getvalue() == ""
    assert clean.statuscode == 0


def test_every_example_is_on_its_principle_page_and_in_the_gallery(clean: SphinxTestApp) -> None:
    gallery = page(clean, "gallery")
    for path in sorted((clean.srcdir / "examples").glob("*/*.md")):
        card(page(clean, path.parent.name), path.stem)
        listed = item(gallery, path.stem)
        assert listed["data-principle"] == path.parent.name
        # Each item links to the example's own page, which holds its card.
        own = f"example/{path.parent.name}/{path.stem}"
        assert listed.find("a", href=f"{own}.html") is not None
        card(page(clean, own), path.stem)


# -- a card --------------------------------------------------------------------------------


def test_verdict_badge_has_words_and_an_icon(clean: SphinxTestApp) -> None:
    soup = page(clean, "credible")
    good = card(soup, "figure-with-source").find(class_="checks-badge")
    bad = card(soup, "figure-without-source").find(class_="checks-badge")
    assert good is not None and good.get_text(" ", strip=True) == "\u2713 Good example"
    assert bad is not None and bad.get_text(" ", strip=True) == "\u2717 Bad example"
    assert bad.find(attrs={"aria-hidden": "true"}).get_text() == "\u2717"  # type: ignore[union-attr]


def test_card_shows_channel_and_capacity(clean: SphinxTestApp) -> None:
    meta = card(page(clean, "credible"), "figure-without-source").find(class_="checks-source")
    assert meta is not None and meta.get_text() == "LinkedIn, personal capacity"


def test_finding_is_marked_with_rule_and_message(clean: SphinxTestApp) -> None:
    found = card(page(clean, "credible"), "figure-without-source")
    mark = found.find("mark")
    assert isinstance(mark, Tag)
    assert mark.contents[0] == "92%"
    hidden = mark.find(class_="checks-visually-hidden")
    assert hidden is not None
    # Readers get the rule's name; its id is only in a machine-readable attribute.
    assert (
        "Unsourced claim: states a statistic or figure as fact without a source"
        in hidden.get_text()
    )
    assert mark["data-rules"] == "unsourced-claim"
    listed = found.find(class_="checks-findings-list")
    assert listed is not None and "Unsourced claim" in listed.get_text()
    assert "unsourced-claim" not in found.get_text()
    # The number beside the mark is drawn from an attribute, so it is not in the text.
    number = mark.find_next_sibling("sup", class_="checks-finding-number")
    assert isinstance(number, Tag) and number["data-number"] == "1" and number.get_text() == ""
    own = found.find("a", href="example/credible/figure-without-source.html")
    assert own is not None and own.get_text() == "This example on its own page"


def test_why_is_parsed_as_myst(clean: SphinxTestApp) -> None:
    why = card(page(clean, "credible"), "figure-with-source").find(class_="checks-why")
    assert why is not None and why.find("em") is not None
    assert why.find("em").get_text() == "readers can check it"  # type: ignore[union-attr]


def test_near_miss_and_nothing_found(clean: SphinxTestApp) -> None:
    text = card(page(clean, "credible"), "figure-with-source").get_text(" ", strip=True)
    assert "No problems found." in text
    assert "Looks risky, but is fine: it could look as if it breaks Unsourced claim" in text


def test_judgement_call_is_said_plainly(clean: SphinxTestApp) -> None:
    text = card(page(clean, "responsive"), "brush-off").get_text(" ", strip=True)
    assert "A computer cannot spot this: it takes your judgement." in text


def test_allowed_finding_shows_its_reason(clean: SphinxTestApp) -> None:
    found = card(page(clean, "civil-servant"), "security-role")
    allowed = found.find(class_="checks-allowed")
    assert allowed is not None
    assert "advised not to name their employer, for their safety" in allowed.get_text()
    assert found.find("mark", class_="checks-accepted") is not None


def test_post_markup_is_shown_not_interpreted(clean: SphinxTestApp) -> None:
    html = (clean.outdir / "consistent.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in html
    text = card(page(clean, "consistent"), "markup-in-a-post").find(class_="checks-post-text")
    # Exactly the characters typed: no bold, no role, no smart quotes or dashes.
    assert text is not None
    assert text.get_text() == (
        'Try typing <script>alert("hi")</script> into the box, '
        'or **bold** and {raw}`<b>x</b>` -- it "works".'
    )
    assert text.find("b") is None and text.find("strong") is None


def test_cards_link_to_rules_and_principle(clean: SphinxTestApp) -> None:
    footer = card(page(clean, "credible"), "figure-without-source").find(
        class_="checks-card-footer"
    )
    assert footer is not None
    assert "Rules broken: Unsourced claim" in footer.get_text(" ", strip=True)
    footer = card(page(clean, "example/consistent/shouting"), "shouting").find(
        class_="checks-card-footer"
    )
    assert footer is not None
    assert footer.find("a", href="../../consistent.html") is not None
    assert "Rules broken: Discourtesy" in footer.get_text(" ", strip=True)


def test_headings_do_not_skip_levels(clean: SphinxTestApp) -> None:
    for name in ("credible", "gallery"):
        levels = [
            int(h.name[1])
            for h in page(clean, name).find_all(re.compile(r"^h[1-6]$"))
            if h.find_parent("article", class_="checks-card") or h.find_parent(role="main")
        ]
        assert all(b <= a + 1 for a, b in pairwise(levels)), levels


# -- pages that end, and an example's own page ----------------------------------------------

LISTED_CARDS = [
    # (page, slug, summary): on a page that lists examples, the explanation is folded away.
    ("credible", "figure-without-source", "1 thing found, and why this is a bad example"),
    ("credible", "figure-with-source", "Nothing found, and why this is a good example"),
    ("responsive", "brush-off", "Nothing found, and why this is a bad example"),
]


@pytest.mark.parametrize(("name", "slug", "summary"), LISTED_CARDS)
def test_listed_cards_fold_findings_and_why(
    clean: SphinxTestApp, name: str, slug: str, summary: str
) -> None:
    found = card(page(clean, name), slug)
    details = found.find("details", class_="checks-details")
    assert isinstance(details, Tag) and not details.has_attr("open")
    assert details.find("summary").get_text() == summary  # type: ignore[union-attr]
    assert details.find(class_="checks-why") is not None
    # Title, verdict and post stay in view, outside the details.
    assert found.find(class_="checks-post").find_parent("details") is None  # type: ignore[union-attr]
    assert found.find(class_="checks-badge").find_parent("details") is None  # type: ignore[union-attr]
    # Search finds the example once, on its own page: listed cards are not indexed.
    assert "no-search" in found["class"]


@pytest.mark.parametrize(
    ("principle", "slug", "rules_line"),
    [
        ("credible", "figure-without-source", "Rules this example shows: Unsourced claim."),
        (
            "credible",
            "figure-with-source",
            "This example breaks no rule: Unsourced claim may look as if it applies, "
            "but it does not.",
        ),
        ("responsive", "brush-off", "This example breaks no rule a computer can check."),
    ],
)
def test_example_page_has_the_full_card_its_rules_and_links_back(
    clean: SphinxTestApp, principle: str, slug: str, rules_line: str
) -> None:
    soup = page(clean, f"example/{principle}/{slug}")
    found = card(soup, slug)
    main = soup.find(role="main")
    assert main is not None and main.find("h1") is not None
    assert found.find("details") is None and found.find(class_="checks-why") is not None
    assert "no-search" not in found["class"]
    text = main.get_text(" ", strip=True)
    assert rules_line in text
    links = {a["href"] for a in soup.find("nav", class_="checks-example-links").find_all("a")}  # type: ignore[union-attr]
    assert links == {f"../../{principle}.html", "../../gallery.html"}


def test_example_pages_are_orphans_out_of_the_navigation(clean: SphinxTestApp) -> None:
    included = {doc for docs in clean.env.toctree_includes.values() for doc in docs}
    assert included and not any(doc.startswith("example/") for doc in included)
    assert "example/credible/figure-with-source" in clean.env.all_docs
    assert clean.env.metadata["example/credible/figure-with-source"].get("orphan") is not None


def test_example_pages_are_searched_by_title_and_post(clean: SphinxTestApp) -> None:
    index = (clean.outdir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    docs = data["docnames"]
    titles = dict(zip(docs, data["titles"], strict=True))
    assert titles["example/credible/figure-with-source"] == "A figure with its source"
    hits = data["terms"]["decad"]  # "decade", as Sphinx's English stemmer indexes it
    hits = hits if isinstance(hits, list) else [hits]
    # The post's words lead to the example's page alone, not to the pages that list it.
    assert [docs[i] for i in hits] == ["example/credible/figure-without-source"]


# -- the gallery ---------------------------------------------------------------------------


def test_gallery_groups_cards_with_anchor_links(clean: SphinxTestApp) -> None:
    soup = page(clean, "gallery")
    nav = soup.find("nav", class_="checks-gallery-nav")
    assert nav is not None
    targets = [a["href"] for a in nav.find_all("a")]
    assert targets == [
        "#gallery-credible",
        "#gallery-consistent",
        "#gallery-responsive",
        "#gallery-civil-servant",
    ]
    for target in targets:
        group = soup.find(id=target[1:])
        assert group is not None and group.find("li", class_="checks-gallery-item") is not None
    # A compact list: no post and no card is repeated in the gallery.
    assert soup.find("article", class_="checks-card") is None
    assert soup.find(class_="checks-post") is None
    counts = [span.get_text() for span in nav.find_all(class_="checks-count")]
    assert counts == ["2", "2", "1", "1"]


def test_gallery_filter_is_labelled_and_announces_the_count(clean: SphinxTestApp) -> None:
    soup = page(clean, "gallery")
    form = soup.find("form", id="checks-gallery-filter")
    assert isinstance(form, Tag) and form.has_attr("hidden")  # shown by the script only
    for select in form.find_all("select"):
        label = form.find("label", attrs={"for": select["id"]})
        assert label is not None and label.get_text().strip()
    assert {s["name"] for s in form.find_all("select")} == {
        "principle",
        "verdict",
        "rule",
        "channel",
    }
    status = soup.find(id="checks-gallery-status")
    assert status is not None and status["role"] == "status"
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(src.startswith("_static/checks-gallery.js") for src in scripts)
    assert (clean.outdir / "_static" / "checks-gallery.js").is_file()


def test_filter_script_is_only_on_the_gallery(clean: SphinxTestApp) -> None:
    scripts = [s.get("src", "") for s in page(clean, "credible").find_all("script")]
    assert not any("checks-gallery" in src for src in scripts)


def test_gallery_items_carry_the_filter_data(clean: SphinxTestApp) -> None:
    found = item(page(clean, "gallery"), "figure-with-source")
    assert found.get_text(" ", strip=True) == (
        "A figure with its source \u2713 Good example Be credible, X (formerly Twitter)"
    )
    assert found["data-verdict"] == "good"
    assert found["data-channel"] == "x"
    assert found["data-rules"] == "unsourced-claim"


# -- the about page ------------------------------------------------------------------------


def test_about_page_shows_version_date_commit_and_reviews(clean: SphinxTestApp) -> None:
    text = page(clean, "about").get_text(" ", strip=True)
    assert "Built on : 1 January 2026" in text
    assert "Built from commit : abc1234" in text
    reviews = page(clean, "about").find("table", class_="checks-reviews")
    assert reviews is not None and "Test owner" in reviews.get_text()
    assert "30 June 2027" in reviews.get_text()


def test_parallel_build_records_every_example(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=rootdir / "test-clean", builddir=tmp_path, parallel=2)
    app.build()
    assert app.warning.getvalue() == ""
    shown = app.env.domains["checks"].data["shown"]
    assert set(shown["gallery"]) == {
        p.stem for p in (rootdir / "test-clean" / "examples").glob("*/*.md")
    }
