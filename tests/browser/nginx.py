"""Serve static folders with Debian's nginx for the browser tests.

Each folder is mounted under its own URL sub-path with its own
``Content-Security-Policy`` header, the way the intranet serves the guidance
under ``/guidance/participation-online/``. Anything outside a mount is a 404, so
a link or asset that escapes the sub-path shows up as broken.

nginx runs in the foreground (``daemon off``) on a free port on 127.0.0.1, with
its configuration, pid file, logs and temporary folders in a private folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SUB_PATH = "/guidance/participation-online/"
"""Where the tests serve the published site, as the intranet does (the README's example)."""

# Only the types a Sphinx site ships, so the tests do not depend on a distro's mime.types.
MIME_TYPES = {
    "text/html": "html htm",
    "text/css": "css",
    "text/plain": "txt",
    "text/javascript": "js mjs",
    "application/json": "json",
    "application/xml": "xml",
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/gif": "gif",
    "image/svg+xml": "svg svgz",
    "image/x-icon": "ico",
    "font/woff": "woff",
    "font/woff2": "woff2",
    # Pyodide, for the "Check a draft" page: WebAssembly must be served as such to be
    # compiled as it downloads, and its standard library and the checks come as zips.
    "application/wasm": "wasm",
    "application/zip": "zip",
}


@dataclass(frozen=True)
class Mount:
    """A folder served under ``url_path`` (which starts and ends with '/').

    An empty ``csp`` sends no Content-Security-Policy header at all.
    """

    url_path: str
    root: Path
    csp: str

    def __post_init__(self) -> None:
        if not (self.url_path.startswith("/") and self.url_path.endswith("/")):
            raise ValueError(f"url_path must start and end with '/': {self.url_path!r}")
        if '"' in self.csp or "\n" in self.csp:
            raise ValueError(f"a CSP value cannot hold quotes or newlines: {self.csp!r}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def location_block(mount: Mount) -> str:
    """The nginx ``location`` for one mount: the same shape as the README's snippet."""
    root = str(mount.root.resolve())
    csp = f'add_header Content-Security-Policy "{mount.csp}" always;' if mount.csp else ""
    bare = mount.url_path.rstrip("/")
    return f"""
        location = {bare} {{
            return 301 {mount.url_path};
        }}
        location {mount.url_path} {{
            alias {root}/;
            index index.html;
            {csp}
            add_header X-Content-Type-Options "nosniff" always;
            add_header Referrer-Policy "same-origin" always;
        }}"""


def render_config(mounts: list[Mount], port: int, state_dir: Path) -> str:
    """A complete nginx.conf that keeps every file it writes inside ``state_dir``."""
    types = "\n".join(f"        {mime} {exts};" for mime, exts in MIME_TYPES.items())
    temp_paths = "\n".join(
        f"    {name}_temp_path {state_dir / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, the workers would drop to 'nobody', who cannot read a private tmp folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    locations = "".join(location_block(m) for m in mounts)
    return f"""{user}worker_processes 1;
pid {state_dir / "nginx.pid"};
error_log {state_dir / "error.log"} warn;

events {{
    worker_connections 64;
}}

http {{
    types {{
{types}
    }}
    default_type application/octet-stream;
    charset utf-8;
    access_log {state_dir / "access.log"};
{temp_paths}
    sendfile on;
    server_tokens off;

    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
{locations}
        location / {{
            return 404;
        }}
    }}
}}
"""


class NginxServer:
    """nginx in the foreground, started and stopped by this object."""

    def __init__(self, mounts: list[Mount], state_dir: Path) -> None:
        self.mounts = mounts
        self.state_dir = state_dir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, mount: Mount, path: str = "") -> str:
        return f"{self.origin}{mount.url_path}{path}"

    def start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        conf = self.state_dir / "nginx.conf"
        conf.write_text(render_config(self.mounts, self.port, self.state_dir), encoding="utf-8")
        # '-e' sends the very first messages to our log, before the config is read.
        base = [
            NGINX,
            "-c",
            str(conf),
            "-p",
            str(self.state_dir),
            "-e",
            str(self.state_dir / "error.log"),
        ]
        subprocess.run([*base, "-t", "-q"], check=True, capture_output=True)
        self.process = subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL)
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"nginx exited at start:\n{self.error_log()}")
            try:
                with urllib.request.urlopen(f"{self.origin}/", timeout=1):
                    return
            except urllib.error.HTTPError as err:
                err.close()
                return  # the catch-all 404 answered: nginx is serving
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not answer on {self.origin}:\n{self.error_log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def error_log(self) -> str:
        log = self.state_dir / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def __enter__(self) -> NginxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
