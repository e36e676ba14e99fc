"""The examples as the site sees them: verified once per build, cached by file times.

The rule engine verifies the folder into a ``Report``; this module keeps that one
record for every directive of the build, warns about each problem at its file
and line, and fails the build at the end when any example is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checks.examples import parse_example
from checks.paths import Listing, shown, signature, walk
from checks.sphinxext.config import examples_dir
from checks.sphinxext.messages import fail, warn
from checks.verify import EXAMPLES_FAILED, Judgement, Report, example_paths, verify_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# One report per source folder, kept between builds in the same process and
# inherited by the processes of a parallel build.
_LOADED: dict[Path, Report] = {}


def corpus_for(env: BuildEnvironment) -> Report:
    """The verified examples of the build this environment belongs to."""
    return _LOADED[Path(env.srcdir)]


def load(app: Sphinx) -> Report:
    """Verify the examples, unless no example file changed since the last build.

    The folder is walked once: the same listing gives the signature that decides
    and, if anything changed, the files that are verified.
    """
    root = examples_dir(app)
    listing = walk(root) if root.is_dir() else []
    cached = _LOADED.get(Path(app.srcdir))
    if cached is None or cached.root != root or cached.signature != signature(listing):
        # Editors know files by their path from conf.py's folder, in warnings and messages.
        read = verify_folder if app.config.checks_verify else unverified
        cached = read(root, Path(app.confdir), listing) if root.is_dir() else Report(root)
        _LOADED[Path(app.srcdir)] = cached
    return cached


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
        "Set checks_fail_on_mismatch = False in conf.py to only warn while you draft."
    )
