"""noxfile.py: the sessions the README names exist, and every session explains itself.

Read with ``ast``, so that these tests need neither nox nor a virtual environment.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOXFILE = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
SESSIONS = {
    "verify",
    "tests",
    "docs",
    "docs-live",
    "publish",
    "rollback",
    "check",
    "lint",
    "new-example",
}
# Quick and needed by everyone: the rest are run by name.
DEFAULT = {"tests"}


def session_decorator(function: ast.FunctionDef) -> ast.Call | None:
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "nox.session":
            return decorator
    return None


def sessions() -> dict[str, tuple[ast.FunctionDef, ast.Call]]:
    found = {}
    for node in NOXFILE.body:
        if isinstance(node, ast.FunctionDef) and (decorator := session_decorator(node)):
            keywords = {
                k.arg: ast.literal_eval(k.value) for k in decorator.keywords if k.arg == "name"
            }
            found[keywords.get("name", node.name)] = (node, decorator)
    return found


def keyword(decorator: ast.Call, name: str) -> object:
    for item in decorator.keywords:
        if item.arg == name:
            return ast.unparse(item.value)
    return None


def test_every_session_exists() -> None:
    assert set(sessions()) >= SESSIONS


@pytest.mark.parametrize("name", sorted(sessions()))
def test_session_is_typed_and_documented(name: str) -> None:
    function, _ = sessions()[name]
    docstring = ast.get_docstring(function)
    # 'nox -l' shows the first line: it must say what the session does.
    assert docstring and len(docstring.splitlines()[0]) <= 90
    assert ast.unparse(function.args.args[0].annotation or ast.Constant(None)) == "nox.Session"
    assert ast.unparse(function.returns or ast.Constant(None)) == "None"


@pytest.mark.parametrize("name", sorted(set(sessions()) - DEFAULT))
def test_slow_or_specific_sessions_are_not_run_by_default(name: str) -> None:
    assert keyword(sessions()[name][1], "default") == "False"


@pytest.mark.parametrize("name", sorted(sessions()))
def test_arguments_are_passed_through(name: str) -> None:
    function, _ = sessions()[name]
    assert "session.posargs" in ast.unparse(function)


def test_environments_are_reused() -> None:
    source = ast.unparse(NOXFILE)
    assert "nox.options.reuse_existing_virtualenvs = True" in source


def test_readme_quick_start_is_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```\w*\n(.*?)```", section, re.DOTALL)
    assert block is not None
    assert block.group(1).splitlines() == [
        "python3 -m pip install nox && nox -s publish",
        "nox -s tests",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert re.search(r"^python3 -m nox -s tests\b", script, re.MULTILINE)


def test_docs_live_sets_a_real_configuration_value() -> None:
    # A misspelt -D name is only a warning, and docs-live would quietly fail on mismatches.
    extension = "".join(
        path.read_text(encoding="utf-8") for path in (REPO / "checks" / "sphinxext").glob("*.py")
    )
    function, _ = sessions()["docs-live"]
    defined = re.findall(r"'-D', '(\w+)=", ast.unparse(function))
    assert defined
    for name in defined:
        assert f'"{name}"' in extension, f"{name} is not a configuration value of checks.sphinxext"


def test_sessions_that_run_a_tool_install_the_project_first() -> None:
    # The tools import the checks package; a session that runs one without
    # installing the project fails with ModuleNotFoundError.
    for name, (function, _) in sessions().items():
        calls = [ast.unparse(node) for node in ast.walk(function) if isinstance(node, ast.Call)]
        runs_tool = any("tools." in call and call.startswith("session.run(") for call in calls)
        installs = any(call.startswith("session.install(") for call in calls)
        assert installs or not runs_tool, name
