"""Verification: every example's stated verdict must agree with the checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checks.broken import Broken, broken_example
from checks.checks_wrong import FALSE_ALARM, MISS
from checks.engine import check_text
from checks.examples import Example, is_principle, parse_example
from checks.findings import Finding, LineIndex
from checks.hints import mismatch_fix
from checks.paths import Listing, Signature, signature, walk
from checks.paths import shown as _shown
from checks.placeholder import placeholder_problems, template_texts
from checks.problems import Problem, ProblemKind
from checks.vocabulary import breaks_rules, principles

EXAMPLES_FAILED = "problem(s) in the examples"
"""Words of the error that fails a site build whose examples have problems."""


@dataclass(frozen=True)
class Judgement:
    """What the checks make of one example: its findings, after ``allow``, and problems."""

    example: Example
    findings: tuple[Finding, ...]
    allowed: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    disputed: tuple[Finding, ...] = ()
    """Findings a ``checks_wrong`` record calls false alarms: shown, never counted."""

    @property
    def slug(self) -> str:
        return self.example.slug

    @property
    def rules(self) -> list[str]:
        """Every rule the example exercises: broken, nearly triggered or accepted."""
        found = [
            *self.example.breaks,
            *self.example.near_miss,
            *(a.rule for a in self.example.allow),
            *(record.rule for record in self.example.checks_wrong),
        ]
        return list(dict.fromkeys(found))


@dataclass
class Report:
    """The one record of a folder's verification, for the command line and the site."""

    root: Path = Path()
    signature: Signature = ()
    """The folder's files as they were when verified (checks.paths.signature)."""
    files: list[Path] = field(default_factory=list)
    """Every example file found, valid or not, in path order."""
    judgements: list[Judgement] = field(default_factory=list)
    """Every valid example's judgement, by principle and then title."""
    problems: list[Problem] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    """Every example file at its place that cannot be used, with its problems."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_invalid_input(self) -> bool:
        return any(p.kind.is_invalid_input for p in self.problems)

    def find(self, slug: str) -> Judgement | None:
        return next((j for j in self.judgements if j.slug == slug), None)

    def select(self, principle: str = "", verdict: str = "", rule: str = "") -> Iterator[Judgement]:
        """The judgements of one principle, verdict and rule (each, if given)."""
        for judgement in self.judgements:
            example = judgement.example
            if principle and example.principle != principle:
                continue
            if verdict and example.verdict != verdict:
                continue
            if rule and rule not in judgement.rules:
                continue
            yield judgement

    def files_for(self, principle: str = "") -> list[Path]:
        """Example files a collection depends on, valid or not, so fixing one rebuilds it."""
        if not principle:
            return list(self.files)
        return [path for path in self.files if path.parent.name == principle]


def judge(example: Example) -> Judgement:
    """Run the checks on an example and compare them with its stated verdict."""
    findings = check_text(example.body, capacity=example.capacity)
    accepted = {allow.rule for allow in example.allow}
    false_alarms = {r.rule for r in example.checks_wrong if r.kind == FALSE_ALARM}
    kept = tuple(f for f in findings if f.rule not in accepted | false_alarms)
    allowed = tuple(f for f in findings if f.rule in accepted)
    disputed = tuple(f for f in findings if f.rule in false_alarms - accepted)
    problems = [
        Problem(
            example.path,
            allow.line,
            ProblemKind.UNUSED_ALLOW,
            f"'allow' accepts {allow.rule} but the checks find no {allow.rule} in the post",
            "remove this 'allow' entry",
        )
        for allow in example.allow
        if not any(f.rule == allow.rule for f in findings)
    ]
    problems += _stale_records(example, {f.rule for f in findings})
    mismatch = _mismatch(example, kept)
    return Judgement(
        example, kept, allowed, tuple(([mismatch] if mismatch else []) + problems), disputed
    )


def _stale_records(example: Example, found: set[str]) -> list[Problem]:
    """``checks_wrong`` records the checks no longer bear out: the fault is fixed."""
    problems = []
    for record in example.checks_wrong:
        if record.kind == FALSE_ALARM and record.rule not in found:
            message = f"the checks no longer find {record.rule}, so it is no false alarm"
            fix = "remove this 'checks_wrong' entry: the checks now agree"
        elif record.kind == MISS and record.rule in found:
            message = f"the checks now find {record.rule}, so they no longer miss it"
            fix = f"remove this 'checks_wrong' entry and list {record.rule} in 'breaks'"
        else:
            continue
        problems.append(
            Problem(example.path, record.line, ProblemKind.STALE_CHECKS_WRONG, message, fix)
        )
    return problems


def _mismatch(example: Example, findings: tuple[Finding, ...]) -> Problem | None:
    found = sorted({f.rule for f in findings})
    stated = sorted(example.breaks)
    if found == stated:
        return None
    lines = LineIndex(example.body, example.body_line)
    unexpected = [f for f in findings if f.rule not in stated]
    missing = [rule for rule in stated if rule not in found]
    firsts = _first_per_rule(unexpected)
    details = [f'{f.rule} matched "{f.text}" at line {lines.line(f.start)}' for f in firsts]
    details += [f"{rule} matched nothing" for rule in missing]
    claim = f"stated {example.verdict}" + (
        f" [{', '.join(stated)}]" if breaks_rules(example.verdict) else ""
    )
    line = lines.line(unexpected[0].start) if unexpected else example.line_of("breaks")
    return Problem(
        example.path,
        line,
        ProblemKind.MISMATCH,
        f"{claim} but checks found [{', '.join(found)}]: {'; '.join(details)}",
        mismatch_fix(example.verdict, [f.rule for f in firsts], missing),
    )


def _first_per_rule(findings: Iterable[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault(finding.rule, finding)
    return list(seen.values())


def example_paths(
    root: Path, base: Path | None = None, listing: Listing | None = None
) -> tuple[list[Path], list[Path], list[Problem]]:
    """Example files under ``root``, templates (names starting '_'), and misplaced files.

    Anything at an example's place (``<principle>/<name>.md``) is an example
    file, whatever it is: reading it refuses a link, a device or a pipe by name.
    Elsewhere, a link or such is reported here; folders that are links are never
    entered. Problems name files relative to ``base`` (the working folder by default).
    ``listing`` is ``walk(root)``, if the caller has it already.
    """
    examples, templates, problems = [], [], []
    for path, kind in walk(root) if listing is None else listing:
        relative = path.relative_to(root)
        if path.name.startswith(("_", ".")):
            templates.append(path)
        elif len(relative.parts) == 2 and is_principle(relative.parts[0]) and path.suffix == ".md":
            examples.append(path)
        else:
            problems.append(_stray(_shown(path, base), kind))
    return examples, templates, problems


def _stray(shown: str, kind: str) -> Problem:
    """The problem with something that is not at an example's place."""
    if kind == "folder-link":
        return Problem(
            shown,
            1,
            ProblemKind.SYMLINK,
            "is a symbolic link to a folder, and links are never followed",
            "replace the link with the folder itself",
        )
    if kind == "link":
        return Problem(
            shown,
            1,
            ProblemKind.SYMLINK,
            "is a symbolic link, and links are never followed",
            "replace the link with the file itself",
        )
    if kind == "unlistable":
        return Problem(
            shown,
            1,
            ProblemKind.UNREADABLE,
            "is a folder that cannot be read",
            "check the folder's permissions",
        )
    if kind == "special":
        return Problem(
            shown,
            1,
            ProblemKind.NOT_A_FILE,
            "is a device, pipe or socket, not an ordinary file",
            "remove it: only example files belong here",
        )
    return Problem(
        shown,
        1,
        ProblemKind.MISPLACED,
        "is not at examples/<principle>/<slug>.md",
        f"move it into one of the principle folders: {', '.join(principles())}, with a .md name",
    )


