"""tools.publish: releases switch atomically, failures never go live, rollback and pruning.

Most tests inject fake steps, so they take milliseconds. The 'main' tests build a
tiny Sphinx project of their own, to test the real commands without the real site
(tests/test_publish_site.py publishes the real site).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import checks
from tools import archive, history, publish
from tools.publish import PublishError

REPO = Path(__file__).resolve().parent.parent

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
BST = timezone(timedelta(hours=1))


def write_site(root: Path, site: Path) -> None:
    """A fake build: a one-page site."""
    site.mkdir(parents=True)
    (site / "index.html").write_text("<h1>Participation online</h1>\n", encoding="utf-8")


def fails(message: str) -> Callable[[Path, Path], None]:
    def step(root: Path, site: Path) -> None:
        raise PublishError(message)

    return step


def release(dest: Path, minutes: int = 0) -> Path:
    """Publish a fake release made ``minutes`` after T0."""
    return publish.publish_release(
        dest, REPO, steps=[write_site], now=T0 + timedelta(minutes=minutes), commit="abc123"
    )


# A web root after a publish: the lock, the manifest, the live link and the releases.
WEB_ROOT = [".publish.lock", ".releases.json", "current", "releases"]


def names(dest: Path) -> list[str]:
    return [p.name for p in publish.releases(dest)]


def live(dest: Path) -> str:
    found = publish.current(dest)
    assert found is not None
    return found.name


# -- Release names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "existing", "expected"),
    [
        # A timestamp in UTC, then the commit.
        (T0, [], "20260301T093000Z-abc123"),
        (datetime(2026, 3, 1, 10, 30, 5, 999, tzinfo=BST), [], "20260301T093005Z-abc123"),
        # Later than every existing release, even if the clock says otherwise.
        (T0, ["20260301T093000Z-fff000"], "20260301T093001Z-abc123"),
        (T0, ["20270101T000000Z-fff000"], "20270101T000001Z-abc123"),
        # Names that are not releases do not count.
        (T0, ["20270101T000000Z-fff000.partial", "current"], "20260301T093000Z-abc123"),
    ],
)
def test_release_name(now: datetime, existing: list[str], expected: str) -> None:
    assert publish.release_name(now, "abc123", existing) == expected


def test_commit_outside_git(tmp_path: Path) -> None:
    assert publish.commit_of(tmp_path) == "unknown"


# -- Publishing a release -----------------------------------------------------------


def test_publishing_twice_makes_two_releases_and_current_points_at_the_newer(
    tmp_path: Path,
) -> None:
    first = release(tmp_path, 0)
    second = release(tmp_path, 1)
    assert names(tmp_path) == [first.name, second.name]
    assert live(tmp_path) == second.name
    assert (tmp_path / "current" / "index.html").is_file()
    # Relative, so the web root can move.
    assert os.readlink(tmp_path / "current") == f"releases/{second.name}"


@pytest.mark.parametrize("failing", ["build", "verify"])
def test_a_failed_publish_leaves_current_untouched(tmp_path: Path, failing: str) -> None:
    good = release(tmp_path, 0)
    steps = [write_site, fails("examples disagree")] if failing == "verify" else [fails("no build")]
    with pytest.raises(PublishError):
        publish.publish_release(
            tmp_path, REPO, steps=steps, now=T0 + timedelta(minutes=1), commit="bad"
        )
    assert live(tmp_path) == good.name
    # Nothing of the failed build is left to be mistaken for a release.
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [good.name]


def test_a_stopped_build_is_never_a_release(tmp_path: Path) -> None:
    good = release(tmp_path, 0)
    # As a publish killed part way leaves it: its build, and its record in the manifest.
    stopped = tmp_path / "releases" / "20260301T100000Z-abc123.partial"
    write_site(REPO, stopped)
    manifest = history.load(tmp_path)
    manifest.unfinished.append(
        history.Unfinished("20260301T100000Z-abc123", "publish", "2026-03-01T10:00:00Z", 1)
    )
    history.save(tmp_path, manifest)
    assert names(tmp_path) == [good.name]
    release(tmp_path, 2)
    assert not stopped.exists()


def test_current_that_is_not_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "current").mkdir()
    with pytest.raises(PublishError, match="not a symlink"):
        release(tmp_path)
    assert not (tmp_path / "releases").exists() or names(tmp_path) == []


# -- The atomic switch --------------------------------------------------------------


def test_switch_renames_a_new_symlink_over_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = release(tmp_path, 0)
    new = tmp_path / "releases" / "20260301T100000Z-def456"
    write_site(REPO, new)
    calls: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        # At the moment of the switch, current still points at the old release...
        assert Path(tmp_path / "current").resolve() == old.resolve()
        assert Path(source).is_symlink()
        calls.append((Path(source).name, Path(target).name))
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    publish.switch(tmp_path, new)
    # ...and after it, at the new one: it is never missing in between.
    assert len(calls) == 1 and calls[0][0].startswith("current.tmp-") and calls[0][1] == "current"
    assert live(tmp_path) == new.name
    assert sorted(p.name for p in tmp_path.iterdir()) == WEB_ROOT


def test_a_failed_switch_leaves_current_and_no_temporary_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = release(tmp_path, 0)

    def replace(source: str | Path, target: str | Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(OSError, match="disk full"):
        publish.switch(tmp_path, old)
    assert live(tmp_path) == old.name
    assert sorted(p.name for p in tmp_path.iterdir()) == WEB_ROOT


# -- Pruning ------------------------------------------------------------------------


def test_pruning_keeps_the_newest_five(tmp_path: Path) -> None:
    made = [release(tmp_path, minute).name for minute in range(7)]
    assert names(tmp_path) == made[2:]
    assert live(tmp_path) == made[-1]


def test_pruning_never_deletes_the_current_release(tmp_path: Path) -> None:
    made = [release(tmp_path, minute) for minute in range(5)]
    publish.switch(tmp_path, made[0])  # As after rolling back four times.
    assert publish.prune(tmp_path, keep=2) == made[1:3]
    assert names(tmp_path) == [made[0].name, made[3].name, made[4].name]
    assert live(tmp_path) == made[0].name


# -- Rollback -----------------------------------------------------------------------


def test_rollback_points_current_at_the_previous_release(tmp_path: Path) -> None:
    first, second, third = (release(tmp_path, minute) for minute in range(3))
    assert publish.rollback(tmp_path) == second
    assert live(tmp_path) == second.name
    assert publish.rollback(tmp_path) == first
    with pytest.raises(PublishError, match="no release older than"):
        publish.rollback(tmp_path)
    assert live(tmp_path) == first.name
    assert names(tmp_path) == [first.name, second.name, third.name]


def test_rollback_with_one_release_is_a_clear_error(tmp_path: Path) -> None:
    only = release(tmp_path)
    with pytest.raises(PublishError, match="nothing to roll back to"):
        publish.rollback(tmp_path)
    assert live(tmp_path) == only.name


def test_rollback_with_nothing_published_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="does not exist"):
        publish.rollback(tmp_path)


# -- The archive --------------------------------------------------------------------


def test_archive_is_sorted_prefixed_and_reproducible(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("z.html", "index.html", "_static/b.css", "_static/a.css"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    first, second = tmp_path / "one.tar.gz", tmp_path / "two.tar.gz"
    archive.write_archive(site, first, "site-1.0", 1_700_000_000)
    os.utime(site / "index.html", (0, 0))  # File times must not matter.
    archive.write_archive(site, second, "site-1.0", 1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(first) as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == [
        "site-1.0",
        "site-1.0/_static",
        "site-1.0/_static/a.css",
        "site-1.0/_static/b.css",
        "site-1.0/index.html",
        "site-1.0/z.html",
    ]
    assert {(m.uid, m.gid, m.uname, m.mtime) for m in members} == {(0, 0, "", 1_700_000_000)}


def test_sha256sums_pass_sha256sum_check(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "site-1.0.tar.gz").write_bytes(b"archive")
    archive.write_sums([dist / "site-1.0.tar.gz"], dist / "SHA256SUMS")
    digest = hashlib.sha256(b"archive").hexdigest()
    assert (dist / "SHA256SUMS").read_text() == f"{digest}  site-1.0.tar.gz\n"
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- The command line, on a tiny Sphinx project -------------------------------------

GOOD_EXAMPLE = (REPO / "examples" / "_template.md").read_text(encoding="utf-8")
WRONG_VERDICT = GOOD_EXAMPLE.replace(
    "Civil Service Jobs website.", "Civil Service Jobs website. Or text me on 07700 900461."
)


INDEX = """\
:owner: Fixture owner
:last_reviewed: 2025-06-01
:review_by: 2099-06-30

