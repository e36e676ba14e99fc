"""The audit on small static sites: it passes a good one and catches each broken property.

``fixtures/good/`` passes every check. Each page of ``fixtures/bad/`` breaks one
property, and the tests check that the audit reports that problem and no other,
so a check that stops working, or starts crying wolf, fails here.

The sites are served by nginx the way the guidance is, each under its own sub-path:

* ``/good/``: the good site with the policy ``csp_for`` builds from the fixture's
  allow-list (``fixtures/csp-allowlist.yaml``), so the browser shows it agrees with
  our hashes, including that of a script written with CRLF line endings;
* ``/bad/``: the broken pages with that same policy, which is also the one
  ``csp_for`` gives them: the pages never change it, so an inline script that is not
  on the list is refused;
* ``/no-csp/``: the broken pages with no policy at all, to test the request check alone;
* ``/good-without-attribute-hashes/``: the good site without ``'unsafe-hashes'``.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
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
from nginx import Mount, NginxServer

from checks.inline_code import Allowed, allowed_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

NewPage = Callable[..., tuple["Page", Recorder]]

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="module")
def allowed() -> tuple[Allowed, ...]:
    return allowed_for("fixture", FIXTURES / "csp-allowlist.yaml")


@pytest.fixture(scope="module")
def mounts(csp_tool: ModuleType, allowed: tuple[Allowed, ...]) -> dict[str, Mount]:
    good_policy = csp_tool.csp_for(GOOD, allowed)
    without_attributes = good_policy.replace("'unsafe-hashes'", "").replace(
        csp_tool.source_hash("color: #0b0c0c;"), ""
    )
    return {
        "good": Mount("/good/", GOOD, good_policy),
        "bad": Mount("/bad/", BAD, good_policy),
        "no-csp": Mount("/no-csp/", BAD, ""),
        "no-attr": Mount(
            "/good-without-attribute-hashes/", GOOD, " ".join(without_attributes.split())
        ),
    }


@pytest.fixture(scope="module")
def server(serve: Callable[[list[Mount]], NginxServer], mounts: dict[str, Mount]) -> NginxServer:
    return serve(list(mounts.values()))


@pytest.fixture(scope="module")
def audit(
    browser: Browser, server: NginxServer, mounts: dict[str, Mount], axe_source: str
) -> Iterator[Callable[[str], SiteAudit]]:
    """``audit(name)``: every page of that mount, audited once per module."""
    context, recorder = recorded_context(browser)
    page = context.new_page()
    done: dict[str, SiteAudit] = {}

    def run(name: str) -> SiteAudit:
        if name not in done:
            mount = mounts[name]
            urls = [server.url(mount, path) for path in site_pages(mount.root)]
            done[name] = audit_site(page, recorder, urls, axe_source)
        return done[name]

    yield run
    context.close()


def problems_on(audit: SiteAudit, page: str, kind: str | None = None) -> list[str]:
    return [
        p.detail
        for p in audit.problems
        if p.page.endswith(f"/{page}") and (kind is None or p.kind == kind)
    ]


def test_the_good_site_passes_every_check(audit: Callable[[str], SiteAudit]) -> None:
    result = audit("good")
    assert [Path(u).name for u in result.pages] == ["index.html", "page.html"]
    assert result.problems == [], report(result.problems)


# Which checks each broken page must fail, served with the good site's policy.
BROKEN = {
    "index.html": set(),
    "missing-alt.html": {"axe"},
    "external-script.html": {"request", "csp", "console"},
    "broken-link.html": {"link"},
    "broken-anchor.html": {"anchor"},
    "unhashed-script.html": {"csp", "console"},  # Chromium also logs the refusal
    "console-error.html": {"console"},
    "too-wide.html": set(),  # a layout problem: see test_content_cut_off_on_a_phone_is_found
}


@pytest.mark.parametrize(("page", "kinds"), sorted(BROKEN.items()))
def test_each_broken_page_fails_only_its_own_checks(
    audit: Callable[[str], SiteAudit], page: str, kinds: set[str]
) -> None:
    result = audit("bad")
    found = {p.kind for p in result.problems if p.page.endswith(f"/{page}")}
    assert found == kinds, report([p for p in result.problems if p.page.endswith(f"/{page}")])


def test_axe_reports_an_image_without_alt_text(audit: Callable[[str], SiteAudit]) -> None:
    [problem] = problems_on(audit("bad"), "missing-alt.html", "axe")
    assert problem.startswith("image-alt (critical) at img:")


def test_a_script_from_another_host_is_requested_and_caught(
    audit: Callable[[str], SiteAudit],
) -> None:
    # Without a policy, the request check alone catches it (the request is then stopped).
    requests = problems_on(audit("no-csp"), "external-script.html", "request")
    assert requests == ["request leaves 127.0.0.1: https://cdn.example.com/x.js"]
    # With the policy, the browser refuses it too.
    [csp] = problems_on(audit("bad"), "external-script.html", "csp")
    assert "script-src-elem blocked https://cdn.example.com/x.js" in csp


def test_broken_links_are_reported_with_their_status(audit: Callable[[str], SiteAudit]) -> None:
    links = problems_on(audit("bad"), "broken-link.html", "link")
    assert len(links) == 2
    assert all(link.startswith("HTTP 404 for http://127.0.0.1:") for link in links)
    assert links[0].endswith("/bad/missing.html")
    # Outside every mount, where nginx serves nothing: a link that escapes the sub-path.
    assert links[1].endswith("/outside-the-sub-path.html") and "/bad/" not in links[1]


def test_broken_anchors_are_reported(audit: Callable[[str], SiteAudit]) -> None:
    anchors = problems_on(audit("bad"), "broken-anchor.html", "anchor")
    assert [a.split(" in ")[0] for a in anchors] == [
        "no id or name 'missing-here'",
        "no id or name 'nowhere'",
    ]
    assert anchors[0].endswith("/bad/broken-anchor.html")
    assert anchors[1].endswith("/bad/index.html")


def test_an_inline_script_without_its_hash_is_a_csp_violation(
    audit: Callable[[str], SiteAudit],
    mounts: dict[str, Mount],
    csp_tool: ModuleType,
    allowed: tuple[Allowed, ...],
) -> None:
    [csp] = problems_on(audit("bad"), "unhashed-script.html", "csp")
    assert csp.startswith("script-src-elem blocked inline at ")
    # The policy computed for the broken pages is the one they were served with:
    # adding the script to a page did not add its hash.
    assert csp_tool.csp_for(BAD, allowed) == mounts["bad"].csp


def test_the_browser_hashes_crlf_as_we_do(
    new_page: NewPage, server: NginxServer, mounts: dict[str, Mount]
) -> None:
    # page.html's script is written with CRLF; the policy has the hash of its text with LF.
    page, _ = new_page()
    page.goto(server.url(mounts["good"], "page.html"))
    assert page.evaluate("document.documentElement.dataset.lineEndings") == "crlf"
    page.goto(server.url(mounts["good"], "index.html"))
    assert page.evaluate("document.body.dataset.theme") == "light"


def test_a_console_error_is_reported(audit: Callable[[str], SiteAudit]) -> None:
    assert problems_on(audit("bad"), "console-error.html", "console") == [
        "fixture: something went wrong"
    ]


def test_a_style_attribute_needs_its_hash(audit: Callable[[str], SiteAudit]) -> None:
    [csp] = problems_on(audit("no-attr"), "index.html", "csp")
    assert csp.startswith("style-src-attr blocked inline at ")


def test_content_cut_off_on_a_phone_is_found(
    new_page: NewPage, server: NginxServer, mounts: dict[str, Mount]
) -> None:
    page, _ = new_page(viewport={"width": 375, "height": 800})
    page.goto(server.url(mounts["bad"], "too-wide.html"))
    # The fieldset is named; the code block, which scrolls on purpose, is not.
    [problem] = cut_off(page)
    assert re.fullmatch(r"fieldset reaches \d+px", problem)
    page.goto(server.url(mounts["good"], "index.html"))
    assert cut_off(page) == []


def test_nginx_serves_each_sub_path_with_its_policy_and_nothing_else(
    server: NginxServer, mounts: dict[str, Mount]
) -> None:
    with urllib.request.urlopen(server.url(mounts["good"])) as response:  # the folder's index
        assert response.headers["Content-Security-Policy"] == mounts["good"].csp
        assert b"A good fixture site" in response.read()
    with urllib.request.urlopen(server.url(mounts["no-csp"], "index.html")) as response:
        assert response.headers["Content-Security-Policy"] is None
    # The sub-path without its slash is redirected to it.
    with urllib.request.urlopen(server.origin + "/good") as response:
        assert response.url == server.url(mounts["good"])
    for path in ("/", "/index.html", "/goodness/"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(server.origin + path)
        error.value.close()
        assert error.value.code == 404  # nothing outside the mounts


def test_nginx_stops_with_the_server(tmp_path: Path) -> None:
    server = NginxServer([Mount("/x/", GOOD, "")], tmp_path)
    with server:
        process = server.process
        assert process is not None and process.poll() is None
    assert process.poll() is not None
    assert not (tmp_path / "nginx.pid").exists()
