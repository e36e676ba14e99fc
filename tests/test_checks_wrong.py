"""``checks_wrong`` records, and the ``fix:`` each kind of disagreement gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.problems import ProblemKind
from checks.verify import verify_folder

DOUGHNUTS = "I promise to buy the doughnuts on Monday!\n"
CALM = "A calm post about the weather.\n"


def example(verdict: str, extra: str, body: str) -> str:
    """An example whose extra fields start at line 7 (``---`` is line 1)."""
    head = "---\ntitle: T\nverdict: {}\nchannel: x\ncapacity: personal\nwhy: W\n{}---\n"
    return head.format(verdict, extra) + body


def verify_one(tmp_path: Path, content: str) -> list[tuple[ProblemKind, int, str, str]]:
    path = tmp_path / "credible" / "post.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return [(p.kind, p.line, p.message, p.fix) for p in verify_folder(tmp_path).problems]


FALSE_ALARM = (
    "checks_wrong:\n  - rule: commitment\n    kind: false-alarm\n"
    "    reason: A personal promise to the team.\n"
)
MISS = "breaks: []\nchecks_wrong:\n  - rule: political\n    kind: miss\n    reason: Too subtle.\n"

# -- Records that keep the build passing ------------------------------------------


def test_a_false_alarm_keeps_the_build_passing_and_the_finding_apart(tmp_path: Path) -> None:
    assert verify_one(tmp_path, example("good", FALSE_ALARM, DOUGHNUTS)) == []
    [judgement] = verify_folder(tmp_path).judgements
    assert judgement.findings == ()
    assert [f.rule for f in judgement.disputed] == ["commitment"]
    assert [(r.rule, r.kind, r.line) for r in judgement.example.checks_wrong] == [
        ("commitment", "false-alarm", 8)
    ]


def test_a_miss_keeps_the_build_passing(tmp_path: Path) -> None:
    assert verify_one(tmp_path, example("bad", MISS, CALM)) == []


def test_without_the_record_the_same_posts_fail(tmp_path: Path) -> None:
    assert [p[0] for p in verify_one(tmp_path, example("good", "", DOUGHNUTS))] == [
        ProblemKind.MISMATCH
    ]


# -- Stale records: the checks now agree ----------------------------------------------


def test_a_false_alarm_the_checks_no_longer_raise_is_an_error(tmp_path: Path) -> None:
    [(kind, line, message, fix)] = verify_one(tmp_path, example("good", FALSE_ALARM, CALM))
    assert (kind, line) == (ProblemKind.STALE_CHECKS_WRONG, 8)
    assert message == "the checks no longer find commitment, so it is no false alarm"
    assert fix == "remove this 'checks_wrong' entry: the checks now agree"


def test_a_miss_the_checks_now_find_is_an_error(tmp_path: Path) -> None:
    miss = MISS.replace("political", "commitment")
    problems = verify_one(tmp_path, example("bad", miss, DOUGHNUTS))
    assert [(kind, line) for kind, line, _, _ in problems] == [
        (ProblemKind.STALE_CHECKS_WRONG, 9),
        (ProblemKind.MISMATCH, 13),
    ]
    assert problems[0][2] == "the checks now find commitment, so they no longer miss it"


# -- Strict validation: every problem at its line -----------------------------------

INVALID = [
    # (case, extra fields, verdict, line, words of the message)
    (
        "unknown rule",
        "breaks: []\nchecks_wrong:\n  - rule: comitment\n    kind: miss\n    reason: R\n",
        "bad",
        9,
        "unknown rule id 'comitment' in 'checks_wrong'",
    ),
    (
        "wrong kind",
        "checks_wrong:\n  - rule: commitment\n    kind: wrong\n    reason: R\n",
        "good",
        9,
        "unknown kind 'wrong' in 'checks_wrong'",
    ),
    (
        "missing reason",
        "checks_wrong:\n  - rule: commitment\n    kind: false-alarm\n",
        "good",
        8,
        "each 'checks_wrong' entry needs exactly 'rule', 'kind' and 'reason'",
    ),
    (
        "empty reason",
        "checks_wrong:\n  - rule: commitment\n    kind: false-alarm\n    reason: ''\n",
        "good",
        10,
        "the 'reason' of a 'checks_wrong' entry must be text",
    ),
    ("not a list", "checks_wrong: commitment\n", "good", 7, "'checks_wrong' must be a list"),
    (
        "a miss on a good example",
        "checks_wrong:\n  - rule: commitment\n    kind: miss\n    reason: R\n",
        "good",
        8,
        "a good example breaks no rule, so the checks cannot miss commitment",
    ),
    (
        "allowed and recorded",
        "allow:\n  - rule: commitment\n    reason: R\n" + FALSE_ALARM,
        "good",
        11,
        "commitment is both allowed and recorded in 'checks_wrong'",
    ),
    (
        "listed and recorded",
        "breaks: [commitment]\n" + FALSE_ALARM,
        "bad",
        9,
        "commitment is both in 'breaks' and recorded in 'checks_wrong'",
    ),
    (
        "near miss and allowed",
        "near_miss: [commitment]\nallow:\n  - rule: commitment\n    reason: R\n",
        "good",
        9,
        "commitment is both a near miss and allowed",
    ),
]


@pytest.mark.parametrize(
    ("extra", "verdict", "line", "message"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_records_are_errors_at_their_line(
    tmp_path: Path, extra: str, verdict: str, line: int, message: str
) -> None:
    problems = verify_one(tmp_path, example(verdict, extra, DOUGHNUTS))
    kinds = (ProblemKind.INVALID_FIELD, ProblemKind.UNKNOWN_RULE)
    assert any(
        kind in kinds and at == line and text.startswith(message) for kind, at, text, _ in problems
    ), problems


# -- The fix fits the disagreement -----------------------------------------------------

HINTS = [
    # (case, verdict, extra fields, post, the fix in full)
    (
        "a good example flagged",
        "good",
        "",
        DOUGHNUTS,
        "if the checks are right, make the example bad and list the rules in 'breaks'; if "
        "they are wrong, reword the post, or record the false alarm in 'checks_wrong' (rule, "
        "kind: false-alarm, reason); for an exception the guidance itself makes, add an "
        "'allow' entry with the reason",
    ),
    (
        "a rule found but not listed",
        "bad",
        "breaks: []\n",
        DOUGHNUTS,
        "if the post breaks commitment, add it to 'breaks'; if it does not, reword the post, "
        "or record the false alarm in 'checks_wrong' (rule, kind: false-alarm, reason)",
    ),
    (
        "a rule listed but not found",
        "bad",
        "breaks: [political]\n",
        CALM,
        "if the post does not break political after all, remove it from 'breaks' (or rewrite "
        "the post so it plainly does); if it does and the checks miss it, remove political "
        "from 'breaks' ('breaks: []' if none is left) and record each in 'checks_wrong' "
        "(rule, kind: miss, reason)",
    ),
]


@pytest.mark.parametrize(
    ("verdict", "extra", "body", "fix"), [c[1:] for c in HINTS], ids=[c[0] for c in HINTS]
)
def test_each_disagreement_gets_its_own_fix(
    tmp_path: Path, verdict: str, extra: str, body: str, fix: str
) -> None:
    [(kind, _, _, given)] = verify_one(tmp_path, example(verdict, extra, body))
    assert (kind, given) == (ProblemKind.MISMATCH, fix)
