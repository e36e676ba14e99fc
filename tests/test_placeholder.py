"""An example still holding the template's placeholder text is refused at each line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.problems import ProblemKind
from checks.verify import verify_folder

TEMPLATE = Path(__file__).resolve().parent.parent / "examples" / "_template.md"
TEXT = TEMPLATE.read_text(encoding="utf-8")
LINES = TEXT.splitlines()
TITLE = LINES.index(next(line for line in LINES if line.startswith("title:"))) + 1
WHY = LINES.index("why: |") + 1
POST = len(LINES) - LINES[::-1].index("---") + 1
OWN_TITLE = "title: Thanking a volunteer"
OWN_POST = "Thank you to everyone who helped at the open day."
WHY_TEXT = LINES[WHY : LINES.index("", WHY)]
"""The template's 'why', its lines as written."""


def _title(text: str) -> str:
    return text.replace(LINES[TITLE - 1], OWN_TITLE)


def _post(text: str) -> str:
    return text.replace("\n".join(LINES[POST - 1 :]), OWN_POST)


def _why(text: str, why: str) -> str:
    return text.replace("\n".join(WHY_TEXT), why)


REWRAPPED = "  " + " ".join(line.strip() for line in WHY_TEXT)
OWN_WHY = "  Thanking people is always fine."

# (case, the copy as edited, the fields still holding placeholders and their lines)
CASES = [
    ("unedited copy", TEXT, [(TITLE, "title"), (WHY, "'why'"), (POST, "post")]),
    ("only the title written", _title(TEXT), [(WHY, "'why'"), (POST, "post")]),
    ("the why re-wrapped, not rewritten", _post(_title(_why(TEXT, REWRAPPED))), [(WHY, "'why'")]),
    ("all written", _post(_title(_why(TEXT, OWN_WHY))), []),
]


@pytest.mark.parametrize(("text", "left"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_placeholders_are_refused_at_their_lines(
    tmp_path: Path, text: str, left: list[tuple[int, str]]
) -> None:
    shutil.copy(TEMPLATE, tmp_path / "_template.md")
    (tmp_path / "civil-servant").mkdir()
    (tmp_path / "civil-servant" / "thanking-a-volunteer.md").write_text(text, "utf-8")
    report = verify_folder(tmp_path)
    found = [(p.line, p.message) for p in report.problems]
    assert found == [(line, f"still holds the template's {name}") for line, name in left]
    assert all(p.kind is ProblemKind.PLACEHOLDER for p in report.problems)
    # Refused, never judged or shown, until every placeholder is replaced.
    assert len(report.judgements) == (0 if left else 1)
    assert report.has_invalid_input == bool(left)


def test_without_a_template_nothing_is_compared(tmp_path: Path) -> None:
    (tmp_path / "civil-servant").mkdir()
    (tmp_path / "civil-servant" / "copy.md").write_text(TEXT, "utf-8")
    assert verify_folder(tmp_path).ok
