"""The engine's promises about the spans each rule gives (``checks.engine``).

The engine returns one rule's findings as the rule gives them, without sorting:
so every rule must give its spans in order and without overlaps, on every post.
It lists at most ``MOST_PER_RULE`` findings of a rule, the earliest.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from checks.catalogue import catalogue
from checks.engine import check_text
from checks.findings import MOST_PER_RULE, rules_at_limit
from checks.normalise import normalise
from tests.test_anchors import _posts

HOSTILE = [
    "I promise " * 50 + "£1 " * 50 + "Vote Labour " * 20,
    "PLEASE STOP. " * 30 + "07700 900461 " * 10 + "jo@example.com " * 10,
]


@pytest.mark.parametrize("rule", sorted(catalogue()))
def test_every_rule_gives_its_spans_in_order_without_overlaps(rule: str) -> None:
    detect = catalogue()[rule].detect
    for post in [*_posts(), *HOSTILE]:
        spans = list(detect(normalise(post).text))
        assert spans == sorted(spans), (rule, post)
        assert all(a.end <= b.start for a, b in pairwise(spans)), (rule, post)


def test_findings_are_in_order_of_span_then_rule() -> None:
    for post in [*_posts()[::5], *HOSTILE]:
        findings = check_text(post)
        keys = [(f.span, f.rule) for f in findings]
        assert keys == sorted(keys), post


# Posts with far more findings of one rule than the engine lists, by rule.
CROWDED = {
    "unsourced-claim": "Costs rose by 40%. ",
    "commitment": "I promise your claim will be paid in full. ",
    "political": "Vote Labour on Thursday! ",
    "personal-details": "Text me on 07700 900461. ",
    "discourtesy": "What a stupid question. ",
}


@pytest.mark.parametrize("rule", list(CROWDED))
def test_a_rule_lists_at_most_its_limit_the_earliest_findings(rule: str) -> None:
    post = CROWDED[rule] * (2 * MOST_PER_RULE)
    listed = [f for f in check_text(post) if f.rule == rule]
    assert len(listed) == MOST_PER_RULE
    assert rule in rules_at_limit(check_text(post))
    # The earliest: the same as the findings of a post just long enough to hold them.
    just_enough = CROWDED[rule] * MOST_PER_RULE
    assert listed == [f for f in check_text(just_enough) if f.rule == rule]


@pytest.mark.parametrize("rule", list(CROWDED))
def test_a_rule_under_its_limit_lists_every_finding(rule: str) -> None:
    per_copy = len([f for f in check_text(CROWDED[rule]) if f.rule == rule])
    copies = (MOST_PER_RULE - 1) // per_copy
    post = CROWDED[rule] * copies
    listed = [f for f in check_text(post) if f.rule == rule]
    assert len(listed) == per_copy * copies
    assert rule not in rules_at_limit(check_text(post))
