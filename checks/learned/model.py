"""Scoring posts with the shipped weights, and pointing at the sentence that carries a finding."""

from __future__ import annotations

import json
import math
import sys
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, reduce
from importlib import resources
from itertools import accumulate, repeat
from operator import add, itemgetter, truediv
from typing import Any

from checks.findings import Span
from checks.learned.features import features
from checks.patterns import RuleDataError
from checks.text import sentence_spans

WEIGHTS = "learned.json"
"""The weights file in ``checks/data``, written by ``nox -s train``."""

DIGITS = 4
"""Scores are rounded to this many places before they meet a threshold: CPython and
Pyodide then agree even where a sum's last bit differs."""


SCALE = 10**DIGITS
"""Weights are stored as whole numbers of ``1 / SCALE``: they are trained to ``DIGITS``
places, and ``n / SCALE`` is exactly the float that ``round(weight, DIGITS)`` gave."""


@dataclass(frozen=True)
class RuleModel:
    """One rule's linear model: a weight per feature, a bias and the score that fires.

    ``weights`` are listed by the place ``places`` gives each feature, and end with an
    extra 0.0: the place (-1) of a feature the model does not know. The models of one
    weights file share ``places``, so a post's features are looked up once for all.
    """

    rule: str
    bias: float
    threshold: float
    places: Mapping[str, int]
    weights: Sequence[float]
    veto: float = 0.0
    """Below this score the rule's pattern findings are set aside: the post as a whole reads
    as one that does not break the rule (0.0: never)."""

    @classmethod
    def weighing(
        cls,
        rule: str,
        bias: float,
        threshold: float,
        weights: Mapping[str, float],
        veto: float = 0.0,
    ) -> RuleModel:
        """A model with its own places, from a weight by feature."""
        features = sorted(weights)
        places = dict(zip(features, range(len(features)), strict=True))
        return cls(rule, bias, threshold, places, [*map(weights.__getitem__, features), 0.0], veto)

    def score(self, text: str) -> float:
        """How likely the text is to break the rule, from 0 to 1, rounded."""
        # dict.fromkeys keeps the features' order, so the sum is added up the same way
        # in every process (a set's order changes with Python's hash seed).
        return self.score_features(tuple(dict.fromkeys(features(text))))

    def score_features(self, distinct: tuple[str, ...]) -> float:
        """The score of a text's distinct features, in the order they appear."""
        return logistic(self.bias + add_up(_picker(self.places, distinct)(self.weights)))

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


def _picker(places: Mapping[str, int], distinct: tuple[str, ...]) -> itemgetter[Any]:
    """A getter of the weights of ``distinct``, in order, from a list by ``places``.

    A feature no model knows takes the list's last place (0.0), which changes no total.
    Two extra places of no feature, added first to a total of 0.0, make the getter give
    a tuple however few features the text has.
    """
    return itemgetter(-1, -1, *map(places.get, distinct, repeat(-1)))


@dataclass(frozen=True)
class Models:
    """Every rule's model, over one list of places shared by all."""

    by_rule: Mapping[str, RuleModel]
    places: Mapping[str, int]

    @classmethod
    def of(cls, by_rule: Mapping[str, RuleModel]) -> Models:
        """The models, which must share one ``places``."""
        shared = {id(model.places): model.places for model in by_rule.values()}
        if len(shared) > 1:
            raise ValueError("the models do not share one list of places")
        return cls(by_rule, next(iter(shared.values()), {}))

    def get(self, rule: str) -> RuleModel | None:
        return self.by_rule.get(rule)

    def scores(self, distinct: tuple[str, ...]) -> dict[str, float]:
        """Every rule's score of a text's distinct features, as ``RuleModel.score_features``.

        Each feature is looked up once, not once a rule: a post's words are new strings,
        and a look-up compares them with the keys letter by letter. The rules' weights
        then come from their lists by place, in C, added in the same order.
        """
        pick = _picker(self.places, distinct)
        return {
            rule: logistic(model.bias + add_up(pick(model.weights)))
            for rule, model in self.by_rule.items()
        }


def models_of(data: Mapping[str, object]) -> Models:
    """The models in a weights file's data.

    ``features`` lists every feature once; each rule gives ``gaps`` (the first feature's
    place, then the distance from each feature it weighs to the next) and ``weights``,
    whole numbers of ``1 / scale``. Raises ValueError, TypeError or KeyError where the
    data is not so.
    """
    features, rules, scale = data["features"], data["rules"], data["scale"]
    if not isinstance(features, list) or not isinstance(rules, dict):
        raise TypeError("'features' must be a list and 'rules' a mapping")
    if scale != SCALE:
        raise ValueError(f"'scale' must be {SCALE}")
    places = dict(zip(map(str, features), range(len(features)), strict=True))
    if len(places) != len(features):
        raise ValueError("'features' names a feature twice")
    by_rule = {}
    for rule, entry in rules.items():
        gaps, numbers = entry["gaps"], entry["weights"]
        if len(gaps) != len(numbers):
            raise ValueError(f"{rule}: 'gaps' and 'weights' differ in length")
        # Gaps of at least 1 (the first at least 0) give places in order, each once.
        if gaps and (min(gaps[1:], default=1) < 1 or gaps[0] < 0 or sum(gaps) >= len(features)):
            raise ValueError(f"{rule}: a place is not one of the features'")
        weights = [0.0] * (len(features) + 1)
        # In C, not a loop in Python: the reader's browser loads 400,000 weights.
        # A weight that is not a number fails at truediv (TypeError).
        deque(map(weights.__setitem__, accumulate(gaps), map(truediv, numbers, repeat(scale))), 0)
        by_rule[rule] = RuleModel(
            rule=rule,
            bias=float(entry["bias"]),
            threshold=float(entry["threshold"]),
            places=places,
            weights=weights,
            veto=float(entry["veto"]),
        )
    return Models(by_rule, places)


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
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RuleDataError(
            f"checks/data/{WEIGHTS}: cannot be read ({error}); run 'nox -s train' to write it"
        ) from error
