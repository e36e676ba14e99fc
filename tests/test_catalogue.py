"""The catalogue: stable ids, clauses quoted word for word, and rule files read strictly."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from checks import patterns
from checks.catalogue import PRINCIPLES, catalogue, rule_files
from checks.kinds import kind_module, known_kinds
from checks.patterns import RuleDataError
from checks.rulefile import read_rule

# Ids are a contract with editors and other tools: they never change meaning, and
# none is ever dropped or moved. A new rule may come anywhere among them.
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
    assert [rule for rule in catalogue() if rule in RULE_IDS] == RULE_IDS


def test_the_shipped_rules_and_their_kinds() -> None:
    kinds = {rule.id: rule.kind for rule in catalogue().values()}
    assert {rule: kinds[rule] for rule in RULE_IDS} == {
        "personal-details": "contact-details",
        "personal-data": "identifiers",
        "protected-marking": "phrase",
        "unauthorised-disclosure": "phrase",
        "commitment": "phrase",
        "undisclosed-role": "position",
        "discourtesy": "tone",
        "defamation": "phrase",
        "copyright": "phrase",
        "political": "phrase",
        "unsourced-claim": "figures",
    }
    assert known_kinds() == (
        "contact-details",
        "figures",
        "identifiers",
        "phrase",
        "position",
        "tone",
    )


@pytest.mark.parametrize("rule_id", list(catalogue()))
def test_rule_quotes_its_clause_word_for_word(rule_id: str) -> None:
    rule = catalogue()[rule_id]
    assert rule.clause in _guidance()
    if rule.also:
        assert rule.also in _guidance()


@pytest.mark.parametrize("rule_id", list(catalogue()))
def test_rule_has_message_explanation_and_principle(rule_id: str) -> None:
    rule = catalogue()[rule_id]
    assert rule.message and "\n" not in rule.message
    assert len(rule.explanation) > 40
    assert rule.principle in PRINCIPLES


def test_judgement_principles_have_no_rule_of_their_own() -> None:
    # Be responsive and Be integrated are matters of judgement; the site says so.
    assert {r.principle for r in catalogue().values()}.isdisjoint({"responsive", "integrated"})


def test_every_rule_is_one_file_named_by_its_id() -> None:
    assert sorted(rule_files()) == sorted(f"checks/rules/{rule}.yaml" for rule in catalogue())


def test_bad_data_file_is_reported_by_path(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns.load_data.cache_clear()
    monkeypatch.setattr(patterns, "DATA_PACKAGE", "checks")  # no data files there
    with pytest.raises(RuleDataError, match=r"checks/data/organisations\.yaml: cannot be read"):
        patterns.load_data("organisations")
    patterns.load_data.cache_clear()


# A small rule of each kind's shape, with known lines. Each case changes one line.
SAMPLE = """\
id: sample
order: 5
title: Sample
principle: credible
clause: Be accurate, fair, thorough and transparent.
message: says something it should not
explanation: |
  Why it matters, in a sentence or two, for readers of the rule's own page.
kind: phrase
macros:
  WHO: ["we", "they"]
groups:
  - match: ["{WHO} promise"]
    unless_before: ["not"]
    words_before: 3
