"""The examples as the site sees them: verified once per build, cached by file times.

The rule engine verifies the folder; this module keeps the result for every
directive of the build, warns about each problem at its file and line, and
fails the build at the end when any example is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from checks.examples import Example
from checks.problems import Problem
from checks.sphinxext.config import examples_dir
from checks.sphinxext.messages import fail, warn
from checks.verify import EXAMPLES_FAILED, Judgement, verify_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Entry:
    """One valid example with what the checks make of it."""

    example: Example
    judgement: Judgement
    file: Path
    shown: str

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
        ]
        return list(dict.fromkeys(found))


@dataclass
class Corpus:
    """Every example under one folder, the problems found, and the files they came from."""

    root: Path
    signature: Signature
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def find(self, slug: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.slug == slug), None)

    def select(self, principle: str = "", verdict: str = "", rule: str = "") -> Iterator[Entry]:
        for entry in self.entries:
            if principle and entry.example.principle != principle:
                continue
            if verdict and entry.example.verdict != verdict:
                continue
            if rule and rule not in entry.rules:
                continue
            yield entry

    def files_for(self, principle: str = "") -> list[Path]:
        """Example files a collection depends on, valid or not, so fixing one rebuilds it."""
        if not principle:
            return list(self.files)
        return [path for path in self.files if path.parent.name == principle]


# One corpus per source folder, kept between builds in the same process and
# inherited by the processes of a parallel build.
_LOADED: dict[Path, Corpus] = {}


def corpus_for(env: BuildEnvironment) -> Corpus:
    """The corpus of the build this environment belongs to."""
    return _LOADED[Path(env.srcdir)]


def load(app: Sphinx) -> Corpus:
    """Verify the examples, unless no example file changed since the last build."""
    root = examples_dir(app)
    signature = _signature(root)
    cached = _LOADED.get(Path(app.srcdir))
    if cached is None or cached.root != root or cached.signature != signature:
        cached = _verify(root, signature, app.confdir)
        _LOADED[Path(app.srcdir)] = cached
    return cached


def _signature(root: Path) -> Signature:
    """The path, modification time and size of every file: any edit changes it."""
    found = []
    for path in sorted(root.rglob("*")):
        try:
            stat = path.stat()
        except OSError:  # a broken link: still part of the signature
            found.append((str(path), -1, -1))
            continue
        if path.is_file():
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _verify(root: Path, signature: Signature, confdir: str | os.PathLike[str]) -> Corpus:
    corpus = Corpus(root, signature)
    if not root.is_dir():
        return corpus
    # Editors know files by their path from conf.py's folder, in warnings and messages.
    report = verify_folder(root, base=Path(confdir))
    corpus.files = report.files
    corpus.problems = report.problems
    for judgement in report.judgements:
        file = Path(os.path.abspath(os.path.join(confdir, judgement.example.path)))
        corpus.entries.append(Entry(judgement.example, judgement, file, _shown(file, confdir)))
    corpus.entries.sort(key=lambda entry: (entry.example.principle, entry.example.title.casefold()))
    return corpus


def _shown(path: Path, confdir: str | os.PathLike[str]) -> str:
    return Path(os.path.relpath(path, confdir)).as_posix()


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
