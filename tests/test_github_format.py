"""``--format github``: workflow commands that put each finding and problem on its line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from checks.catalogue import catalogue
from checks.cli import main
from checks.github import command, escape_data, escape_property

# -- Escaping, as GitHub's toolkit escapes ------------------------------------------

ESCAPES = [
    # (text, as a message, as a property)
    ("plain words", "plain words", "plain words"),
    ("100% sure", "100%25 sure", "100%25 sure"),
    ("two\nlines", "two%0Alines", "two%0Alines"),
    ("windows\r\nline", "windows%0D%0Aline", "windows%0D%0Aline"),
    ("a: b, c", "a: b, c", "a%3A b%2C c"),
    ("%0A already", "%250A already", "%250A already"),
    ("::error::inside", "::error::inside", "%3A%3Aerror%3A%3Ainside"),
]


@pytest.mark.parametrize(("text", "data", "prop"), ESCAPES)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


def test_a_file_name_with_a_comma_cannot_add_a_property() -> None:
    shown = command("error", "m", file="a,line=9.md", line=2)
    assert shown == "::error file=a%2Cline=9.md,line=2::m"


# -- Drafts: one error per finding, on its span --------------------------------------


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def test_findings_are_errors_on_their_span(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("draft.txt").write_text(
        "Lovely day.\nVote Labour on Thursday! Ring 0161 496 0512.\n", encoding="utf-8"
    )
    status, out = run("--format", "github", "draft.txt")
    political, details = catalogue()["political"].message, catalogue()["personal-details"].message
    assert status == 1
    assert out.splitlines() == [
        "::error file=draft.txt,line=2,col=1,endLine=2,endColumn=12,"
        f'title=checks%3A political::{political}: "Vote Labour"',
        "::error file=draft.txt,line=2,col=31,endLine=2,endColumn=44,"
        f'title=checks%3A personal-details::{details}: "0161 496 0512"',
    ]


def test_an_unreadable_draft_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("draft.txt").write_bytes(b"Caf\xe9\n")
    status, out = run("--format", "github", "draft.txt")
    assert status == 2
    [line] = out.splitlines()
    assert line.startswith("::error file=draft.txt,line=1,title=checks.unreadable::")
    assert "%0Afix: " in line


# -- Verification: every problem, with its fix ----------------------------------------

FRONT = "---\ntitle: T\nverdict: {verdict}\n{extra}channel: x\ncapacity: personal\nwhy: W\n---\n"


def test_verification_problems_are_errors_with_their_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "examples" / "credible"
    folder.mkdir(parents=True)
    (folder / "phone.md").write_text(
        FRONT.format(verdict="good", extra="") + "Text me on 07700 900461.\n", encoding="utf-8"
    )
    (folder / "typo.md").write_text(
        FRONT.format(verdict="good", extra="nearmiss: []\n") + "Hello.\n", encoding="utf-8"
    )
    status, out = run("--verify", "examples", "--format", "github")
    assert status == 2
    assert out.splitlines() == [
        "::error file=examples/credible/phone.md,line=8,title=checks.mismatch::"
        'stated good but checks found [personal-details]: personal-details matched "07700 900461"'
        " at line 8%0Afix: if the checks are right, make the example bad and list the rules "
        "in 'breaks'; if they are wrong, reword the post, or record the false alarm in "
        "'checks_wrong' (rule, kind: false-alarm, reason); for an exception the guidance "
        "itself makes, add an 'allow' entry with the reason",
        "::error file=examples/credible/typo.md,line=4,title=checks.invalid-field::"
        "unknown field 'nearmiss'%0Afix: did you mean 'near_miss'?",
        "examples: 1 examples judged (1 good, 0 bad); 0 agree with the checks; 2 problem(s).",
    ]
