"""Publishing is safe with neighbours: one run at a time, and it removes only what it made.

Guards ``tools/webroot.py`` (the lock) and ``tools/history.py`` (the manifest of
releases, pruning and the clean-up after a killed run), as used by
``tools/publish.py``. Fake build steps keep most tests to milliseconds; the tests
that kill a publish run it in a process of its own, with a step that sleeps.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tools import history, publish, webroot
from tools.publish import PublishError

REPO = Path(__file__).resolve().parents[2]

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def write_site(root: Path, site: Path) -> None:
    """A fake build: a one-page site."""
    site.mkdir(parents=True)
    (site / "index.html").write_text("<h1>Participation online</h1>\n", encoding="utf-8")


def release(dest: Path, minutes: int = 0, keep: int = publish.KEEP) -> Path:
    """Publish a fake release made ``minutes`` after T0."""
    return publish.publish_release(
        dest,
        REPO,
        steps=[write_site],
        now=T0 + timedelta(minutes=minutes),
        commit="abc123",
        keep=keep,
    )


def live(dest: Path) -> str:
    found = publish.current(dest)
    assert found is not None
    return found.name


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def foreign(folder: Path, name: str) -> Path:
    """A folder someone else made, with a file in it that must survive."""
    path = folder / name
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("not yours\n", encoding="utf-8")
    return path


def child_env() -> dict[str, str]:
    """A child's environment: run in the project's folder, it imports tools like we do."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


# -- One run at a time -------------------------------------------------------------------

HOLD = """
import sys
from pathlib import Path
from tools import webroot
with webroot.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


@contextmanager
def lock_held_by(holder: str, dest: Path) -> Iterator[int]:
    """Hold the lock of ``dest`` in this process or another one; yield the holder's pid."""
    if holder == "this process":
        with webroot.locked(dest):
            yield os.getpid()
        return
    with hold(dest) as process:
        yield process.pid


@contextmanager
def hold(dest: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the lock of ``dest`` until its input is closed."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(dest)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=REPO,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "locked\n"
        yield process


def busy_message(dest: Path, pid: int) -> str:
    return (
        f"{dest} is in use by another publish or rollback (process {pid} took the lock "
        f"{dest / '.publish.lock'}): wait for it to finish, then run this again"
    )


@pytest.mark.parametrize("holder", ["this process", "another process"])
@pytest.mark.parametrize(
    ("command", "unchanged"),
    [
        pytest.param(
            ["--root", "{root}", "--dest", "{dest}"],
            "publish: {dest}/current is unchanged.\n",
            id="publish",
        ),
        pytest.param(["rollback", "--dest", "{dest}"], "", id="rollback"),
    ],
)
def test_a_second_run_stops_while_the_first_holds_the_lock(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    holder: str,
    command: list[str],
    unchanged: str,
) -> None:
    """The lock: without it, the publish would build (here: fail on an empty project)
    and the rollback would switch ``current``."""
    dest, root = tmp_path / "www", tmp_path / "empty-project"
    root.mkdir()
    first, second = release(dest, 0), release(dest, 1)
    argv = [arg.format(root=root, dest=dest) for arg in command]
    with lock_held_by(holder, dest) as pid:
        assert publish.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"publish: error: {busy_message(dest, pid)}\n" + unchanged.format(dest=dest)
    assert live(dest) == second.name
    assert listing(dest / "releases") == [first.name, second.name]


def test_publish_release_stops_while_another_holds_the_lock(tmp_path: Path) -> None:
    """The lock, as seen by a caller of publish_release: nothing is built or recorded."""
    old = release(tmp_path, 0)
    manifest = (tmp_path / ".releases.json").read_text(encoding="utf-8")
    with lock_held_by("another process", tmp_path) as pid, pytest.raises(PublishError) as refused:
        release(tmp_path, 1)
    assert str(refused.value) == busy_message(tmp_path, pid)
    assert live(tmp_path) == old.name
    assert listing(tmp_path / "releases") == [old.name]
    assert (tmp_path / ".releases.json").read_text(encoding="utf-8") == manifest


def crash(root: Path, site: Path) -> None:
    raise RuntimeError("the build crashed")


def kill_holder(dest: Path) -> None:
    with hold(dest) as process:
        process.kill()
        process.wait(timeout=30)


def fail_a_publish(dest: Path) -> None:
    with pytest.raises(RuntimeError, match="the build crashed"):
        publish.publish_release(dest, REPO, steps=[crash], now=T0, commit="abc123")


@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param(fail_a_publish, id="a publish that raised"),
        pytest.param(kill_holder, id="a holder that was killed"),
    ],
)
def test_the_lock_never_outlives_its_holder(
    tmp_path: Path, earlier: Callable[[Path], None]
) -> None:
    """The lock is flock on an open file: released on an exception, and by the kernel when
    its holder is killed, so the lock file that stays behind never blocks."""
    earlier(tmp_path)
    assert (tmp_path / ".publish.lock").is_file()
    made = release(tmp_path, 1)
    assert live(tmp_path) == made.name


