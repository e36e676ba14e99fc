"""The command line: ``python -m checks``. Its output and exit codes are a contract.

- ``python -m checks FILE...`` prints ``FILE:LINE:COL: RULE message`` per finding;
- ``--format json`` prints one JSON array, one object per FILE, in order;
- ``--format github`` prints GitHub workflow commands (checks.github), so that a
  workflow shows each finding and problem on its line of the pull request;
- ``--verify --format markdown [--base REF]`` prints a review summary (checks.review):
  the examples added, changed and removed since the merge base of REF, and more;
- ``--verify [DIR]`` verifies every example under DIR (default: the examples folder that
  conf.py in the working folder names, ``examples/`` if it names none);
- ``--rules`` lists the catalogue.

Exit status: 0 nothing found / all verified; 1 findings or mismatches;
2 usage error or invalid input.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from checks import __version__, review
from checks.catalogue import catalogue
from checks.engine import check_text
from checks.examples import FrontMatterError, read_source, split_post
from checks.findings import MOST_PER_RULE, Finding, LineIndex, rules_at_limit
from checks.github import finding_command, problem_command
from checks.paths import configured_examples_dir, shown
from checks.patterns import RuleDataError
from checks.problems import Problem, ProblemKind
from checks.sources import DRAFT, DRAFT_LIMIT, read_stream
from checks.verify import Report, verify_folder
from checks.vocabulary import capacities, verdicts

OK, FOUND, INVALID = 0, 1, 2


@dataclass(frozen=True)
class CheckedFile:
    """The findings in one file given on the command line, or why it could not be checked."""

    path: str
    findings: tuple[Finding, ...]
    lines: LineIndex
    error: Problem | None = None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m checks",
        description="Check posts against 'Participation online' (Cabinet Office, 2008).",
        epilog="Exit status: 0 nothing found or all verified; 1 findings or mismatches; "
        "2 usage error or invalid input.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="posts to check: plain text or example files ('-' reads standard input)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github", "markdown"),
        default="text",
        help="output format (markdown: a review summary, with --verify only)",
    )
    parser.add_argument(
        "--base",
        metavar="REF",
        help="with --format markdown: the branch or commit to compare the examples with",
    )
    parser.add_argument(
        "--capacity",
        choices=tuple(capacities()),
        help="who the posts are written as, where known: the rules that do not apply to "
        "posts written so are left out (--verify uses each example's own capacity)",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--verify",
        nargs="?",
        const="",
        metavar="DIR",
        help="verify every example under DIR (default: the folder conf.py names, or examples)",
    )
    action.add_argument("--rules", action="store_true", help="list the rule catalogue")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = stdout or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        catalogue()
    except RuleDataError as error:
        # A rule file an editor broke: each problem at its file and line, no traceback.
        print(f"python -m checks: the rules cannot be read\n{error}", file=sys.stderr)
        return INVALID
    if args.rules:
        return _list_rules(args.format, out)
    if args.verify is not None:
        if args.files:
            parser.error("--verify takes one folder, not files")
        # The folder the site reads: conf.py's checks_examples_dir, never a name of our own.
        folder = Path(args.verify) if args.verify else configured_examples_dir(Path("."))
        if args.format == "markdown":
            return _review(folder, args.base, out)
        return _verify(folder, args.format, out)
    if args.format == "markdown" or args.base is not None:
        parser.error("--format markdown and --base summarise --verify: add --verify")
    if not args.files:
        parser.error("give at least one FILE to check, or --verify, or --rules")
    checked = [_check_file(name, args.capacity) for name in args.files]
    printers = {"json": _print_json, "github": _print_github, "text": _print_text}
    printers[args.format](checked, out)
    if any(c.error for c in checked):
        return INVALID
    return FOUND if any(c.findings for c in checked) else OK


def _check_file(name: str, capacity: str | None = None) -> CheckedFile:
    source, problems = _read_draft(name)
    if source is None:
        return CheckedFile(name, (), LineIndex(""), problems[0])
    try:
        _, post = split_post(source)
    except FrontMatterError as error:
        unclosed = Problem(
            name,
            1,
            ProblemKind.FRONT_MATTER,
            str(error),
            "add a line '---' after the last front-matter field",
        )
        return CheckedFile(name, (), LineIndex(""), unclosed)
    findings = tuple(check_text(post.text, capacity=capacity))
    return CheckedFile(name, findings, LineIndex(post.text, post.first_line))


def _read_draft(name: str) -> tuple[str | None, list[Problem]]:
    """A draft's text (``-`` is standard input), read no further than the draft limit."""
    if name != "-":
        return read_source(Path(name), name, limit=DRAFT_LIMIT, what=DRAFT)
    stream: Any = sys.stdin
    if stream is None:
        closed = Problem(
            "-",
            1,
            ProblemKind.UNREADABLE,
            "cannot be read: standard input is closed",
            "pipe the draft in, or give its file",
        )
        return None, [closed]
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text stream put in place of standard input, as tests do
        binary = io.BytesIO(stream.read(DRAFT_LIMIT + 1).encode("utf-8", "surrogateescape"))
    return read_stream(binary, "-", DRAFT_LIMIT)


