"""The Content-Security-Policy cannot be widened by content; unexpected inline code fails.

Guards three defences, each shown to fail without it:

* ``tools/csp.py`` builds the policy from ``checks/data/csp-allowlist.yaml``, never
  from the pages: without it, a hostile page's script, style and style attribute get
  their own hashes in ``_csp.txt``;
* ``checks.sphinxext.inline_code`` emits one located ``checks.inline-code`` warning
  per page with inline code not on the list, which fails a ``-W`` build;
* ``tools/csp.py`` refuses such a site, naming each page and piece of code, and
  writes no policy.

The scanner (``checks.inline_code``) is tested on the tricks that hide markup from a
parser; the allow-list is tested against the inline code the installed themes emit.
"""

from __future__ import annotations

import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.inline_code import Allowed, Kind, allowed_for, inline_code

REPO = Path(__file__).resolve().parents[2]

from checks.sphinxext.inline_code import FIX  # noqa: E402
from tools import csp  # noqa: E402

# What the hostile page injects, and how the warning describes each (LINE is looked up).
INJECTED = [
    ('alert("injected script")', "<script> on line LINE: 'alert(\"injected script\")'"),
    (
        ".checks-badge-bad { display: none }",
        "<style> on line LINE: '.checks-badge-bad { display: none }'",
    ),
    ('style="color: red"', "style attribute on line LINE: 'color: red'"),
    ("onerror=", "event-handler attribute on line LINE: \"alert('injected handler')\""),
]


def policy_of(entries: tuple[Allowed, ...]) -> str:
    """The policy the allow-list entries make, for a site whose stylesheets use data images."""

    def hashes(kind: Kind) -> str:
        return " ".join(sorted(f"'sha256-{e.sha256}'" for e in entries if e.kind is kind))

    return (
        f"default-src 'self'; script-src 'self' {hashes(Kind.SCRIPT)}; "
        f"style-src 'self' {hashes(Kind.STYLE)} 'unsafe-hashes' {hashes(Kind.STYLE_ATTRIBUTE)}; "
        "img-src 'self' data:"
    )


@pytest.fixture(scope="module")
def hostile(
    rootdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """The inline-code root built with ``-W``: the run, its source folder and its output."""
    base = tmp_path_factory.mktemp("inline-code")
    srcdir = base / "site"
    shutil.copytree(rootdir / "test-inline-code", srcdir)
    out = base / "html"
    # --no-color: the runner may ask for colour (FORCE_COLOR), and these tests read words.
    options = ["-b", "html", "-W", "--keep-going", "-q", "--no-color"]
    options += ["-d", str(base / "doctrees")]
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", *options, str(srcdir), str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return run, srcdir, out


def described(page: Path) -> list[str]:
    """How the warning describes each injected piece, with the line it has in ``page``."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found = []
    for marker, text in INJECTED:
        number = next(n for n, line in enumerate(lines, 1) if marker in line)
        found.append(text.replace("LINE", str(number)))
    return found


# -- The policy comes from the allow-list ------------------------------------------------


def test_a_hostile_build_gets_the_allowlist_policy(
    hostile: tuple[subprocess.CompletedProcess[str], Path, Path],
) -> None:
    out = hostile[2]
    assert csp.csp_for(out) == policy_of(allowed_for("furo"))
    page = (out / "hostile.html").read_text(encoding="utf-8")
    injected = [s for s in inline_code(page) if (s.kind, s.sha256) not in _known("furo")]
    assert len(injected) == 4
    assert not [s for s in injected if s.sha256 in csp.csp_for(out)]


def _known(theme: str) -> set[tuple[Kind, str]]:
    return {(e.kind, e.sha256) for e in allowed_for(theme)}


INJECTIONS = [
    "<script>steal()</script>",
    '<script type="module">steal()</script>',
    "<style>.checks-badge-bad { display: none }</style>",
    '<p style="display: none">hidden</p>',
    '<img src="x.png" alt="" onerror="steal()">',
    '<img src="data:image/png;base64,AAAA" alt="">',
    # The theme's own code, copied into a page, adds nothing either.
    '<svg style="display: none;"></svg>',
]


@pytest.mark.parametrize("injection", INJECTIONS)
def test_no_page_content_changes_the_policy(
    hostile: tuple[subprocess.CompletedProcess[str], Path, Path], tmp_path: Path, injection: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(hostile[2], site)
    before = csp.csp_for(site)
    page = site / "index.html"
    page.write_text(page.read_text("utf-8").replace("</body>", f"{injection}</body>"), "utf-8")
    (site / "extra.html").write_text(f"<html><body>{injection}</body></html>", "utf-8")
    assert csp.csp_for(site) == before == policy_of(allowed_for("furo"))


def test_the_policy_is_for_the_theme_the_site_uses() -> None:
    conf = runpy.run_path(str(REPO / "conf.py"))
    assert conf["html_theme"] == csp.SITE_THEME


# -- The build fails on inline code not on the list ------------------------------------


def test_the_build_names_the_hostile_page_and_each_piece_of_code(
    hostile: tuple[subprocess.CompletedProcess[str], Path, Path],
) -> None:
    run, srcdir, out = hostile
    page = out / "hostile.html"
    pieces = "; ".join(described(page))
    expected = (
        f"{srcdir / 'hostile.md'}: WARNING: hostile.html carries inline code that is not on "
        f"the allow-list, which the site's Content-Security-Policy refuses: {pieces} "
        f"({FIX}) [checks.inline-code]"
    )
    warnings = [line for line in run.stderr.splitlines() if "checks.inline-code" in line]
    assert warnings == [expected], run.stderr


def test_the_warning_fails_a_build_with_W(
    hostile: tuple[subprocess.CompletedProcess[str], Path, Path],
) -> None:
    run = hostile[0]
    assert run.returncode == 1, run.stderr
    # The inline-code warning is the only problem of the run.
    warnings = [line for line in run.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1
    assert warnings[0].endswith("[checks.inline-code]")


# -- tools/csp.py refuses the site -------------------------------------------------------


def test_write_csp_refuses_and_lists_page_and_code(
    hostile: tuple[subprocess.CompletedProcess[str], Path, Path],
) -> None:
    out = hostile[2]
    page = out / "hostile.html"
    listed = "\n".join(f"  hostile.html: {piece}" for piece in described(page))
    with pytest.raises(csp.InlineCodeError) as refused:
        csp.write_csp(out)
    assert str(refused.value) == (
        f"{out} has inline code that is not on the allow-list (checks/data/csp-allowlist.yaml), "
        f"which the policy would refuse:\n{listed}\n"
        "fix: remove it from the pages, or move the project's own scripts and styles into "
        "files in checks/sphinxext/static/; no policy was written"
    )
    assert not (out / csp.CSP_FILE).exists()


def test_the_command_line_refuses_with_exit_status_1(
    hostile: tuple[subprocess.CompletedProcess[str], Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = hostile[2]
    assert csp.main([str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"csp: error: {out} has inline code that is not on")
    assert "  hostile.html: <script> on line " in captured.err
    assert not (out / csp.CSP_FILE).exists()
