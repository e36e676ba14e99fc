"""``nox -s docs-live`` stops on Ctrl-C sent to nox's process, whatever started it.

A script that starts the preview in the background starts it with SIGINT ignored;
nox then never saw Ctrl-C and the server went on serving. Run on a copy of the
project, as an editor would run it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fresh_copy import fresh_copy


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


def _ignore_ctrl_c() -> None:
    """What a shell does to a background job: the child starts with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return fresh_copy(tmp_path / "project")


def test_ctrl_c_to_nox_stops_the_preview(copy: Path, tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    log = (tmp_path / "live.log").open("w")
    nox = subprocess.Popen(
        [sys.executable, "-m", "nox", "-s", "docs-live", "--", "--port", str(port)],
        cwd=copy,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_ignore_ctrl_c,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while not _serving(url):
            assert nox.poll() is None, (tmp_path / "live.log").read_text()
            assert time.monotonic() < deadline, "the preview never started"
            time.sleep(1)
        nox.send_signal(signal.SIGINT)
        # nox gives the server half a second, then stops it.
        assert nox.wait(timeout=30) != 0
        time.sleep(1)
        assert not _serving(url), "the server outlived nox"
    finally:
        # Everything this test started is in the session it made, and only that: a
        # server left behind is stopped too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(nox.pid, signal.SIGKILL)
        nox.wait()
        log.close()