def test_a_lock_file_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    """The lock file is opened without following symlinks: no file is made or written elsewhere."""
    elsewhere = tmp_path / "elsewhere.txt"
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / ".publish.lock").symlink_to(elsewhere)
    with pytest.raises(PublishError) as refused:
        release(dest)
    assert str(refused.value) == (
        f"cannot open the lock file {dest / '.publish.lock'} (Too many levels of symbolic "
        "links): make it a plain file this user can write, then run this again"
    )
    assert not elsewhere.exists()


# -- Only what this tool made ------------------------------------------------------------

# Folders in releases/ that this tool did not make: release names older and newer
# than its own, a build in progress and doctrees of someone else's, and other names.
FOREIGN = [
    "20200101T000000Z-0000aa",
    "20200101T000000Z-0000bb.partial",
    "20200101T000000Z-0000cc.doctrees",
    "20990101T000000Z-ffffff.partial",
    "backup",
]


def test_prune_leaves_folders_it_did_not_make(tmp_path: Path) -> None:
    """The manifest: prune deletes only releases listed there; before it, every old
    release-named folder and every '*.partial' folder was deleted."""
    for name in FOREIGN:
        foreign(tmp_path / "releases", name)
    made = [release(tmp_path, minute, keep=2).name for minute in range(5)]
    assert listing(tmp_path / "releases") == sorted(FOREIGN + made[-2:])
    for name in FOREIGN:
        assert (tmp_path / "releases" / name / "keep.txt").read_text() == "not yours\n"
    assert [p.name for p in publish.releases(tmp_path)] == made[-2:]


def test_rollback_goes_only_through_releases_it_made(tmp_path: Path) -> None:
    """The manifest: an older release-named folder that someone else put there is never a
    rollback target."""
    old = foreign(tmp_path / "releases", "20200101T000000Z-0000aa")
    first, second = release(tmp_path, 0), release(tmp_path, 1)
    assert publish.rollback(tmp_path) == first
    with pytest.raises(PublishError, match="nothing to roll back to"):
        publish.rollback(tmp_path)
    assert live(tmp_path) == first.name
    assert (old / "keep.txt").is_file() and second.is_dir()


GOOD = {"format": 1, "releases": [], "unfinished": []}
ENTRY = {"name": "20260301T093000Z-abc123", "commit": "abc123", "made": "2026-03-01T09:30:00Z"}
RUN = {"name": ENTRY["name"], "task": "publish", "started": ENTRY["made"], "pid": 1}


