"""``--verify --format markdown --base REF``: what a reviewer of a pull request needs.

The examples folder is verified as it is now and as it was at the merge base of REF
(extracted with ``git archive``, never checked out): which examples were added,
changed and removed, their verdicts and rules, any ``allow`` or ``checks_wrong``
record added, and how many examples exercise each rule before and after.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checks.catalogue import catalogue
from checks.examples import Example
from checks.verify import Report, verify_folder
from checks.vocabulary import breaks_rules


class BaseError(Exception):
    """The base cannot be read: not a git repository, or a name git does not know."""


@dataclass(frozen=True)
class Side:
    """One side of the comparison: each file's bytes and each valid example, by file."""

    files: dict[str, bytes]
    examples: dict[str, Example]
    report: Report


def side(root: Path) -> Side:
    """The examples folder at ``root``, keyed by each file's path inside it."""
    report = verify_folder(root)
    files = {_key(path, root): path.read_bytes() for path in report.files if path.is_file()}
    examples = {_key(j.example.file, root): j.example for j in report.judgements}
    return Side(files, examples, report)


def _key(path: Path, root: Path) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def base_side(root: Path, ref: str) -> Side:
    """The examples folder as it was at the merge base of ``ref`` and HEAD."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    base = _git(root, "merge-base", ref, "HEAD").decode().strip()
    if not root.resolve().is_relative_to(top.resolve()):
        raise BaseError(f"{root} is not inside the git repository at {top}")
    inside = root.resolve().relative_to(top.resolve()).as_posix()
    with tempfile.TemporaryDirectory() as folder:
        if not _git(top, "ls-tree", "-d", base, "--", inside).strip():
            # No examples folder at the base: every example is added.
            return side(Path(folder))
        archive = _git(top, "archive", "--format=tar", base, "--", inside)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            # The "data" filter refuses links out of the folder, devices and absolute names.
            tar.extractall(folder, filter="data")
        return side(Path(folder) / inside)


def _git(cwd: Path, *arguments: str) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise BaseError(f"git cannot be run: {error.strerror}") from error
    if done.returncode:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise BaseError(f"git {arguments[0]}: {said[-1] if said else 'failed'}")
    return done.stdout


def render(shown_root: str, now: Side, before: Side | None, ref: str) -> str:
    """The review summary as GitHub-flavoured Markdown."""
    lines = ["## Examples in this change", ""]
    if before is None:
        lines += ["No base to compare with: give one with `--base REF`.", ""]
    else:
        lines += _changes(shown_root, now, before, ref)
    lines += _problems(now.report)
    lines += _coverage(now, before)
    return "\n".join(lines) + "\n"


def _changes(shown_root: str, now: Side, before: Side, ref: str) -> list[str]:
    added = sorted(now.files.keys() - before.files.keys())
    removed = sorted(before.files.keys() - now.files.keys())
    both = now.files.keys() & before.files.keys()
    changed = sorted(k for k in both if now.files[k] != before.files[k])
    lines = [
        f"Compared with the merge base of `{ref}`: {len(added)} added, {len(changed)} changed, "
        f"{len(removed)} removed.",
        "",
    ]
    if not (added or changed or removed):
        return lines
    lines += [
        "| Example | Change | Verdict | Rules broken | Near misses |",
        "|---|---|---|---|---|",
    ]
    rows = [(k, "added") for k in added] + [(k, "changed") for k in changed]
    rows += [(k, "removed") for k in removed]
    for key, change in sorted(rows):
        example = (before if change == "removed" else now).examples.get(key)
        lines.append(f"| {_cell(f'{shown_root}/{key}')} | {change} | {_verdict_cells(example)} |")
    records = list(_records_added(now, before))
    if records:
        lines += ["", "### Records added", "", "| Example | Record | Rule | Reason |"]
        lines += ["|---|---|---|---|"]
        lines += [
            f"| {_cell(f'{shown_root}/{key}')} | {what} | `{rule}` | {_cell(reason)} |"
            for key, what, rule, reason in records
        ]
    return [*lines, ""]


def _verdict_cells(example: Example | None) -> str:
    if example is None:
        return "cannot be read | — | —"
    broken = ", ".join(f"`{r}`" for r in example.breaks) or (
        "none the checks can judge" if breaks_rules(example.verdict) else "—"
    )
    near = ", ".join(f"`{r}`" for r in example.near_miss) or "—"
    return f"{example.verdict} | {broken} | {near}"


def _records_added(now: Side, before: Side) -> Iterator[tuple[str, str, str, str]]:
    """Each ``allow`` and ``checks_wrong`` entry an example has now and did not have."""
    for key, example in sorted(now.examples.items()):
        old = before.examples.get(key)
        old_allow = {a.rule for a in old.allow} if old else set()
        old_wrong = {(r.rule, r.kind) for r in old.checks_wrong} if old else set()
        for allow in example.allow:
            if allow.rule not in old_allow:
                yield key, "allow", allow.rule, allow.reason
        for record in example.checks_wrong:
            if (record.rule, record.kind) not in old_wrong:
                yield key, f"checks_wrong ({record.kind})", record.rule, record.reason


def _problems(report: Report) -> list[str]:
    judged = len(report.judgements)
    if not report.problems:
        return [f"All {judged} examples agree with the checks.", ""]
    lines = [f"### {len(report.problems)} problem(s)", "", "| Where | Problem | Fix |"]
    lines += ["|---|---|---|"]
    lines += [
        f"| {_cell(f'{p.path}:{p.line}')} | {_cell(p.message)} | {_cell(p.fix)} |"
        for p in report.problems
    ]
    return [*lines, ""]


def _coverage(now: Side, before: Side | None) -> list[str]:
    """How many bad examples break each rule, and how many good ones nearly do."""
    lines = ["### Rule coverage", "", "| Rule | Bad examples | Near misses |", "|---|---|---|"]
    for rule in catalogue():
        after = _counts(now, rule)
        if before is None:
            lines.append(f"| `{rule}` | {after[0]} | {after[1]} |")
            continue
        then = _counts(before, rule)
        lines.append(f"| `{rule}` | {_moved(then[0], after[0])} | {_moved(then[1], after[1])} |")
    return lines


def _counts(found: Side, rule: str) -> tuple[int, int]:
    examples = found.examples.values()
    return sum(rule in e.breaks for e in examples), sum(rule in e.near_miss for e in examples)


def _moved(then: int, now: int) -> str:
    return f"{now}" if then == now else f"{then} → **{now}**"


MARKDOWN = "\\`*_[]<>!|~#"
"""Characters Markdown may read as markup: each is escaped with a backslash."""


def _cell(text: str) -> str:
    """Editors' text in one table cell: one line, every character as written.

    Reasons, messages and file names are data: escaped, none can add a link, an
    image, HTML or a column to the summary.
    """
    line = " ".join(text.split()).replace("&", "&amp;")
    return "".join(f"\\{c}" if c in MARKDOWN else c for c in line)
