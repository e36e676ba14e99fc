"""The example corpus: every example agrees with the checks, and there are enough of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checks.catalogue import PRINCIPLES, catalogue
from checks.examples import Example, parse_example
from checks.verify import example_paths, judge, verify_folder

EXAMPLES = Path(__file__).parent.parent / "examples"
PATHS, TEMPLATES, MISPLACED = example_paths(EXAMPLES)


def _parse(path: Path) -> Example:
    example, problems = parse_example(path, str(path.relative_to(EXAMPLES.parent)))
    assert not problems, "\n".join(f"{p}\n  fix: {p.fix}" for p in problems)
    assert example is not None
    return example


# One test per file, so CI names the example that broke.
@pytest.mark.parametrize("path", PATHS, ids=[str(p.relative_to(EXAMPLES)) for p in PATHS])
def test_example_agrees_with_the_checks(path: Path) -> None:
    judgement = judge(_parse(path))
    assert not judgement.problems, "\n".join(str(p) for p in judgement.problems)


def test_nothing_misplaced_and_no_duplicate_slugs() -> None:
    assert MISPLACED == []
    assert verify_folder(EXAMPLES).ok


@pytest.fixture(scope="module")
def corpus() -> list[Example]:
    return [_parse(path) for path in PATHS]


def test_at_least_four_bad_examples_per_rule(corpus: list[Example]) -> None:
    counts = Counter(rule for e in corpus if e.verdict == "bad" for rule in e.breaks)
    assert {rule: counts[rule] for rule in catalogue() if counts[rule] < 4} == {}


def test_at_least_two_good_near_misses_per_rule(corpus: list[Example]) -> None:
    # A near miss is a good example that declares the rule it resembles; that it
    # produces no finding is checked by test_example_agrees_with_the_checks.
    counts = Counter(rule for e in corpus if e.verdict == "good" for rule in e.near_miss)
    assert {rule: counts[rule] for rule in catalogue() if counts[rule] < 2} == {}


def test_at_least_three_good_examples_per_principle(corpus: list[Example]) -> None:
    counts = Counter(e.principle for e in corpus if e.verdict == "good")
    assert {p: counts[p] for p in PRINCIPLES if counts[p] < 3} == {}


def test_corpus_uses_only_fictional_contact_data(corpus: list[Example]) -> None:
    # Phone numbers in examples come from Ofcom's drama ranges; checked through the
    # same library the rule uses, so a real-looking number cannot slip in.
    import phonenumbers

    from checks.catalogue import catalogue

    drama = catalogue()["personal-details"].settings.drama_prefixes
    for example in corpus:
        for match in phonenumbers.PhoneNumberMatcher(example.body, "GB"):
            national = phonenumbers.national_significant_number(match.number)
            is_organisation_line = national.startswith(("3", "8"))
            assert national.startswith(drama) or is_organisation_line, (
                example.path,
                match.raw_string,
            )
