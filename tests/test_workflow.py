"""The GitHub workflow: problems on their lines, the browser set for hosted runners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "docs.yml"


def job() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    [only] = workflow["jobs"].values()
    return dict(only)


def runs() -> list[str]:
    return [step.get("run", "") for step in job()["steps"]]


def test_problems_in_the_examples_are_shown_on_their_lines() -> None:
    assert any(run.strip() == "nox -s verify -- --format github" for run in runs())


def test_a_review_summary_is_added_to_the_job_summary() -> None:
    [step] = [s for s in job()["steps"] if "--format markdown" in s.get("run", "")]
    assert step["run"] == (
        'nox -s verify -- --format markdown --base "$BASE" >> "$GITHUB_STEP_SUMMARY"'
    )
    assert step["env"]["BASE"] == "origin/${{ github.base_ref }}"
    assert "github.event_name == 'pull_request'" in step["if"]


def test_hosted_runners_are_given_a_browser_and_nginx() -> None:
    # ubuntu-latest has no /usr/bin/chromium (the tests' default), but has Google Chrome.
    assert job()["env"]["BROWSER_TESTS_CHROMIUM"] == "/usr/bin/google-chrome"
    assert any("apt-get install -y -qq nginx" in run for run in runs())


def test_the_site_and_its_screenshots_are_attached() -> None:
    [upload] = [s for s in job()["steps"] if s.get("uses", "").startswith("actions/upload")]
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["path"].split() == ["build/html", "build/screenshots"]
