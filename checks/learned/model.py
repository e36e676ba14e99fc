"""Scoring posts with the shipped weights, and pointing at the sentence that carries a finding."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, reduce
from importlib import resources
from itertools import repeat
from operator import add, itemgetter

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
    veto: float = 0.0
    """Below this score the rule's pattern findings are set aside: the post as a whole reads
    as one that does not break the rule (0.0: never)."""

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

    Not ``sum()`` everywhere: from Python 3.12 it compensates rounding, so a Pyodide
    build and CPython 3.11 would add the same weights to different last bits. Before
    3.12 ``sum()`` adds floats plainly, left to right, and three times as fast.
    """
    if _PLAIN_SUM:
        return sum(values, 0.0)
    return reduce(add, values, 0.0)


_PLAIN_SUM = sys.version_info < (3, 12)
"""Whether this Python's ``sum()`` of floats is the plain left-to-right one."""


def logistic(total: float) -> float:
    """The logistic of a model's total, rounded to ``DIGITS`` places."""
    return round(1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total)))), DIGITS)


@dataclass(frozen=True)
class Models:
    """Every rule's model, and every rule's weights in one list per rule.

    ``places`` gives each feature that any rule weighs its place in the lists of
    ``listed``; each list ends with an extra 0.0, the place (-1) of a feature that
    no rule weighs.
    """

    by_rule: Mapping[str, RuleModel]
    places: Mapping[str, int]
    listed: Mapping[str, list[float]]

    @classmethod
    def of(cls, by_rule: Mapping[str, RuleModel], features: Sequence[str] | None = None) -> Models:
        """The models with their lists, over ``features`` (every feature they weigh, sorted)."""
        if features is None:
            features = sorted({feature for model in by_rule.values() for feature in model.weights})
        places = dict(zip(features, range(len(features)), strict=True))
        if len(places) != len(features):
            raise ValueError("'features' names a feature twice")
        listed = {
            rule: [*map(model.weights.get, features, repeat(0.0)), 0.0]
            for rule, model in by_rule.items()
        }
        return cls(by_rule, places, listed)

    def get(self, rule: str) -> RuleModel | None:
        return self.by_rule.get(rule)

    def scores(self, distinct: tuple[str, ...]) -> dict[str, float]:
        """Every rule's score of a text's distinct features, as ``RuleModel.score_features``.

        Each feature is looked up once, not once a rule: a post's words are new strings,
        and a look-up compares them with the keys letter by letter. The rules' weights
        then come from lists by place, in C. The weights are added in the same order as
        ``RuleModel.score_features`` adds them (a feature a rule has no weight for adds
        0.0, which changes no total), so the scores are the same to the last bit.
        """
        # The two extra places of no feature (0.0 each, added first to a total of 0.0)
        # make the getter give a tuple however few features the post has.
        pick = itemgetter(-1, -1, *map(self.places.get, distinct, repeat(-1)))
        return {
            rule: logistic(model.bias + add_up(pick(self.listed[rule])))
            for rule, model in self.by_rule.items()
        }


def models_of(data: Mapping[str, object]) -> Models:
    """The models in a weights file's data: ``features``, and each rule's places and weights.

    Raises ValueError, TypeError, KeyError or IndexError where the data is not so.
    """
    features = data["features"]
    rules = data["rules"]
    if not isinstance(features, list) or not isinstance(rules, dict):
        raise TypeError("'features' must be a list and 'rules' a mapping")
    by_rule = {}
    for rule, entry in rules.items():
        at, values = entry["places"], entry["weights"]
        # A place that is not a whole number fails at features.__getitem__ (TypeError).
        if at and (min(at) < 0 or max(at) >= len(features)):
            raise ValueError(f"{rule}: a place is not one of the features'")
        by_rule[rule] = RuleModel(
            rule=rule,
            bias=float(entry["bias"]),
            threshold=float(entry["threshold"]),
            veto=float(entry["veto"]),
            weights=dict(zip(map(features.__getitem__, at), map(float, values), strict=True)),
        )
    return Models.of(by_rule, [str(feature) for feature in features])


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
        return models_of(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise RuleDataError(
            f"checks/data/{WEIGHTS}: cannot be read ({error}); run 'nox -s train' to write it"
        ) from error
