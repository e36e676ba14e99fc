"""Scoring posts with the shipped weights, and pointing at the sentence that carries a finding."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from checks.findings import Span
from checks.learned.features import features
from checks.patterns import RuleDataError
from checks.text import sentence_spans

WEIGHTS = "learned.json"
"""The weights file in ``checks/data``, written by ``nox -s train``."""

DIGITS = 4
"""Scores are rounded to this many places before they meet a threshold: CPython and
Pyodide then agree even where a sum's last bit differs."""


@dataclass(frozen=True)
class RuleModel:
    """One rule's linear model: a weight per feature, a bias and the score that fires."""

    rule: str
    bias: float
    threshold: float
    weights: Mapping[str, float]

    def score(self, text: str) -> float:
        """How likely the text is to break the rule, from 0 to 1, rounded."""
        # dict.fromkeys keeps the features' order, so the sum is added up the same way
        # in every process (a set's order changes with Python's hash seed).
        return self.score_features(tuple(dict.fromkeys(features(text))))

    def score_features(self, distinct: tuple[str, ...]) -> float:
        """The score of a text's distinct features, in the order they appear."""
        total = self.bias + sum(self.weights.get(f, 0.0) for f in distinct)
        return round(1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total)))), DIGITS)

    def fires(self, text: str) -> bool:
        """Whether the post as a whole scores at or above the threshold."""
        return self.score(text) >= self.threshold

    def strongest_sentence(self, text: str) -> Span:
        """The sentence that scores highest, the earliest where scores tie."""
        best, best_score = Span(0, len(text)), -1.0
        for sentence in sentence_spans(text):
            score = self.score(text[sentence.start : sentence.end])
            if score > best_score:
                best, best_score = sentence, score
        return _trimmed(text, best)


def _trimmed(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


@cache
def models() -> dict[str, RuleModel]:
    """Every rule's model from the shipped weights, by rule id."""
    path = resources.files("checks.data") / WEIGHTS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            rule: RuleModel(
                rule=rule,
                bias=float(entry["bias"]),
                threshold=float(entry["threshold"]),
                weights={str(k): float(v) for k, v in entry["weights"].items()},
            )
            for rule, entry in data["rules"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RuleDataError(
            f"checks/data/{WEIGHTS}: cannot be read ({error}); run 'nox -s train' to write it"
        ) from error
