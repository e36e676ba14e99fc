"""``nox -s bench``: build, preview and engine benchmarks, written to BENCHMARKS.md.

Everything is measured in one run, so ratios between measures hold on a noisy
machine: full builds of the site with N synthetic examples added (the repeats of
every size interleaved), the same builds with the checks off, rebuilds after no
change and after editing one example, the time from saving an example to the new
text being served by sphinx-autobuild, and the engine's throughput against
proselint's on the same posts. Where a target is missed, the matching profile
(cProfile) says where the time goes.

``python -m tools.bench [--quick] [--out FILE] [--plot FILE]``. ``--quick`` uses
small sizes and one run of each, and writes under ``build/bench/`` unless told
otherwise, so trying it never touches the committed results.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import importlib.metadata
import io
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from checks.sources import split_post
from tools.bench_profile import functions, profiled, stages
from tools.bench_report import Results, Throughput, Timing, plot, section, write_section
from tools.synthetic import cycled, generate, realistic_posts, rules_found

ROOT = Path(__file__).resolve().parent.parent
SITE = ["-c", str(ROOT), "-W", "-n", "--keep-going"]
"""The options of ``nox -s docs``: any warning fails the build, so every example must agree."""
LIVE = ["-c", str(ROOT), "-n", "-D", "checks_fail_on_mismatch=0"]
"""The options of ``nox -s docs-live`` (without -E)."""

SNAPSHOT = "BENCH_SNAPSHOT_OF"
COMMAND = "BENCH_COMMAND"
"""Set for the run inside a snapshot: the commit it holds, and the command as typed."""


@dataclass(frozen=True)
class Plan:
    """What one run measures."""

    sizes: tuple[int, ...]
    runs: int
    incremental: int
    previews: tuple[int, ...]
    posts: int
    profile_posts: int


FULL = Plan((250, 500, 1000, 2000), 3, 1000, (100, 1000), 10_000, 2_000)
QUICK = Plan((25, 50), 1, 50, (25,), 1_000, 300)


class BenchError(Exception):
    """A build or a tool failed: the benchmark cannot go on."""


# -- running one command ----------------------------------------------------------------------


def timed(command: Sequence[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Run ``command``; return its wall-clock seconds and its own peak memory in MB."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's own resource use, not the sum over every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-3000:]
            raise BenchError(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def build_command(examples: Path, out: Path, *extra: str) -> list[str]:
    """A full ``sphinx-build`` of the site, reading the examples from ``examples``."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "build",
        *SITE,
        "-d",
        str(out / ".doctrees"),
        "-D",
        f"checks_examples_dir={examples}",
        *extra,
        str(ROOT / "docs"),
        str(out),
    ]


def examples_with(work: Path, count: int) -> tuple[Path, list[Path]]:
    """A copy of the real examples with ``count`` synthetic ones added; and those."""
    folder = work / f"examples-{count}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "examples", folder)
    return folder, generate(ROOT / "examples", folder, count)


def revise(path: Path, revision: int) -> str:
    """Add a line 'Revision N.' to an example's post; return the line.

    The line must change no finding, or the edited site would fail its build.
    """
    line = f"Revision {revision}."
    text = path.read_text(encoding="utf-8")
    _, post = split_post(text)
    if rules_found(f"{post.text}\n\n{line}") != rules_found(post.text):
        raise BenchError(f"'{line}' changes the findings of {path}")
    path.write_text(f"{text.rstrip()}\n\n{line}\n", encoding="utf-8")
    # A clearly later time, however coarse the file system's clock.
    later = time.time() + 2
    os.utime(path, (later, later))
    return line


# -- the measures -----------------------------------------------------------------------------


