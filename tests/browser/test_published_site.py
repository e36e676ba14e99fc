"""The published site in chromium, served by nginx the way the intranet serves it.

The site is built once per session with ``python -m tools.publish`` (or taken from
``$BROWSER_SITE`` if that names a built site) and served under
``/guidance/participation-online/`` with the policy in ``public/_csp.txt``.

Every page is audited once (axe-core, requests, console, CSP, links); then the
tests do what a reader does: search, filter the gallery by keyboard, read the
cards and highlights as a screen reader would, and print a principle to PDF.
Screenshots land in ``build/screenshots/`` for a reviewer to look at.
"""

from __future__ import annotations

import html
import io
import re
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
from audit import (
    Recorder,
    SiteAudit,
    audit_site,
    cut_off,
    recorded_context,
    report,
    site_pages,
)
from nginx import SUB_PATH

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
NewPage = Callable[..., tuple["Page", Recorder]]


# -- The site is built and served by conftest.py (site, policy, mount, server, url). ----


@pytest.fixture(scope="session")
def site_audit(
    browser: Browser, site: Path, url: Callable[[str], str], axe_source: str
) -> Iterator[SiteAudit]:
    context, recorder = recorded_context(browser)
    page = context.new_page()
    yield audit_site(page, recorder, [url(path) for path in site_pages(site)], axe_source)
    context.close()


def page_with(site: Path, marker: str) -> str:
    """The first page (relative path) whose HTML contains ``marker``."""
    for path in site_pages(site):
        if marker in (site / path).read_text("utf-8"):
            return path
    raise AssertionError(f"no page of {site} contains {marker!r}")


@pytest.fixture(scope="session")
def gallery_path(site: Path) -> str:
    return page_with(site, 'id="checks-gallery-filter"')


@pytest.fixture(scope="session")
def principle_path(site: Path, gallery_path: str) -> str:
    """A principle page that shows examples of both verdicts."""
    for path in site_pages(site):
        html = (site / path).read_text("utf-8")
        if (
            path != gallery_path
            and 'data-verdict="good"' in html
            and 'data-verdict="bad"' in html
            and re.search(r'data-principle="([^"]+)"', html)
        ):
            return path
    raise AssertionError("no principle page shows good and bad examples")


# -- Every page ------------------------------------------------------------------------


def test_the_policy_is_published_with_the_site(site: Path, csp_tool: ModuleType) -> None:
    written = site / csp_tool.CSP_FILE
    assert written.is_file(), f"publish did not write {written} (tools/csp.py write_csp)"
    assert written.read_text("utf-8") == csp_tool.csp_for(site) + "\n"


def test_every_page_was_audited(site_audit: SiteAudit, site: Path) -> None:
    assert len(site_audit.pages) == len(site_pages(site)) > 5
    assert any(p.endswith(f"{SUB_PATH}index.html") for p in site_audit.pages)


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        ("axe", "WCAG 2.0/2.1/2.2 A and AA failures found by axe-core"),
        ("request", "requests that leave 127.0.0.1"),
        ("response", "pages or assets that failed to load"),
        ("console", "console errors and uncaught exceptions"),
        ("csp", "Content-Security-Policy violations"),
        ("link", "broken internal links"),
        ("anchor", "links to a missing id or name"),
    ],
)
def test_no_page_has(site_audit: SiteAudit, kind: str, what: str) -> None:
    problems = site_audit.of_kind(kind)
    assert problems == [], f"{what}: " + report(problems)


# -- What a reader does ----------------------------------------------------------------


@pytest.mark.parametrize("query", ["home address", "defamation"])
def test_search_finds_it_offline(
    new_page: NewPage, url: Callable[[str], str], site: Path, query: str
) -> None:
    page, recorder = new_page()
    recorder.start(f"search for {query!r}")
    page.goto(url("search.html") + "?" + urllib.parse.urlencode({"q": query}))
    results = page.locator("#search-results ul.search > li")
    results.first.wait_for(timeout=10_000)
    # Sphinx searches word by word: at least one page found must hold the phrase itself.
    pages = [
        urllib.parse.urlsplit(href).path
        for href in results.locator("> a").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
    ]
    assert any(query in page_text(site / path) for path in pages), pages
    # The summary is what tells a screen reader the search is done, and how it went.
    summary = text_when_ready(page.locator("#search-results .search-summary"))
    assert re.search(r"found \d+ page", summary), f"the search summary is {summary!r}; " + report(
        recorder.problems()
    )


