"""'Check a draft': the engine's glue, the bundle the page unpacks, the build and the policy.

The page itself, with the checks running in chromium, is tested in
tests/browser/test_check_a_draft.py (this module is the build side).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build, copy_root, warning_lines

from checks.catalogue import catalogue
from checks.engine import check_text
from checks.findings import MOST_PER_RULE
from checks.sphinxext import draft, draft_engine
from tools import csp, publish

PAGE = """\
---
owner: Test owner
last_reviewed: 2025-06-01
review_by: 2027-06-30
---

# Check a draft

```{draft-checker}
```
"""

# -- Offsets for JavaScript -----------------------------------------------------------------

UTF16 = [
    # (text, the UTF-16 offset of each character and of the end)
    ("", [0]),
    ("abc", [0, 1, 2, 3]),
    ("é", [0, 1]),
    ("☕", [0, 1]),  # in the Basic Multilingual Plane: one code unit
    ("a😀b", [0, 1, 3, 4]),  # outside it: two
    ("🏴󠁧󠁢󠁷󠁬󠁳󠁿", [0, 2, 4, 6, 8, 10, 12, 14]),
]


@pytest.mark.parametrize(("text", "offsets"), UTF16)
def test_utf16_offsets(text: str, offsets: list[int]) -> None:
    assert draft_engine.utf16_offsets(text) == offsets


DRAFTS = [
    "Vote Labour on Thursday 😀 and text me on 07700 900461.",
    "OFFICIAL-SENSITIVE: the budget is attached.",
    "A lovely walk by the canal.",
]


@pytest.mark.parametrize("text", DRAFTS)
def test_check_draft_gives_the_engines_findings_with_both_offsets(text: str) -> None:
    result = draft_engine.check_draft(text)
    found = [(f["rule"], f["start"], f["end"], f["text"]) for f in result["findings"]]
    assert found == [(f.rule, f.start, f.end, f.text) for f in check_text(text)]
    units = text.encode("utf-16-le")
    for finding in result["findings"]:
        shown = units[2 * finding["from"] : 2 * finding["to"]].decode("utf-16-le")
        assert shown == finding["text"]
        assert finding["title"] and finding["explanation"] and finding["principle"]


def test_a_draft_says_which_problems_are_listed_only_in_part() -> None:
    result = draft_engine.check_draft("Vote Labour on Thursday! " * (MOST_PER_RULE + 1))
    assert result["more"] == [catalogue()["political"].title]
    assert result["most_per_rule"] == MOST_PER_RULE
    assert len(result["findings"]) == MOST_PER_RULE
    assert draft_engine.check_draft("Vote Labour on Thursday!")["more"] == []


def test_a_draft_over_the_limit_is_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_engine, "DRAFT_LIMIT", 10)
    assert draft_engine.check_draft("Vote Labour now, please.") == {
        "too_long": True,
        "limit": 10,
        "findings": [],
    }


# -- The bundle ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> list[str]:
    return [name for name, _ in draft.bundle_files()]


@pytest.mark.parametrize(
    "name",
    [
        "draft_engine.py",
        "checks/__init__.py",
        "checks/engine.py",
        "yaml/__init__.py",
        "phonenumbers/__init__.py",
        "checks/data/lookalikes.json",
    ],
)
def test_the_bundle_holds_what_the_engine_imports(bundled: list[str], name: str) -> None:
    assert name in bundled


@pytest.mark.parametrize(
    ("what", "bad"),
    [
        ("the Sphinx extension", lambda name: name.startswith("checks/sphinxext/")),
        ("compiled code", lambda name: name.endswith((".so", ".pyd", ".pyc"))),
        ("phonenumbers' place names", lambda name: "/geodata/" in name),
        ("package metadata", lambda name: ".dist-info/" in name),
        # The checks read their own small table of look-alikes (checks/data/lookalikes.json).
        ("the Unicode confusables package", lambda name: "confusable_homoglyphs" in name),
        # The checks carry their own NHS number check (checks.kinds.identifiers).
        ("python-stdnum", lambda name: name.startswith("stdnum/")),
    ],
)
def test_the_bundle_leaves_out(bundled: list[str], what: str, bad: object) -> None:
    assert callable(bad)
    assert not [name for name in bundled if bad(name)], what


def test_the_bundle_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    draft.write_bundle(tmp_path / "one.zip")
    draft.write_bundle(tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as bundle:
        assert "checks/engine.py" in bundle.namelist()


# -- The build -----------------------------------------------------------------------------


def fake_pyodide(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in draft.PYODIDE_FILES:
        (folder / name).write_text(f"stands in for {name}\n", encoding="utf-8")
    return folder


def site_with_page(rootdir: Path, base: Path) -> Path:
    srcdir = copy_root(rootdir, "clean", base)
    (srcdir / "check-a-draft.md").write_text(PAGE, encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text("utf-8").replace("about\n", "about\ncheck-a-draft\n"))
    return srcdir


@pytest.mark.parametrize("with_pyodide", [True, False], ids=["with Pyodide", "without"])
def test_the_page_is_built_with_or_without_pyodide(
    rootdir: Path, tmp_path: Path, with_pyodide: bool
) -> None:
    pyodide = fake_pyodide(tmp_path / "pyodide") if with_pyodide else tmp_path / "missing"
    app: SphinxTestApp = build(
        site_with_page(rootdir, tmp_path), tmp_path / "out", checks_pyodide_dir=str(pyodide)
    )
    assert warning_lines(app) == []
    out = Path(app.outdir)
    soup = BeautifulSoup((out / "check-a-draft.html").read_text("utf-8"), "html.parser")
    assert soup.find(id="checks-draft-form") is not None
    assert soup.find("script", src=lambda src: bool(src) and "checks-draft.js" in src)
    assert "nox -s check -- draft.txt" in soup.find("noscript").get_text()
    assert (out / "_static" / "pyodide" / "pyodide.asm.wasm").is_file() is with_pyodide
    assert (out / "_static" / draft.BUNDLE).is_file() is with_pyodide
    # Only the page with the form loads its script.
    index = (out / "index.html").read_text("utf-8")
    assert "checks-draft.js" not in index


# -- The policy and the publish ------------------------------------------------------------


@pytest.mark.parametrize("ships_pyodide", [True, False])
def test_wasm_is_allowed_only_when_the_site_ships_pyodide(
    tmp_path: Path, ships_pyodide: bool
) -> None:
    if ships_pyodide:
        fake_pyodide(tmp_path / "_static" / "pyodide")
    script_src = next(d for d in csp.csp_for(tmp_path).split("; ") if d.startswith("script-src"))
    assert ("'wasm-unsafe-eval'" in script_src.split()) is ships_pyodide
    assert "'unsafe-eval'" not in script_src.split()


def test_a_publish_refuses_the_page_without_pyodide(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<h1>Home</h1>\n", encoding="utf-8")
    (tmp_path / publish.DRAFT_PAGE).write_text("<h1>Check a draft</h1>\n", encoding="utf-8")
    with pytest.raises(publish.PublishError, match="npm ci"):
        publish.check_site(tmp_path, tmp_path)
    fake_pyodide(tmp_path / "_static" / "pyodide")
    (tmp_path / "_static" / draft.BUNDLE).parent.mkdir(parents=True)
    (tmp_path / "_static" / draft.BUNDLE).write_bytes(b"PK")
    publish.check_site(tmp_path, tmp_path)


def test_a_publish_without_npm_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"pyodide": "314.0.8"}}')
    monkeypatch.setattr(publish.shutil, "which", lambda name: None)
    with pytest.raises(publish.PublishError, match=r"install Node\.js with npm"):
        publish.fetch_pyodide(tmp_path, tmp_path / "site")
