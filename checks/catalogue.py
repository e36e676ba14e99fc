"""The rule catalogue: every rule file of ``checks/rules/``, with its detector.

Each ``checks/rules/<id>.yaml`` is a whole rule (``checks.rulefile``); its
``kind`` names the module of ``checks.kinds`` that builds its detector from the
file's settings. The files are found with ``importlib.resources``, so the
catalogue is the same from a checkout, a wheel or Pyodide. Ids are stable: a
rule id is never reused for another meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from checks.kinds import Detector, kind_module
from checks.patterns import RuleDataError
from checks.rulefile import RuleFile, read_rule
from checks.vocabulary import principles

RULES_FOLDER = "rules"
"""The folder of rule files inside the ``checks`` package."""

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
    kind: str = ""
    settings: Any = None
    """The kind's settings, as the rule file gives them."""
    learned: bool = False
    """Whether the learned part may find the rule where the patterns find nothing."""
    capacities: tuple[str, ...] = ()
    """The capacities a post must be written in for the rule to apply; empty: all."""

    def applies_in(self, capacity: str | None) -> bool:
        """Whether the rule judges a post written in ``capacity`` (None: not known)."""
        return capacity is None or not self.capacities or capacity in self.capacities


def rule_files() -> dict[str, str]:
    """Each rule file's text by its path as editors know it (``checks/rules/<id>.yaml``)."""
    folder = resources.files("checks") / RULES_FOLDER
    return {
        f"checks/{RULES_FOLDER}/{entry.name}": entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".yaml")
    }


@cache
def catalogue() -> dict[str, Rule]:
    """Every rule by id, in the rules' ``order``. A rule file with any problem is an error."""
    read: list[RuleFile] = []
    errors = []
    for file, text in rule_files().items():
        try:
            read.append(read_rule(file, text))
        except RuleDataError as error:
            errors.append(str(error))
    if errors:
        raise RuleDataError("\n".join(errors))
    read.sort(key=lambda rule: (rule.head.order, rule.head.id))
    _check_together(read)
    return {rule.head.id: _rule(rule) for rule in read}


def _rule(rule: RuleFile) -> Rule:
    head = rule.head
    module = kind_module(head.kind)
    assert module is not None  # read_rule refuses an unknown kind
    return Rule(
        id=head.id,
        title=head.title,
        principle=head.principle,
        clause=head.clause,
        message=head.message,
        explanation=head.explanation.strip(),
        detect=module.build(rule.settings),
        also=head.also,
        kind=head.kind,
        settings=rule.settings,
        learned=head.learned,
        capacities=head.capacities,
    )


def _check_together(rules: list[RuleFile]) -> None:
    """What no one file can check: orders given twice, rules that name other rules."""
    problems = []
    orders: dict[int, str] = {}
    ids = {rule.head.id for rule in rules}
    for rule in rules:
        order = rule.head.order
        if order in orders:
            problems.append(
                f"{rule.file}:{rule.lines['order']}: 'order' {order} is also the order of "
                f"{orders[order]}; fix: give each rule an order of its own"
            )
        orders[order] = rule.head.id
        references: dict[str, str] = getattr(rule.settings, "rule_references", dict)()
        for key, other in references.items():
            if other not in ids:
                problems.append(
                    f"{rule.file}:{rule.lines[key]}: '{key}' names '{other}', which is not a "
                    f"rule; fix: use one of {', '.join(sorted(ids))}"
                )
    if problems:
        raise RuleDataError("\n".join(problems))
