"""Scoring against labelled posts: hand-worked tables, strict set files, ACCURACY.md."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from checks.catalogue import catalogue
from tools import accuracy
from tools.labelled import LabelledPost, LabelledSetError, read_folder, read_set
from tools.scores import NOTHING, Scored, confusion, micro, rule_scores, share

RULES = ["political", "discourtesy", "commitment"]


def scored(
    breaks: set[str], found: set[str], text: str = "A post.", kinds: tuple[str, ...] = ()
) -> Scored:
    post = LabelledPost("set", "1", text, frozenset(breaks), kinds)
    return Scored(post, frozenset(found))


# Four posts worked by hand: a good post left alone, a good post flagged, a bad post
# caught with one of its two rules, and a bad post missed.
TABLE = [
    scored(set(), set()),
    scored(set(), {"commitment"}),
    scored({"political", "discourtesy"}, {"political"}),
    scored({"commitment"}, set()),
]


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (lambda: share(TABLE, lambda s: s.verdict_right), 2 / 4),
        (lambda: share([s for s in TABLE if s.post.good], lambda s: s.verdict_right), 1 / 2),
        (lambda: share([s for s in TABLE if not s.post.good], lambda s: s.verdict_right), 1 / 2),
        (lambda: share(TABLE, lambda s: s.rules_right), 1 / 4),
        # political: 1 caught; discourtesy: 1 missed; commitment: 1 false alarm, 1 missed.
        (lambda: rule_scores(TABLE, RULES)["political"].f1, 1.0),
        (lambda: rule_scores(TABLE, RULES)["discourtesy"].recall, 0.0),
        (lambda: rule_scores(TABLE, RULES)["commitment"].precision, 0.0),
        (lambda: micro(rule_scores(TABLE, RULES).values()).precision, 1 / 2),
        (lambda: micro(rule_scores(TABLE, RULES).values()).recall, 1 / 3),
        (lambda: micro(rule_scores(TABLE, RULES).values()).f1, 2 * (1 / 2) * (1 / 3) / (5 / 6)),
    ],
)
def test_hand_worked_scores(measure, expected: float) -> None:
    assert measure() == pytest.approx(expected)


def test_confusion_pairs_misses_with_what_was_found_instead() -> None:
    pairs = confusion(
        [*TABLE, scored({"political"}, {"discourtesy"}), scored({"political"}, {"discourtesy"})]
    )
    assert pairs == {
        (NOTHING, "commitment"): 1,
        ("discourtesy", NOTHING): 1,
        ("commitment", NOTHING): 1,
        ("political", "discourtesy"): 2,
    }


@pytest.mark.parametrize(
    ("item", "hard", "kinds"),
    [
        (scored({"political", "discourtesy"}, set()), True, {"multi-rule"}),
        (scored(set(), set(), text="word " * 121), True, {"long"}),
        (scored(set(), set(), text="word " * 120), False, set()),
        (scored(set(), set(), kinds=("near-miss",)), False, {"near-miss"}),
        (scored({"political"}, set(), kinds=("implicit",)), True, {"implicit"}),
    ],
)
def test_hard_kinds_are_tagged_or_measured(item: Scored, hard: bool, kinds: set[str]) -> None:
    assert item.hard is hard
    assert item.kinds == kinds


GOOD_SET = """\
- id: a-001
  channel: x
  author: staff-off-duty
  kinds: [near-miss]
  text: |
    Polls open at 7. Whoever you vote for, take your photo ID.
  breaks: []
- id: a-002
  text: Vote Labour on Thursday!
  breaks: [political]
  disputed: {writer: [political], labeller: []}
