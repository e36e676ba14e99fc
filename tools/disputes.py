"""The examples' ``checks_wrong`` records, counted for ``ACCURACY.md``.

The frozen sets measure the checks on posts nobody tuned on; the examples' records
are the faults editors have met in the site's own posts. Both belong in the report:
the records are counted by rule and kind, and each is listed with its file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checks.checks_wrong import FALSE_ALARM, MISS
from checks.verify import verify_folder


@dataclass(frozen=True)
class Record:
    """One example's record: its file, the rule, the kind and the editor's reason."""

    path: str
    rule: str
    kind: str
    reason: str


def records(examples: Path, base: Path) -> list[Record]:
    """Every record of every valid example under ``examples``, by rule, kind and file."""
    report = verify_folder(examples, base) if examples.is_dir() else None
    found = [
        Record(judgement.example.path, record.rule, record.kind, record.reason)
        for judgement in (report.judgements if report else [])
        for record in judgement.example.checks_wrong
    ]
    return sorted(found, key=lambda r: (r.rule, r.kind, r.path))


def section(found: Sequence[Record], titles: dict[str, str]) -> list[str]:
    """``## Examples the checks get wrong``: counts per rule, then every record."""
    lines = [
        "",
        "## Examples the checks get wrong",
        "",
        "Counted from the `checks_wrong` records of the site's examples: faults editors "
        "met in the examples, to fix in the rules. They are not in the scores above.",
        "",
    ]
    if not found:
        return [*lines, "No example records that the checks get it wrong."]
    counts = Counter((r.rule, r.kind) for r in found)
    lines += ["| Rule | False alarms | Misses |", "|---|---|---|"]
    for rule in sorted({r.rule for r in found}):
        lines.append(
            f"| {titles[rule]} (`{rule}`) | {counts[rule, FALSE_ALARM]} | {counts[rule, MISS]} |"
        )
    lines += ["", "| Example | Rule | Kind | Reason |", "|---|---|---|---|"]
    for r in found:
        reason = " ".join(r.reason.split()).replace("|", "\\|")
        lines.append(f"| `{r.path}` | `{r.rule}` | {r.kind} | {reason} |")
    return lines
