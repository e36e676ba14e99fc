"""Verifying example files: bad input is named by file, line and fix, and never stops the run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.problems import ProblemKind
from checks.verify import verify_folder

GOOD = """---
title: A helpful reply
verdict: good
channel: x
capacity: official
why: It helps.
---
Thanks for asking. You can find the form on our website.
"""


def _write(root: Path, relative: str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _front(**fields: str) -> str:
    lines = {"title": "T", "verdict": "good", "channel": "x", "capacity": "personal", "why": "W"}
    lines.update(fields)
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items() if v != "-") + "---\n"


# (case, file content, problem kind, line, words in the message, words in the fix)
BAD_INPUT: list[tuple[str, str | bytes, ProblemKind, int, str, str]] = [
    (
        "non-utf8",
        _front().encode() + b"Caf\xe9 opening\n",
        ProblemKind.UNREADABLE,
        8,
        "not UTF-8",
        "UTF-8",
    ),
    (
        "no front matter",
        "Just a post.\n",
        ProblemKind.FRONT_MATTER,
        1,
        "no front matter",
        "start the file with '---'",
    ),
    (
        "unclosed",
        "---\ntitle: T\nverdict: good\n",
        ProblemKind.FRONT_MATTER,
        1,
        "never closed",
        "'---'",
    ),
    (
        "invalid yaml",
        "---\ntitle: T\nverdict: [good\nchannel: x\n---\nHi\n",
        ProblemKind.FRONT_MATTER,
        4,
        "not valid YAML",
        "YAML",
    ),
    (
        "not a mapping",
        "---\n- a\n- b\n---\nHi\n",
        ProblemKind.FRONT_MATTER,
        2,
        "'field: value'",
        "one 'field: value'",
    ),
    (
        "unknown verdict",
        _front(verdict="meh") + "Hi\n",
        ProblemKind.UNKNOWN_VERDICT,
        3,
        "unknown verdict 'meh'",
        "'verdict: good'",
    ),
    (
        "unknown rule in breaks",
        _front(verdict="bad", breaks="\n  - commitment\n  - comitment") + "Hi\n",
        ProblemKind.UNKNOWN_RULE,
        9,
        "unknown rule id 'comitment'",
        "did you mean 'commitment'?",
    ),
    (
        "unknown rule in allow",
        _front(allow="\n  - rule: no-such-rule\n    reason: because") + "Hi\n",
        ProblemKind.UNKNOWN_RULE,
        8,
        "unknown rule id 'no-such-rule' in 'allow'",
        "--rules",
    ),
    (
        "breaks on good",
        _front(breaks="[political]") + "Hi\n",
        ProblemKind.BREAKS_ON_GOOD,
        7,
        "good example cannot break",
        "remove 'breaks'",
    ),
    ("empty body", _front() + "\n   \n", ProblemKind.EMPTY_BODY, 8, "no post", "write the post"),
    (
        "missing field",
        _front(why="-") + "Hi\n",
        ProblemKind.INVALID_FIELD,
        2,
        "missing field 'why'",
        "add 'why:'",
    ),
    (
        "misspelt field",
        _front(braeks="[]") + "Hi\n",
        ProblemKind.INVALID_FIELD,
        7,
        "unknown field 'braeks'",
        "did you mean 'breaks'?",
    ),
    (
        "unknown channel",
        _front(channel="myspace") + "Hi\n",
        ProblemKind.INVALID_FIELD,
        4,
        "unknown channel 'myspace'",
        "linkedin",
    ),
    (
        "bad without breaks",
        _front(verdict="bad") + "Hi\n",
        ProblemKind.INVALID_FIELD,
        3,
        "must say which rules",
        "breaks: []",
    ),
]


@pytest.mark.parametrize(
    ("content", "kind", "line", "message", "fix"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_INPUT],
)
def test_bad_input_is_named_by_file_line_and_fix(
    tmp_path: Path, content: str | bytes, kind: ProblemKind, line: int, message: str, fix: str
) -> None:
    _write(tmp_path, "credible/broken.md", content)
    [problem] = verify_folder(tmp_path).problems
    assert (problem.kind, problem.line) == (kind, line)
    assert problem.path.endswith("credible/broken.md")
    assert message in problem.message
    assert fix in problem.fix


def test_dangling_link_is_reported_not_skipped(tmp_path: Path) -> None:
    # Was reported as unreadable; now every link is refused by name, never followed.
    (tmp_path / "credible").mkdir()
    os.symlink(tmp_path / "nowhere.md", tmp_path / "credible" / "dangling.md")
    [problem] = verify_folder(tmp_path).problems
    assert problem.kind is ProblemKind.SYMLINK
    assert problem.message == "is a symbolic link, and links are never followed"


def test_duplicate_slug_across_folders(tmp_path: Path) -> None:
    _write(tmp_path, "credible/same.md", GOOD)
    _write(tmp_path, "consistent/same.md", GOOD)
    [problem] = verify_folder(tmp_path).problems
    assert problem.kind is ProblemKind.DUPLICATE_SLUG
    # The first in path order keeps the slug; the other is the one to rename.
    assert problem.path.endswith("credible/same.md") and "consistent/same.md" in problem.message


@pytest.mark.parametrize(
    "relative", ["stray.md", "unknown-principle/x.md", "credible/deep/x.md", "credible/x.txt"]
)
def test_misplaced_files_are_reported(tmp_path: Path, relative: str) -> None:
    _write(tmp_path, relative, GOOD)
    [problem] = verify_folder(tmp_path).problems
    assert problem.kind is ProblemKind.MISPLACED


def test_templates_are_listed_not_judged(tmp_path: Path) -> None:
    _write(tmp_path, "_template.md", "anything")
    report = verify_folder(tmp_path)
    assert report.ok and len(report.templates) == 1


def test_mismatch_names_the_rule_the_text_and_the_file_line(tmp_path: Path) -> None:
    body = (
        "Happy to help with your claim.\nI promise it will be paid.\n"
        "And vote for Sarah Jones on 2 May.\n"
    )
    _write(
        tmp_path,
        "civil-service-code/promise.md",
        _front(verdict="bad", breaks="[commitment]") + body,
    )
    [problem] = verify_folder(tmp_path).problems
    assert problem.kind is ProblemKind.MISMATCH
    assert str(problem).endswith(
        "civil-service-code/promise.md:11: stated bad [commitment] but checks found "
        '[commitment, political]: political matched "vote for Sarah Jones" at line 11'
    )


def test_missing_rule_is_a_mismatch_at_the_breaks_line(tmp_path: Path) -> None:
    _write(
        tmp_path, "credible/x.md", _front(verdict="bad", breaks="[political]") + "A calm post.\n"
    )
    [problem] = verify_folder(tmp_path).problems
    assert (problem.kind, problem.line) == (ProblemKind.MISMATCH, 7)
    assert (
        "stated bad [political] but checks found []: political matched nothing" in problem.message
    )


def test_good_example_with_a_finding_is_a_mismatch(tmp_path: Path) -> None:
    _write(tmp_path, "credible/x.md", _front() + "Text me on 07700 900461.\n")
    [problem] = verify_folder(tmp_path).problems
    assert "stated good but checks found [personal-details]" in problem.message
    assert problem.line == 8


def test_allow_accepts_a_finding_and_an_unused_allow_is_an_error(tmp_path: Path) -> None:
    allow = "\n  - rule: personal-details\n    reason: The number is the team's own duty phone."
    _write(
        tmp_path, "credible/used.md", _front(allow=allow) + "Call the duty phone on 07700 900461.\n"
    )
    _write(tmp_path, "credible/unused.md", _front(allow=allow) + "Nothing to see.\n")
    [problem] = verify_folder(tmp_path).problems
    assert problem.kind is ProblemKind.UNUSED_ALLOW
    assert problem.path.endswith("unused.md") and problem.line == 8


def test_every_problem_is_collected_and_good_files_still_judged(tmp_path: Path) -> None:
    for index, case in enumerate(BAD_INPUT):
        _write(tmp_path, f"credible/broken-{index}.md", case[1])
    _write(tmp_path, "credible/fine.md", GOOD)
    report = verify_folder(tmp_path)
    assert len(report.problems) == len(BAD_INPUT)
    assert [j.example.slug for j in report.judgements] == ["fine"]
    assert report.has_invalid_input


def test_paths_are_named_from_the_base_folder(tmp_path: Path) -> None:
    _write(tmp_path, "examples/credible/same.md", GOOD)
    _write(tmp_path, "examples/consistent/same.md", GOOD)
    [problem] = verify_folder(tmp_path / "examples", base=tmp_path).problems
    assert problem.path == "examples/credible/same.md"
    assert "already used by examples/consistent/same.md" in problem.message


def test_report_lists_every_example_file_valid_or_not(tmp_path: Path) -> None:
    _write(tmp_path, "credible/fine.md", GOOD)
    _write(tmp_path, "credible/broken.md", "no front matter\n")
    _write(tmp_path, "_template.md", GOOD)
    report = verify_folder(tmp_path)
    assert [p.name for p in report.files] == ["broken.md", "fine.md"]
