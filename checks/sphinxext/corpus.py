"""The examples as the site sees them: verified once per build, cached by file times.

The rule engine verifies the folder into a ``Report``; this module keeps that one
record for every directive of the build, warns about each problem at its file
and line, and fails the build at the end when any example is wrong.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checks.examples import parse_example
from checks.paths import Listing, shown, signature, walk
from checks.problems import ProblemKind
from checks.sphinxext import freshness
from checks.sphinxext.config import examples_dir
from checks.sphinxext.domain import domain_of
from checks.sphinxext.freshness import code_hash
from checks.sphinxext.messages import fail, warn
from checks.verify import EXAMPLES_FAILED, Judgement, Report, example_paths, verify_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# The report of each source folder's build, for its directives; inherited by the
# processes of a parallel build.
_LOADED: dict[Path, Report] = {}

UNVERIFIED = "unverified"
"""The stamp of a report whose examples no rule has judged (``checks_verify = False``)."""


def corpus_for(env: BuildEnvironment) -> Report:
    """The verified examples of the build this environment belongs to."""
    return _LOADED[Path(env.srcdir)]


def load(app: Sphinx) -> Report:
    """Verify the examples that changed since the last build, and only those.

    The folder is walked once: the same listing gives the signature that decides
    and, if anything changed, the files that are verified. The last report is kept
    in the environment with the checks' hash (``freshness.code_hash``), because
    each rebuild of the preview is a new process: an edit to one example then costs
    one example's checks, and a change to the checks verifies everything again.
    """
    root = examples_dir(app)
    listing = walk(root) if root.is_dir() else []
    stamp = code_hash(freshness.CHECKS_ROOT) if app.config.checks_verify else UNVERIFIED
    kept = domain_of(app.env).data["verified"]
    previous = kept[1] if kept and kept[0] == stamp and kept[1].root == root else None
    # Editors know files by their path from conf.py's folder, in warnings and messages.
    base = Path(app.confdir)
    if not root.is_dir():
        report = Report(root)
    elif previous is not None and previous.signature == signature(listing):
        report = previous
    elif stamp == UNVERIFIED:
        report = unverified(root, base, listing)
    elif previous is not None and _same_files(previous, listing):
        report = reverify(previous, root, base, listing)
    else:
        report = verify_folder(root, base, listing)
    domain_of(app.env).data["verified"] = (stamp, report)
    _LOADED[Path(app.srcdir)] = report
    return report


def _same_files(report: Report, listing: Listing) -> bool:
    """Whether the listing names the same files, of the same kinds, as the report's."""
    return [entry[:2] for entry in report.signature] == [(str(p), k) for p, k in listing]


def reverify(previous: Report, root: Path, base: Path, listing: Listing) -> Report:
    """``verify_folder`` of a folder whose files are those of ``previous``, some edited.

    Only the edited files are read and judged; the rest of ``previous`` is kept.
    A duplicate slug depends on file names alone, which have not changed, so those
    problems are kept whole. A test compares the result with ``verify_folder``'s.
    """
    now = signature(listing)
    pairs = zip(now, previous.signature, strict=True)
    edited = {entry[0] for entry, then in pairs if entry != then}
    fresh = verify_folder(root, base, [(p, k) for p, k in listing if str(p) in edited])
    edited_shown = {shown(Path(path), base) for path in edited}
    duplicate = ProblemKind.DUPLICATE_SLUG
    report = Report(root, now, previous.files, templates=previous.templates)
    report.judgements = [
        j for j in previous.judgements if str(j.example.file) not in edited
    ] + fresh.judgements
    report.problems = [
        p for p in previous.problems if p.kind is duplicate or p.path not in edited_shown
    ] + [p for p in fresh.problems if p.kind is not duplicate]
    # The order verify_folder gives: by file and line, a file's own problems before its slug's.
    report.problems.sort(key=lambda p: (p.path, p.line, p.kind is duplicate))
    report.judgements.sort(key=lambda j: (j.example.principle, j.example.title.casefold()))
    # A broken file's problems as merged above: a duplicate slug's is kept from before.
    broken = [b for b in previous.broken if b.path not in edited_shown] + fresh.broken
    report.broken = sorted(
        (
            replace(b, problems=tuple(p for p in report.problems if p.path == b.path))
            for b in broken
        ),
        key=lambda b: b.path,
    )
    return report


def unverified(root: Path, base: Path, listing: Listing) -> Report:
    """The valid examples as cards with no rule run on them (``checks_verify = False``).

    Only for measuring what the checks cost a build: every post is parsed as usual,
    but shows no finding and no problem.
    """
    report = Report(root, signature(listing))
    report.files = example_paths(root, base, listing)[0]
    for path in report.files:
        example = parse_example(path, shown(path, base))[0]
        if example is not None:
            report.judgements.append(Judgement(example, (), (), ()))
    report.judgements.sort(key=lambda j: (j.example.principle, j.example.title.casefold()))
    return report


def warn_problems(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Every build, before reading: one warning per problem, at its file and line."""
    for problem in corpus_for(env).problems:
        warn(
            f"{problem.message} (fix: {problem.fix})",
            problem.kind,
            f"{problem.path}:{problem.line}",
        )


def fail_on_problems(app: Sphinx, exception: Exception | None) -> None:
    """After the whole build: fail it if any example has a problem, unless drafting."""
    if exception is not None or not app.config.checks_fail_on_mismatch:
        return
    corpus = _LOADED.get(Path(app.srcdir))
    if corpus is None or not corpus.problems:
        return
    app.statuscode = 1
    fail(
        f"{len(corpus.problems)} {EXAMPLES_FAILED}: see the checks.* warnings above. "
        "To see them on the pages while you draft, preview with 'nox -s docs-live', "
        "which builds with -D checks_fail_on_mismatch=0."
    )