Fixture
=======

A page.

.. examples::
   :principle: credible
"""
"""The fixture's one page, reviewed, showing its one example."""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-page Sphinx project that loads the checks extension, with one good example."""
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "conf.py").write_text(
        'project = "Fixture"\nhtml_theme = "furo"\nhtml_copy_source = False\n'
        'extensions = ["checks"]\n'
        # No guidance page here for the principle the example's card links to.
        'nitpick_ignore = [("checks:principle", "credible")]\n',
        encoding="utf-8",
    )
    (root / "docs" / "index.rst").write_text(INDEX, encoding="utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "fixture"\nversion = "2.1.0"\n')
    (root / "examples" / "credible").mkdir(parents=True)
    (root / "examples" / "credible" / "job-advert.md").write_text(GOOD_EXAMPLE, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return root


def seed(dest: Path) -> Path:
    """A release already live in ``dest``, as if published earlier."""
    return release(dest, -60)


def test_main_publishes_the_fixture_twice(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    assert publish.main(["--root", str(project), "--dest", str(dest)]) == 0
    assert publish.main(["--root", str(project), "--dest", str(dest)]) == 0
    first, second = publish.releases(dest)
    assert live(dest) == second.name
    assert "A page." in (dest / "current" / "index.html").read_text(encoding="utf-8")
    assert not (second / ".doctrees").exists()
    assert publish.main(["rollback", "--dest", str(dest)]) == 0
    assert live(dest) == first.name


def test_main_with_a_failing_build_leaves_current(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "www"
    old = seed(dest)
    # A broken cross-reference: a warning, so sphinx-build -W exits non-zero.
    (project / "docs" / "index.rst").write_text("Fixture\n=======\n\nSee :doc:`missing`.\n")
    assert publish.main(["--root", str(project), "--dest", str(dest)]) == 1
    assert live(dest) == old.name
    assert names(dest) == [old.name]
    assert "did not build cleanly" in capsys.readouterr().err


def test_main_with_a_wrong_verdict_leaves_current(
    project: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "www"
    old = seed(dest)
    (project / "examples" / "credible" / "wrong.md").write_text(WRONG_VERDICT, encoding="utf-8")
    assert publish.main(["--root", str(project), "--dest", str(dest)]) == 1
    assert live(dest) == old.name
    assert names(dest) == [old.name]
    out, err = capfd.readouterr()
    assert "examples/credible/wrong.md" in out and "stated good" in out
    assert "do not agree with the checks" in err


def test_a_publish_verifies_the_examples_once_in_the_site_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No separate 'python -m checks --verify' before the build: the build is the check."""
    commands: list[list[str]] = []

    def run(command: list[str], root: Path) -> int:
        commands.append(command)
        write_site(root, Path(command[-1]))
        return 0

    monkeypatch.setattr(publish, "_run", run)
    publish.publish_release(tmp_path / "www", project, now=T0, commit="abc123")
    assert [command[1:3] for command in commands] == [["-m", "sphinx"]]


def test_commands_import_the_same_checks_as_the_publish(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command the publish runs gets no PYTHONPATH of its own, so no other 'checks'."""
    monkeypatch.delenv("PYTHONPATH", raising=False)
    show = "import checks, os; print(checks.__file__, os.environ.get('PYTHONPATH'))"
    assert publish._run([sys.executable, "-c", show], tmp_path) == 0
    assert capfd.readouterr().out == f"{checks.__file__} None\n"


def test_main_without_a_home_page_leaves_current(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    old = seed(dest)
    (project / "conf.py").write_text(
        'project = "Fixture"\nhtml_theme = "furo"\nroot_doc = "start"\n'
    )
    (project / "docs" / "index.rst").rename(project / "docs" / "start.rst")
    assert publish.main(["--root", str(project), "--dest", str(dest)]) == 1
    assert live(dest) == old.name


def test_main_rollback_with_one_release_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path)
    assert publish.main(["rollback", "--dest", str(tmp_path)]) == 1
    assert "nothing to roll back to" in capsys.readouterr().err


def test_main_builds_public_and_the_archive(project: Path) -> None:
    assert publish.main(["--root", str(project)]) == 0
    assert (project / "public" / "index.html").is_file()
    assert not (project / "public" / ".doctrees").exists()
    # Only what a reader needs: no incremental-build stamp, no empty _sources folder.
    assert not (project / "public" / ".buildinfo").exists()
    assert not (project / "public" / "_sources").exists()
    dist = project / "dist"
    assert sorted(p.name for p in dist.iterdir()) == ["SHA256SUMS", "fixture-2.1.0.tar.gz"]
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True)
    assert check.returncode == 0
    with tarfile.open(dist / "fixture-2.1.0.tar.gz") as tar:
        assert "fixture-2.1.0/index.html" in tar.getnames()


def test_rollback_needs_dest() -> None:
    with pytest.raises(SystemExit) as stopped:
        publish.main(["rollback"])
    assert stopped.value.code == 2


def test_commit_inside_git_is_short_hex(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "x",
        ],
        cwd=tmp_path,
        check=True,
    )
    commit = publish.commit_of(tmp_path)
    assert len(commit) == 12 and int(commit, 16) >= 0


def test_main_refuses_unexpected_inline_code_even_if_the_build_check_is_silenced(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The build's own check is silenced, so only tools.csp sees the script.
    dest = tmp_path / "www"
    old = seed(dest)
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('suppress_warnings = ["checks.inline-code"]\n')
    (project / "docs" / "index.rst").write_text(
        INDEX + "\n.. raw:: html\n\n   <script>steal()</script>\n", encoding="utf-8"
    )
    assert publish.main(["--root", str(project), "--dest", str(dest)]) == 1
    assert live(dest) == old.name
    err = capsys.readouterr().err
    assert "steal()" in err and "the site is not published" in err
    assert "Traceback" not in err
