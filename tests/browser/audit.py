"""What the browser tests look for on a page, as small functions that return problems.

A page is audited in two passes on one load, with the site's real
Content-Security-Policy in force:

1. while it loads, a :class:`Recorder` notes every request, failed response,
   console error, uncaught exception and CSP violation;
2. then axe-core is evaluated into the page with ``page.evaluate``, which the
   page's CSP does not govern, and run against the page as the reader sees it.
   The first pass's findings are taken before axe runs, so axe cannot add to them.

Links are gathered from every page and followed once each afterwards.
"""

from __future__ import annotations

import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Imported lazily, so that collecting these tests needs no Playwright.
    from playwright.sync_api import (
        APIRequestContext,
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Response,
    )

LOCAL_HOST = "127.0.0.1"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Runs in every document before its own scripts, outside the page's CSP.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one page, said so a reader of the test log can find it."""

    kind: str  # axe, request, response, console, csp, link, anchor
    page: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.page}: {self.detail}"


def report(problems: list[Problem]) -> str:
    """One problem a line, for an assertion message."""
    return f"{len(problems)} problem(s):\n" + "\n".join(f"  {p}" for p in problems)


# -- Pass 1: what happens while a page loads -----------------------------------------


@dataclass
class Recorder:
    """Records what every page of a browser context does; ``start`` opens a new page's record."""

    page: str = ""
    requests: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict[str, Any]] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding(
            "__reportCspViolation", lambda _source, v: self.csp_violations.append(v)
        )
        context.add_init_script(CSP_LISTENER)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))

    def start(self, page: str) -> None:
        self.page = page
        for record in (
            self.requests,
            self.failed_responses,
            self.console_errors,
            self.page_errors,
            self.csp_violations,
        ):
            record.clear()

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_responses.append((response.status, response.url))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        # The browser's own probe for /favicon.ico, which no page asked for.
        if where.endswith("/favicon.ico") and urllib.parse.urlsplit(where).path == "/favicon.ico":
            return
        self.console_errors.append(message.text)

    def problems(self) -> list[Problem]:
        return [
            *outside_requests(self.page, self.requests),
            *[
                Problem("response", self.page, f"HTTP {status} for {url}")
                for status, url in self.failed_responses
            ],
            *[Problem("console", self.page, text) for text in self.console_errors],
            *[Problem("console", self.page, f"uncaught: {text}") for text in self.page_errors],
            *[csp_problem(self.page, v) for v in self.csp_violations],
        ]


def is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == LOCAL_HOST


def recorded_context(browser: Browser, **options: Any) -> tuple[BrowserContext, Recorder]:
    """A fresh browser context that records what its pages do and cannot reach other hosts."""
    context = browser.new_context(**options)
    recorder = Recorder()
    recorder.attach(context)
    # The 'request' event has recorded the request by the time it is stopped here.
    context.route(lambda url: not is_local(url), lambda route: route.abort("blockedbyclient"))
    return context, recorder


def outside_requests(page: str, urls: list[str]) -> list[Problem]:
    """A problem for each request that would leave this machine."""
    return [
        Problem("request", page, f"request leaves {LOCAL_HOST}: {url}")
        for url in urls
        if not is_local(url)
    ]


def csp_problem(page: str, violation: dict[str, Any]) -> Problem:
    where = f"{violation.get('source') or page}:{violation.get('line')}"
    blocked = violation.get("blocked") or "inline"
    return Problem("csp", page, f"{violation.get('directive')} blocked {blocked} at {where}")


# -- Pass 2: axe-core ----------------------------------------------------------------


def run_axe(page: Page, axe_source: str) -> list[Problem]:
    """A problem for each element that fails a WCAG 2.0/2.1/2.2 A or AA rule."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)  # Not subject to the page's CSP, unlike a <script> tag.
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    problems = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            problems.append(
                Problem(
                    "axe",
                    page.url,
                    f"{violation['id']} ({violation['impact']}) at {target}: {violation['help']}",
                )
            )
    return problems


# -- Links and anchors ---------------------------------------------------------------


def page_links(page: Page) -> list[str]:
    """The absolute URL of every link on the page."""
    links: list[str] = page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href], area[href]'), (a) => a.href)"
    )
    return links


class _Anchors(HTMLParser):
    """The ``id`` of every element and the ``name`` of every ``<a>``: what a fragment can target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.names.add(value)