def verify_folder(root: Path, base: Path | None = None, listing: Listing | None = None) -> Report:
    """Parse and judge every example under ``root``, collecting every problem.

    Files are named, in problems and in messages, relative to ``base`` (the
    working folder by default): the Sphinx extension passes the folder of conf.py.
    ``listing`` is ``walk(root)`` if the caller has it: the folder is walked once.
    """
    report = Report(root)
    if root.is_symlink():
        # Never followed: the examples a pull request shows must be the ones the site uses.
        report.problems = [_stray(_shown(root, base), "folder-link")]
        return report
    listing = walk(root) if listing is None else listing
    report.signature = signature(listing)
    report.files, templates, report.problems = example_paths(root, base, listing)
    paths = report.files
    report.templates = [_shown(p, base) for p in templates]
    by_slug: dict[str, list[str]] = defaultdict(list)
    template = template_texts(root)
    for path in paths:
        by_slug[path.stem].append(_shown(path, base))
        example, problems = parse_example(path, _shown(path, base))
        if example is not None:
            # An unedited copy of the template is refused, like any other invalid file.
            problems += placeholder_problems(example, template)
            example = None if problems else example
        report.problems += problems
        if example is not None:
            judgement = judge(example)
            report.judgements.append(judgement)
            report.problems += judgement.problems
    for slug, shown_paths in by_slug.items():
        for duplicate in shown_paths[1:]:
            report.problems.append(
                Problem(
                    duplicate,
                    1,
                    ProblemKind.DUPLICATE_SLUG,
                    f"slug '{slug}' is already used by {shown_paths[0]}",
                    "rename this file: slugs must be unique across all folders",
                )
            )
    report.problems.sort(key=lambda p: (p.path, p.line))
    judged = {j.example.path for j in report.judgements}
    report.broken = [
        broken_example(path, shown, [p for p in report.problems if p.path == shown])
        for path in paths
        if (shown := _shown(path, base)) not in judged
    ]
    report.broken.sort(key=lambda b: b.path)
    report.judgements.sort(key=lambda j: (j.example.principle, j.example.title.casefold()))
    return report