"""


def _error(text: str, file: str = "checks/rules/sample.yaml") -> RuleDataError:
    with pytest.raises(RuleDataError) as caught:
        read_rule(file, text)
    return caught.value


def test_the_sample_is_a_good_rule() -> None:
    rule = read_rule("checks/rules/sample.yaml", SAMPLE)
    assert (rule.head.id, rule.head.kind, rule.settings.groups[0].words_before) == (
        "sample",
        "phrase",
        3,
    )


# (what is wrong, old line, new line, line reported, key reported, words of the message)
PROBLEMS = [
    (
        "misspelt key in a group",
        "    unless_before:",
        "    unles_before:",
        14,
        "groups.0.unles_before",
        "is not a key of a phrase group; fix: did you mean 'unless_before'?",
    ),
    (
        "unknown key at the top",
        "title: Sample",
        "tittle: Sample",
        3,
        "tittle",
        "is not a key of a phrase rule; fix: did you mean 'title'?",
    ),
    (
        "wrong type: text for a number",
        "words_before: 3",
        "words_before: three",
        15,
        "groups.0.words_before",
        "must be a whole number, not text",
    ),
    (
        "wrong type: text for a list",
        '  - match: ["{WHO} promise"]',
        '  - match: "{WHO} promise"',
        13,
        "groups.0.match",
        "must be a list, not text",
    ),
    (
        "wrong type: a number for the order",
        "order: 5",
        "order: fifth",
        2,
        "order",
        "must be a whole number",
    ),
    (
        "missing key",
        "message: says something it should not\n",
        "",
        1,
        "",
        "has no 'message'; fix: add 'message:'",
    ),
    (
        "missing key in a group",
        '  - match: ["{WHO} promise"]\n    unless_before',
        "  - unless_before",
        13,
        "groups.0",
        "has no 'match'",
    ),
    (
        "unknown kind",
        "kind: phrase",
        "kind: phrases",
        9,
        "kind",
        "'phrases' is not a kind of rule; fix: use one of: contact-details, figures,",
    ),
    (
        "unknown principle",
        "principle: credible",
        "principle: be-credible",
        4,
        "principle",
        "'be-credible' is not a principle; fix: use one of: credible, consistent,",
    ),
    (
        "unknown capacity",
        "kind: phrase",
        "kind: phrase\ncapacities: [personal, on-duty]",
        10,
        "capacities",
        "'on-duty' is not a capacity; fix: use one of: official, personal",
    ),
    (
        "a pattern that does not compile",
        '["{WHO} promise"]',
        '["{WHO} (promise"]',
        13,
        "groups.0.match.0",
        "the pattern does not compile: missing ), unterminated subpattern",
    ),
    (
        "a macro that is not defined",
        '["{WHO} promise"]',
        '["{WHOM} promise"]',
        13,
        "groups.0.match.0",
        "uses {WHOM}, which is not a macro of this file; fix: correct the name",
    ),
    (
        "a macro that does not compile",
        '["we", "they"]',
        '["we", "[they"]',
        11,
        "macros.WHO.1",
        "the pattern does not compile",
    ),
    (
        "an id that is not the file's name",
        "id: sample",
        "id: example",
        1,
        "id",
        "'example' is not the file's name; fix: write 'id: sample'",
    ),
    (
        "a rule-level check",
        "words_before: 3",
        "words_before: 0",
        15,
        "groups.0.words_before",
        "must be 1 or more",
    ),
    (
        "a duplicate key",
        "kind: phrase\n",
        "kind: phrase\nkind: tone\n",
        10,
        "",
        "'kind' is given twice (first on line 9)",
    ),
    (
        "an alias",
        '    unless_before: ["not"]',
        "    unless_before: *nots",
        14,
        "",
        "YAML aliases (*nots) are not allowed",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in PROBLEMS],
)
def test_a_rule_file_problem_is_located(
    old: str, new: str, line: int, key: str, words: str
) -> None:
    assert old in SAMPLE
    error = _error(SAMPLE.replace(old, new, 1))
    where = f"checks/rules/sample.yaml:{line}:" + (f" '{key}'" if key else "")
    assert f"{where} {words}" in str(error), str(error)
    assert error.file == "checks/rules/sample.yaml"
    assert (line, key) in [(p.line, p.key) for p in error.problems]


def test_every_problem_of_a_file_is_reported() -> None:
    text = SAMPLE.replace("unless_before", "unles_before").replace("promise", "(promise")
    text = text.replace("principle: credible", "principle: none")
    error = _error(text)
    assert [(p.line, p.key) for p in error.problems] == [
        (4, "principle"),
        (13, "groups.0.match.0"),
        (14, "groups.0.unles_before"),
    ]
    assert str(error).count("checks/rules/sample.yaml:") == 3


def _shipped(rule: str) -> str:
    return rule_files()[f"checks/rules/{rule}.yaml"]


def _line_of(text: str, words: str) -> int:
    return text[: text.index(words)].count("\n") + 1


# The shipped files, broken as an editor might break them: (rule, old, new, key, words)
SHIPPED = [
    ("political", "    unless_before:", "    unles_before:", "unles_before", "did you mean"),
    ("commitment", "    words_before: 3", "    words_before: few", "words_before", "whole number"),
    ("defamation", '"(?:bribed|bribing)"', '"(?:bribed|(bribing)"', "match.4", "does not compile"),
    ("discourtesy", "  min_words: 3", "  min_words: lots", "shouting.min_words", "whole number"),
    ("discourtesy", "  min_letters: 12", "  min_letters: 0", "shouting.min_letters", "1 or more"),
    ("discourtesy", "  min_emphatic_letters: 3", "", "shouting", "has no 'min_emphatic_letters'"),
    (
        "personal-data",
        "not_people_reach: 60",
        "not_people_reach: '60'",
        "not_people_reach",
        "whole",
    ),
    ("personal-data", "bank_window: 80", "bank_windw: 80", "bank_windw", "did you mean"),
    ("personal-details", "postcode: ", "post_code: ", "post_code", "did you mean 'postcode'"),
    ("unsourced-claim", "sources:", "source:", "source", "did you mean 'sources'"),
    ("undisclosed-role", "hiding:", "hidden:", "hidden", "did you mean 'hiding'"),
]


@pytest.mark.parametrize(("rule", "old", "new", "key", "words"), SHIPPED)
def test_a_broken_shipped_rule_names_its_file_line_and_key(
    rule: str, old: str, new: str, key: str, words: str
) -> None:
    text = _shipped(rule)
    assert old in text
    line = _line_of(text, old.strip()) if new else _line_of(text, "shouting:")
    error = _error(text.replace(old, new, 1), f"checks/rules/{rule}.yaml")
    found = [(p.line, p.key) for p in error.problems]
    assert len(found) == 1 and found[0][0] == line and found[0][1].endswith(key), str(error)
    assert f"checks/rules/{rule}.yaml:{line}:" in str(error) and words in str(error)


@pytest.fixture
def rules_on_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The shipped rule files, to change before the catalogue reads them."""
    files = dict(rule_files())
    monkeypatch.setattr("checks.catalogue.rule_files", lambda: files)
    catalogue.cache_clear()
    yield files
    catalogue.cache_clear()


