"""Measure the checks on the frozen evaluation sets and write ``ACCURACY.md``.

``python -m tools.accuracy`` judges every post of ``tests/posts/evaluation/`` with
the engine as it stands and writes the verdict and rule scores, the targets, the
confusion between rules, the hard kinds against the rest, and how each number moved
since the previous ``ACCURACY.md`` (whose numbers it keeps in a comment at its end).

Only frozen sets are scored: the tuning sets are what the rules were written on,
so a number from them would say nothing about posts no one has seen.

Exit status: 0 written; 2 a set could not be read (every problem listed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks.catalogue import catalogue
from checks.engine import check_text
from checks.paths import configured_examples_dir, shown
from tools import disputes
from tools.labelled import LabelledPost, LabelledSetError, read_folder
from tools.scores import (
    HARD_KINDS,
    NOTHING,
    RuleScore,
    Scored,
    confusion,
    micro,
    rule_scores,
    share,
)

PROJECT = Path(__file__).resolve().parent.parent
EVALUATION = PROJECT / "tests" / "posts" / "evaluation"
OUTPUT = PROJECT / "ACCURACY.md"
RECORD = re.compile(r"<!-- scores (\{.*\}) -->", re.DOTALL)
"""Where ACCURACY.md keeps its numbers for the next run to compare with."""
NOTES = re.compile(r"<!-- notes -->\n(.*?)<!-- /notes -->", re.DOTALL)
"""The part of ACCURACY.md written by hand (why a target is missed), kept between runs."""
NO_NOTES = "Nothing written yet: say here which targets are missed, and why.\n"

RECALL_TARGET = 0.85


@dataclass(frozen=True)
class Target:
    """A number the checks aim for, and how to read it from the headline numbers."""

    name: str
    key: str
    at_least: float


TARGETS = (
    Target("Verdict right, all posts", "verdict", 0.95),
    Target("Good posts left alone", "good_left_alone", 0.95),
    Target("Bad posts caught", "bad_caught", 0.95),
    Target("Rule micro-F1", "micro_f1", 0.92),
)


def judge(posts: Sequence[LabelledPost]) -> list[Scored]:
    """Each post with the set of rules the engine finds in it."""
    return [
        Scored(post, frozenset(f.rule for f in check_text(post.text, capacity=post.capacity)))
        for post in posts
    ]


def headline(scored: Sequence[Scored], rules: Sequence[str]) -> dict[str, float]:
    """The numbers ACCURACY.md leads with, keyed for comparison between runs."""
    good = [s for s in scored if s.post.good]
    bad = [s for s in scored if not s.post.good]
    hard = [s for s in scored if s.hard]
    rest = [s for s in scored if not s.hard]
    pooled = micro(rule_scores(scored, rules).values())
    numbers = {
        "verdict": share(scored, lambda s: s.verdict_right),
        "good_left_alone": share(good, lambda s: s.verdict_right),
        "bad_caught": share(bad, lambda s: s.verdict_right),
        "exact_rules": share(scored, lambda s: s.rules_right),
        "micro_precision": pooled.precision,
        "micro_recall": pooled.recall,
        "micro_f1": pooled.f1,
        "hard_verdict": share(hard, lambda s: s.verdict_right),
        "rest_verdict": share(rest, lambda s: s.verdict_right),
        "hard_exact_rules": share(hard, lambda s: s.rules_right),
        "rest_exact_rules": share(rest, lambda s: s.rules_right),
    }
    for rule, score in rule_scores(scored, rules).items():
        numbers[f"recall:{rule}"] = score.recall
        numbers[f"precision:{rule}"] = score.precision
        numbers[f"f1:{rule}"] = score.f1
    return {key: round(value, 4) for key, value in numbers.items()}


def previous_record(path: Path) -> dict[str, Any]:
    """What the last run recorded (its sets, numbers and history), or nothing."""
    try:
        found = RECORD.search(path.read_text(encoding="utf-8"))
    except OSError:
        return {}
    return dict(json.loads(found.group(1))) if found else {}


def previous_notes(path: Path) -> str:
    """The hand-written notes of the last ACCURACY.md, or a placeholder."""
    try:
        found = NOTES.search(path.read_text(encoding="utf-8"))
    except OSError:
        return NO_NOTES
    return found.group(1) if found else NO_NOTES


def previous_numbers(path: Path) -> dict[str, float]:
    """The numbers recorded by the last run, or none if there was no last run."""
    return dict(previous_record(path).get("numbers", {}))


HISTORY_KEYS = ("verdict", "good_left_alone", "bad_caught", "micro_f1")
"""The numbers the history keeps of each run on each group of sets."""


def history(
    previous: dict[str, Any], sets: list[str], now: dict[str, float], day: str
) -> list[dict[str, Any]]:
    """One entry per group of sets scored so far: its first run and its latest (this one)."""
    entries = [dict(entry) for entry in previous.get("history", [])]
    run = {"date": day, **{key: now[key] for key in HISTORY_KEYS}}
    if entries and entries[-1]["sets"] == sets:
        entries[-1] = {**entries[-1], "latest": run}
    else:
        entries.append({"sets": sets, "first": run, "latest": run})
    return entries


def _moved(key: str, now: dict[str, float], before: dict[str, float]) -> str:
    if key not in before:
        return "new"
    change = now[key] - before[key]
    return "no change" if abs(change) < 0.0005 else f"{change:+.3f}"


def _met(value: float, at_least: float) -> str:
    return "yes" if value >= at_least else "**no**"


def render(
    scored: Sequence[Scored],
    rules: Sequence[str],
    previous: dict[str, Any],
    when: datetime,
    folder: str = "tests/posts/evaluation",
    notes: str = NO_NOTES,
    records: Sequence[disputes.Record] = (),
) -> str:
    """The whole of ACCURACY.md: the hand-written ``notes`` follow the targets."""
    now = headline(scored, rules)
    titles = {rule_id: rule.title for rule_id, rule in catalogue().items()}
    sets = sorted({s.post.set_name for s in scored})
    # Numbers move only against a run on the same posts: new sets start afresh.
    before = previous.get("numbers", {}) if previous.get("sets") == sets else {}
    good = sum(s.post.good for s in scored)
    disputed = sum(s.post.disputed for s in scored)
    lines = [
        "# How accurate the checks are",
        "",
        f"Measured by `nox -s accuracy` on {when:%Y-%m-%d} over **{len(scored)} posts** of the "
        f"frozen evaluation sets in `{folder}/` ({', '.join(sets)}): "
        f"{good} good posts and {len(scored) - good} that break at least one rule. No rule, "
        "pattern or weight has been written, tuned or trained on these posts. Each was "
        "labelled twice, independently, by people who saw only the rule definitions; the "
        f"labellings differed on {disputed} posts, settled by a third reader.",
        "",
        "Generated by `tools/accuracy.py`, except the notes between the markers under the "
        "targets, which are written by hand and kept from run to run. The last column "
        "compares with the previous run on the same sets ('new' when the sets changed).",
        "",
        "## Targets",
        "",
        "| Measure | Now | Target | Met | Since last run |",
        "|---|---|---|---|---|",
    ]
    for target in TARGETS:
        value = now[target.key]
        lines.append(
            f"| {target.name} | {value:.3f} | ≥ {target.at_least:.2f} | "
            f"{_met(value, target.at_least)} | {_moved(target.key, now, before)} |"
        )
    weakest = min(rules, key=lambda r: now[f"recall:{r}"])
    lines.append(
        f"| Recall of every rule (lowest: {titles[weakest]}) | {now[f'recall:{weakest}']:.3f} | "
        f"≥ {RECALL_TARGET:.2f} | {_met(now[f'recall:{weakest}'], RECALL_TARGET)} | "
        f"{_moved(f'recall:{weakest}', now, before)} |"
    )
    for measure, key in (("verdict", "verdict"), ("exact rules", "exact_rules")):
        gap = now[f"rest_{key}"] - now[f"hard_{key}"]
        lines.append(
            f"| Hard kinds within 5 points of the rest ({measure}) | {gap * 100:+.1f} points "
            f"| ≤ 5 | {'yes' if gap <= 0.05 else '**no**'} | — |"
        )
    lines += [
        "",
        "## Why, and what next",
        "",
        "<!-- notes -->",
        notes.rstrip("\n"),
        "<!-- /notes -->",
    ]
    lines += _verdict_section(scored, now, before)
    lines += _rule_section(scored, rules, titles, now, before)
    lines += _confusion_section(scored, titles)
    lines += _kinds_section(scored)
    runs = history(previous, sets, now, f"{when:%Y-%m-%d}")
    lines += _history_section(runs)
    lines += _errors_section(scored)
    lines += disputes.section(records, titles)
    record = {
        "date": f"{when:%Y-%m-%d}",
        "posts": len(scored),
        "sets": sets,
        "numbers": now,
        "history": runs,
    }
    lines += ["", f"<!-- scores {json.dumps(record, sort_keys=True)} -->", ""]
    return "\n".join(lines)


def _verdict_section(
    scored: Sequence[Scored], now: dict[str, float], before: dict[str, float]
) -> list[str]:
    rows = (
        ("Verdict right, all posts", "verdict"),
        ("Good posts left alone", "good_left_alone"),
        ("Bad posts caught", "bad_caught"),
        ("Exactly the right rules", "exact_rules"),
        ("Rule precision (micro)", "micro_precision"),
        ("Rule recall (micro)", "micro_recall"),
        ("Rule F1 (micro)", "micro_f1"),
    )
    lines = ["", "## Verdicts", "", "| Measure | Now | Since last run |", "|---|---|---|"]
    lines += [f"| {name} | {now[key]:.3f} | {_moved(key, now, before)} |" for name, key in rows]
    return lines


def _rule_section(
    scored: Sequence[Scored],
    rules: Sequence[str],
    titles: dict[str, str],
    now: dict[str, float],
    before: dict[str, float],
) -> list[str]:
    lines = [
        "",
        "## Each rule",
        "",
        "Positives are posts that break the rule; false alarms are posts the rule flags "
        "that do not break it.",
        "",
        "| Rule | Positives | Caught | Missed | False alarms | Precision | Recall | F1 | "
        "F1 since last run |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    scores: dict[str, RuleScore] = rule_scores(scored, rules)
    for rule in rules:
        s = scores[rule]
        lines.append(
            f"| {titles[rule]} (`{rule}`) | {s.positives} | {s.true_positives} | "
            f"{s.false_negatives} | {s.false_positives} | {s.precision:.3f} | {s.recall:.3f} | "
            f"{s.f1:.3f} | {_moved(f'f1:{rule}', now, before)} |"
        )
    return lines


def _confusion_section(scored: Sequence[Scored], titles: dict[str, str]) -> list[str]:
    pairs = confusion(scored)
    lines = [
        "",
        "## Where the rules are confused",
        "",
        "Each row: a rule the post breaks that the checks missed, and what they found "
        f'instead ("{NOTHING}" on the left is a false alarm on a rule the post does not break).',
        "",
        "| Post breaks | Checks found instead | Posts |",
        "|---|---|---|",
    ]
    name = {NOTHING: NOTHING, **titles}
    for (missed, instead), count in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {name[missed]} | {name[instead]} | {count} |")
    return lines


def _kinds_section(scored: Sequence[Scored]) -> list[str]:
    lines = [
        "",
        "## Hard kinds and the rest",
        "",
        f"Hard kinds: {', '.join(sorted(HARD_KINDS))}. Multi-rule and long (over 120 words) "
        "are measured; the others are as the writers tagged them.",
        "",
        "| Posts | Number | Verdict right | Exactly the right rules |",
        "|---|---|---|---|",
    ]
    groups: list[tuple[str, list[Scored]]] = [
        ("Hard kinds", [s for s in scored if s.hard]),
        ("The rest", [s for s in scored if not s.hard]),
    ]
    kinds = sorted({kind for s in scored for kind in s.kinds})
    groups += [(f"— {kind}", [s for s in scored if kind in s.kinds]) for kind in kinds]
    channels = sorted({s.post.channel for s in scored if s.post.channel})
    groups += [(f"Channel: {c}", [s for s in scored if s.post.channel == c]) for c in channels]
    authors = sorted({s.post.author for s in scored if s.post.author})
    groups += [(f"Author: {a}", [s for s in scored if s.post.author == a]) for a in authors]
    sets = sorted({s.post.set_name for s in scored})
    groups += [(f"Set: {name}", [s for s in scored if s.post.set_name == name]) for name in sets]
    for label, members in groups:
        lines.append(
            f"| {label} | {len(members)} | {share(members, lambda s: s.verdict_right):.3f} | "
            f"{share(members, lambda s: s.rules_right):.3f} |"
        )
    return lines


def _history_section(runs: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "## Each group of frozen sets",
        "",
        "A group is scored once as the checks stand when it arrives (first), then after "
        "each change (latest). Once a newer group replaces it, it may join the tuning side, "
        "and its later numbers no longer count.",
        "",
        "| Sets | First scored | Verdict (first → latest) | Good left alone | Bad caught | "
        "Rule micro-F1 |",
        "|---|---|---|---|---|---|",
    ]
    for group in runs:
        first, latest = group["first"], group["latest"]
        cells = [f"{first[key]:.3f} → {latest[key]:.3f}" for key in HISTORY_KEYS]
        lines.append(
            f"| {', '.join(group['sets'])} | {first['date']} | " + " | ".join(cells) + " |"
        )
    return lines


def _errors_section(scored: Sequence[Scored]) -> list[str]:
    wrong = [s for s in scored if not s.rules_right]
    lines = [
        "",
        "## Posts the checks get wrong",
        "",
        "By id, for reading, never for tuning: learn what kind of post fails and write "
        "new tuning cases of your own.",
        "",
        "| Post | Breaks | Checks found |",
        "|---|---|---|",
    ]
    for s in wrong:
        lines.append(
            f"| {s.post.set_name}#{s.post.id} | {', '.join(sorted(s.post.breaks)) or 'nothing'} "
            f"| {', '.join(sorted(s.found)) or 'nothing'} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Score the evaluation sets and write ACCURACY.md."""
    parser = argparse.ArgumentParser(prog="python -m tools.accuracy", description=__doc__)
    parser.add_argument("--sets", type=Path, default=EVALUATION, help="folder of frozen sets")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write")
    parser.add_argument(
        "--examples",
        type=Path,
        default=configured_examples_dir(PROJECT),
        help="examples whose checks_wrong records are counted",
    )
    options = parser.parse_args(argv)
    rules = list(catalogue())
    try:
        posts = read_folder(options.sets, rules, PROJECT)
    except LabelledSetError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    if not posts:
        print(f"error: {options.sets}: no evaluation posts to score", file=sys.stderr)
        return 2
    scored = judge(posts)
    previous = previous_record(options.output)
    notes = previous_notes(options.output)
    folder = shown(options.sets, PROJECT)
    found = disputes.records(options.examples, PROJECT)
    text = render(scored, rules, previous, datetime.now(UTC), folder, notes, found)
    options.output.write_text(text, encoding="utf-8")
    now = headline(scored, rules)
    print(
        f"{options.output}: {len(posts)} posts; verdict {now['verdict']:.3f} "
        f"(good {now['good_left_alone']:.3f}, bad {now['bad_caught']:.3f}); "
        f"rule micro-F1 {now['micro_f1']:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