def full_builds(plan: Plan, work: Path, results: Results) -> None:
    """Every size, with the checks on, and at the incremental size with them off too.

    The repeats go round all sizes in turn, so a busy minute slows each size alike.
    """
    folders = {n: examples_with(work, n)[0] for n in plan.sizes}
    off = plan.incremental if plan.incremental in folders else plan.sizes[-1]
    runs: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for round_ in range(plan.runs):
        for n, folder in folders.items():
            print(f"bench: full build, {n} examples added (run {round_ + 1})", flush=True)
            out = work / "out"
            shutil.rmtree(out, ignore_errors=True)
            runs.setdefault(("on", n), []).append(timed(build_command(folder, out)))
        print(f"bench: full build with the checks off, {off} added", flush=True)
        shutil.rmtree(work / "out", ignore_errors=True)
        command = build_command(folders[off], work / "out", "-D", "checks_verify=0")
        runs.setdefault(("off", off), []).append(timed(command))
    for (kind, n), measured in runs.items():
        timing = Timing(tuple(s for s, _ in measured), tuple(m for _, m in measured))
        (results.builds if kind == "on" else results.unverified)[n] = timing


def rebuilds(plan: Plan, work: Path, results: Results) -> None:
    """After one full build: rebuilds with nothing changed, then with one example edited."""
    n = plan.incremental
    folder, written = examples_with(work, n)
    out = work / "incremental"
    shutil.rmtree(out, ignore_errors=True)
    command = build_command(folder, out)
    print(f"bench: rebuilds, {n} examples added", flush=True)
    timed(command)
    noop, edit = [], []
    for run in range(plan.runs):
        noop.append(timed(command))
        revise(written[0], run + 1)
        edit.append(timed(command))
    results.noop[n] = Timing(tuple(s for s, _ in noop), tuple(m for _, m in noop))
    results.edit[n] = Timing(tuple(s for s, _ in edit), tuple(m for _, m in edit))


def previews(plan: Plan, work: Path, results: Results) -> None:
    """Seconds from saving an example to sphinx-autobuild serving the new text."""
    try:
        importlib.metadata.version("sphinx-autobuild")
    except importlib.metadata.PackageNotFoundError:
        print("bench: sphinx-autobuild is not installed: no preview measured", flush=True)
        return
    for n in plan.previews:
        folder, written = examples_with(work, n)
        page = f"{written[0].parent.name}.html"
        with serving(folder, work / f"live-{n}") as url:
            seconds = []
            for run in range(plan.runs):
                print(f"bench: preview, {n} examples added (run {run + 1})", flush=True)
                line = revise(written[0], run + 1)
                start = time.perf_counter()
                wait_for(f"{url}/{page}", line, timeout=120)
                seconds.append(time.perf_counter() - start)
                time.sleep(2)  # let the server settle before the next save
        results.preview[n] = Timing(tuple(seconds))


@contextlib.contextmanager
def serving(examples: Path, out: Path) -> Iterator[str]:
    """sphinx-autobuild on a free port, as ``nox -s docs-live`` runs it; yields its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--watch",
        str(examples),
        "--re-ignore",
        r"__pycache__|\.pyc$|\.sw[a-p]$|~$",
        *LIVE,
        "-D",
        f"checks_examples_dir={examples}",
        "-d",
        str(out / ".doctrees"),
        str(ROOT / "docs"),
        str(out / "html"),
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/index.html", "", timeout=600)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(url: str, text: str, timeout: float) -> None:
    """Poll ``url`` until it answers with ``text`` in it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if text in answer.read().decode("utf-8", errors="replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise BenchError(f"{url} did not show {text!r} within {timeout:.0f} s")


def throughput(plan: Plan, work: Path, results: Results) -> None:
    """The engine, then proselint, over the same realistic posts, each in a fresh process."""
    posts = work / "posts.json"
    posts.write_text(json.dumps(cycled(realistic_posts(ROOT), plan.posts)), encoding="utf-8")
    for linter in ("checks", "proselint"):
        version = _version("participation-online" if linter == "checks" else linter)
        if not version:
            print(f"bench: {linter} is not installed: not measured", flush=True)
            continue
        print(f"bench: {linter} over {plan.posts} posts", flush=True)
        command = [sys.executable, "-m", "tools.throughput", linter, str(posts)]
        answer = json.loads(subprocess.run(command, cwd=ROOT, check=True, capture_output=True,
                                           text=True).stdout)  # fmt: skip
        run = Throughput(linter, version, answer["posts"], answer["startup"], answer["seconds"])
        if linter == "checks":
            results.engine = run
        else:
            results.reference = run


# -- profiles ---------------------------------------------------------------------------------


def profiles(plan: Plan, work: Path, results: Results) -> None:
    """Where the time goes: in the engine by function, in builds by stage."""
    posts = work / "profile-posts.json"
    posts.write_text(
        json.dumps(cycled(realistic_posts(ROOT), plan.profile_posts)), encoding="utf-8"
    )
    print("bench: profiling the engine", flush=True)
    engine = ["-m", "tools.throughput", "checks", str(posts)]
    results.profiles["engine"] = functions(profiled(engine, work / "engine.prof"))
    n = plan.incremental
    folder, written = examples_with(work, n)
    out = work / "profiled"
    shutil.rmtree(out, ignore_errors=True)
    print(f"bench: profiling a full build, {n} added", flush=True)
    build = build_command(folder, out)[1:]
    results.profiles["build"] = stages(profiled(build, work / "build.prof"))
    revise(written[0], 1)
    print(f"bench: profiling a rebuild after one edit, {n} added", flush=True)
    results.profiles["edit"] = stages(profiled(build, work / "edit.prof"))


# -- the report -------------------------------------------------------------------------------


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown processor",
    )
    return f"{os.cpu_count()} cores ({model}), {memory:.1f} GB of memory, {platform.system()}"


