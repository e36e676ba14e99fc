"""Checking an example's front-matter fields: required, known, and of the right kind."""

from __future__ import annotations

import difflib
from typing import Any

from checks import checks_wrong
from checks.catalogue import catalogue
from checks.problems import Problem, ProblemKind, reason_problem, written
from checks.vocabulary import (
    breaking_verdict,
    breaks_rules,
    capacities,
    channels,
    keeping_verdicts,
    verdicts,
)

REQUIRED = ("title", "verdict", "channel", "capacity", "why")
OPTIONAL = ("breaks", "near_miss", "allow", checks_wrong.FIELD)


def check_fields(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    for key in fields:
        if key not in REQUIRED + OPTIONAL:
            close = difflib.get_close_matches(str(key), REQUIRED + OPTIONAL, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use only {', '.join(REQUIRED + OPTIONAL)}"
            )
            problems.append(
                Problem(
                    shown,
                    lines.get(str(key), 2),
                    ProblemKind.INVALID_FIELD,
                    f"unknown field '{key}'",
                    hint,
                )
            )
    for key in REQUIRED:
        if key not in fields:
            problems.append(
                Problem(
                    shown,
                    2,
                    ProblemKind.INVALID_FIELD,
                    f"missing field '{key}'",
                    f"add '{key}:' to the front matter",
                )
            )
        elif not isinstance(fields[key], str) or not fields[key].strip():
            problems.append(
                Problem(
                    shown,
                    lines[key],
                    ProblemKind.INVALID_FIELD,
                    f"'{key}' must be text",
                    f"give '{key}' a value",
                )
            )
    problems += _check_choices(fields, lines, shown)
    problems += _check_rule_lists(fields, lines, shown)
    return problems


def _check_choices(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    verdict = fields.get("verdict")
    if isinstance(verdict, str) and verdict not in verdicts():
        problems.append(
            Problem(
                shown,
                lines["verdict"],
                ProblemKind.UNKNOWN_VERDICT,
                f"unknown verdict '{verdict}'",
                "write " + " or ".join(f"'verdict: {name}'" for name in verdicts()),
            )
        )
    for key, known in (("channel", channels()), ("capacity", capacities())):
        value = fields.get(key)
        if isinstance(value, str) and value not in known:
            problems.append(
                Problem(
                    shown,
                    lines[key],
                    ProblemKind.INVALID_FIELD,
                    f"unknown {key} '{value}'",
                    f"use one of: {', '.join(known)} (or add it to checks/data/channels.yaml)",
                )
            )
    if not isinstance(verdict, str) or verdict not in verdicts():
        return problems
    if breaks_rules(verdict) and "breaks" not in fields:
        problems.append(
            Problem(
                shown,
                lines["verdict"],
                ProblemKind.INVALID_FIELD,
                f"a {verdict} example must say which rules it breaks",
                "add 'breaks: [rule-id, ...]', "
                "or 'breaks: []' for a judgement the checks cannot make",
            )
        )
    if not breaks_rules(verdict) and fields.get("breaks"):
        problems.append(
            Problem(
                shown,
                lines["breaks"],
                ProblemKind.BREAKS_ON_GOOD,
                f"a {verdict} example cannot break rules",
                f"remove 'breaks', or change the verdict to '{breaking_verdict()}'",
            )
        )
    if breaks_rules(verdict) and fields.get("near_miss"):
        problems.append(
            Problem(
                shown,
                lines["near_miss"],
                ProblemKind.INVALID_FIELD,
                f"'near_miss' is for {' or '.join(keeping_verdicts())} examples",
                f"remove 'near_miss' from this {verdict} example",
            )
        )
    return problems


def _check_rule_lists(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    problems = []
    for key in ("breaks", "near_miss"):
        value = fields.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(
                Problem(
                    shown,
                    lines[key],
                    ProblemKind.INVALID_FIELD,
                    f"'{key}' must be a list of rule ids",
                    f"write '{key}: [rule-id, ...]'",
                )
            )
            continue
        for index, rule in enumerate(value):
            problems += _check_rule_id(rule, key, lines.get(f"{key}.{index}", lines[key]), shown)
    problems += _check_allow(fields.get("allow"), lines, shown)
    problems += _check_checks_wrong(fields.get(checks_wrong.FIELD), lines, shown)
    return problems + checks_wrong.conflicts(fields, lines, shown)


def _check_checks_wrong(records: object, lines: dict[str, int], shown: str) -> list[Problem]:
    """Each record strictly: its shape, rule id, kind and reason, each at its line."""
    if records is None:
        return []
    key = checks_wrong.FIELD
    if not isinstance(records, list):
        return [
            Problem(
                shown,
                lines[key],
                ProblemKind.INVALID_FIELD,
                f"'{key}' must be a list of entries",
                f"write '{key}:' then '  - rule: rule-id', '    kind: ...' and '    reason: ...'",
            )
        ]
    problems = []
    for index, entry in enumerate(records):
        problems += checks_wrong.entry_problems(entry, index, lines, shown)
        if isinstance(entry, dict) and "rule" in entry:
            line = lines.get(f"{key}.{index}.rule", lines.get(f"{key}.{index}", lines[key]))
            problems += _check_rule_id(entry["rule"], key, line, shown)
    return problems


def _check_allow(allow: object, lines: dict[str, int], shown: str) -> list[Problem]:
    if allow is None:
        return []
    entries = allow if isinstance(allow, list) else [allow]
    problems = []
    for index, entry in enumerate(entries):
        line = lines.get(f"allow.{index}", lines["allow"])
        if (
            not isinstance(allow, list)
            or not isinstance(entry, dict)
            or set(entry) != {"rule", "reason"}
        ):
            problems.append(
                Problem(
                    shown,
                    line,
                    ProblemKind.INVALID_FIELD,
                    "each 'allow' entry needs exactly 'rule' and 'reason'",
                    "write '- rule: rule-id' and '  reason: why this finding is accepted'",
                )
            )
            continue
        problems += _check_rule_id(
            entry["rule"], "allow", lines.get(f"allow.{index}.rule", line), shown
        )
        unreasoned = reason_problem(
            entry["reason"],
            "an 'allow' entry",
            shown,
            lines.get(f"allow.{index}.reason", line),
            "write, as plain text, why this finding is accepted",
        )
        problems += [unreasoned] if unreasoned else []
    return problems


def _check_rule_id(rule: object, key: str, line: int, shown: str) -> list[Problem]:
    if not isinstance(rule, str):
        # Checked first: a list or mapping here cannot even be looked up in the catalogue.
        return [
            Problem(
                shown,
                line,
                ProblemKind.INVALID_FIELD,
                f"a rule id in '{key}' must be text, not {written(rule)}",
                "write the rule id alone, such as 'political' "
                "(run 'nox -s check -- --rules' to list them)",
            )
        ]
    if rule in catalogue():
        return []
    close = difflib.get_close_matches(rule, list(catalogue()), n=1)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else "run 'nox -s check -- --rules' to list the rule ids"
    )
    return [
        Problem(shown, line, ProblemKind.UNKNOWN_RULE, f"unknown rule id '{rule}' in '{key}'", hint)
    ]
