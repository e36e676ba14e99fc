"""``--format github``: GitHub Actions workflow commands, one per finding or problem.

A workflow step that prints ``::error file=F,line=L,...::message`` makes GitHub show
the message on that line of the pull request's diff. Values are escaped as GitHub's
own toolkit escapes them (``@actions/core``): ``%``, carriage return and line feed in
the message; those and ``:`` and ``,`` as well in a property, where they would end it.
"""

from __future__ import annotations

from collections.abc import Iterable

from checks.findings import Finding, LineIndex
from checks.problems import Problem

_DATA = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY = (*_DATA, (":", "%3A"), (",", "%2C"))


def escape_data(text: str) -> str:
    """A message made safe to follow ``::``."""
    for raw, escaped in _DATA:
        text = text.replace(raw, escaped)
    return text


def escape_property(text: str) -> str:
    """A property value made safe between ``=`` and the next ``,`` or ``::``."""
    for raw, escaped in _PROPERTY:
        text = text.replace(raw, escaped)
    return text


def command(name: str, message: str, **properties: str | int) -> str:
    """One workflow command: ``::name key=value,...::message``, every part escaped."""
    shown = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {shown}::{escape_data(message)}"


def finding_command(path: str, finding: Finding, lines: LineIndex) -> str:
    """An error on the span a finding covers, titled with its rule."""
    start, end = lines.position(finding.start), lines.position(finding.end)
    return command(
        "error",
        f'{finding.message}: "{finding.text}"',
        file=path,
        line=start.line,
        col=start.column,
        endLine=end.line,
        endColumn=end.column,
        title=f"checks: {finding.rule}",
    )


def problem_command(problem: Problem) -> str:
    """An error on the line of an example's problem, with its fix on a line of its own."""
    return command(
        "error",
        f"{problem.message}\nfix: {problem.fix}",
        file=problem.path,
        line=problem.line,
        title=f"checks.{problem.kind.value}",
    )


def problem_commands(problems: Iterable[Problem]) -> list[str]:
    return [problem_command(problem) for problem in problems]
