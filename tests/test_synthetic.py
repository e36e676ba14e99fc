"""The benchmarks' synthetic examples: every file verifies, and they cover the guidance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.catalogue import catalogue
from checks.verify import verify_folder
from checks.vocabulary import principles, verdicts
from tools import synthetic
from tools.synthetic import Template, cycled, generate, realistic_posts, templates, variant

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pool() -> list[Template]:
    return templates(REPO / "examples")


def test_generated_examples_all_verify(tmp_path: Path, pool: list[Template]) -> None:
    folder = tmp_path / "examples"
    shutil.copytree(REPO / "examples", folder)
    count = len(pool) + 7  # every template once, and some twice
    written = generate(REPO / "examples", folder, count)
    report = verify_folder(folder)
    assert report.problems == []
    assert len(written) == len({p.stem for p in written}) == count
    assert len(report.judgements) == len(pool) + count


def test_one_of_each_template_spreads_over_the_whole_guidance(pool: list[Template]) -> None:
    covered = synthetic.coverage(pool)
    # Every principle with an examples folder, every verdict and every rule.
    assert covered["principles"] == {p.name for p in (REPO / "examples").iterdir() if p.is_dir()}
    assert covered["principles"] <= set(principles())
    assert covered["verdicts"] == set(verdicts())
    assert covered["rules"] == set(catalogue())


def _template(body: str, source: str = "---\ntitle: x\n---\nPOST\n") -> Template:
    return Template("credible", "t", "good", (), source.replace("POST", body), body)


@pytest.mark.parametrize(
    ("fillers", "body", "added"),
    [
        # A neutral sentence is added.
        (("Thanks for reading.",), "The consultation is open until Friday.", "Thanks for reading."),
        # A sentence that would add a finding is passed over for the next one.
        (
            ("Vote Labour on Thursday!", "Thanks for reading."),
            "The consultation is open until Friday.",
            "Thanks for reading.",
        ),
        # No sentence fits: the post is copied as it is.
        (("Vote Labour on Thursday!",), "The consultation is open until Friday.", ""),
    ],
    ids=["neutral", "skips-a-finding", "none-fits"],
)
def test_a_variant_adds_only_a_sentence_that_changes_no_finding(
    monkeypatch: pytest.MonkeyPatch, fillers: tuple[str, ...], body: str, added: str
) -> None:
    monkeypatch.setattr(synthetic, "FILLERS", fillers)
    template = _template(body)
    text = variant(template, 0)
    assert text.startswith(template.source.rstrip())
    assert text.rstrip().endswith(added or body)
    assert "Vote Labour" not in text


def test_realistic_posts_come_from_examples_and_tests(pool: list[Template]) -> None:
    posts = realistic_posts(REPO)
    assert posts[: len(pool)] == [t.body for t in pool]
    assert len(posts) > 2 * len(pool)
    assert all(isinstance(post, str) and post.strip() for post in posts)


@pytest.mark.parametrize(
    ("posts", "count", "expected"),
    [(["a", "b"], 5, ["a", "b", "a", "b", "a"]), (["a", "b", "c"], 2, ["a", "b"]), (["a"], 0, [])],
)
def test_cycled_repeats_posts_in_order(posts: list[str], count: int, expected: list[str]) -> None:
    assert cycled(posts, count) == expected