def text_when_ready(locator: Locator, seconds: float = 5) -> str:
    """The element's text once it has some, or '' after ``seconds``."""
    for _ in range(int(seconds * 10)):
        text = locator.inner_text().strip()
        if text:
            return text
        locator.page.wait_for_timeout(100)
    return ""


def page_text(path: Path) -> str:
    """The words of a built page, lower case, without its markup."""
    text = re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))
    return " ".join(html.unescape(text).lower().split())


def visible_cards(page: Page) -> list[dict[str, str]]:
    """The data of each example the gallery lists and does not hide."""
    cards: list[dict[str, str]] = page.eval_on_selector_all(
        "li.checks-gallery-item",
        "(cards) => cards.filter((c) => c.offsetParent !== null).map((c) => ({...c.dataset}))",
    )
    return cards


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def choose_by_keyboard(page: Page, selector: str, value: str) -> None:
    """With the focus on a closed <select>, press ArrowDown until ``value`` is chosen."""
    for _ in range(100):
        if page.eval_on_selector(selector, "(s) => s.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value!r} cannot be chosen in {selector} with the arrow keys")


def test_the_gallery_filter_works_by_keyboard_alone(
    new_page: NewPage, url: Callable[[str], str], gallery_path: str
) -> None:
    page, _ = new_page()
    page.goto(url(gallery_path))
    everything = visible_cards(page)
    rule = next(
        r
        for card in everything
        if card["verdict"] == "bad"
        for r in card.get("rules", "").split()
        if r
    )
    tab_to(page, "#checks-filter-verdict")
    choose_by_keyboard(page, "#checks-filter-verdict", "bad")
    tab_to(page, "#checks-filter-rule")
    choose_by_keyboard(page, "#checks-filter-rule", rule)
    page.wait_for_function(
        "(n) => document.querySelectorAll('li.checks-gallery-item').length"
        " && [...document.querySelectorAll('li.checks-gallery-item')]"
        ".filter((c) => c.offsetParent !== null).length < n",
        arg=len(everything),
        timeout=5_000,
    )
    shown = visible_cards(page)
    assert shown, f"no bad example of {rule} is shown"
    assert all(c["verdict"] == "bad" and rule in c["rules"].split() for c in shown), shown
    expected = [c for c in everything if c["verdict"] == "bad" and rule in c["rules"].split()]
    assert len(shown) == len(expected)
    status = page.locator("#checks-gallery-status").inner_text()
    assert str(len(shown)) in status, status
    # Reset, with Space on the button, shows every example again.
    tab_to(page, "#checks-gallery-filter button[type=reset]")
    page.keyboard.press("Space")
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('li.checks-gallery-item')]"
        ".filter((c) => c.offsetParent !== null).length === n",
        arg=len(everything),
        timeout=5_000,
    )


def accessible_text(locator: Locator) -> str:
    """What a screen reader has of an element: its accessibility tree as text."""
    return locator.aria_snapshot()


@pytest.fixture(scope="session")
def pages_with_cards(site: Path, gallery_path: str) -> list[str]:
    """Every page that lists example cards: the principles and the Code."""
    return [
        path
        for path in site_pages(site)
        if not path.startswith("example/")
        and 'class="sd-card sd-shadow-sm sd-mb-4 checks-card' in (site / path).read_text("utf-8")
    ]


