"""The published site as a busy reader meets it: an answer in 30 seconds, pages that end.

The checklist on the home page, page heights at 1280 px, a card's details when
printing and when a link points at it, example pages found by search, the
gallery's filter kept in the address, and no rule id in the words of a reader page.
The site, server and pages come from conftest.py; axe-core checks every page,
example pages included, in test_published_site.py.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from audit import Recorder, site_pages

from checks.catalogue import catalogue
from checks.examples import parse_example
from checks.verify import example_paths

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NewPage = Callable[..., tuple["Page", Recorder]]
PRINCIPLE_PAGES = ["credible", "consistent", "responsive", "integrated", "civil-servant"]
EDITORS_PAGES = {"editors.html"}


def height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


# -- The answer in 30 seconds -------------------------------------------------------------


def test_the_checklist_is_on_the_first_screen_and_each_link_leads_to_its_principle(
    new_page: NewPage, url: Callable[[str], str]
) -> None:
    page, _ = new_page(viewport={"width": 1280, "height": 900})
    page.goto(url("index.html"))
    items = page.locator(".checks-checklist li")
    assert 5 <= items.count() <= 7
    # The first question is on the first screen, without scrolling.
    top = items.first.bounding_box()
    assert top is not None and top["y"] + top["height"] < 900
    targets = items.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    assert len(targets) == items.count()
    for target in targets:
        page.goto(target)
        heading = page.locator("article[role=main] h1").first.inner_text()
        assert heading.strip(" ¶\n"), target
        assert page.locator("article[role=main] blockquote.checks-guidance").count() == 1, target
    page.goto(url("index.html"))
    draft = page.locator("article[role=main] a[href='check-a-draft.html']").first
    draft.click()
    page.wait_for_url(re.compile(r"check-a-draft\.html$"))


# -- Pages that end ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit"),
    [("civil-service-code.html", 8_000), ("gallery.html", 10_000)]
    + [(f"{name}.html", 6_000) for name in PRINCIPLE_PAGES],
)
def test_pages_end(new_page: NewPage, url: Callable[[str], str], path: str, limit: int) -> None:
    page, _ = new_page(viewport={"width": 1280, "height": 900})
    page.goto(url(path))
    assert height(page) < limit


@pytest.mark.parametrize("path", [f"{name}.html" for name in PRINCIPLE_PAGES])
def test_long_pages_show_their_contents_at_1280(
    new_page: NewPage, url: Callable[[str], str], path: str
) -> None:
    page, _ = new_page(viewport={"width": 1280, "height": 900})
    page.goto(url(path))
    contents = page.locator("article[role=main] .checks-page-contents")
    assert contents.is_visible()
    assert contents.locator("a").count() >= 2


def why_is_visible(page: Page, card: str) -> bool:
    return bool(
        page.evaluate(
            "(id) => document.querySelector(`#${id} .checks-why`).checkVisibility()", card
        )
    )


def test_details_are_closed_on_screen_and_open_in_print(
    new_page: NewPage, url: Callable[[str], str]
) -> None:
    page, _ = new_page()
    page.goto(url("credible.html"))
    cards = page.eval_on_selector_all("article.checks-card", "(cs) => cs.map((c) => c.id)")
    assert cards
    assert not any(why_is_visible(page, card) for card in cards)
    page.emulate_media(media="print")
    assert all(why_is_visible(page, card) for card in cards)


def test_a_link_to_an_example_opens_its_details(
    new_page: NewPage, url: Callable[[str], str]
) -> None:
    page, _ = new_page()
    page.goto(url("credible.html"))
    first, second = page.eval_on_selector_all(
        "article.checks-card", "(cs) => cs.slice(0, 2).map((c) => c.id)"
    )
    page.goto(url(f"credible.html#{first}"))
    assert why_is_visible(page, first) and not why_is_visible(page, second)
    # Following a link within the page opens the card it points at, too.
    page.evaluate("(id) => { window.location.hash = id; }", second)
    page.wait_for_function(
        "(id) => document.querySelector(`#${id} details`).open", arg=second, timeout=5_000
    )


# -- Search finds examples -------------------------------------------------------------------


def distinctive_words(count: int) -> list[tuple[str, str]]:
    """(word, example page) pairs: a long word from the post of a few examples."""
    pairs = []
    for path in example_paths(ROOT / "examples")[0][::17][:count]:
        example = parse_example(path, str(path))[0]
        assert example is not None
        words = sorted(re.findall(r"[A-Za-z]{8,}", example.body), key=len, reverse=True)
        pairs.append((words[0].lower(), f"example/{example.principle}/{example.slug}.html"))
    return pairs


@pytest.mark.parametrize(("word", "target"), distinctive_words(4))
def test_an_example_page_is_found_by_a_word_of_its_post(
    new_page: NewPage, url: Callable[[str], str], word: str, target: str
) -> None:
    page, _ = new_page()
    page.goto(url("search.html") + "?" + urllib.parse.urlencode({"q": word}))
    page.locator("#search-results .search-summary").wait_for(timeout=10_000)
    page.wait_for_function(
        "() => /found (one|\\d+) page|did not match/.test("
        "document.querySelector('#search-results .search-summary')?.textContent ?? '')",
        timeout=10_000,
    )
    links = page.locator("#search-results ul.search > li > a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    found = [urllib.parse.urlsplit(href).path for href in links]
    assert target in found, (word, found)
    assert found.count(target) == 1, found
    assert page.locator("#search-results h2").first.inner_text() == "Search results"


def test_search_snippets_have_no_finding_numbers(
    new_page: NewPage, url: Callable[[str], str], site: Path
) -> None:
    page, _ = new_page()
    page.goto(url("search.html") + "?" + urllib.parse.urlencode({"q": "ringing"}))
    page.wait_for_function(
        "() => document.querySelectorAll('#search-results p.context').length > 0",
        timeout=10_000,
    )
    snippets = page.locator("#search-results p.context").all_inner_texts()
    assert snippets
    for snippet in snippets:
        # A number right after a word or closing bracket, as "represent)1 for" was.
        assert not re.search(r"[A-Za-z)\u201d]\d", snippet), snippet
        assert "finding 1" not in snippet


def test_the_search_matches_link_is_in_sentence_case(
    new_page: NewPage, url: Callable[[str], str]
) -> None:
    page, _ = new_page()
    page.goto(url("credible.html") + "?highlight=figure")
    link = page.locator("#searchbox .highlight-link a")
    link.wait_for(timeout=5_000)
    assert link.inner_text() == "Hide search matches"


# -- The gallery's filter in the address ------------------------------------------------------


def shown_items(page: Page) -> list[dict[str, str]]:
    items: list[dict[str, str]] = page.eval_on_selector_all(
        "li.checks-gallery-item",
        "(items) => items.filter((i) => i.offsetParent !== null).map((i) => ({...i.dataset}))",
    )
    return items


def test_the_filter_round_trips_through_the_address(
    new_page: NewPage, url: Callable[[str], str]
) -> None:
    page, _ = new_page()
    page.goto(url("gallery.html") + "?verdict=bad&rule=personal-details")
    assert page.eval_on_selector("#checks-filter-verdict", "(s) => s.value") == "bad"
    assert page.eval_on_selector("#checks-filter-rule", "(s) => s.value") == "personal-details"
    shown = shown_items(page)
    assert shown
    assert all(i["verdict"] == "bad" and "personal-details" in i["rules"].split() for i in shown)
    # Counts on the jump links follow the filter.
    counts = page.eval_on_selector_all(
        ".checks-gallery-nav .checks-count",
        "(cs) => Object.fromEntries(cs.map((c) => [c.dataset.principle, +c.textContent]))",
    )
    expected: dict[str, int] = {}
    for item in shown:
        expected[item["principle"]] = expected.get(item["principle"], 0) + 1
    assert {k: v for k, v in counts.items() if v} == expected
    # A new choice changes the address, and the address brings it back.
    page.select_option("#checks-filter-verdict", "good")
    page.wait_for_function("() => location.search.includes('verdict=good')", timeout=5_000)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query == {"verdict": ["good"], "rule": ["personal-details"]}
    page.reload()
    assert page.eval_on_selector("#checks-filter-verdict", "(s) => s.value") == "good"
    assert shown_items(page) == [
        i
        for i in shown_items(page)
        if i["verdict"] == "good" and "personal-details" in i["rules"].split()
    ]


def test_an_empty_filter_says_what_to_change(new_page: NewPage, url: Callable[[str], str]) -> None:
    page, _ = new_page()
    # No good example shouts: a combination that matches nothing.
    page.goto(url("gallery.html") + "?verdict=good&rule=discourtesy&channel=x")
    if shown_items(page):
        pytest.fail("the combination chosen to match nothing matches something: choose another")
    status = page.locator("#checks-gallery-status").inner_text()
    assert "No example matches" in status
    assert "verdict" in status and "rule" in status and "show all examples" in status
    assert page.eval_on_selector_all(
        ".checks-gallery-nav .checks-count", "(cs) => cs.every((c) => c.textContent === '0')"
    )


# -- Words for readers ----------------------------------------------------------------------


def test_no_reader_page_shows_a_rule_id(
    new_page: NewPage, url: Callable[[str], str], site: Path
) -> None:
    # Hyphenated ids cannot be ordinary words; single-word ids ("copyright") can.
    ids = [rule for rule in catalogue() if "-" in rule]
    page, _ = new_page()
    found = []
    for path in site_pages(site):
        if path in EDITORS_PAGES:
            continue
        page.goto(url(path))
        text = page.locator("body").inner_text()
        found += [f"{path}: {rule}" for rule in ids if rule in text]
    assert found == []
