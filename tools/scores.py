"""Scoring the checks against labelled posts: verdicts, rules, and where they go wrong.

Pure functions over (labels, findings) pairs, so that the numbers in
``ACCURACY.md`` can be tested on small hand-worked tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tools.labelled import LabelledPost

LONG_POST_WORDS = 120
"""A post of more words than this counts as long, whatever its writer tagged."""

HARD_KINDS = frozenset({"multi-rule", "long", "buried", "trap", "implicit"})
"""The kinds the accuracy target asks to be within 5 points of the rest."""

NOTHING = "(none)"
"""Stands for 'no rule' in the confusion between rules."""


@dataclass(frozen=True)
class Scored:
    """One post with the rules the checks found in it."""

    post: LabelledPost
    found: frozenset[str]

    @property
    def verdict_right(self) -> bool:
        """Whether the checks call the post good or bad as its labels do."""
        return bool(self.found) == bool(self.post.breaks)

    @property
    def rules_right(self) -> bool:
        """Whether the checks find exactly the rules the post breaks."""
        return self.found == self.post.breaks

    @property
    def kinds(self) -> frozenset[str]:
        """The post's hard kinds: as tagged, plus multi-rule and long as measured."""
        measured = set(self.post.kinds)
        if len(self.post.breaks) > 1:
            measured.add("multi-rule")
        if len(self.post.text.split()) > LONG_POST_WORDS:
            measured.add("long")
        return frozenset(measured)

    @property
    def hard(self) -> bool:
        """Whether the post is of a hard kind."""
        return bool(self.kinds & HARD_KINDS)


@dataclass(frozen=True)
class RuleScore:
    """Counts and rates of one rule over a set of posts."""

    rule: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def positives(self) -> int:
        """Posts that break the rule."""
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        return ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return ratio(self.true_positives, self.positives)

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)


def ratio(part: int, whole: int) -> float:
    """``part / whole``, and 0 for an empty whole (nothing to get right)."""
    return part / whole if whole else 0.0


def harmonic_mean(a: float, b: float) -> float:
    """F1 of a precision and a recall."""
    return 2 * a * b / (a + b) if a + b else 0.0


def share(scored: Sequence[Scored], right: Callable[[Scored], bool]) -> float:
    """The share of ``scored`` for which ``right`` holds."""
    return ratio(sum(1 for item in scored if right(item)), len(scored))


def rule_scores(scored: Iterable[Scored], rules: Iterable[str]) -> dict[str, RuleScore]:
    """Each rule's true positives, false positives and misses, post by post."""
    items = list(scored)
    return {
        rule: RuleScore(
            rule=rule,
            true_positives=sum(rule in s.found and rule in s.post.breaks for s in items),
            false_positives=sum(rule in s.found and rule not in s.post.breaks for s in items),
            false_negatives=sum(rule not in s.found and rule in s.post.breaks for s in items),
        )
        for rule in rules
    }


def micro(scores: Iterable[RuleScore]) -> RuleScore:
    """All rules' counts pooled: micro-averaged precision, recall and F1."""
    pooled = list(scores)
    return RuleScore(
        rule="all rules",
        true_positives=sum(s.true_positives for s in pooled),
        false_positives=sum(s.false_positives for s in pooled),
        false_negatives=sum(s.false_negatives for s in pooled),
    )


def confusion(scored: Iterable[Scored]) -> Counter[tuple[str, str]]:
    """How often a rule the post breaks was missed while another was found instead.

    Each post's misses are paired with its false alarms; a miss with no false alarm
    beside it pairs with ``NOTHING``, and so does a false alarm with no miss.
    """
    pairs: Counter[tuple[str, str]] = Counter()
    for item in scored:
        missed = sorted(item.post.breaks - item.found)
        extra = sorted(item.found - item.post.breaks)
        for rule in missed:
            for instead in extra or [NOTHING]:
                pairs[(rule, instead)] += 1
        if not missed:
            for instead in extra:
                pairs[(NOTHING, instead)] += 1
    return pairs