@pytest.mark.parametrize("where", ["listed", "gallery"])
def test_every_card_says_its_verdict_in_words(
    new_page: NewPage,
    url: Callable[[str], str],
    pages_with_cards: list[str],
    gallery_path: str,
    where: str,
) -> None:
    page, _ = new_page()
    wrong: list[str] = []
    paths = pages_with_cards if where == "listed" else [gallery_path]
    selector = "article.checks-card" if where == "listed" else "li.checks-gallery-item"
    total = 0
    for path in paths:
        page.goto(url(path))
        wrong += verdicts_not_said(page.locator(selector))
        total += page.locator(selector).count()
    assert total > 10
    assert wrong == [], "\n".join(wrong)


def verdicts_not_said(cards: Locator) -> list[str]:
    wrong = []
    for index in range(cards.count()):
        card = cards.nth(index)
        words = {"good": "Good example", "bad": "Bad example"}[
            card.get_attribute("data-verdict") or ""
        ]
        if words not in accessible_text(card):
            wrong.append(f"{card.get_attribute('id')}: no '{words}' in its accessible text")
    return wrong


def test_every_highlight_is_announced_with_its_rule(
    new_page: NewPage, url: Callable[[str], str], pages_with_cards: list[str]
) -> None:
    # A <mark> has no accessible name (ARIA prohibits naming role=mark), so a screen
    # reader announces "highlight" and reads its content: that content must name the
    # rule, by the name readers see (its id is only in data-rules).
    from checks.catalogue import catalogue

    page, _ = new_page()
    silent = []
    total = 0
    for path in pages_with_cards:
        page.goto(url(path))
        marks = page.locator("mark.checks-finding")
        total += marks.count()
        for index in range(marks.count()):
            mark = marks.nth(index)
            rules = (mark.get_attribute("data-rules") or "").split()
            read = accessible_text(mark)
            titles = [catalogue()[r].title for r in rules if r in catalogue()]
            if not titles or not read.startswith("- mark") or not all(t in read for t in titles):
                silent.append(f"  {path} {rules}: {read!r}")
    assert total > 10
    assert silent == [], "highlights that do not announce their rule:\n" + "\n".join(silent)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_principle_page_prints_with_its_text_and_verdicts(
    new_page: NewPage, url: Callable[[str], str], site: Path, principle_path: str
) -> None:
    page, _ = new_page()
    page.goto(url(principle_path))
    heading = page.locator("main h1, article h1").first.inner_text().strip(" #¶\n")
    lead = page.locator("article p").first.inner_text().strip()
    verdicts = page.eval_on_selector_all(
        "article.checks-card", "(cs) => cs.map((c) => c.dataset.verdict)"
    )
    text = " ".join(pdf_text(page.pdf(format="A4", print_background=True)).split())
    assert heading in text
    assert " ".join(lead.split())[:60] in text
    for verdict, words in (("good", "Good example"), ("bad", "Bad example")):
        assert text.count(words) >= verdicts.count(verdict) > 0, (words, text[:500])


# -- Screenshots for a reviewer ---------------------------------------------------------


SHOT_PAGES = {
    "home": "index.html",
    "code": "civil-service-code.html",
    "example": "example/credible/ons-figure-with-source.html",
}
"""Pages screenshotted by name; the principle and the gallery are found in the site."""


def shot_path(name: str, principle_path: str, gallery_path: str) -> str:
    return {"principle": principle_path, "gallery": gallery_path}.get(name) or SHOT_PAGES[name]


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(
    new_page: NewPage, url: Callable[[str], str], gallery_path: str, principle_path: str, width: int
) -> None:
    page, _ = new_page(viewport={"width": width, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("home", "principle", "code", "example", "gallery"):
        page.goto(url(shot_path(name, principle_path, gallery_path)))
        shot = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 10_000
        # The first screen alone, as a reader first sees it (the README shows two).
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}-first-screen.png")


@pytest.mark.parametrize("page_name", ["home", "principle", "code", "example", "gallery"])
def test_nothing_is_cut_off_on_a_phone(
    new_page: NewPage,
    url: Callable[[str], str],
    gallery_path: str,
    principle_path: str,
    page_name: str,
) -> None:
    page, _ = new_page(viewport={"width": 375, "height": 900})
    page.goto(url(shot_path(page_name, principle_path, gallery_path)))
    assert cut_off(page) == []
