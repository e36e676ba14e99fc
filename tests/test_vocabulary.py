"""The shared vocabulary is data, checked strictly when it is read."""

from __future__ import annotations

from typing import Any

import pytest

from checks.patterns import RuleDataError
from checks.vocabulary import (
    breaking_verdict,
    breaks_rules,
    capacities,
    channels,
    check_channels,
    check_vocabulary,
    keeping_verdicts,
    principles,
    verdicts,
)

GOOD = {"icon": "+", "label": "Good example", "heading": "Good examples", "breaks_rules": False}
BAD = {"icon": "-", "label": "Bad example", "heading": "Bad examples", "breaks_rules": True}


def _vocabulary(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"principles": {"credible": "Be credible"}}
    data["verdicts"] = {"good": dict(GOOD), "bad": dict(BAD)}
    data.update(changes)
    return data


def test_the_shipped_vocabulary() -> None:
    assert list(principles()) == [
        "credible",
        "consistent",
        "responsive",
        "integrated",
        "civil-servant",
        "civil-service-code",
    ]
    assert principles()["civil-service-code"] == "How the Civil Service Code applies"
    assert [(v.name, v.icon, v.label) for v in verdicts().values()] == [
        ("good", "\u2713", "Good example"),
        ("bad", "\u2717", "Bad example"),
    ]
    assert (breaking_verdict(), keeping_verdicts()) == ("bad", ["good"])
    assert (breaks_rules("bad"), breaks_rules("good"), breaks_rules("ugly")) == (True, False, False)
    assert channels()["x"] == "X (formerly Twitter)"
    assert capacities() == {"official": "Official capacity", "personal": "Personal capacity"}


def test_the_vocabulary_cannot_be_changed_by_a_caller() -> None:
    with pytest.raises(TypeError):
        principles()["new"] = "Be new"  # type: ignore[index]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_vocabulary(principle={}), "checks/data/vocabulary.yaml: unknown key 'principle'"),
        (
            {"verdicts": {"good": GOOD, "bad": BAD}},
            "checks/data/vocabulary.yaml: missing key 'principles'",
        ),
        (
            _vocabulary(principles=["credible"]),
            "checks/data/vocabulary.yaml: 'principles' must map names to text",
        ),
        (
            _vocabulary(principles={"credible": 3}),
            "checks/data/vocabulary.yaml: 'principles.credible' must be text",
        ),
        (
            _vocabulary(verdicts={"good": GOOD, "bad": {**BAD, "icn": "-"}}),
            "checks/data/vocabulary.yaml: unknown key 'verdicts.bad.icn'",
        ),
        (
            _vocabulary(verdicts={"good": GOOD, "bad": {**BAD, "breaks_rules": "yes"}}),
            "checks/data/vocabulary.yaml: 'verdicts.bad.breaks_rules' must be bool",
        ),
        (
            _vocabulary(verdicts={"good": GOOD, "bad": "Bad example"}),
            "checks/data/vocabulary.yaml: 'verdicts.bad' must be a mapping",
        ),
        (
            _vocabulary(verdicts={"good": GOOD, "bad": {**BAD, "breaks_rules": False}}),
            "checks/data/vocabulary.yaml: exactly one verdict must have 'breaks_rules: true'",
        ),
    ],
)
def test_a_wrong_vocabulary_names_the_file_and_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(RuleDataError) as raised:
        check_vocabulary(data)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"channels": {"x": "X"}, "capacities": {"official": "O"}, "chanels": {}},
            "checks/data/channels.yaml: unknown key 'chanels'",
        ),
        ({"channels": {"x": "X"}}, "checks/data/channels.yaml: missing key 'capacities'"),
        (
            {"channels": {"x": ""}, "capacities": {"official": "O"}},
            "checks/data/channels.yaml: 'channels.x' must be text",
        ),
    ],
)
def test_wrong_channels_name_the_file_and_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(RuleDataError) as raised:
        check_channels(data)
    assert str(raised.value) == message
