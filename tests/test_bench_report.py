"""BENCHMARKS.md's section: the targets, met or not, and the table, from made-up results."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.bench_report import (
    BEGIN,
    END,
    TARGETS,
    Results,
    Target,
    Throughput,
    Timing,
    linear_reference,
    section,
    table,
    verdict,
    write_section,
)


def results(**changes: object) -> Results:
    """A run that meets every target; ``changes`` replace some of its measures."""
    made = Results(
        date="2026-12-01 12:00 UTC",
        machine="2 cores",
        versions={"Python": "3.11.7", "sphinx": "9.0.4"},
        command="nox -s bench",
        builds={
            500: Timing((10.0, 11.0, 12.0), (300.0, 310.0, 305.0)),
            1000: Timing((20.0, 20.0, 21.0), (350.0, 350.0, 350.0)),
            2000: Timing((40.0, 41.0, 42.0), (450.0, 460.0, 455.0)),
        },
        unverified={1000: Timing((19.5,))},
        noop={1000: Timing((3.0,))},
        edit={1000: Timing((5.0,))},
        preview={100: Timing((2.0,)), 1000: Timing((4.0,))},
        engine=Throughput("checks", "1.0.0", 10_000, 0.2, 4.0),
        reference=Throughput("proselint", "0.16.0", 10_000, 0.05, 8.0),
    )
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def target(name: str) -> Target:
    return next(t for t in TARGETS if t.name.startswith(name))


# (target, results, expected words in its verdict)
CASES = [
    ("Patterns", results(), "met, 2,500 posts/s (goal at least 2,000 posts/s)"),
    ("Whole engine", results(), "met, 2,500 posts/s (goal at least 1,000 posts/s)"),
    (
        "Patterns",
        results(engine=Throughput("checks", "1", 1000, 0.2, 1.0)),
        "not met, 1,000 posts/s (goal at least 2,000 posts/s)",
    ),
    ("Engine start-up", results(), "met, 0.20 s (goal at most 0.30 s)"),
    ("Engine speed against proselint", results(), "met, 2.00 times (goal at least 1.00 times)"),
    ("Engine speed against proselint", results(reference=None), "not measured in this run"),
    ("Linear growth", results(), "met, 3.73 times (goal at most 4.40 times)"),
    (
        "Linear growth",
        results(builds={500: Timing((10.0,)), 2000: Timing((50.0,))}),
        "not met, 5.00 times",
    ),
    ("Full build with 1,000", results(), "met, 20.00 s (goal at most 30.00 s)"),
    ("The checks' share", results(), "met, 2.5 % (goal at most 5.0 %)"),
    ("The checks' share", results(unverified={1000: Timing((15.0,))}), "not met, 25.0 %"),
    ("The checks' share", results(unverified={}), "not measured in this run"),
    ("Rebuild after editing", results(), "met, 1.67 times (goal at most 2.00 times)"),
    ("Rebuild after editing", results(edit={1000: Timing((7.0,))}), "not met, 2.33 times"),
    ("Peak memory", results(), "met, 460 MB (goal at most 500 MB)"),
    ("Peak memory", results(builds={}), "not measured in this run"),
    ("Preview: saved example visible, 100", results(), "met, 2.00 s (goal at most 3.00 s)"),
    ("Preview: saved example visible, 1,000", results(preview={}), "not measured"),
]


@pytest.mark.parametrize(("name", "measured", "words"), CASES)
def test_each_target_says_met_or_not_in_words(name: str, measured: Results, words: str) -> None:
    assert words in verdict(target(name), measured)


def test_the_table_lists_every_measure_with_its_median_and_runs() -> None:
    rows = table(results())
    assert rows[0].startswith("| Measure | Examples added | Median |")
    assert "| Full build | 500 | 11.00 s | 10.00, 11.00, 12.00 | 310 MB |" in rows
    assert "| Full build, checks off | 1,000 | 19.50 s | 19.50 |  |" in rows
    assert "| Preview: save to visible | 100 | 2.00 s | 2.00 |  |" in rows
    assert any(r.startswith("| checks 1.0.0: 10,000 posts | | 2,500 posts/s") for r in rows)
    assert any(r.startswith("| proselint 0.16.0: 10,000 posts | | 1,250 posts/s") for r in rows)


def test_profiles_are_shown_only_for_missed_targets() -> None:
    profiles = {"engine": [("checks/kinds/phrase.py:spans", 0.5)], "build": [("sphinx", 0.6)]}
    slow = results(engine=Throughput("checks", "1", 1000, 0.2, 1.0), profiles=profiles)
    text = section(slow, "benchmarks/build-scaling.png")
    assert "- checks/kinds/phrase.py:spans: 50%" in text
    assert "Where the time goes: build" not in text
    assert text.startswith(BEGIN) and text.endswith(END + "\n")
    assert "![Full build time against the number of examples added](benchmarks/" in text


THEIRS = "# Benchmarks\n\n## Check a draft\n\nTheirs.\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # A new file gets a heading and the section.
        (None, "# Benchmarks\n\nNEW\n"),
        # Other sections stay where they are; the old section is replaced in place.
        (f"{THEIRS}\n{BEGIN}\nold\n{END}\n\n## Later\n", f"{THEIRS}\nNEW\n\n## Later\n"),
        # A file without the section keeps everything and gains it at the end.
        (THEIRS, f"{THEIRS}\nNEW\n"),
    ],
    ids=["new-file", "replaced-in-place", "appended"],
)
def test_the_section_replaces_only_itself(tmp_path: Path, before: str | None, after: str) -> None:
    path = tmp_path / "BENCHMARKS.md"
    if before is not None:
        path.write_text(before, encoding="utf-8")
    write_section(path, "NEW\n")
    assert path.read_text(encoding="utf-8") == after


@pytest.mark.parametrize(
    ("points", "expected"),
    [({250: 10.0, 500: 15.0, 2000: 60.0}, (0.02, 5.0)), ({100: 4.0, 300: 4.0}, (0.0, 4.0))],
)
def test_the_linear_reference_runs_through_the_two_smallest_sizes(
    points: dict[int, float], expected: tuple[float, float]
) -> None:
    assert linear_reference(points) == pytest.approx(expected)
