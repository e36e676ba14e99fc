"""What a benchmark run measured, the targets it is held to, and BENCHMARKS.md's section.

``tools.bench`` measures and fills a ``Results``; everything here is plain data and
text, so the targets and the table are tested on made-up results.
"""

from __future__ import annotations

import importlib
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BEGIN = "<!-- bench:begin: written by 'nox -s bench' (tools/bench.py); do not edit by hand -->"
END = "<!-- bench:end -->"
"""The marks around this tool's section: the rest of BENCHMARKS.md belongs to others."""


@dataclass(frozen=True)
class Timing:
    """Repeated runs of one measurement: seconds and, if measured, peak memory in MB."""

    seconds: tuple[float, ...]
    peak_mb: tuple[float, ...] = ()

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float | None:
        return max(self.peak_mb) if self.peak_mb else None


@dataclass(frozen=True)
class Throughput:
    """One linter over the same posts: start-up and the time to judge them all."""

    linter: str
    version: str
    posts: int
    startup: float
    seconds: float

    @property
    def rate(self) -> float:
        return self.posts / self.seconds


@dataclass
class Results:
    """Everything one run of the benchmarks measured."""

    date: str
    machine: str
    versions: dict[str, str]
    command: str
    tree: str = "the working tree"
    """What was measured: a commit's files or the working tree."""
    builds: dict[int, Timing] = field(default_factory=dict)
    """Full builds by the number of synthetic examples added."""
    unverified: dict[int, Timing] = field(default_factory=dict)
    """The same full builds with ``checks_verify = False``."""
    noop: dict[int, Timing] = field(default_factory=dict)
    edit: dict[int, Timing] = field(default_factory=dict)
    preview: dict[int, Timing] = field(default_factory=dict)
    """Seconds from saving an example to the new text being served by sphinx-autobuild."""
    engine: Throughput | None = None
    reference: Throughput | None = None
    profiles: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    """Per profiled run, where the time went: (package or function, share of the run)."""


# -- targets ----------------------------------------------------------------------------------

Measure = Callable[[Results], float | None]
"""One value read from the results, or None where the run did not measure it."""


@dataclass(frozen=True)
class Target:
    """A limit one measure must stay within: ``value <= limit``, or ``>=`` if ``at_least``."""

    name: str
    value: Measure
    limit: float
    unit: str
    at_least: bool = False
    profile: str = ""
    """The profile that says where the time goes when this target is missed."""

    def met(self, results: Results) -> bool | None:
        value = self.value(results)
        if value is None:
            return None
        return value >= self.limit if self.at_least else value <= self.limit

    def goal(self) -> str:
        return f"{'at least' if self.at_least else 'at most'} {_number(self.limit, self.unit)}"


def _at(measure: str, n: int) -> Measure:
    def median(results: Results) -> float | None:
        timing = getattr(results, measure).get(n)
        return None if timing is None else timing.median

    return median


def _ratio(top: Measure, bottom: Measure) -> Measure:
    def value(results: Results) -> float | None:
        a, b = top(results), bottom(results)
        return None if a is None or b is None or b == 0 else a / b

    return value


def _engine_rate(results: Results) -> float | None:
    return results.engine.rate if results.engine else None


def _engine_startup(results: Results) -> float | None:
    return results.engine.startup if results.engine else None


def _against_reference(results: Results) -> float | None:
    if results.engine is None or results.reference is None:
        return None
    return results.engine.rate / results.reference.rate


def _checks_share(results: Results) -> float | None:
    on, off = _at("builds", 1000)(results), _at("unverified", 1000)(results)
    return None if on is None or off is None else 100 * max(on - off, 0.0) / on


def _peak(n: int) -> Measure:
    def peak(results: Results) -> float | None:
        timing = results.builds.get(n)
        return None if timing is None else timing.peak

    return peak


TARGETS: tuple[Target, ...] = (
    Target("Patterns: posts judged per second, one core", _engine_rate, 2000, "posts/s", True,
           "engine"),
    Target("Whole engine: posts judged per second, one core", _engine_rate, 1000, "posts/s",
           True, "engine"),
    Target("Engine start-up, to its first verdict", _engine_startup, 0.3, "s", profile="engine"),
    Target("Engine speed against proselint on the same posts", _against_reference, 1.0, "times",
           True, "engine"),
    Target("Linear growth: t(2,000) / t(500)", _ratio(_at("builds", 2000), _at("builds", 500)),
           4.4, "times", profile="build"),
    Target("Full build with 1,000 examples added", _at("builds", 1000), 30, "s",
           profile="build"),
    Target("The checks' share of that build", _checks_share, 5, "%", profile="build"),
    Target("Rebuild after editing one example / no-op rebuild, at 1,000",
           _ratio(_at("edit", 1000), _at("noop", 1000)), 2, "times", profile="edit"),
    Target("Peak memory of the full build with 2,000 added", _peak(2000), 500, "MB",
           profile="build"),
    Target("Preview: saved example visible, 100 examples added", _at("preview", 100), 3, "s",
           profile="edit"),
    Target("Preview: saved example visible, 1,000 examples added", _at("preview", 1000), 5, "s",
           profile="edit"),
)  # fmt: skip


