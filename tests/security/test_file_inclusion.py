"""Pages may include files from the repository and from nowhere else.

Guards ``checks.sphinxext.inclusion``: without the guarded environment the
include, literalinclude, image and download pages publish the secret; without
the confined ``raw`` and ``csv-table`` those two do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build, copy_root, warning_lines

SECRET = "SECRET-MARKER-5f0c"
# Each page that reaches outside, and the name it gives for the file.
HOSTILE_PAGES = [
    ("include", "../secret.txt"),
    ("literalinclude", "../secret.txt"),
    ("raw-file", "../secret.txt"),
    ("csv-file", "../secret.txt"),
    ("image", "../secret.png"),
    ("download", "../secret.txt"),
    ("linked", "link-to-secret.txt"),
]


@pytest.fixture(scope="module")
def built(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The hostile pages built beside a secret file, and a link inside that points at it."""
    base = tmp_path_factory.mktemp("hostile-pages")
    (base / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (base / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    srcdir = copy_root(rootdir, "hostile-pages", base)
    (srcdir / "link-to-secret.txt").symlink_to(base / "secret.txt")
    return build(srcdir, base / "out")


def test_no_built_file_holds_the_secret(built: SphinxTestApp) -> None:
    leaked = [
        path.relative_to(built.outdir)
        for path in built.outdir.rglob("*")
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
    assert leaked == []


@pytest.mark.parametrize(("page", "name"), HOSTILE_PAGES)
def test_each_reach_outside_is_a_located_warning(
    built: SphinxTestApp, page: str, name: str
) -> None:
    expected = (
        f"{page}.md: WARNING: '{name}' is outside the repository, so it is not read "
        "(fix: keep files a page includes inside the repository) [checks.file-outside]"
    )
    assert any(line.endswith(expected) for line in warning_lines(built)), "\n".join(
        warning_lines(built)
    )


def test_a_file_inside_the_repository_is_still_included(built: SphinxTestApp) -> None:
    html = (built.outdir / "inside.html").read_text(encoding="utf-8")
    assert "Notes kept inside the repository may be shown." in html
    assert not [line for line in warning_lines(built) if "inside.md" in line]
