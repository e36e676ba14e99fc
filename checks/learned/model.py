"""Scoring posts with the shipped weights, and pointing at the sentence that carries a finding."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, reduce
from importlib import resources
from itertools import repeat
from operator import add

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
        return logistic(self.bias + add_up(self.weights.get(f, 0.0) for f in distinct))

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


def add_up(values: Iterable[float]) -> float:
    """A plain left-to-right sum, added in C.

    Not ``sum()``: from Python 3.12 it compensates rounding, so a Pyodide build and
    CPython 3.11 would add the same weights to different last bits.
    """
    return reduce(add, values, 0.0)


def logistic(total: float) -> float:
    """The logistic of a model's total, rounded to ``DIGITS`` places."""
    return round(1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total)))), DIGITS)


@dataclass(frozen=True)
class Models:
    """Every rule's model."""

    by_rule: Mapping[str, RuleModel]

    def get(self, rule: str) -> RuleModel | None:
        return self.by_rule.get(rule)

    def scores(self, distinct: tuple[str, ...]) -> dict[str, float]:
        """Every rule's score of a text's distinct features, as ``RuleModel.score_features``.

        Each rule's weights are looked up in C (a feature a rule has no weight for adds
        0.0, which changes no total): no table of all rules' weights is built at
        start-up, which cost more than it saved.
        """
        return {
            rule: logistic(model.bias + add_up(map(model.weights.get, distinct, repeat(0.0))))
            for rule, model in self.by_rule.items()
        }


def _trimmed(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


@cache
def models() -> Models:
    """Every rule's model from the shipped weights."""
    path = resources.files("checks.data") / WEIGHTS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Models(
            {
                rule: RuleModel(
                    rule=rule,
                    bias=float(entry["bias"]),
                    threshold=float(entry["threshold"]),
                    weights={str(k): float(v) for k, v in entry["weights"].items()},
                )
                for rule, entry in data["rules"].items()
            }
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RuleDataError(
            f"checks/data/{WEIGHTS}: cannot be read ({error}); run 'nox -s train' to write it"
        ) from error
