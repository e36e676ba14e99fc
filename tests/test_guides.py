"""Every command the editors' guides name works as written, on a copy with only nox.

CONTRIBUTING.md, the example template and the pull-request checklist are read, each
command they name is found, and each is either run here (on a fresh copy of the
project, through nox, as an editor would) or set aside below with the reason.
A guide that names a new command fails this test until it is one or the other.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import fresh_copy as copying
import pytest

REPO = Path(__file__).resolve().parent.parent
GUIDES = (
    "CONTRIBUTING.md",
    "docs/editors.md",
    "examples/_template.md",
    ".github/pull_request_template.md",
)
# Where CONTRIBUTING.md stops speaking to editors and starts explaining the code.
FOR_DEVELOPERS = "## How the code is laid out"
# The template's placeholders, filled in as an editor would.
PLACEHOLDERS = {"PRINCIPLE": "civil-servant", "SLUG": "thanking-a-volunteer"}

# (command as written, exit status, words its output must hold), run in this order on
# one copy: verify before new-example adds an unfinished example, check after it.
RUN = [
    ("nox -s verify", 0, "agree with the checks; 0 problem(s)"),
    ("nox -s verify -- --format github", 0, "agree with the checks; 0 problem(s)"),
    ("nox -s check -- --rules", 0, "enforces:"),
    (
        "nox -s new-example -- civil-servant thanking-a-volunteer",
        0,
        "Created examples/civil-servant/thanking-a-volunteer.md",
    ),
    ("nox -s check -- examples/civil-servant/thanking-a-volunteer.md", 0, "successful"),
    (
        "nox -s new-example -- credible my-new-example",
        0,
        "Created examples/credible/my-new-example",
    ),
    # The draft the fixture saves breaks a rule: nox passes on the checks' exit status.
    ("nox -s check -- draft.txt", 1, "draft.txt:1:13: political"),
]
DRAFT = "Lovely day. Vote Labour on Thursday!\n"
# Commands the guides name that are not run here, and why.
NOT_RUN = {
    "python3 -m pip install nox": "installs nox, which this test already runs under",
    "nox -s docs-live": "a server until stopped: tests/test_docs_live.py stops it with Ctrl-C",
    "nox -s tests": "this test suite itself",
    "nox -s docs": "the full build: tests/test_site_real.py builds the same site",
}
COMMAND = re.compile(r"^(?:nox|python3?) ")


def _fill(command: str) -> str:
    for name, value in PLACEHOLDERS.items():
        command = command.replace(name, value)
    return command


def named_commands(name: str) -> list[str]:
    """The commands a guide names: its code blocks, code spans and template comments."""
    text = editors_part(name)
    found = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    found = [line for block in found for line in block.splitlines()]
    found += re.findall(r"`([^`\n]+)`", text)
    # The template names them in comments: '#   nox -s ...' or '... with: nox -s ...'.
    found += re.findall(r"^#.*?\b(nox -s [^\n]+)$", text, re.MULTILINE)
    return [_fill(c.strip()) for c in found if COMMAND.match(c.strip())]


def editors_part(name: str) -> str:
    """A guide up to where it starts explaining the code to developers."""
    text = (REPO / name).read_text(encoding="utf-8")
    return text.split(FOR_DEVELOPERS, 1)[0]


def test_every_named_command_is_run_here_or_set_aside() -> None:
    named = {c for guide in GUIDES for c in named_commands(guide)}
    assert named == {c for c, _, _ in RUN} | set(NOT_RUN)


@pytest.mark.parametrize("guide", GUIDES)
def test_editors_are_never_sent_to_python_dash_m_checks(guide: str) -> None:
    # Without 'pip install -e .' it fails: No module named 'phonenumbers'. nox installs it.
    text = editors_part(guide)
    assert "python -m checks" not in text
    assert "nox -s" in text


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as a fresh clone has it: no environments, no build, nothing installed."""
    copy = copying.fresh_copy(tmp_path_factory.mktemp("clone") / "project")
    # The draft an editor saves before checking it, as the guides say.
    (copy / "draft.txt").write_text(DRAFT, encoding="utf-8")
    return copy


def test_named_commands_work_on_a_fresh_copy(fresh_copy: Path) -> None:
    # Only nox's own variables; nothing of the environment this test runs in.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    for command, status, words in RUN:
        arguments = command.split()[1:]
        result = subprocess.run(
            [sys.executable, "-m", "nox", "--no-color", *arguments],
            cwd=fresh_copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == status, f"{command}\n{output}"
        assert words in output, f"{command}\n{output}"