def versions() -> dict[str, str]:
    found = {"Python": platform.python_version()}
    for name in ("sphinx", "myst-parser", "furo", "sphinx-autobuild", "proselint"):
        if _version(name):
            found[name] = _version(name)
    return found


def snapshot(work: Path) -> tuple[Path, str]:
    """The files of HEAD as committed, in ``work/tree``, and the commit's short name.

    Measuring a snapshot keeps one run consistent while the working tree changes,
    and names exactly what was measured.
    """
    tree = work / "tree"
    tree.mkdir()
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short=12", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    archive = subprocess.run([*git, "archive", "--format=tar", "HEAD"], check=True,
                             capture_output=True).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(tree, filter="data")
    # Installed by npm, not committed: the 'Check a draft' page copies files from it.
    if (ROOT / "node_modules").is_dir():
        (tree / "node_modules").symlink_to(ROOT / "node_modules")
    return tree, commit


def parse(arguments: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--out", type=Path, help="the results file (default BENCHMARKS.md)")
    parser.add_argument("--plot", type=Path, help="the plot (default benchmarks/...png)")
    parser.add_argument(
        "--working-tree",
        action="store_true",
        help="measure the files as they are, not the last commit (the default)",
    )
    return parser.parse_args(arguments)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    options = parse(arguments)
    base = ROOT / "build" / "bench" if options.quick else ROOT
    out = (options.out or base / "BENCHMARKS.md").resolve()
    picture = (options.plot or base / "benchmarks" / "build-scaling.png").resolve()
    command = " ".join(["nox -s bench", *(["--", *arguments] if arguments else [])])
    if options.working_tree or SNAPSHOT in os.environ:
        plan = QUICK if options.quick else FULL
        return measure(plan, out, picture, command, os.environ.get(SNAPSHOT, ""))
    with tempfile.TemporaryDirectory(prefix="bench-tree-") as folder:
        tree, commit = snapshot(Path(folder))
        print(f"bench: measuring commit {commit}, as committed, in {tree}", flush=True)
        inner = [sys.executable, "-m", "tools.bench", *arguments, "--out", str(out)]
        inner += ["--plot", str(picture)]
        environment = {**os.environ, SNAPSHOT: commit, COMMAND: command}
        return subprocess.run(inner, cwd=tree, env=environment, check=False).returncode


def measure(plan: Plan, out: Path, picture: Path, command: str, commit: str) -> int:
    """Run every measure of the plan and write the results."""
    results = Results(
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=machine(),
        versions=versions(),
        command=os.environ.get(COMMAND, command),
        tree=f"commit {commit}, as committed" if commit else "the working tree, as it was",
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        try:
            throughput(plan, work, results)
            full_builds(plan, work, results)
            rebuilds(plan, work, results)
            previews(plan, work, results)
            profiles(plan, work, results)
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
    plot(results, picture)
    link = os.path.relpath(picture, out.parent)
    write_section(out, section(results, Path(link).as_posix()))
    print(f"bench: wrote {out} and {picture} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
