"""Building a small site: cards, verdicts, findings, the gallery and escaping."""

from __future__ import annotations

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
        assert card(gallery, path.stem)["data-principle"] == path.parent.name


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
    assert (
        "unsourced-claim: states a statistic or figure as fact without a source"
        in hidden.get_text()
    )
    listed = found.find(class_="checks-findings-list")
    assert listed is not None and "unsourced-claim" in listed.get_text()
    assert found.find("a", href="#example-figure-without-source")


def test_why_is_parsed_as_myst(clean: SphinxTestApp) -> None:
    why = card(page(clean, "credible"), "figure-with-source").find(class_="checks-why")
    assert why is not None and why.find("em") is not None
    assert why.find("em").get_text() == "readers can check it"  # type: ignore[union-attr]


def test_near_miss_and_nothing_found(clean: SphinxTestApp) -> None:
    text = card(page(clean, "credible"), "figure-with-source").get_text(" ", strip=True)
    assert "The checks found nothing to flag." in text
    assert "Near miss" in text


def test_judgement_call_is_said_plainly(clean: SphinxTestApp) -> None:
    text = card(page(clean, "responsive"), "brush-off").get_text(" ", strip=True)
    assert "The checks cannot judge this; it is bad by judgement." in text


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
    footer = card(page(clean, "gallery"), "shouting").find(class_="checks-card-footer")
    assert footer is not None
    assert footer.find("a", href="consistent.html") is not None
    assert "Rules broken: Discourtesy" in footer.get_text(" ", strip=True)


def test_headings_do_not_skip_levels(clean: SphinxTestApp) -> None:
    for name in ("credible", "gallery"):
        levels = [
            int(h.name[1])
            for h in page(clean, name).find_all(re.compile(r"^h[1-6]$"))
            if h.find_parent("article", class_="checks-card") or h.find_parent(role="main")
        ]
        assert all(b <= a + 1 for a, b in pairwise(levels)), levels


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
        assert group is not None and group.find("article", class_="checks-card") is not None


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


def test_cards_carry_the_filter_data(clean: SphinxTestApp) -> None:
    found = card(page(clean, "gallery"), "figure-with-source")
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