def verdict(target: Target, results: Results) -> str:
    """The target in words: met or not met, with the value and the goal."""
    value = target.value(results)
    if value is None:
        return f"{target.name}: not measured in this run (goal {target.goal()})."
    state = "met" if target.met(results) else "not met"
    return f"{target.name}: {state}, {_number(value, target.unit)} (goal {target.goal()})."


# -- the section ------------------------------------------------------------------------------


def _number(value: float, unit: str) -> str:
    if unit == "posts/s":
        return f"{value:,.0f} posts/s"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "times":
        return f"{value:.2f} times"
    return f"{value:.2f} s"


def _seconds(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def table(results: Results) -> list[str]:
    """The measurements as one Markdown table."""
    rows = [
        "| Measure | Examples added | Median | Runs (s) | Peak memory |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    measures = (
        ("Full build", results.builds),
        ("Full build, checks off", results.unverified),
        ("Rebuild, nothing changed", results.noop),
        ("Rebuild, one example edited", results.edit),
        ("Preview: save to visible", results.preview),
    )
    for label, timings in measures:
        for n, timing in sorted(timings.items()):
            peak = "" if timing.peak is None else f"{timing.peak:,.0f} MB"
            rows.append(
                f"| {label} | {n:,} | {timing.median:.2f} s | {_seconds(timing.seconds)} | {peak} |"
            )
    for run in (results.engine, results.reference):
        if run is not None:
            rows.append(
                f"| {run.linter} {run.version}: {run.posts:,} posts | | {run.rate:,.0f} posts/s "
                f"| {run.seconds:.2f} (start-up {run.startup:.2f}) | |"
            )
    return rows


def section(results: Results, plot: str) -> str:
    """This tool's whole section of BENCHMARKS.md, between its marks."""
    lines = [
        BEGIN,
        "## Build, preview and engine",
        "",
        f"Measured on {results.date}, on {results.machine}, from {results.tree}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results.versions.items()) + ".",
        "",
        "Command (from the repository's folder):",
        "",
        "```sh",
        results.command,
        "```",
        "",
        "Each full build is a clean `sphinx-build` of the site (`docs/`, as `nox -s docs` "
        "builds it) with that many synthetic examples (`tools/synthetic.py`) added to a copy "
        "of `examples/`; times are wall-clock seconds, the median of the runs listed.",
        "",
        *table(results),
        "",
        f"![Full build time against the number of examples added]({plot})",
        "",
        "### Targets",
        "",
    ]
    lines += [f"- {verdict(target, results)}" for target in TARGETS]
    missed = {t.profile for t in TARGETS if t.met(results) is False}
    for name, rows in results.profiles.items():
        if name in missed:
            lines += ["", f"### Where the time goes: {PROFILES.get(name, name)}", ""]
            lines += [f"- {where}: {share:.0%}" for where, share in rows]
    return "\n".join([*lines, END]) + "\n"


PROFILES = {
    "engine": "the engine (cProfile: functions by their share of own time)",
    "build": "a full build (cProfile: stages, which nest, by their share of the run)",
    "edit": "a rebuild after one edit (cProfile: stages, which nest, by their share of the run)",
}


def write_section(path: Path, text: str) -> None:
    """Put this tool's section into ``path``, replacing its last one and keeping the rest."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    found = re.search(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", old, flags=re.DOTALL)
    if found:
        new = old[: found.start()] + text + old[found.end() :]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.write_text(new, encoding="utf-8")


def linear_reference(points: dict[int, float]) -> tuple[float, float]:
    """The line through the two smallest sizes' times, as (slope, intercept).

    Extended to the larger sizes, it is what their times would be if builds grew
    linearly: a point above it grew faster.
    """
    (n1, t1), (n2, t2) = sorted(points.items())[:2]
    slope = (t2 - t1) / (n2 - n1)
    return slope, t1 - slope * n1


def plot(results: Results, path: Path) -> None:
    """Build time against N, with the line the two smallest sizes set."""
    # Imported by name: only the bench session installs matplotlib.
    matplotlib = importlib.import_module("matplotlib")
    matplotlib.use("Agg")  # no display: write the file only
    plt = importlib.import_module("matplotlib.pyplot")

    sizes = sorted(results.builds)
    medians = [results.builds[n].median for n in sizes]
    lows = [m - min(results.builds[n].seconds) for n, m in zip(sizes, medians, strict=True)]
    highs = [max(results.builds[n].seconds) - m for n, m in zip(sizes, medians, strict=True)]
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    axes.errorbar(sizes, medians, yerr=[lows, highs], fmt="o-", capsize=4,
                  label="Full build (median, range of runs)")  # fmt: skip
    if len(sizes) >= 2:
        slope, intercept = linear_reference(dict(zip(sizes, medians, strict=True)))
        axes.plot([0, sizes[-1]], [intercept, intercept + slope * sizes[-1]], "--",
                  color="grey", label="Linear, through the two smallest sizes")  # fmt: skip
    axes.set_xlabel("Synthetic examples added (N)")
    axes.set_ylabel("Build time (s)")
    axes.set_xlim(left=0)
    axes.set_ylim(bottom=0)
    axes.set_title("Full build of the site against the number of examples")
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
