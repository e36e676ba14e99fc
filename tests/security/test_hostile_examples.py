"""Hostile example files: nothing an editor writes in an example reaches a page as code.

The root ``tests/roots/test-hostile-examples`` holds one example per attack of
issue 8 (raw HTML, script, style, meta refresh, file inclusion, an example that
shows itself, MyST roles and fences) and a few valid ones. Guards the ``why``
allow-list (``checks.markup`` read by ``checks.examples``), its use by the card
(``checks.sphinxext.why``), the empty-after-normalising post, and ids that no two
slugs can share.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build, copy_root, warning_lines

from checks.cli import main

ROOT = "test-hostile-examples"
SECRET = "SECRET-MARKER-9b2e"

# (example, line of the warning, message): every problem of the root.
EXPECTED = [
    ("bare-script", 8, "'why': raw HTML is not allowed"),
    ("colon-fence", 8, "'why': MyST directives are not allowed"),
    ("colon-fence", 9, "'why': raw HTML is not allowed"),
    ("colon-fence", 10, "'why': MyST directives are not allowed"),
    ("eval-rst", 8, "'why': the MyST directive {eval-rst} is not allowed"),
    ("iframe", 8, "'why': raw HTML is not allowed"),
    ("img-onerror", 8, "'why': raw HTML is not allowed"),
    ("include", 8, "'why': the MyST directive {include} is not allowed"),
    ("invisible", 9, "has no post after the front matter"),
    ("literalinclude", 8, "'why': the MyST directive {literalinclude} is not allowed"),
    ("meta-refresh", 8, "'why': raw HTML is not allowed"),
    ("own-slug", 8, "'why': the MyST directive {example} is not allowed"),
    ("raw-block", 8, "'why': the MyST directive {raw} is not allowed"),
    ("raw-file", 8, "'why': the MyST directive {eval-rst} is not allowed"),
    ("role", 8, "'why': MyST roles such as {raw} are not allowed"),
    ("style", 8, "'why': raw HTML is not allowed"),
]


@pytest.fixture(scope="module")
def srcdir(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the root, with a secret file beside it for the inclusion attacks to find."""
    base = tmp_path_factory.mktemp("hostile-examples")
    (base / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    return copy_root(rootdir, ROOT.removeprefix("test-"), base)


@pytest.fixture(scope="module")
def built(srcdir: Path) -> SphinxTestApp:
    # Drafting mode, so the build goes on to write pages: the strictest test of what they hold.
    return build(srcdir, srcdir.parent / "out", checks_fail_on_mismatch=False)


@pytest.mark.parametrize(("slug", "line", "message"), EXPECTED)
def test_each_attack_is_a_located_warning(
    built: SphinxTestApp, slug: str, line: int, message: str
) -> None:
    prefix = f"examples/credible/{slug}.md:{line}: WARNING: {message} (fix: "
    assert any(w.startswith(prefix) for w in warning_lines(built)), "\n".join(warning_lines(built))


def test_every_problem_and_nothing_else_is_reported(built: SphinxTestApp) -> None:
    located = [w for w in warning_lines(built) if "WARNING" in w]
    assert len(located) == len(EXPECTED), "\n".join(located)
    assert "Traceback" not in built.warning.getvalue()


def test_no_built_file_holds_any_payload(built: SphinxTestApp) -> None:
    for path in built.outdir.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        assert "PAYLOAD" not in text, path
        assert SECRET not in text, path
        assert "evil.example" not in text, path


def test_the_page_shows_only_the_valid_examples(built: SphinxTestApp) -> None:
    soup = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    articles = soup.find_all("article")
    shown = sorted(a["id"] for a in articles if "checks-card-problem" not in a["class"])
    assert shown == ["example-safe-markup", "example-x", "example-x-title"]
    # Each invalid file keeps its place as a notice of its problems, with none of its post
    # or explanation (checks.sphinxext.problem_card).
    notices = [a for a in articles if "checks-card-problem" in a["class"]]
    assert notices
    for notice in notices:
        assert notice.select(".checks-post, .checks-why, .checks-findings-list") == []
        assert notice.select_one(".checks-card-title").get_text().startswith("examples/")


def test_allowed_markup_is_rendered(built: SphinxTestApp) -> None:
    soup = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    why = soup.find("article", id="example-safe-markup").find(class_="checks-why")
    assert why.find("em").get_text() == "department"
    assert [s.get_text() for s in why.find_all("strong")] == ["Why this is a good example", "date"]
    assert why.find("a")["href"] == "https://www.gov.uk/"
    assert why.find("code").get_text() == "<script>"
    assert [li.get_text(strip=True) for li in why.find_all("li")] == [
        "It is accurate.",
        "It is polite.",
    ]


def test_ids_are_unique_and_every_label_points_at_one(built: SphinxTestApp) -> None:
    soup = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html.parser")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for labelled in soup.find_all(attrs={"aria-labelledby": True}):
        assert len(soup.find_all(id=labelled["aria-labelledby"])) == 1


def test_verify_reports_the_same_problems_with_exit_status_2(srcdir: Path) -> None:
    out = io.StringIO()
    status = main(["--verify", str(srcdir / "examples")], stdout=out)
    reported = re.findall(r"examples/credible/([\w-]+)\.md:(\d+): (.*?)  \[", out.getvalue())
    assert sorted((slug, int(line), message) for slug, line, message in reported) == sorted(
        EXPECTED
    )
    assert status == 2


def test_only_valid_examples_get_a_page_of_their_own(built: SphinxTestApp, srcdir: Path) -> None:
    pages = sorted(p.stem for p in (built.outdir / "example").rglob("*.html"))
    assert pages == ["safe-markup", "x", "x-title"]
    # Their sources name only the slug: nothing an editor wrote is in them.
    for source in (srcdir / "example").rglob("*.md"):
        text = source.read_text("utf-8")
        assert text.endswith(f"```{{example-page}} {source.stem}\n```\n"), text
        assert "\ntitle:" not in text and "why" not in text
    for page in (built.outdir / "example").rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), page
