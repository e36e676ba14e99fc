"""Reading cProfile's statistics for BENCHMARKS.md: stages of a run and files by name."""

from __future__ import annotations

import cProfile
import pstats
import re
import uuid

import pytest

from tools.bench_profile import ROOT, functions, stages, where


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        (
            "/x/.nox/bench/lib/python3.11/site-packages/sphinx/application.py",
            "sphinx/application.py",
        ),
        (str(ROOT / "checks" / "engine.py"), "checks/engine.py"),
        ("/usr/lib/python3.11/re/_compiler.py", "re/_compiler.py"),
        ("~", "~"),
        ("", "built-in"),
    ],
)
def test_files_are_named_as_readers_know_them(filename: str, shown: str) -> None:
    assert where(filename) == shown


def test_stages_and_functions_are_shares_of_the_run() -> None:
    profile = cProfile.Profile()
    profile.enable()
    re.compile(f"(a|b)+{uuid.uuid4().hex}")  # a pattern never compiled before: no cache
    profile.disable()
    stats = pstats.Stats(profile)
    found = dict(stages(stats))
    assert list(found) == ["Compiling regular expressions, anywhere (re.compile)"]
    assert 0 < found["Compiling regular expressions, anywhere (re.compile)"] <= 1
    shares = functions(stats, top=3)
    assert len(shares) == 3
    assert all(0 <= share <= 1 for _, share in shares)