@pytest.mark.parametrize(
    ("content", "why"),
    [
        pytest.param(
            "{not json",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            id="not JSON",
        ),
        pytest.param(
            json.dumps({**GOOD, "format": 2}), "not a release manifest of format 1", id="format"
        ),
        pytest.param(
            json.dumps({**GOOD, "releases": {}}),
            "'releases' is not a list of records",
            id="releases not a list",
        ),
        pytest.param(
            json.dumps({**GOOD, "releases": [{**ENTRY, "name": "../etc"}]}),
            "'../etc' is not a release name",
            id="release outside releases/",
        ),
        pytest.param(
            json.dumps({**GOOD, "unfinished": [{**RUN, "name": "../etc"}]}),
            "'../etc' is not a release name",
            id="unfinished run outside releases/",
        ),
        pytest.param(
            json.dumps({**GOOD, "unfinished": [{**RUN, "task": "rm"}]}),
            "unfinished run {'name': '20260301T093000Z-abc123', 'task': 'rm', 'started': "
            "'2026-03-01T09:30:00Z', 'pid': 1} has no valid task and pid",
            id="unknown task",
        ),
        pytest.param(
            json.dumps({**GOOD, "releases": [{"name": ENTRY["name"]}]}),
            "'commit' is missing",
            id="field missing",
        ),
    ],
)
def test_an_unreadable_manifest_stops_the_publish_and_deletes_nothing(
    tmp_path: Path, content: str, why: str
) -> None:
    """The manifest is checked before it is trusted: names in it must be release names, so
    a crafted one cannot point prune or clean-up outside releases/."""
    made = [release(tmp_path, minute, keep=1).name for minute in range(2)]
    (tmp_path / ".releases.json").write_text(content, encoding="utf-8")
    target = foreign(tmp_path, "etc")
    with pytest.raises(PublishError) as refused:
        release(tmp_path, 5, keep=1)
    assert str(refused.value) == (
        f"{tmp_path / '.releases.json'} is not a release manifest this tool can read ({why}): "
        "restore it from a backup, or move it aside to start a new release history (the "
        f"releases already in {tmp_path / 'releases'} are then left alone, for you to remove "
        "by hand)"
    )
    assert live(tmp_path) == made[-1]
    assert listing(tmp_path / "releases") == made[-1:]
    assert (target / "keep.txt").is_file()
    assert (tmp_path / ".releases.json").read_text(encoding="utf-8") == content


# -- After a killed publish --------------------------------------------------------------

STOPPED = "20260301T100000Z-abc123"


@pytest.mark.parametrize(
    ("task", "left"),
    [
        ("publish", f"{STOPPED}.partial"),  # Killed while building.
        ("publish", f"{STOPPED}.doctrees"),  # Killed while Sphinx wrote its doctrees.
        ("publish", STOPPED),  # Killed after the rename, before the manifest was written.
        ("prune", STOPPED),  # Killed while deleting an old release.
    ],
)
def test_the_next_run_removes_what_a_killed_run_left(tmp_path: Path, task: str, left: str) -> None:
    """The record of unfinished runs: the next run removes the folders it names, and only
    those (a '.partial' of someone else's stays)."""
    good = release(tmp_path, 0)
    leftover = foreign(tmp_path / "releases", left)
    other = foreign(tmp_path / "releases", "20260301T100000Z-0000ff.partial")
    manifest = history.load(tmp_path)
    manifest.unfinished.append(history.Unfinished(STOPPED, task, "2026-03-01T10:00:00Z", 99999))
    history.save(tmp_path, manifest)
    assert [p.name for p in publish.releases(tmp_path)] == [good.name]

    new = release(tmp_path, 60)

    assert not leftover.exists()
    assert (other / "keep.txt").is_file()
    assert listing(tmp_path / "releases") == sorted([good.name, new.name, other.name])
    assert history.load(tmp_path).unfinished == []


KILLED = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from tools import publish

def step(root, site):
    site.mkdir(parents=True)
    publish.doctrees_for(site).mkdir()
    if sys.argv[2] == "command":
        # As sphinx-build would be: a command the publish runs, still writing when it is killed.
        publish._run([sys.executable, "-c", "import os, time; print(os.getpid(), flush=True); "
                      "time.sleep(60)"], root)
    print("building", flush=True)
    time.sleep(60)