def _print_text(checked: list[CheckedFile], out: TextIO) -> None:
    for item in checked:
        if item.error:
            _print_error(item.error)
        for finding in item.findings:
            start = item.lines.position(finding.start)
            print(
                f"{item.path}:{start.line}:{start.column}: {finding.rule} {finding.message}",
                file=out,
            )
        for rule in rules_at_limit(item.findings):
            print(
                f"{item.path}: note: only the first {MOST_PER_RULE} findings of {rule} "
                "are listed; the text may hold more",
                file=out,
            )


def _print_github(checked: list[CheckedFile], out: TextIO) -> None:
    for item in checked:
        if item.error:
            print(problem_command(item.error), file=out)
        for finding in item.findings:
            print(finding_command(item.path, finding, item.lines), file=out)


def _print_json(checked: list[CheckedFile], out: TextIO) -> None:
    document = []
    for item in checked:
        entry: dict[str, Any] = {
            "path": item.path,
            "findings": [_finding_json(f, item.lines) for f in item.findings],
        }
        if at_limit := rules_at_limit(item.findings):
            entry["more_than_listed"] = at_limit
        if item.error:
            entry["error"] = item.error.message
            entry["error_line"] = item.error.line
            entry["fix"] = item.error.fix
            _print_error(item.error)
        document.append(entry)
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _print_error(problem: Problem) -> None:
    print(
        f"{problem.path}:{problem.line}: error: {problem.message} (fix: {problem.fix})",
        file=sys.stderr,
    )


def _finding_json(finding: Finding, lines: LineIndex) -> dict[str, Any]:
    """A finding as JSON; ``end_line``/``end_column`` point just past its last character."""
    start, end = lines.position(finding.start), lines.position(finding.end)
    return {
        "rule": finding.rule,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "text": finding.text,
        "message": finding.message,
    }


def _verify(root: Path, output_format: str, out: TextIO) -> int:
    if not root.is_dir():
        print(f"{root}: error: no such folder of examples", file=sys.stderr)
        return INVALID
    report = verify_folder(root)
    if output_format == "json":
        json.dump(_report_json(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif output_format == "github":
        for problem in report.problems:
            print(problem_command(problem), file=out)
        print(_summary(root, report), file=out)
    else:
        for problem in report.problems:
            print(f"{problem}  [{problem.kind.value}]\n    fix: {problem.fix}", file=out)
        print(_summary(root, report), file=out)
    if report.has_invalid_input:
        return INVALID
    return FOUND if report.problems else OK


def _review(root: Path, ref: str | None, out: TextIO) -> int:
    """The review summary of the examples, compared with ``ref`` if given."""
    if not root.is_dir():
        print(f"{root}: error: no such folder of examples", file=sys.stderr)
        return INVALID
    try:
        before = review.base_side(root, ref) if ref else None
    except review.BaseError as error:
        print(
            f"python -m checks: error: --base {ref}: {error} (fix: fetch the base branch, "
            "such as 'git fetch origin main', or name a branch or commit this clone has)",
            file=sys.stderr,
        )
        return INVALID
    now = review.side(root)
    out.write(review.render(shown(root), now, before, ref or ""))
    if now.report.has_invalid_input:
        return INVALID
    return FOUND if now.report.problems else OK


def _summary(root: Path, report: Report) -> str:
    judged = len(report.judgements)
    counts = ", ".join(
        f"{sum(j.example.verdict == verdict for j in report.judgements)} {verdict}"
        for verdict in verdicts()
    )
    agreeing = sum(not j.problems for j in report.judgements)
    lines = [
        f"{root}: {judged} examples judged ({counts}); "
        f"{agreeing} agree with the checks; {len(report.problems)} problem(s)."
    ]
    lines += [f"Skipped template: {t}" for t in report.templates]
    return "\n".join(lines)


def _report_json(report: Report) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "examples": len(report.judgements),
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "kind": p.kind.value,
                "message": p.message,
                "fix": p.fix,
            }
            for p in report.problems
        ],
        "templates": report.templates,
    }


def _list_rules(output_format: str, out: TextIO) -> int:
    rules = list(catalogue().values())
    if output_format == "json":
        fields = ("id", "title", "principle", "clause", "message", "explanation")
        json.dump([{f: getattr(r, f) for f in fields} for r in rules], out, indent=2)
        out.write("\n")
        return OK
    width = max(len(r.id) for r in rules)
    for rule in rules:
        print(
            f'{rule.id:<{width}}  {rule.message}\n{"":<{width}}  enforces: "{rule.clause}"',
            file=out,
        )
    return OK
