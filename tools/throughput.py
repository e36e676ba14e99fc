"""How fast a linter judges posts, run in a fresh process so its start-up is counted.

``python -m tools.throughput LINTER POSTS.json`` reads a JSON list of posts, times
loading the linter (imports and compiling its patterns, up to its first verdict) and
then judging every post once, on one core, and prints one JSON object:
``{"linter", "posts", "startup", "seconds", "findings"}``.

LINTER is ``checks`` (this project's engine) or ``proselint`` (a peer prose linter,
the reference the benchmarks compare with).
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Linter = Callable[[str], int]
"""Judge one post; return how many findings it has."""


def load_checks() -> Linter:
    from checks.engine import check_text

    return lambda post: len(check_text(post))


def load_proselint() -> Linter:
    # proselint 0.16: checks are registered once, then each text is a LintFile. Imported
    # by name: only the bench session installs it, and it ships no type information.
    checks = importlib.import_module("proselint.checks")
    registry = importlib.import_module("proselint.registry")
    tools = importlib.import_module("proselint.tools")
    registry.CheckRegistry().register_many(checks.__register__)
    return lambda post: len(tools.LintFile("post", post).lint())


LOADERS: dict[str, Callable[[], Linter]] = {"checks": load_checks, "proselint": load_proselint}


def measure(name: str, posts: Sequence[str]) -> dict[str, object]:
    """Start-up (up to a first verdict) and the time to judge every post."""
    start = time.perf_counter()
    linter = LOADERS[name]()
    linter("A first post, so that anything compiled lazily is compiled now.")
    startup = time.perf_counter() - start
    start = time.perf_counter()
    findings = sum(linter(post) for post in posts)
    seconds = time.perf_counter() - start
    return {
        "linter": name,
        "posts": len(posts),
        "startup": startup,
        "seconds": seconds,
        "findings": findings,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.throughput", description=__doc__)
    parser.add_argument("linter", choices=sorted(LOADERS))
    parser.add_argument("posts", type=Path, help="a JSON file: a list of posts")
    options = parser.parse_args(argv)
    try:
        posts = json.loads(options.posts.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        parser.error(f"{options.posts}: cannot be read as JSON ({error})")
    if not isinstance(posts, list) or not all(isinstance(post, str) for post in posts):
        parser.error(f"{options.posts}: must be a JSON list of posts (strings)")
    print(json.dumps(measure(options.linter, posts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
