"""A new phrase rule is three files: its rule file, its test cases and its docs page.

The project is copied to a temporary folder, the three files are added there and
nothing else is changed; then the copy's engine reports the rule, the copy's
rule tests pass with its cases, and the copy's site has the rule's page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
RULE = "chain-letter"

RULE_FILE = """\
# Chain letters: asking readers to pass a post on to a number of people.
id: chain-letter
order: 115
title: Chain letters
principle: consistent
clause: Be cordial, honest and professional at all times.
message: asks readers to pass the post on like a chain letter
explanation: |
  A chain letter spreads without anyone checking it. Share what you know to be true,
  and let readers decide for themselves what to pass on.
kind: phrase
macros:
  MANY: ["ten", "10", "five", "5", "everyone you know", "all your contacts"]
groups:
  - match:
      - "(?:share|forward|send|copy) (?:this|it) (?:to|with) {MANY}(?: friends| people)?"
    unless_before: ["don't", "do not", "never", "please don't"]
    words_before: 3
"""

FIRES = [
    ("Share this with ten friends or bad luck will follow.", "Share this with ten friends"),
    ("Forward this to everyone you know before midnight!", "Forward this to everyone you know"),
    ("Copy it to 5 people and see what happens.", "Copy it to 5 people"),
    ("Send this to all your contacts now.", "Send this to all your contacts"),
    ("Please share this with 10 people today.", "share this with 10 people"),
    ("Quick, forward it to five friends.", "forward it to five friends"),
    ("You must send it to ten people.", "send it to ten people"),
    ("Share it with everyone you know, it matters.", "Share it with everyone you know"),
    ("I did it, now copy this to all your contacts.", "copy this to all your contacts"),
    ("Go on, share this with five people.", "share this with five people"),
]
NEAR_MISSES = [
    "Don't forward this to everyone you know.",
    "Please don't share this with ten friends.",
    "Never send it to all your contacts.",
    "Share this with your manager if it helps.",
    "I shared the guidance with my team.",
    "Forward the agenda to the committee.",
    "We have ten friends coming for dinner.",
    "Send me the report by Friday.",
    "Copy the link into your browser.",
    'Phrases like "share this with ten friends" are chain letters.',
]

DOCS_PAGE = """\
---
owner: Guidance site editors, Cabinet Office
last_reviewed: 2026-11-24
review_by: 2027-06-30
---

```{rule} chain-letter
```
"""


def _copy_project(base: Path) -> Path:
    """The project's tracked folders and files, copied to ``base/project``."""
    project = base / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for name in ("checks", "docs", "examples", "tests"):
        shutil.copytree(REPO / name, project / name, ignore=ignore)
    for name in ("conf.py", "pyproject.toml"):
        shutil.copy2(REPO / name, project / name)
    return project


def _cases() -> str:
    cases = [{"text": text + "\n", "fires": True, "spans": [span]} for text, span in FIRES]
    cases += [{"text": text + "\n", "fires": False} for text in NEAR_MISSES]
    return yaml.safe_dump(cases, sort_keys=False, allow_unicode=True)


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in the copy, importing the copy's ``checks`` and nothing else."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _copy_project(tmp_path_factory.mktemp("new-rule"))
    (project / "checks" / "rules" / f"{RULE}.yaml").write_text(RULE_FILE, encoding="utf-8")
    (project / "tests" / "rules" / f"{RULE}.yaml").write_text(_cases(), encoding="utf-8")
    (project / "docs" / "rules" / f"{RULE}.md").write_text(DOCS_PAGE, encoding="utf-8")
    return project


def test_the_copy_imports_its_own_checks(project: Path) -> None:
    found = _run(project, "-c", "import checks; print(checks.__file__)")
    assert found.stdout.strip() == str(project / "checks" / "__init__.py"), found.stderr


def test_the_engine_reports_the_new_rule(project: Path) -> None:
    post = project / "post.txt"
    post.write_text("Vote Labour! And share this with ten friends.\n", encoding="utf-8")
    result = _run(project, "-m", "checks", "--format", "json", "post.txt")
    assert result.returncode == 1, result.stderr
    [checked] = json.loads(result.stdout)
    found = [(f["rule"], f["text"]) for f in checked["findings"]]
    assert found == [("political", "Vote Labour"), (RULE, "share this with ten friends")]
    listed = _run(project, "-m", "checks", "--rules")
    assert f"{RULE} " in listed.stdout


def test_the_new_rules_cases_and_the_catalogue_tests_pass(project: Path) -> None:
    tests = ["tests/test_rules.py", "tests/test_catalogue.py"]
    result = _run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests)
    assert result.returncode == 0, result.stdout[-3000:]
    ran = _run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests, "-k", RULE)
    assert f"{len(FIRES) + len(NEAR_MISSES) + 2} passed" in ran.stdout, ran.stdout[-3000:]


def test_the_site_has_the_new_rules_page(project: Path) -> None:
    out = project / "build"
    result = _run(project, "-m", "sphinx", "-c", ".", "-q", "-n", "docs", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "rules" / f"{RULE}.html").read_text(encoding="utf-8")
    assert "Chain letters" in page and "Be cordial, honest and professional" in page
    assert f'href="{RULE}.html"' in (out / "rules" / "index.html").read_text(encoding="utf-8")