def anchors_in(html: str) -> set[str]:
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.names


@dataclass
class LinkChecker:
    """Follows each internal link once; anything another host serves is not followed."""

    request: APIRequestContext
    origin: str
    # document URL -> fragment ('' for none) -> pages that link there
    targets: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )

    def add(self, page: str, hrefs: list[str]) -> None:
        for href in hrefs:
            parts = urllib.parse.urlsplit(href)
            if (
                parts.scheme in ("http", "https")
                and f"{parts.scheme}://{parts.netloc}" == self.origin
            ):
                document, fragment = urllib.parse.urldefrag(href)
                self.targets[document][fragment].add(page)

    def problems(self) -> list[Problem]:
        problems = []
        for document in sorted(self.targets):
            problems += self._check(document, self.targets[document])
        return problems

    def _check(self, document: str, fragments: dict[str, set[str]]) -> list[Problem]:
        response = self.request.get(document, max_redirects=5)
        try:
            if response.status >= 400:
                return [
                    Problem("link", page, f"HTTP {response.status} for {document}")
                    for page in sorted(set().union(*fragments.values()))
                ]
            # An empty fragment or '#top' means the top of the page.
            wanted = {f: pages for f, pages in fragments.items() if f and f.lower() != "top"}
            names = anchors_in(response.text()) if wanted else set()
        finally:
            response.dispose()
        return [
            Problem("anchor", page, f"no id or name '{urllib.parse.unquote(f)}' in {document}")
            for f, pages in sorted(wanted.items())
            if urllib.parse.unquote(f) not in names
            for page in sorted(pages)
        ]


# -- A whole site --------------------------------------------------------------------


def site_pages(site: Path) -> list[str]:
    """Every built page of a site, relative to it, without Sphinx's own folders."""
    skip = {"_static", "_sources", "_images", "_downloads"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not skip & set(p.relative_to(site).parts)
    )


@dataclass
class SiteAudit:
    """The problems found on a set of pages, by kind."""

    pages: list[str]
    problems: list[Problem]

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

    def on_page(self, url: str) -> list[Problem]:
        return [p for p in self.problems if p.page == url]


def settle(page: Page) -> None:
    """Give scripts that run after 'load' two frames to do their work (and their errors)."""
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def audit_page(page: Page, recorder: Recorder, url: str, axe_source: str) -> list[Problem]:
    """Load ``url``, take what the recorder saw (pass 1), then run axe on it (pass 2)."""
    recorder.start(url)
    response = page.goto(url, wait_until="load")
    problems = []
    if response is None or response.status >= 400:
        status = "no response" if response is None else f"HTTP {response.status}"
        problems.append(Problem("response", url, f"{status} for the page itself"))
    settle(page)
    problems += recorder.problems()
    problems += run_axe(page, axe_source)
    return problems


def audit_site(page: Page, recorder: Recorder, urls: list[str], axe_source: str) -> SiteAudit:
    """Audit each page, then follow every internal link found on any of them."""
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(urls[0]))
    links = LinkChecker(page.context.request, origin)
    problems = []
    for url in urls:
        problems += audit_page(page, recorder, url, axe_source)
        links.add(url, page_links(page))
    return SiteAudit(urls, problems + links.problems())


# -- Layout ----------------------------------------------------------------------------

# Content past the window's right edge (WCAG 1.4.10 Reflow), outside any element of the
# content that scrolls sideways on purpose (code blocks, wide tables); only the outermost
# element is named. The content is Furo's main article, else <main>, else the body.
CUT_OFF = """() => {
  const edge = document.documentElement.clientWidth + 1;
  const scrolls = (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
  const main = document.querySelector("article[role=main]") || document.querySelector("main")
    || document.body;
  const inScroller = (e) => { for (let p = e.parentElement; p && p !== main; p = p.parentElement)
    { if (scrolls(p)) return true; } return false; };
  const out = (e) => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > edge && !inScroller(e); };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].slice(0, 2).map((c) => "." + c).join("");
  return [...main.querySelectorAll("*")]
    .filter((e) => out(e) && !out(e.parentElement))
    .map((e) => `${name(e)} reaches ${Math.round(e.getBoundingClientRect().right)}px`);
}"""


def cut_off(page: Page) -> list[str]:
    """The outermost elements of the page's content that reach past the window's right edge."""
    found: list[str] = page.evaluate(CUT_OFF)
    return found
