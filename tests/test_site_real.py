"""The real site: it builds cleanly with -W -n, loads nothing from outside, and shows everything."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from checks.catalogue import PRINCIPLES, catalogue
from checks.problems import ProblemKind
from checks.sphinxext.messages import SiteWarning
from checks.verify import example_paths

REPO = Path(__file__).resolve().parent.parent
GUIDANCE = REPO / "checks" / "data" / "guidance-2008.md"
# The only sites the real pages may link to (plain links; nothing is loaded from them):
# GOV.UK for the current Code and the National Archives for the licence (no theme credit).
LINKED_HOSTS = {"www.gov.uk", "www.nationalarchives.gov.uk"}


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("real-site")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-n",
        "--keep-going",
        "-E",
        "-q",
        "-d",
        str(out / ".doctrees"),
        "-c",
        ".",
        "docs",
        str(out / "html"),
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    return result, out / "html"


@pytest.fixture(scope="module")
def site(built: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    return built[1]


def text_of(site: Path, name: str) -> str:
    soup = BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find(attrs={"role": "main"}) or soup
    return " ".join(main.get_text(" ").split())


def test_real_site_builds_with_no_warnings(
    built: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, _ = built
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# -- nothing is loaded from outside ---------------------------------------------------------


def is_external(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


class Resources(HTMLParser):
    """Collects every URL a page would load, and the links it offers."""

    LOADING = frozenset({"src", "srcset", "poster", "data", "background", "action", "formaction"})

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name in self.LOADING:
                self.loaded += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "href" and tag in {"link", "base", "script", "image", "use"}:
                self.loaded.append(value)
            elif name == "href" and tag == "a":
                self.links.append(value)
            elif name == "style":
                self.loaded += css_urls(value)
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.loaded += css_urls(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    return urls + re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\");\s]+)", css)


def js_urls(js: str) -> list[str]:
    """URLs a script would fetch: imports, fetches, element sources and CSS it writes."""
    patterns = (
        r"""\b(?:import|fetch|importScripts)\s*\(?\s*["'`]([^"'`]+)""",
        r"""\.(?:src|href)\s*=\s*["'`]([^"'`]+)""",
        r"""\bsrc\s*=\s*\\?["']([^"'\\]+)""",
    )
    found = [url for pattern in patterns for url in re.findall(pattern, js)] + css_urls(js)
    return list(dict.fromkeys(found))


def files(site: Path, *suffixes: str) -> Iterator[Path]:
    return (path for path in sorted(site.rglob("*")) if path.suffix in suffixes)


def test_no_page_loads_anything_from_outside(site: Path) -> None:
    for path in files(site, ".html"):
        parser = Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        external = [url for url in parser.loaded if is_external(url)]
        assert not external, f"{path.relative_to(site)} loads {external}"


def test_no_style_or_script_loads_anything_from_outside(site: Path) -> None:
    for path in files(site, ".css", ".js"):
        text = path.read_text(encoding="utf-8")
        found = css_urls(text) if path.suffix == ".css" else js_urls(text)
        external = [url for url in found if is_external(url)]
        assert not external, f"{path.relative_to(site)} loads {external}"


def test_resource_check_catches_what_it_should() -> None:
    parser = Resources()
    parser.feed(
        '<script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/a.css">'
        '<img srcset="a.png 1x, https://img.example/b.png 2x"><style>@import "https://x.example/y.css";</style>'
        '<a href="https://www.gov.uk/">a link, not a resource</a>'
    )
    assert [u for u in parser.loaded if is_external(u)] == [
        "https://cdn.example/x.js",
        "//fonts.example/a.css",
        "https://img.example/b.png",
        "https://x.example/y.css",
    ]
    assert parser.links == ["https://www.gov.uk/"]
    assert js_urls('fetch("https://a.example/"); el.src = "https://b.example/s.js"') == [
        "https://a.example/",
        "https://b.example/s.js",
    ]


def test_external_links_are_few_and_known(site: Path) -> None:
    hosts = set()
    for path in files(site, ".html"):
        parser = Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        hosts |= {urlparse(url).hostname for url in parser.links if is_external(url)}
    assert hosts <= LINKED_HOSTS


def test_no_mathjax_analytics_or_canonical_address(site: Path) -> None:
    for path in files(site, ".html"):
        html = path.read_text(encoding="utf-8").lower()
        for word in (
            "mathjax",
            "googletagmanager",
            "analytics",
            'rel="canonical"',
            'property="og:',
            # Left out on purpose: it evaluates a string, which a strict CSP blocks.
            "translations.js",
        ):
            assert word not in html, f"{path.relative_to(site)} mentions {word}"


def test_pages_are_in_british_english(site: Path) -> None:
    assert '<html class="no-js" lang="en-GB"' in (site / "index.html").read_text(encoding="utf-8")


# -- what the site shows --------------------------------------------------------------------


def test_every_example_is_on_its_principle_page_and_in_the_gallery(site: Path) -> None:
    gallery = (site / "gallery.html").read_text(encoding="utf-8")
    paths = example_paths(REPO / "examples")[0]
    assert len(paths) >= 1
    code = "civil-service-code"
    for path in paths:
        anchor = f'id="example-{path.stem}"'
        principle = path.parent.name
        # The Code page shows a bad and a good example of each clause and links to
        # the rest in the gallery, so that it ends (tests/browser: page heights).
        if principle != code:
            assert anchor in (site / f"{principle}.html").read_text(encoding="utf-8"), path
        assert anchor in gallery, path
        assert anchor in (site / "example" / principle / f"{path.stem}.html").read_text("utf-8")
    shown = (site / f"{code}.html").read_text(encoding="utf-8")
    assert (
        2 * 4
        <= shown.count('<article aria-labelledby="example-')
        < len([p for p in paths if p.parent.name == code])
    )
    assert 'href="gallery.html?rule=personal-details"' in shown


def guidance_sections() -> dict[str, str]:
    """Each principle's text and the Code section, read straight from the source file."""
    source = re.sub(r"<!--.*?-->", "", GUIDANCE.read_text(encoding="utf-8"), flags=re.DOTALL)
    found = {}
    for block in re.split(r"^### ", source, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        body = re.split(r"^#", body, flags=re.MULTILINE)[0]
        title = re.sub(r"^\d+\.\s*", "", heading.strip())
        key = next(k for k, name in PRINCIPLES.items() if title.startswith(name))
        found[key] = " ".join(re.sub(r"<(https?://[^>]+)>", r"\1", body).split())
    return found


def test_guidance_text_appears_word_for_word(site: Path) -> None:
    sections = guidance_sections()
    assert set(sections) == set(PRINCIPLES)
    for principle, text in sections.items():
        assert text in text_of(site, principle), principle
    assert "Civil Service Code can be viewed at http://www.civilservice.gov.uk/" in text_of(
        site, "civil-service-code"
    )


def test_the_artwork_description_is_not_published(site: Path) -> None:
    for path in files(site, ".html"):
        assert "blue wavy graphic" not in path.read_text(encoding="utf-8")


def test_site_says_which_principles_the_checks_cannot_judge(site: Path) -> None:
    home = text_of(site, "index")
    judged = {rule.principle for rule in catalogue().values()}
    assert {"responsive", "integrated"}.isdisjoint(judged)
    assert "It cannot check Be responsive and Be integrated" in home
    for principle in ("responsive", "integrated"):
        assert "A computer cannot check this principle" in text_of(site, principle)


def test_every_rule_has_a_reference_page(site: Path) -> None:
    for rule in catalogue().values():
        page = text_of(site, f"rules/{rule.id}")
        assert rule.title in page and rule.clause in page


def test_editors_page_lists_every_warning_subtype(site: Path) -> None:
    page = text_of(site, "editors")
    for kind in (*ProblemKind, *SiteWarning):
        assert f"checks.{kind.value}" in page


def test_about_page_names_version_date_and_commit(site: Path) -> None:
    page = text_of(site, "about")
    assert "Open Government Licence v3.0" in page
    assert "June 2008" in page
    assert re.search(r"Built from commit : (?:[0-9a-f]{7,}|unknown)", page)
    assert "Version : 1.0.0" in page


# -- A site staff use: words for readers, a checklist, a publication's frame ------------

EDITORS_PAGES = {"editors.html"}
"""Pages for the people who look after the site, where rule ids belong."""


def reader_pages(site: Path) -> list[Path]:
    return [
        path
        for path in sorted(site.rglob("*.html"))
        if path.relative_to(site).as_posix() not in EDITORS_PAGES
        and path.relative_to(site).parts[0] not in {"_static", "_sources"}
    ]


def test_before_you_post_checklist_is_on_the_home_page(site: Path) -> None:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    checklist = soup.find(class_="checks-checklist")
    assert checklist is not None
    questions = checklist.find_all("li")
    assert 5 <= len(questions) <= 7
    principle_pages = {f"{p}.html" for p in PRINCIPLES}
    for question in questions:
        text = question.get_text(" ", strip=True)
        assert "?" in text, text
        links = [a["href"] for a in question.find_all("a")]
        assert len(links) == 1 and links[0] in principle_pages, (text, links)
    # Every principle is asked about, and the checklist comes before anything else.
    linked = {a["href"] for a in checklist.find_all("a")}
    assert linked == principle_pages
    main = soup.find(attrs={"role": "main"})
    assert main is not None
    headings = [h.get_text(strip=True).rstrip("¶") for h in main.find_all("h2")]
    assert headings[0] == "Before you post"
    after = checklist.find_next("a", href="check-a-draft.html")
    assert after is not None and after.find_previous(class_="checks-checklist") is checklist


def test_every_page_has_a_publications_footer(site: Path) -> None:
    for path in [*reader_pages(site), site / "editors.html"]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        footer = soup.find("footer")
        assert footer is not None, path
        text = " ".join(footer.get_text(" ", strip=True).split())
        assert "© Crown copyright" in text, path
        assert "Published by Cabinet Office." in text, path
        assert re.search(r"Last updated \d{1,2} [A-Z][a-z]+ \d{4}\.", text), (path, text)
        licence = footer.find("a", string="Open Government Licence v3.0")
        assert licence is not None, path
        expected = (
            "#licence"
            if path.name == "about.html" and path.parent == site
            else "about.html#licence"
        )
        assert licence["href"].endswith(expected), licence["href"]
        assert "Furo" not in text and "Made with" not in text and "Sphinx" not in text
        assert footer.find("img") is None


def test_example_pages_take_their_principles_review_date(site: Path) -> None:
    soup = BeautifulSoup(
        (site / "example" / "credible" / "ons-figure-with-source.html").read_text("utf-8"),
        "html.parser",
    )
    footer = soup.find("footer")
    assert footer is not None and "Last updated 24 November 2026." in footer.get_text(" ")


def visible_text(path: Path) -> str:
    """A page's words as a reader sees them: no attributes, scripts or hidden search data."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.find_all(["script", "style", "head"]):
        hidden.decompose()
    return soup.get_text(" ")


def test_no_reader_page_shows_a_rule_id(site: Path) -> None:
    # Ids with a hyphen cannot be ordinary words; single-word ids ("copyright",
    # "political") are words readers use, so for those only code-font ids are refused.
    hyphenated = [rule for rule in catalogue() if "-" in rule]
    assert hyphenated
    found = []
    for path in reader_pages(site):
        text = visible_text(path)
        found += [f"{path.relative_to(site)}: {rule}" for rule in hyphenated if rule in text]
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found += [
            f"{path.relative_to(site)}: <code>{code.get_text()}</code>"
            for code in soup.find_all("code")
            if code.get_text().strip() in catalogue()
        ]
    assert found == []
    # The editors' page keeps them, for examples' front matter and the command line.
    assert all(rule in visible_text(site / "editors.html") for rule in catalogue())


@pytest.mark.parametrize(
    ("page", "banned"),
    [
        ("index", "What the checks can and cannot judge"),
        ("rules/personal-details", "Rule id"),
        ("rules/personal-details", "Examples that exercise it"),
        ("rules/personal-details", "Near misses"),
        ("credible", "The checks found nothing to flag"),
    ],
)
def test_reader_pages_use_words_for_readers(site: Path, page: str, banned: str) -> None:
    assert banned not in text_of(site, page)


def test_email_is_spelt_one_way(site: Path) -> None:
    assert [p for p in reader_pages(site) if "e-mail" in visible_text(p)] == []
