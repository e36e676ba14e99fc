"""``--verify --format markdown --base REF``: the review summary, on a real git history."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from checks.catalogue import catalogue
from checks.cli import main

HEAD = (
    "---\ntitle: {title}\nverdict: {verdict}\n{extra}channel: x\ncapacity: personal\nwhy: W\n---\n"
)


def example(title: str, verdict: str, body: str, extra: str = "") -> str:
    return HEAD.format(title=title, verdict=verdict, extra=extra) + body


CALM = example("Calm", "good", "A calm post about the weather.\n")
NUMBER = example("Number", "bad", "Text me on 07700 900461.\n", "breaks: [personal-details]\n")
DOUGHNUTS = example(
    "Doughnuts",
    "good",
    "I promise to buy the doughnuts on Monday!\n",
    "near_miss: [political]\nchecks_wrong:\n  - rule: commitment\n    kind: false-alarm\n"
    "    reason: A personal promise [see](https://x.example) <b>|</b>.\n",
)
BROKEN = example("Broken", "good", "Hello.\n", "nearmiss: []\n")


def git(repo: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=Test Editor", "-c", "user.email=editor@example.com"]
    subprocess.run(["git", *identity, *arguments], cwd=repo, check=True, capture_output=True)


def write(repo: Path, relative: str, text: str) -> None:
    path = repo / "examples" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A main branch with two examples; a pull request's branch adds, changes and removes."""
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "credible/calm.md", CALM)
    write(tmp_path, "credible/number.md", NUMBER)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "pull-request")
    (tmp_path / "examples" / "credible" / "calm.md").unlink()
    write(tmp_path, "credible/number.md", NUMBER.replace("title: Number", "title: A number"))
    write(tmp_path, "civil-servant/doughnuts.md", DOUGHNUTS)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "change")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def coverage(changed: dict[str, tuple[str, str]]) -> list[str]:
    rows = []
    for rule in catalogue():
        bad, near = changed.get(rule, ("0", "0"))
        rows.append(f"| `{rule}` | {bad} | {near} |")
    return rows


def test_the_summary_says_what_changed_and_what_was_recorded(repo: Path) -> None:
    status, out = run("--verify", "examples", "--format", "markdown", "--base", "main")
    assert status == 0
    assert out.splitlines() == [
        "## Examples in this change",
        "",
        "Compared with the merge base of `main`: 1 added, 1 changed, 1 removed.",
        "",
        "| Example | Change | Verdict | Rules broken | Near misses |",
        "|---|---|---|---|---|",
        "| examples/civil-servant/doughnuts.md | added | good | — | `political` |",
        "| examples/credible/calm.md | removed | good | — | — |",
        "| examples/credible/number.md | changed | bad | `personal-details` | — |",
        "",
        "### Records added",
        "",
        "| Example | Record | Rule | Reason |",
        "|---|---|---|---|",
        # The editor's reason as data: no link, no HTML, no extra column.
        "| examples/civil-servant/doughnuts.md | checks_wrong (false-alarm) | `commitment` | "
        "A personal promise \\[see\\](https://x.example) \\<b\\>\\|\\</b\\>. |",
        "",
        "All 2 examples agree with the checks.",
        "",
        "### Rule coverage",
        "",
        "| Rule | Bad examples | Near misses |",
        "|---|---|---|",
        *coverage({"personal-details": ("1", "0"), "political": ("0", "0 → **1**")}),
    ]


def test_problems_are_listed_and_set_the_exit_status(repo: Path) -> None:
    write(repo, "credible/broken.md", BROKEN)
    status, out = run("--verify", "examples", "--format", "markdown", "--base", "main")
    assert status == 2
    assert "| examples/credible/broken.md | added | cannot be read | — | — |" in out
    assert (
        "### 1 problem(s)\n\n| Where | Problem | Fix |\n|---|---|---|\n"
        "| examples/credible/broken.md:4 | unknown field 'nearmiss' | "
        "did you mean 'near\\_miss'? |\n"
    ) in out


def test_without_a_base_the_summary_says_how_to_give_one(repo: Path) -> None:
    status, out = run("--verify", "examples", "--format", "markdown")
    assert status == 0
    assert "No base to compare with: give one with `--base REF`." in out
    assert "| `personal-details` | 1 | 0 |" in out


def test_an_unknown_base_is_an_error_with_its_fix(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run("--verify", "examples", "--format", "markdown", "--base", "no-such")
    assert (status, out) == (2, "")
    error = capsys.readouterr().err
    assert error.startswith("python -m checks: error: --base no-such: git merge-base: ")
    assert "(fix: fetch the base branch, such as 'git fetch origin main'" in error


def test_markdown_is_only_for_verify(repo: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        run("--format", "markdown", "examples/credible/number.md")
    assert raised.value.code == 2


def test_a_base_without_the_examples_folder_has_every_example_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("A project.\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "before any example")
    write(tmp_path, "credible/calm.md", CALM)
    monkeypatch.chdir(tmp_path)
    status, out = run("--verify", "examples", "--format", "markdown", "--base", "main")
    assert status == 0
    assert "Compared with the merge base of `main`: 1 added, 0 changed, 0 removed." in out
    assert "| examples/credible/calm.md | added | good | — | — |" in out
