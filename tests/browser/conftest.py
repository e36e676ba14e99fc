"""Fixtures for the browser tests: Debian's chromium driven by Playwright, sites served by nginx.

One browser and one nginx per site are shared by the whole session; the published
site (``site``) is built once and served under ``SUB_PATH`` (``server``, ``url``). Each test
gets a fresh browser context whose :class:`audit.Recorder` notes what its pages
do, and which cannot reach any host but 127.0.0.1.

Outside CI, the tests marked ``browser`` are skipped when ``/usr/bin/chromium``
(or ``$BROWSER_TESTS_CHROMIUM``) or nginx is not installed. In CI (``CI`` set) they
run, and fail if either is missing.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from audit import LOCAL_HOST, Recorder, recorded_context
from nginx import NGINX, SUB_PATH, Mount, NginxServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
# Debian's chromium; another build of Chromium (say, a hosted CI's Chrome) can be named instead.
CHROMIUM = os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_FLAGS = [
    "--no-sandbox",  # the tests run as root on CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--no-pings",
    # No name but 127.0.0.1 resolves, so not even a DNS query leaves the machine.
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOCAL_HOST}",
]


def load_tool(name: str) -> ModuleType:
    """A module of the ``tools`` package, such as ``csp``."""
    return importlib.import_module(f"tools.{name}")


def missing_tools() -> list[str]:
    missing = [] if os.access(CHROMIUM, os.X_OK) else [CHROMIUM]
    return missing + ([] if os.access(NGINX, os.X_OK) else ["nginx"])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = missing_tools()
    if not missing or os.environ.get("CI"):
        return  # In CI a missing browser or server must fail, not pass quietly.
    skip = pytest.mark.skip(
        reason=f"{' and '.join(missing)} not installed "
        "(apt-get install -y chromium nginx); CI runs these tests"
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


# -- The browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    missing = missing_tools()
    if missing:
        pytest.fail(f"{' and '.join(missing)} not installed: apt-get install -y chromium nginx")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -e '.[browser]' (or nox -s browser)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'npm ci' in {ROOT} (or nox -s browser)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., tuple[Page, Recorder]]]:
    """``new_page(**context_options)``: a page in a fresh recorded context."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> tuple[Page, Recorder]:
        context, recorder = recorded_context(browser, **options)
        contexts.append(context)
        return context.new_page(), recorder

    yield make
    for context in contexts:
        context.close()


# -- nginx ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def serve(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[list[Mount]], NginxServer]]:
    """``serve(mounts)``: an nginx serving ``mounts``, stopped at the end of the session."""
    servers: list[NginxServer] = []

    def start(mounts: list[Mount]) -> NginxServer:
        server = NginxServer(mounts, tmp_path_factory.mktemp("nginx"))
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def csp_tool() -> ModuleType:
    return load_tool("csp")


# -- The site, built and served -------------------------------------------------------


def build_site() -> Path:
    """``public/``, built and verified by the publish tool as ``nox -s publish`` does."""
    command = [sys.executable, "-m", "tools.publish"]
    if not (ROOT / "tools" / "publish.py").is_file():
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-c",
            str(ROOT),
            "docs",
            str(ROOT / "public"),
        ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode:
        pytest.fail(
            f"building the site failed ({' '.join(command[1:])}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return ROOT / "public"


@pytest.fixture(scope="session")
def site() -> Path:
    if os.environ.get("BROWSER_SITE"):
        return Path(os.environ["BROWSER_SITE"]).resolve()
    return build_site()


@pytest.fixture(scope="session")
def policy(site: Path, csp_tool: ModuleType) -> str:
    """The policy the intranet is told to send: the one publish wrote, else computed now."""
    written = site / csp_tool.CSP_FILE
    return written.read_text("utf-8").strip() if written.is_file() else str(csp_tool.csp_for(site))


@pytest.fixture(scope="session")
def mount(site: Path, policy: str) -> Mount:
    return Mount(SUB_PATH, site, policy)


@pytest.fixture(scope="session")
def server(serve: Callable[[list[Mount]], NginxServer], mount: Mount) -> NginxServer:
    return serve([mount])


@pytest.fixture(scope="session")
def url(server: NginxServer, mount: Mount) -> Callable[[str], str]:
    """``url(path)``: the address of a page of the site, relative to its root."""

    def address(path: str) -> str:
        return server.url(mount, path)

    return address