"""


def test_a_set_is_read_with_its_labels(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD_SET, encoding="utf-8")
    first, second = read_set(path, catalogue())
    assert first.good and first.kinds == ("near-miss",) and first.channel == "x"
    assert first.text == "Polls open at 7. Whoever you vote for, take your photo ID."
    assert second.breaks == {"political"} and second.disputed and not first.disputed


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("- id: a\n  text: hi\n  breaks: [politcal]\n", ["x.yaml:1: unknown rule 'politcal'"]),
        (
            "- id: a\n  text: hi\n  brakes: []\n",
            ["x.yaml:1: unknown key 'brakes'", "'breaks' is missing"],
        ),
        ("- id: a\n  text: hi\n  breaks: []\n  kinds: [tricky]\n", ["unknown kind 'tricky'"]),
        (
            "- id: a\n  text: hi\n  breaks: []\n- id: a\n  text: ho\n  breaks: []\n",
            ["x.yaml:4: id 'a' is used twice"],
        ),
        ("- id: a\n  text: hi\n  breaks: []\n  breaks: [political]\n", ["x.yaml:4:", "twice"]),
        ("- &p {id: a, text: hi, breaks: []}\n- *p\n", ["x.yaml:2:", "aliases"]),
        ("- id: a\n  text: hi\n  breaks: political\n", ["'breaks' must be a list"]),
        ("id: a\n", ["x.yaml:1: a set is a YAML list"]),
        ("- just text\n", ["x.yaml:1: each post is a mapping"]),
    ],
)
def test_a_bad_set_is_an_error_at_its_line(tmp_path: Path, text: str, problems: list[str]) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LabelledSetError) as raised:
        read_set(path, catalogue(), "x.yaml")
    message = str(raised.value)
    assert all(problem in message for problem in problems), message


def test_every_bad_file_of_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("- id: a\n  text: hi\n  breaks: [nope]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- id: b\n  text: hi\n  brakes: []\n", encoding="utf-8")
    with pytest.raises(LabelledSetError) as raised:
        read_folder(tmp_path, catalogue(), tmp_path)
    assert [p.split(":")[0] for p in raised.value.problems] == ["a.yaml", "b.yaml", "b.yaml"]


def test_accuracy_writes_scores_and_compares_with_the_last_run(tmp_path: Path) -> None:
    sets = tmp_path / "evaluation"
    sets.mkdir()
    (sets / "a.yaml").write_text(GOOD_SET, encoding="utf-8")
    output = tmp_path / "ACCURACY.md"
    assert accuracy.main(["--sets", str(sets), "--output", str(output)]) == 0
    first = output.read_text(encoding="utf-8")
    assert "**2 posts**" in first and "| Verdict right, all posts | 1.000 |" in first
    assert accuracy.previous_numbers(output)["verdict"] == 1.0

    # The checks' verdict is fixed; the labels change, so the numbers move.
    (sets / "a.yaml").write_text(GOOD_SET.replace("breaks: [political]", "breaks: []"), "utf-8")
    assert accuracy.main(["--sets", str(sets), "--output", str(output)]) == 0
    second = output.read_text(encoding="utf-8")
    assert "| Verdict right, all posts | 0.500 | ≥ 0.95 | **no** | -0.500 |" in second
    assert "| a#a-002 | nothing | political |" in second


def test_accuracy_reports_every_problem_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_text("- id: a\n  text: hi\n  breaks: [nope]\n", encoding="utf-8")
    assert accuracy.main(["--sets", str(tmp_path), "--output", str(tmp_path / "A.md")]) == 2
    assert "unknown rule 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "A.md").exists()


def test_render_lists_every_rule_by_its_title() -> None:
    text = accuracy.render(TABLE, RULES, {}, datetime(2026, 12, 1, tzinfo=UTC))
    for rule in RULES:
        assert f"| {catalogue()[rule].title} (`{rule}`) |" in text


def test_new_sets_start_afresh_and_the_history_keeps_each_group(tmp_path: Path) -> None:
    sets, output = tmp_path / "evaluation", tmp_path / "ACCURACY.md"
    sets.mkdir()
    (sets / "a.yaml").write_text(GOOD_SET, encoding="utf-8")
    assert accuracy.main(["--sets", str(sets), "--output", str(output)]) == 0
    (sets / "a.yaml").rename(sets / "b.yaml")
    (sets / "b.yaml").write_text(GOOD_SET.replace("breaks: [political]", "breaks: []"), "utf-8")
    assert accuracy.main(["--sets", str(sets), "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    # Other posts: nothing to compare with, so no move is claimed.
    assert "| Verdict right, all posts | 0.500 | ≥ 0.95 | **no** | new |" in text
    groups = accuracy.previous_record(output)["history"]
    assert [g["sets"] for g in groups] == [["a"], ["b"]]
    assert "| a | " in text and "| 1.000 → 1.000 |" in text
    assert "| b | " in text and "| 0.500 → 0.500 |" in text


def test_the_notes_written_by_hand_survive_a_new_run(tmp_path: Path) -> None:
    sets, output = tmp_path / "evaluation", tmp_path / "ACCURACY.md"
    sets.mkdir()
    (sets / "a.yaml").write_text(GOOD_SET, encoding="utf-8")
    assert accuracy.main(["--sets", str(sets), "--output", str(output)]) == 0
    assert accuracy.NO_NOTES in output.read_text(encoding="utf-8")
    written = output.read_text(encoding="utf-8").replace(
        accuracy.NO_NOTES, "Recall is low because of X.\n\n| a | table |\n"
    )
    output.write_text(written, encoding="utf-8")
    assert accuracy.main(["--sets", str(sets), "--output", str(output)]) == 0
    again = output.read_text(encoding="utf-8")
    assert "<!-- notes -->\nRecall is low because of X.\n\n| a | table |\n<!-- /notes -->" in again
    assert accuracy.NO_NOTES not in again


def test_the_examples_checks_wrong_records_are_counted(tmp_path: Path) -> None:
    sets, output = tmp_path / "evaluation", tmp_path / "ACCURACY.md"
    sets.mkdir()
    (sets / "a.yaml").write_text(GOOD_SET, encoding="utf-8")
    examples = Path(__file__).parent / "roots" / "test-checks-wrong" / "examples"
    argv = ["--sets", str(sets), "--output", str(output), "--examples", str(examples)]
    assert accuracy.main(argv) == 0
    text = output.read_text(encoding="utf-8")
    section = text.split("## Examples the checks get wrong\n", 1)[1].split("<!--")[0]
    titles = {rule: catalogue()[rule].title for rule in ("commitment", "political")}
    shown = "tests/roots/test-checks-wrong/examples"
    assert [line for line in section.splitlines() if line.startswith("|")] == [
        "| Rule | False alarms | Misses |",
        "|---|---|---|",
        f"| {titles['commitment']} (`commitment`) | 1 | 0 |",
        f"| {titles['political']} (`political`) | 0 | 1 |",
        "| Example | Rule | Kind | Reason |",
        "|---|---|---|---|",
        f"| `{shown}/civil-servant/doughnuts.md` | `commitment` | false-alarm | Buying the team "
        "doughnuts is a personal promise, not one made for Government. |",
        f"| `{shown}/civil-service-code/quiet-campaign.md` | `political` | miss | The post hints "
        "at a side in the election without naming a party or candidate. |",
    ]


def test_no_records_is_said_in_words(tmp_path: Path) -> None:
    text = accuracy.render(TABLE, RULES, {}, datetime(2026, 12, 1, tzinfo=UTC))
    assert "## Examples the checks get wrong" in text
    assert "No example records that the checks get it wrong." in text
