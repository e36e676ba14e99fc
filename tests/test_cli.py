"""The command line is a contract other tools depend on: output shapes and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from checks.catalogue import catalogue
from checks.cli import main
from checks.findings import MOST_PER_RULE

EXAMPLE = """---
title: Sharing a taxi
verdict: bad
breaks: [personal-details]
channel: x
capacity: personal
why: A number in a public post.
---
Anyone heading back to the station?

Text me on 07700 900461.
"""


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(list(argv), stdout=out), out.getvalue()
    finally:
        sys.stdin = old_stdin


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text("Lovely day.\nVote Labour on Thursday! Ring 0161 496 0512.\n", encoding="utf-8")
    return path


def test_text_output_names_file_line_column_rule_and_message(draft: Path) -> None:
    status, out = run(str(draft))
    assert status == 1
    assert out.splitlines() == [
        f"{draft}:2:1: political {catalogue()['political'].message}",
        f"{draft}:2:31: personal-details {catalogue()['personal-details'].message}",
    ]


def test_example_file_keeps_its_own_line_numbers(tmp_path: Path) -> None:
    example = tmp_path / "taxi.md"
    example.write_text(EXAMPLE, encoding="utf-8")
    status, out = run(str(example))
    assert (status, out.split(" ")[0]) == (1, f"{example}:11:12:")


def test_json_output_shape(tmp_path: Path, draft: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Thanks, all.\n", encoding="utf-8")
    status, out = run("--format", "json", str(draft), str(clean))
    document = json.loads(out)
    assert status == 1
    assert [entry["path"] for entry in document] == [str(draft), str(clean)]
    assert document[1]["findings"] == []
    assert document[0]["findings"][1] == {
        "rule": "personal-details",
        "line": 2,
        "column": 31,
        "end_line": 2,
        "end_column": 44,
        "text": "0161 496 0512",
        "message": catalogue()["personal-details"].message,
    }


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_rule_at_its_limit_says_there_may_be_more(output_format: str) -> None:
    crowded = "Vote Labour on Thursday! " * (MOST_PER_RULE + 1) + "Ring 0161 496 0512.\n"
    status, out = run("--format", output_format, "-", stdin=crowded)
    assert status == 1
    if output_format == "json":
        (entry,) = json.loads(out)
        assert entry["more_than_listed"] == ["political"]
        assert len([f for f in entry["findings"] if f["rule"] == "political"]) == MOST_PER_RULE
    else:
        assert out.splitlines()[-1] == (
            f"-: note: only the first {MOST_PER_RULE} findings of political are listed; "
            "the text may hold more"
        )


def test_standard_input() -> None:
    status, out = run("-", stdin="What a stupid question.\n")
    assert (status, out.split(":")[:3]) == (1, ["-", "1", "1"])


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        ((), 2),  # no files
        (("--verify", "x", "extra"), 2),
        (("--format", "yaml", "-"), 2),
    ],
)
def test_usage_errors_exit_2(argv: tuple[str, ...], status: int) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(*argv)
    assert exit_info.value.code == status


def test_clean_file_exits_0(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("I'll look into it and come back to you.\n", encoding="utf-8")
    assert run(str(clean)) == (0, "")


def test_unreadable_file_exits_2_and_other_files_are_still_checked(
    draft: Path, tmp_path: Path
) -> None:
    status, out = run(str(tmp_path / "missing.txt"), str(draft))
    assert status == 2
    assert "political" in out


def test_rules_lists_the_catalogue() -> None:
    status, out = run("--rules")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()[::2]] == list(catalogue())
    status, out = run("--rules", "--format", "json")
    assert [rule["id"] for rule in json.loads(out)] == list(catalogue())


def test_verify_exit_codes(tmp_path: Path) -> None:
    folder = tmp_path / "examples" / "civil-service-code"
    folder.mkdir(parents=True)
    (folder / "taxi.md").write_text(EXAMPLE, encoding="utf-8")
    status, out = run("--verify", str(tmp_path / "examples"))
    assert status == 0 and "1 examples judged (0 good, 1 bad); 1 agree" in out

    (folder / "taxi.md").write_text(
        EXAMPLE.replace("[personal-details]", "[commitment]"), encoding="utf-8"
    )
    status, out = run("--verify", str(tmp_path / "examples"))
    assert status == 1 and "taxi.md:11: stated bad [commitment]" in out and "fix:" in out

    (folder / "broken.md").write_text("no front matter\n", encoding="utf-8")
    status, _ = run("--verify", str(tmp_path / "examples"))
    assert status == 2

    assert run("--verify", str(tmp_path / "nowhere"))[0] == 2


def test_python_dash_m_checks_verifies_the_real_corpus() -> None:
    root = Path(__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "checks", "--verify"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stdout


def test_json_names_an_unreadable_file_with_its_line_and_fix(tmp_path: Path) -> None:
    latin = tmp_path / "latin-1.txt"
    latin.write_bytes("Hello,\ncaf\u00e9\n".encode("latin-1"))
    status, out = run("--format", "json", str(latin))
    assert status == 2
    assert json.loads(out) == [
        {
            "path": str(latin),
            "findings": [],
            "error": "is not UTF-8 text (byte 10 cannot be decoded)",
            "error_line": 2,
            "fix": "save the file as UTF-8",
        }
    ]
