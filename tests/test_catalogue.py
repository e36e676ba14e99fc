"""The catalogue: stable ids, clauses quoted word for word, data and code in step."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from checks import patterns
from checks.catalogue import PRINCIPLES, catalogue
from checks.patterns import RuleDataError
from checks.phrases import phrase_groups

# Ids are a contract with editors and other tools: they never change meaning.
RULE_IDS = [
    "personal-details",
    "personal-data",
    "protected-marking",
    "unauthorised-disclosure",
    "commitment",
    "undisclosed-role",
    "discourtesy",
    "defamation",
    "copyright",
    "political",
    "unsourced-claim",
]


def _guidance() -> str:
    text = (resources.files("checks.data") / "guidance-2008.md").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text)


def test_rule_ids_are_stable() -> None:
    assert list(catalogue()) == RULE_IDS


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_quotes_its_clause_word_for_word(rule_id: str) -> None:
    rule = catalogue()[rule_id]
    assert rule.clause in _guidance()
    if rule.also:
        assert rule.also in _guidance()


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_message_explanation_and_principle(rule_id: str) -> None:
    rule = catalogue()[rule_id]
    assert rule.message and "\n" not in rule.message
    assert len(rule.explanation) > 40
    assert rule.principle in PRINCIPLES


def test_judgement_principles_have_no_rule_of_their_own() -> None:
    # Be responsive and Be integrated are matters of judgement; the site says so.
    assert {r.principle for r in catalogue().values()}.isdisjoint({"responsive", "integrated"})


def test_bad_data_file_is_reported_by_path(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns.load_data.cache_clear()
    phrase_groups.cache_clear()
    monkeypatch.setattr(patterns, "DATA_PACKAGE", "checks")  # no data files there
    with pytest.raises(RuleDataError, match=r"checks/data/commitment\.yaml: cannot be read"):
        patterns.load_data("commitment")
    patterns.load_data.cache_clear()


def test_bad_pattern_is_reported_by_path(monkeypatch: pytest.MonkeyPatch) -> None:
    phrase_groups.cache_clear()
    monkeypatch.setattr(
        "checks.phrases.load_data", lambda name: {"groups": [{"match": ["(unclosed"]}]}
    )
    with pytest.raises(RuleDataError, match=r"checks/data/broken\.yaml"):
        phrase_groups("broken")
    phrase_groups.cache_clear()
