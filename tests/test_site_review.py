"""Owners and review dates: an overdue page warns its owner and tells its readers."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build, warning_lines


@pytest.fixture(scope="module")
def review(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build(rootdir / "test-review", tmp_path_factory.mktemp("review"))


def warnings(app: SphinxTestApp) -> str:
    return "\n".join(warning_lines(app))


def test_overdue_page_warns_naming_page_and_owner(review: SphinxTestApp) -> None:
    found = [w for w in warnings(review).splitlines() if "[checks.review-due]" in w]
    assert len(found) == 1
    assert found[0].startswith(f"{review.srcdir / 'overdue.md'}:4: WARNING: ")
    assert "page 'overdue' was due for review on 2026-05-31 (owner: Policy team)" in found[0]


def test_overdue_page_shows_a_notice(review: SphinxTestApp) -> None:
    soup = BeautifulSoup(
        (review.outdir / "overdue.html").read_text(encoding="utf-8"), "html.parser"
    )
    notice = soup.find(class_="checks-review-due")
    assert notice is not None
    assert "Review due" in notice.get_text()
    assert "due for review on 31 May 2026" in notice.get_text()
    assert "Policy team" in notice.get_text()
    index = (review.outdir / "index.html").read_text(encoding="utf-8")
    assert "checks-review-due" not in index


def test_incomplete_metadata_warns(review: SphinxTestApp) -> None:
    found = [w for w in warnings(review).splitlines() if "[checks.review-metadata]" in w]
    assert len(found) == 1
    assert "page 'incomplete'" in found[0]
    assert "missing last_reviewed" in found[0] and "review_by is not a YYYY-MM-DD date" in found[0]


def test_about_lists_each_page_with_owner_and_dates(review: SphinxTestApp) -> None:
    soup = BeautifulSoup((review.outdir / "about.html").read_text(encoding="utf-8"), "html.parser")
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.checks-reviews tbody tr")
    ]
    assert [
        "An overdue page",
        "Policy team",
        "15 January 2024",
        "31 May 2026",
        "Review due",
    ] in rows
    assert len(rows) == 4


def test_review_warnings_do_not_fail_the_build_without_w(review: SphinxTestApp) -> None:
    assert review.statuscode == 0


def test_a_later_today_brings_the_notice_without_an_edit(rootdir: Path, tmp_path: Path) -> None:
    builddir = tmp_path / "out"
    first = build(rootdir / "test-review", builddir, checks_today="2026-01-01")
    assert "checks-review-due" not in (first.outdir / "overdue.html").read_text(encoding="utf-8")
    assert "[checks.review-due]" not in first.warning.getvalue()

    read: list[str] = []
    later = build(rootdir / "test-review", builddir, read=read, checks_today="2026-06-01")
    assert read == ["overdue"]
    assert "checks-review-due" in (later.outdir / "overdue.html").read_text(encoding="utf-8")
    assert "[checks.review-due]" in later.warning.getvalue()
