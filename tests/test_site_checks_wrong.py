"""``checks_wrong`` on the site: the build passes, cards tell readers, editors get a list."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build, copy_root, warning_lines

from checks.catalogue import catalogue


@pytest.fixture(scope="module")
def site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build(rootdir / "test-checks-wrong", tmp_path_factory.mktemp("checks-wrong"))


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


# The examples of this root, by slug, with their principle.
PRINCIPLE = {"doughnuts": "civil-servant", "quiet-campaign": "civil-service-code"}


def card(app: SphinxTestApp, slug: str) -> Tag:
    # The gallery lists examples; each one's whole card is on its own page.
    found = page(app, f"example/{PRINCIPLE[slug]}/{slug}").find(id=f"example-{slug}")
    assert isinstance(found, Tag), slug
    return found


def words(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text().split())


def test_the_records_keep_the_build_passing(site: SphinxTestApp) -> None:
    assert site.statuscode == 0
    assert not [w for w in warning_lines(site) if "WARNING" in w or "ERROR" in w]


# (slug, what the card tells readers, in plain words)
CARDS = [
    (
        "doughnuts",
        f"Our automatic checks get this one wrong {catalogue()['commitment'].title}: they flag "
        "the post for this, but it does not break this rule. Buying the team doughnuts is a "
        "personal promise, not one made for Government.",
    ),
    (
        "quiet-campaign",
        f"Our automatic checks get this one wrong {catalogue()['political'].title}: the post "
        "breaks this rule, but they do not find it. The post hints at a side in the election "
        "without naming a party or candidate.",
    ),
]


@pytest.mark.parametrize(("slug", "told"), CARDS)
def test_cards_tell_readers_in_plain_words(site: SphinxTestApp, slug: str, told: str) -> None:
    notice = card(site, slug).find(class_="checks-wrong")
    assert words(notice) == told
    assert "checks_wrong" not in words(card(site, slug))


def test_a_false_alarm_is_still_marked_and_explained(site: SphinxTestApp) -> None:
    findings = words(card(site, "doughnuts").find(class_="checks-findings-list"))
    assert "Our automatic checks get this one wrong: see below." in findings
    assert "accepted on purpose" not in findings


def test_the_editors_list_is_the_rules_to_do_list(site: SphinxTestApp) -> None:
    items = page(site, "editors").select(".checks-wrong-list > li")
    assert [words(item) for item in items] == [
        "commitment (False alarm: the checks find the rule, but the post does not break it) "
        "in Promising the team doughnuts: Buying the team doughnuts is a personal promise, "
        "not one made for Government.",
        "political (Miss: the post breaks the rule, but the checks do not find it) in Hinting "
        "at how to vote: The post hints at a side in the election without naming a party or "
        "candidate.",
    ]
    links = [a["href"] for item in items for a in item.find_all("a")]
    assert links == [
        "example/civil-servant/doughnuts.html",
        "example/civil-service-code/quiet-campaign.html",
    ]


def test_a_stale_record_fails_the_build_at_its_line(rootdir: Path, tmp_path: Path) -> None:
    srcdir = copy_root(rootdir, "checks-wrong", tmp_path)
    doughnuts = srcdir / "examples" / "civil-servant" / "doughnuts.md"
    text = doughnuts.read_text(encoding="utf-8")
    doughnuts.write_text(text.replace("I promise to buy", "I will buy"), encoding="utf-8")
    app = build(srcdir, tmp_path / "build")
    assert app.statuscode == 1
    [stale] = [w for w in warning_lines(app) if "[checks.stale-checks-wrong]" in w]
    assert stale.startswith("examples/civil-servant/doughnuts.md:8: WARNING: ")
