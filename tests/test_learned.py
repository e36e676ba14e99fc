"""The learned part: its features, its scores, and training that gives the same bytes."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from functools import reduce
from operator import add
from pathlib import Path

import pytest

from checks.findings import Span
from checks.learned.features import features, words
from checks.learned.model import Models, RuleModel, add_up

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We PROMISED it", ["we", "promised", "it"]),
        ("promises, promising", ["promises", "promising"]),
        ("It's £40!", ["it's", "£", "40", "!"]),
        ("Don\u2019t", ["don't"]),
        ("e-mail me", ["e", "mail", "me"]),
    ],
)
def test_words_are_lower_cased(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_features_are_words_and_neighbouring_pairs_in_order() -> None:
    assert list(features("Vote for them")) == [
        "w:vote",
        "w:for",
        "p:vote for",
        "w:them",
        "p:for them",
    ]


MODEL = RuleModel.weighing(
    rule="political",
    bias=-2.0,
    threshold=0.5,
    weights={"w:vote": 1.5, "p:vote for": 1.5, "w:kitten": -3.0},
)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("nothing here", 0.1192),  # the bias alone: 1 / (1 + e^2)
        ("vote", 0.3775),  # -2 + 1.5
        ("vote for", 0.7311),  # -2 + 1.5 + 1.5
        ("vote vote for", 0.7311),  # a feature counts once, however often it appears
        ("vote for kitten", 0.1192),
    ],
)
def test_scores_are_a_rounded_logistic_of_the_weights(text: str, score: float) -> None:
    assert MODEL.score(text) == score
    assert MODEL.fires(text) is (score >= 0.5)


def test_the_strongest_sentence_carries_the_finding() -> None:
    text = "Lovely weather today.  Please vote for her on Thursday.\nKitten pictures follow."
    span = MODEL.strongest_sentence(text)
    assert text[span.start : span.end] == "Please vote for her on Thursday."
    # Where every sentence scores alike, the earliest one is chosen.
    assert MODEL.strongest_sentence("One. Two.") == Span(0, 4)


def _score_in_process(seed: str) -> str:
    code = (
        "from checks.learned.model import RuleModel\n"
        "weights = {f'w:{i}': 1e-3 * (i % 7 - 3) for i in range(500)}\n"
        "m = RuleModel.weighing('r', 0.1, 0.5, weights)\n"
        "print(repr(m.score(' '.join(str(i) for i in range(500)))))\n"
    )
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_scores_do_not_depend_on_the_hash_seed() -> None:
    assert len({_score_in_process(seed) for seed in ("1", "2", "3")}) == 1


ALWAYS = RuleModel.weighing(rule="any", bias=5.0, threshold=0.5, weights={"w:kitten": -20.0})
"""A model that fires on every post without the word 'kitten'."""


@pytest.fixture
def always_fires(monkeypatch: pytest.MonkeyPatch) -> None:
    from checks import engine

    both = Models.of({"undisclosed-role": ALWAYS, "political": ALWAYS})
    monkeypatch.setattr(engine, "models", lambda: both)


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        # Patterns silent: the model speaks, at the sentence that scores highest.
        ("Lovely day. Big changes coming at work.", ["political", "undisclosed-role"]),
        # The model is silent where its score is low.
        ("A kitten.", []),
        # A post that says who its author works for cannot break undisclosed-role.
        ("I work in HMRC's digital team and we fixed the login.", ["political"]),
    ],
)
def test_the_learned_part_speaks_where_the_patterns_are_silent(
    always_fires: None, text: str, rules: list[str]
) -> None:
    from checks.engine import check_text

    found = check_text(text, ["political", "undisclosed-role"])
    assert sorted({f.rule for f in found}) == rules
    assert check_text(text, ["political", "undisclosed-role"], learned=False) == []


NEVER = RuleModel.weighing(
    rule="any", bias=-20.0, threshold=0.5, weights={"w:kitten": 40.0}, veto=0.01
)
"""Scores every post without the word 'kitten' 0.0; sets findings aside below 0.01."""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The model reads the post as clearly not political: the pattern's finding is set aside.
        ("Nice weather. Vote Labour on Thursday!", []),
        # Where it scores the post higher, the pattern's finding stands.
        ("A kitten. Vote Labour on Thursday!", [("political", "Vote Labour")]),
    ],
)
def test_a_veto_sets_the_patterns_findings_aside_only_where_the_model_scores_low(
    monkeypatch: pytest.MonkeyPatch, text: str, found: list[tuple[str, str]]
) -> None:
    from checks import engine

    monkeypatch.setattr(engine, "models", lambda: Models.of({"political": NEVER}))
    assert [(f.rule, f.text) for f in engine.check_text(text, ["political"])] == found
    # The patterns alone are never vetoed.
    assert [f.rule for f in engine.check_text(text, ["political"], learned=False)] == ["political"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Insider talk the model reads as harmless: set aside.
        ("Our team has finally fixed the new claims system.", []),
        # Saying that you hide who you work for counts whatever the model reads.
        (
            "I never name my employer online. Our team has fixed the claims system.",
            ["undisclosed-role"],
        ),
    ],
)
def test_talk_of_hiding_your_employer_is_never_vetoed(
    monkeypatch: pytest.MonkeyPatch, text: str, found: list[str]
) -> None:
    from checks import engine

    monkeypatch.setattr(engine, "models", lambda: Models.of({"undisclosed-role": NEVER}))
    assert sorted({f.rule for f in engine.check_text(text, ["undisclosed-role"])}) == found
    assert [f.rule for f in engine.check_text(text, ["undisclosed-role"], learned=False)]


def test_the_patterns_finding_stands_and_the_model_adds_nothing(always_fires: None) -> None:
    from checks.engine import check_text

    found = check_text("Nice weather. Vote Labour on Thursday!", ["political"])
    assert [(f.rule, f.text) for f in found] == [("political", "Vote Labour")]


def test_all_rules_scored_at_once_equal_each_rule_scored_alone() -> None:
    from checks.learned.features import features
    from checks.learned.model import models

    shipped = models()
    for text in [
        "Can't say much but big news for our office next week",
        "Vote them out on the 4th!",
        "Lovely day for it.",
        "",
    ]:
        distinct = tuple(dict.fromkeys(features(text)))
        together = shipped.scores(distinct)
        assert together == {r: m.score_features(distinct) for r, m in shipped.by_rule.items()}


def test_adding_up_is_the_plain_left_to_right_sum_on_every_python() -> None:
    # Pyodide adds with functools.reduce, CPython 3.11 with sum(): the same bits only
    # if both are the plain sum, in order. Numbers of very different sizes show it.
    generator = random.Random(20081)
    for _ in range(500):
        values = [
            generator.uniform(-1, 1) * 10 ** generator.randint(-8, 8)
            for _ in range(generator.randint(0, 300))
        ]
        assert add_up(values) == reduce(add, values, 0.0)
    assert add_up([1e16, 1.0, -1e16]) == 0.0  # a compensated sum would give 1.0


GOOD_FILE = {
    "scale": 10000,
    "features": ["p:vote for", "w:kitten", "w:vote"],
    "rules": {
        "political": {
            "bias": -2.0,
            "threshold": 0.5,
            "veto": 0.0,
            "gaps": [0, 2],
            "weights": [15000, 1500],
        },
        "copyright": {"bias": 1.0, "threshold": 0.9, "veto": 0.1, "gaps": [1], "weights": [-30000]},
    },
}


def test_a_weights_file_gives_each_rule_its_weights_by_place() -> None:
    from checks.learned.model import models_of

    read = models_of(GOOD_FILE)
    assert read.places == {"p:vote for": 0, "w:kitten": 1, "w:vote": 2}
    assert read.by_rule["political"].weights == [1.5, 0.0, 0.15, 0.0]
    assert read.by_rule["copyright"].weights == [0.0, -3.0, 0.0, 0.0]
    assert read.by_rule["copyright"].veto == 0.1
    # political: -2 + 0.15 + 1.5 = -0.35; copyright: 1.0 and nothing it weighs.
    assert read.scores(("w:vote", "p:vote for")) == {"political": 0.4134, "copyright": 0.7311}


def _with(rule: dict[str, object] | None = None, **top: object) -> dict[str, object]:
    political = {**GOOD_FILE["rules"]["political"], **(rule or {})}  # type: ignore[index]
    return {**GOOD_FILE, "rules": {"political": political}, **top}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (_with({"gaps": [0]}), ValueError),  # a place without a weight
        (_with({"gaps": [0, 0]}), ValueError),  # a feature weighed twice
        (_with({"gaps": [-1, 3]}), ValueError),  # before the first feature
        (_with({"gaps": [0, 3]}), ValueError),  # after the last feature
        (_with({"weights": [15000, "heavy"]}), TypeError),
        (_with({"gaps": [0, 1.5]}), TypeError),
        (_with(scale=100), ValueError),  # weights written in other units
        (_with(features=["w:vote", "w:vote", "w:x"]), ValueError),
        (_with(features="w:vote"), TypeError),
        ({"features": [], "rules": {}}, KeyError),
    ],
)
def test_a_broken_weights_file_is_refused(data: dict[str, object], error: type) -> None:
    from checks.learned.model import models_of

    with pytest.raises(error):
        models_of(data)


def test_models_must_share_their_places() -> None:
    with pytest.raises(ValueError, match="share"):
        Models.of({"political": MODEL, "any": ALWAYS})