publish.publish_release(
    Path(sys.argv[1]), steps=[step], now=datetime(2026, 3, 1, 10, tzinfo=UTC), commit="killed"
)
"""


def kill_a_publish(dest: Path, how: str) -> int | None:
    """Start a publish that stops in its build step, and kill it (SIGKILL).

    With ``how`` 'command', the build step is running a command of its own when the
    publish is killed; return that command's pid (it is still running).
    """
    with subprocess.Popen(
        [sys.executable, "-c", KILLED, str(dest), how],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=REPO,
    ) as process:
        assert process.stdout is not None
        command = int(process.stdout.readline()) if how == "command" else None
        assert how == "command" or process.stdout.readline() == "building\n"
        process.kill()
        process.wait(timeout=30)
    return command


def test_a_publish_killed_mid_build_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    """The record of unfinished runs, for a real publish killed (SIGKILL) in its build step:
    its '.partial' and doctrees, both inside the web root, go on the next run."""
    good = release(tmp_path, 0)
    kill_a_publish(tmp_path, "build")
    assert listing(tmp_path / "releases") == sorted(
        [good.name, "20260301T100000Z-killed.partial", "20260301T100000Z-killed.doctrees"]
    )
    assert live(tmp_path) == good.name

    new = release(tmp_path, 60)

    assert listing(tmp_path / "releases") == [good.name, new.name]
    assert live(tmp_path) == new.name


def test_a_killed_publish_keeps_the_lock_while_its_command_runs(tmp_path: Path) -> None:
    """The lock is passed on to the commands a publish runs: if the publish is killed while
    sphinx-build is still writing into the web root, no other run starts until it ends."""
    good = release(tmp_path, 0)
    command = kill_a_publish(tmp_path, "command")
    assert command is not None
    try:
        with pytest.raises(PublishError, match="is in use by another publish or rollback"):
            release(tmp_path, 60)
    finally:
        os.kill(command, signal.SIGKILL)
    # The command is not our child to wait for: its lock goes when it has died.
    deadline = time.monotonic() + 30
    while True:
        try:
            new = release(tmp_path, 60)
            break
        except PublishError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert listing(tmp_path / "releases") == [good.name, new.name]


def test_the_doctrees_are_built_inside_the_web_root_not_in_tmp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Doctrees go beside the build, where the clean-up can find them; before, they went to
    a folder in /tmp that a killed publish left behind."""
    seen: list[Path] = []

    def sphinx(command: list[str], root: Path) -> int:
        doctrees = Path(command[command.index("-d") + 1])
        doctrees.mkdir()
        seen.append(doctrees)
        write_site(root, Path(command[-1]))
        return 0

    monkeypatch.setattr(publish, "_run", sphinx)
    made = publish.publish_release(tmp_path, REPO, steps=[publish.build], now=T0, commit="abc123")
    assert seen == [tmp_path / "releases" / f"{made.name}.doctrees"]
    assert listing(tmp_path / "releases") == [made.name]


def test_a_killed_public_build_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    """Without --dest, the staging folder and doctrees are in build/: a killed run's are
    removed by the next, and nothing goes to /tmp."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "fixture"\nversion = "1.0"\n')
    left = [foreign(tmp_path / "build", name) for name in ("public.partial", "public.doctrees")]
    publish.publish_public(tmp_path, steps=[write_site])
    assert not any(path.exists() for path in left)
    assert listing(tmp_path / "build") == [".publish.lock"]
    assert (tmp_path / "public" / "index.html").is_file()


# -- Rollback with a dangling current ----------------------------------------------------


@pytest.mark.parametrize(
    ("rollbacks", "deleted", "expected"),
    [
        pytest.param(0, [2], 1, id="the newest release deleted"),
        pytest.param(1, [1], 2, id="after a rollback, the live one deleted"),
        pytest.param(2, [0, 2], 1, id="the oldest and the newest deleted"),
    ],
)
def test_rollback_with_a_dangling_current_uses_the_history(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rollbacks: int,
    deleted: list[int],
    expected: int,
) -> None:
    """Rollback reads the history, not just the folder ``current`` points at; before, a
    dangling ``current`` could leave it with nothing to go on."""
    made = [release(tmp_path, minute) for minute in range(3)]
    for _ in range(rollbacks):
        publish.rollback(tmp_path)
    gone = publish.current(tmp_path)
    for index in deleted:
        for path in made[index].iterdir():
            path.unlink()
        made[index].rmdir()
    assert publish.main(["rollback", "--dest", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        f"{tmp_path / 'current'} pointed at {gone}, which no longer exists.\n"
        f"Rolled back: {tmp_path / 'current'} now points at the newest release, "
        f"{made[expected].name}.\n"
    )
    assert live(tmp_path) == made[expected].name


def test_rollback_with_a_dangling_current_and_no_release_left_says_so(tmp_path: Path) -> None:
    """With every release gone, the message says what to do rather than 'no history'."""
    only = release(tmp_path)
    (only / "index.html").unlink()
    only.rmdir()
    with pytest.raises(PublishError) as refused:
        publish.rollback(tmp_path)
    assert str(refused.value) == (
        f"{tmp_path / 'current'} points at {only}, which no longer exists, and there is no "
        f"release in {tmp_path / 'releases'} to point it at: publish again"
    )
