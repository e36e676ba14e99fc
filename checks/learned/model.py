"""Scoring posts with the shipped weights, and pointing at the sentence that carries a finding."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
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
    """A plain left-to-right sum.

    Not ``sum()``: from Python 3.12 it compensates rounding, so a Pyodide build and
    CPython 3.11 would add the same weights to different last bits.
    """
    total = 0.0
    for value in values:
        total += value
    return total


def logistic(total: float) -> float:
    """The logistic of a model's total, rounded to ``DIGITS`` places."""
    return round(1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total)))), DIGITS)


@dataclass(frozen=True)
class Models:
    """Every rule's model, with one table of weights so a post is looked up once for all."""

    by_rule: Mapping[str, RuleModel]
    table: Mapping[str, tuple[tuple[str, float], ...]]
    """Each feature's weight in each rule that has one."""

    @classmethod
    def of(cls, by_rule: Mapping[str, RuleModel]) -> Models:
        table: dict[str, list[tuple[str, float]]] = {}
        for rule, model in by_rule.items():
            for feature, weight in model.weights.items():
                table.setdefault(feature, []).append((rule, weight))
        return cls(by_rule, {feature: tuple(entries) for feature, entries in table.items()})

    def get(self, rule: str) -> RuleModel | None:
        return self.by_rule.get(rule)

    def scores(self, distinct: tuple[str, ...]) -> dict[str, float]:
        """Every rule's score of a text's distinct features, as ``RuleModel.score_features``."""
        totals = dict.fromkeys(self.by_rule, 0.0)
        for feature in distinct:
            for rule, weight in self.table.get(feature, ()):
                totals[rule] += weight
        # A feature a rule has no weight for adds 0.0 there, which changes no total.
        return {rule: logistic(model.bias + totals[rule]) for rule, model in self.by_rule.items()}


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
        return Models.of(
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
