"""``checks_wrong``: an example's honest record of where the checks get it wrong.

``allow`` is for exceptions the guidance itself makes. When the checks are simply
wrong about a post (a false alarm on a good post, or a rule a bad post breaks that
they miss), the editor says so here instead of working around them: the build
passes, readers are told on the card, and the editors' page lists every record as
the rules' to-do list. A record the checks no longer need is an error, so the list
never outlives the fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checks.problems import Problem, ProblemKind, reason_problem
from checks.vocabulary import breaks_rules, verdicts

FIELD = "checks_wrong"
FALSE_ALARM, MISS = "false-alarm", "miss"
KINDS = {
    FALSE_ALARM: "the checks find the rule, but the post does not break it",
    MISS: "the post breaks the rule, but the checks do not find it",
}
KEYS = {"rule", "kind", "reason"}


@dataclass(frozen=True)
class ChecksWrong:
    """One rule the checks get wrong on one example, and why the editor says so."""

    rule: str
    kind: str
    reason: str
    line: int


def entry_problems(entry: object, index: int, lines: dict[str, int], shown: str) -> list[Problem]:
    """What is wrong with one record's shape, kind and reason (its rule id is checked apart)."""
    line = lines.get(f"{FIELD}.{index}", lines.get(FIELD, 1))
    if not isinstance(entry, dict) or set(entry) != KEYS:
        return [
            Problem(
                shown,
                line,
                ProblemKind.INVALID_FIELD,
                f"each '{FIELD}' entry needs exactly 'rule', 'kind' and 'reason'",
                f"write '- rule: rule-id', '  kind: {FALSE_ALARM}' (or '{MISS}') "
                "and '  reason: why the checks are wrong here'",
            )
        ]
    problems = []
    kind = entry["kind"]
    if kind not in KINDS:
        problems.append(
            Problem(
                shown,
                lines.get(f"{FIELD}.{index}.kind", line),
                ProblemKind.INVALID_FIELD,
                f"unknown kind {kind!r} in '{FIELD}'",
                " or ".join(f"'kind: {name}' ({meaning})" for name, meaning in KINDS.items()),
            )
        )
    unreasoned = reason_problem(
        entry["reason"],
        f"a '{FIELD}' entry",
        shown,
        lines.get(f"{FIELD}.{index}.reason", line),
        "write, as plain text, why the checks are wrong about this post",
    )
    return problems + ([unreasoned] if unreasoned else [])


def conflicts(fields: dict[str, Any], lines: dict[str, int], shown: str) -> list[Problem]:
    """A rule an example gives two answers for: each such pair is an error at its line."""
    listed = {key: _rules(fields.get(key)) for key in ("breaks", "near_miss")}
    allowed = _entry_rules(fields.get("allow"))
    wrong = _entry_rules(fields.get(FIELD))
    problems = []
    for rule, index in allowed.items():
        if rule in listed["near_miss"]:
            problems.append(
                Problem(
                    shown,
                    lines.get(f"allow.{index}", lines.get("allow", 1)),
                    ProblemKind.INVALID_FIELD,
                    f"{rule} is both a near miss and allowed: a near miss must not be found",
                    f"remove {rule} from 'near_miss', or remove this 'allow' entry",
                )
            )
    verdict = fields.get("verdict")
    for rule, index in wrong.items():
        line = lines.get(f"{FIELD}.{index}", lines.get(FIELD, 1))
        is_miss = fields[FIELD][index].get("kind") == MISS
        if (
            is_miss
            and isinstance(verdict, str)
            and verdict in verdicts()
            and not breaks_rules(verdict)
        ):
            problems.append(
                Problem(
                    shown,
                    line,
                    ProblemKind.INVALID_FIELD,
                    f"a {verdict} example breaks no rule, so the checks cannot miss {rule}",
                    f"use 'kind: {FALSE_ALARM}' if the checks wrongly find {rule}, "
                    "or remove this record",
                )
            )
        if rule in allowed:
            problems.append(
                Problem(
                    shown,
                    line,
                    ProblemKind.INVALID_FIELD,
                    f"{rule} is both allowed and recorded in '{FIELD}'",
                    "keep 'allow' for an exception the guidance makes, "
                    f"'{FIELD}' for a fault of the checks: remove one",
                )
            )
        if rule in listed["breaks"]:
            problems.append(
                Problem(
                    shown,
                    line,
                    ProblemKind.INVALID_FIELD,
                    f"{rule} is both in 'breaks' and recorded in '{FIELD}'",
                    f"'breaks' lists what the checks find: remove {rule} from it, "
                    f"and keep this record if they get {rule} wrong",
                )
            )
    return problems


def _rules(value: object) -> set[str]:
    return {rule for rule in value if isinstance(rule, str)} if isinstance(value, list) else set()


def _entry_rules(value: object) -> dict[str, int]:
    """The rule of each well-formed entry, with its index (for its line)."""
    if not isinstance(value, list):
        return {}
    found: dict[str, int] = {}
    for index, entry in enumerate(value):
        if isinstance(entry, dict) and isinstance(entry.get("rule"), str):
            found.setdefault(entry["rule"], index)
    return found


def build(fields: dict[str, Any], lines: dict[str, int]) -> tuple[ChecksWrong, ...]:
    """The records of an example whose fields are valid."""
    return tuple(
        ChecksWrong(
            entry["rule"],
            entry["kind"],
            entry["reason"].strip(),
            lines.get(f"{FIELD}.{index}", lines.get(FIELD, 1)),
        )
        for index, entry in enumerate(fields.get(FIELD) or [])
    )