def test_two_rules_may_not_share_an_order(rules_on_disk: dict[str, str]) -> None:
    rules_on_disk["checks/rules/sample.yaml"] = SAMPLE.replace("order: 5", "order: 100")
    with pytest.raises(
        RuleDataError, match=r"sample\.yaml:2: 'order' 100 is also the order of political"
    ):
        catalogue()


def test_a_rule_named_by_another_must_exist(rules_on_disk: dict[str, str]) -> None:
    file = "checks/rules/discourtesy.yaml"
    rules_on_disk[file] = rules_on_disk[file].replace("markings: protected-marking", "markings: x")
    line = _line_of(rules_on_disk[file], "markings: x")
    with pytest.raises(RuleDataError, match=rf"discourtesy\.yaml:{line}: 'markings' names 'x'"):
        catalogue()


def test_a_new_file_of_a_known_kind_is_a_new_rule(rules_on_disk: dict[str, str]) -> None:
    rules_on_disk["checks/rules/sample.yaml"] = SAMPLE
    assert next(iter(catalogue())) == "sample"  # order 5: before every shipped rule
    assert catalogue()["sample"].detect("They promise it. We do not promise it.") == [
        catalogue()["sample"].detect("They promise it.")[0]
    ]


def test_case_sensitive_groups_match_in_their_own_case() -> None:
    text = SAMPLE.replace("    words_before: 3\n", "    case_sensitive: true\n")
    text = text.replace('["{WHO} promise"]', '["SECRET"]')
    detect = __import__("checks.kinds.phrase", fromlist=["build"]).build(
        read_rule("checks/rules/sample.yaml", text).settings
    )
    assert [(s.start, s.end) for s in detect("SECRET, not secret")] == [(0, 6)]


def _detector(rule: str, old: str, new: str) -> Any:
    """``rule``'s detector, built from its shipped file with ``old`` changed to ``new``."""
    text = _shipped(rule)
    assert old in text
    read = read_rule(f"checks/rules/{rule}.yaml", text.replace(old, new, 1))
    kind = kind_module(read.head.kind)
    assert kind is not None
    return kind.build(read.settings)


def test_the_look_back_for_things_born_is_a_setting() -> None:
    post = "The NHS was born on 5 July 1948."
    assert catalogue()["personal-data"].detect(post) == []
    # Looking back 5 characters, "NHS was" is out of reach: the date reads as a person's.
    short = _detector("personal-data", "not_people_reach: 60", "not_people_reach: 5")
    assert [post[s.start : s.end] for s in short(post)] == ["5 July 1948"]


@pytest.mark.parametrize(
    ("old", "new", "post", "found"),
    [
        ("  min_words: 3", "  min_words: 5", "Please READ THE GUIDANCE first", []),
        ("  min_letters: 12", "  min_letters: 30", "Please READ THE GUIDANCE first", []),
        (
            "  min_scattered_words: 4",
            "  min_scattered_words: 9",
            "PLEASE sort OUT this NOW ok THANKS",
            [],
        ),
        (
            "  min_scattered_letters: 3",
            "  min_scattered_letters: 5",
            "PLEASE sort OUT this NOW ok THANKS",
            ["PLEASE", "THANKS"],
        ),
        (
            "  min_emphatic_letters: 3",
            "  min_emphatic_letters: 4",
            "PLEASE sort OUT this NOW ok THANKS",
            [],
        ),
    ],
)
def test_the_shouting_thresholds_are_settings(
    old: str, new: str, post: str, found: list[str]
) -> None:
    assert catalogue()["discourtesy"].detect(post) != []
    detect = _detector("discourtesy", old, new)
    assert [post[s.start : s.end] for s in detect(post)] == found


def test_case_lives_in_the_compiled_pattern_not_a_field() -> None:
    groups = catalogue()["protected-marking"].detect.groups  # type: ignore[attr-defined]
    assert "case_sensitive" not in {f.name for f in dataclasses.fields(groups[0])}
    # Its second group is written case_sensitive: true; the third ignores case.
    assert groups[1].match.search("TOP SECRET") and not groups[1].match.search("top secret")
    assert groups[2].match.search("marked top secret")
