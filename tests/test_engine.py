"""The engine's promises about the spans each rule gives (``checks.engine``).

The engine returns one rule's findings as the rule gives them, without sorting:
so every rule must give its spans in order and without overlaps, on every post.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from checks.catalogue import catalogue
from checks.engine import check_text
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
