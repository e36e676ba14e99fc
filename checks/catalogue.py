"""The rule catalogue: each rule's id, clause, message and detector."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from checks.patterns import RuleDataError, load_data
from checks.rules import DETECTORS, Detector
from checks.vocabulary import principles

# Kept for the tests that still import it; code reads checks.vocabulary.principles().
PRINCIPLES: Mapping[str, str] = principles()


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue, tied to the clause of the guidance it enforces."""

    id: str
    title: str
    principle: str
    clause: str
    message: str
    explanation: str
    detect: Detector
    also: str = ""


@cache
def catalogue() -> dict[str, Rule]:
    """Every rule by id, in the catalogue's order. Data and code must agree."""
    data = load_data("rules")
    if set(data) != set(DETECTORS):
        raise RuleDataError(
            "checks/data/rules.yaml and checks/rules/__init__.py disagree: "
            f"only in data {sorted(set(data) - set(DETECTORS))}, "
            f"only in code {sorted(set(DETECTORS) - set(data))}"
        )
    rules = {}
    for rule_id, entry in data.items():
        if entry["principle"] not in principles():
            raise RuleDataError(f"checks/data/rules.yaml: {rule_id}: unknown principle")
        rules[rule_id] = Rule(
            id=rule_id,
            title=entry["title"],
            principle=entry["principle"],
            clause=entry["clause"],
            message=entry["message"],
            explanation=entry["explanation"].strip(),
            detect=DETECTORS[rule_id],
            also=entry.get("also", ""),
        )
    return rules
