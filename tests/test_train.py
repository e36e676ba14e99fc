"""Training the learned part: what it learns from, how it chooses, and the same bytes each time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.catalogue import catalogue
from tools import train

SETTINGS = train.Settings()


def sample(breaks: bool, patterns: bool = False, fresh: bool = True) -> train.Sample:
    return train.Sample(("w:x",), breaks, patterns, fresh)


def test_a_near_miss_of_another_rule_is_a_negative_and_its_hits_are_unknown() -> None:
    posts = [
        train.Labelled("Vote Labour!", {"political": True}, False),
        train.Labelled("Polls close at ten.", {"political": False}, False),
        train.Labelled("Every post says all.", {"political": False, "commitment": True}, True),
    ]
    found = train.samples(posts, catalogue()["commitment"])
    assert [(s.breaks, s.fresh) for s in found] == [(False, False), (True, True)]


@pytest.mark.parametrize(
    ("data", "scores", "expected"),
    [
        # 20 fresh positives: the patterns find 10; the model's 0.7 catches the other ten
        # and one good post, 0.4 catches one more good post: 0.7 gives the best F1.
        (
            [sample(True, patterns=True)] * 10
            + [sample(True)] * 10
            + [sample(False), sample(False)],
            [0.9] * 10 + [0.7] * 10 + [0.7, 0.4],
            0.7,
        ),
        # Too few fresh positives: the lowest score whose findings are 90 % right.
        (
            [sample(True, fresh=False)] * 9 + [sample(False, fresh=False)] * 2,
            [0.8] * 9 + [0.6, 0.9],
            0.8,
        ),
        # Nothing is precise enough: the model never speaks.
        ([sample(True, fresh=False), sample(False, fresh=False)], [0.6, 0.6], 1.0),
    ],
)
def test_the_threshold_is_chosen_out_of_fold(
    data: list[train.Sample], scores: list[float], expected: float
) -> None:
    assert train.threshold(data, scores, SETTINGS) == expected


@pytest.mark.parametrize(
    ("data", "scores", "expected"),
    [
        # 20 positives the patterns find (scores 0.9), and 5 good posts they flag: the
        # model scores 3 of those 0.0 and 2 of them 0.6. Setting aside scores below
        # 0.0001 removes 3 false alarms and no finding; the other two are out of a veto's
        # reach (above 0.5).
        (
            [sample(True, patterns=True)] * 20 + [sample(False, patterns=True)] * 5,
            [0.9] * 20 + [0.0] * 3 + [0.6] * 2,
            0.0001,
        ),
        # Where a good post scores 0.2 and a post that breaks the rule 0.1, the veto stops
        # below 0.1: the lowest veto of the best F1.
        (
            [sample(True, patterns=True)] * 20
            + [sample(False, patterns=True), sample(True, patterns=True)]
            + [sample(False, patterns=True)],
            [0.9] * 20 + [0.0, 0.1, 0.2],
            0.0001,
        ),
        # A veto would lose more findings than it removes false alarms: none.
        (
            [sample(True, patterns=True)] * 20
            + [sample(True, patterns=True)] * 3
            + [sample(False, patterns=True)],
            [0.9] * 20 + [0.0] * 3 + [0.0],
            0.0,
        ),
        # Too few fresh positives to choose by: none.
        (
            [sample(True, patterns=True)] * 5 + [sample(False, patterns=True)],
            [0.9] * 5 + [0.0],
            0.0,
        ),
        # A good post the model is unsure of (0.6) is never vetoed: a veto stays below 0.5.
        (
            [sample(True, patterns=True)] * 20 + [sample(False, patterns=True)] * 4,
            [0.9] * 20 + [0.6] * 4,
            0.0,
        ),
    ],
)
def test_the_veto_is_chosen_out_of_fold(
    data: list[train.Sample], scores: list[float], expected: float
) -> None:
    assert train.veto(data, scores, 0.7, SETTINGS) == expected


@pytest.mark.parametrize(
    ("data", "scores", "veto_at", "expected"),
    [
        # Found by the patterns (right, then wrong); found by the model at 0.8; missed at 0.6.
        (
            [sample(True, patterns=True), sample(False, patterns=True), sample(True), sample(True)],
            [0.9, 0.9, 0.8, 0.6],
            0.0,
            (2, 3, 3),
        ),
        # A veto at 0.5 sets aside the patterns' wrong finding, scored 0.3.
        ([sample(True, patterns=True), sample(False, patterns=True)], [0.9, 0.3], 0.5, (1, 1, 1)),
        # A post the patterns were tuned on counts for nothing.
        ([sample(True, fresh=False), sample(False, patterns=True)], [0.9, 0.9], 0.0, (0, 1, 0)),
        # A kind that refuses the veto, or leaves the model no room, is heard as it is.
        (
            [
                train.Sample(("w:x",), False, True, True, vetoable=False),
                train.Sample(("w:x",), True, False, True, admitted=False),
            ],
            [0.1, 0.9],
            0.5,
            (0, 1, 1),
        ),
    ],
)
def test_patterns_and_model_together_are_counted_on_fresh_posts(
    data: list[train.Sample],
    scores: list[float],
    veto_at: float,
    expected: tuple[int, int, int],
) -> None:
    assert train.fresh_counts(train.fresh_pairs(data, scores), 0.7, veto_at) == expected


def test_the_weights_file_reads_back_as_the_models_it_was_written_from() -> None:
    from checks.learned.model import RuleModel, models_of

    models = {
        "political": {"bias": -2.0, "threshold": 0.6, "veto": 0.0, "weights": {"w:vote": 1.5}},
        # Weights given out of order are written in the order of their features.
        "copyright": {
            "bias": 1.0,
            "threshold": 0.9,
            "veto": 0.1,
            "weights": {"w:vote": -0.25, "p:all rights": 0.0042, "w:kitten": -3.0},
        },
    }
    read = models_of(json.loads(train.weights_text({"trained_by": "a test"}, models)))
    for rule, model in models.items():
        alone = RuleModel.weighing(rule, model["bias"], model["threshold"], model["weights"])
        for text in ["Vote for them", "all rights reserved, kitten", "nothing here"]:
            assert read.by_rule[rule].score(text) == alone.score(text), (rule, text)
    assert read.by_rule["copyright"].veto == 0.1


@pytest.mark.parametrize("weight", [0.12345, 1e-5, 0.1 + 0.2])
def test_a_weight_not_rounded_to_four_places_is_refused(weight: float) -> None:
    with pytest.raises(ValueError, match="rounded"):
        train.whole_number(weight)


@pytest.mark.parametrize(
    "arguments", [["--compare", "nonsense", "1"], ["--compare", "l2"], ["--compare", "l2", "x"]]
)
def test_compare_refuses_what_it_cannot_compare(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        train.main(arguments)
    assert stopped.value.code == 2
    assert "--compare" in capsys.readouterr().err


def test_fitting_is_deterministic_and_drops_tiny_weights() -> None:
    data = [
        train.Sample(("w:vote", "w:labour"), True, False, True),
        train.Sample(("w:vote", "w:register"), False, False, True),
        train.Sample(("w:lovely", "w:day"), False, False, True),
    ] * 5
    first, second = train.fit(data, SETTINGS), train.fit(data, SETTINGS)
    assert first == second
    _, weights = first
    assert weights["w:labour"] > 0 > weights["w:register"]
    assert all(abs(w) >= SETTINGS.smallest_weight for w in weights.values())


def test_training_reproduces_the_shipped_weights_byte_for_byte(tmp_path: Path) -> None:
    # Any change to the posts, the features or the training that is not retrained
    # and committed fails here.
    written = tmp_path / "learned.json"
    assert train.main(["--output", str(written)]) == 0
    assert written.read_bytes() == train.OUTPUT.read_bytes()


@pytest.mark.parametrize(("shipped", "status"), [("same\n", 0), ("other\n", 1), (None, 1)])
def test_check_compares_without_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped: str | None, status: int
) -> None:
    monkeypatch.setattr(train, "train", lambda rules, settings: "same\n")
    output = tmp_path / "learned.json"
    if shipped is not None:
        output.write_text(shipped, encoding="utf-8")
    assert train.main(["--check", "--output", str(output)]) == status
    assert (output.read_text(encoding="utf-8") if output.exists() else None) == shipped
