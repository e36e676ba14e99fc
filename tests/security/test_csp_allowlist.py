"""The allow-list is exactly the inline code the installed themes emit.

Guards ``checks/data/csp-allowlist.yaml``: its hashes are computed from each theme's
template output here, by building a small site with the theme as installed (and the
site's own settings for its theme), not taken from whatever a page contains. A theme
upgrade that changes its inline code fails here, printing the new code and the
entries to paste; an entry the theme no longer emits fails too, so the policy allows
nothing it does not need.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from sphinx_site import build

from checks.inline_code import ALLOWLIST, Kind, Snippet, allowlist, inline_code, listed_name

REPO = Path(__file__).resolve().parents[2]
SITE_THEME = "furo"
# The settings of the real site that shape its theme's inline code (Furo's colour
# <style> holds the Pygments colours and any CSS variables set in the theme options).
SITE_SETTINGS = (
    "language",
    "html_theme_options",
    "pygments_style",
    "pygments_dark_style",
    "myst_enable_extensions",
)

INDEX = """\
# A small site

A paragraph with *emphasis* and `code`.

```{toctree}
page
```
"""
PAGE = """\
# A page

## A section

```python
print("highlighted")
```
"""


def site_conf(theme: str) -> str:
    """conf.py of the small site: the real site's extensions, and its settings for its theme."""
    project = runpy.run_path(str(REPO / "conf.py"))
    # The checks extension is left out: it would check the output against the list.
    extensions = [e for e in project["extensions"] if e != "checks"]
    lines = [f"extensions = {extensions!r}", f"html_theme = {theme!r}"]
    if theme == SITE_THEME:
        lines += [f"{name} = {project[name]!r}" for name in SITE_SETTINGS if name in project]
    return "\n".join(lines) + "\n"


def emitted(theme: str, tmp_path: Path) -> dict[tuple[Kind, str], Snippet]:
    """The inline code on every page of the small site built with ``theme``, by kind and hash."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(site_conf(theme), encoding="utf-8")
    (srcdir / "index.md").write_text(INDEX, encoding="utf-8")
    (srcdir / "page.md").write_text(PAGE, encoding="utf-8")
    # sphinx.testing swaps alabaster for basic unless the theme is given as an override.
    app = build(srcdir, tmp_path / "out", html_theme=theme)
    assert app.warning.getvalue() == ""
    found: dict[tuple[Kind, str], Snippet] = {}
    for page in sorted(Path(app.outdir).rglob("*.html")):
        for snippet in inline_code(page.read_text(encoding="utf-8")):
            found.setdefault((snippet.kind, snippet.sha256), snippet)
    return found


def how_to_update(theme: str, found: dict[tuple[Kind, str], Snippet]) -> str:
    sources = {(e.kind, e.sha256): e.source for e in allowlist()[theme]}
    shown, entries = [], []
    for (kind, sha256), snippet in found.items():
        shown.append(f"--- {kind.value} sha256 {sha256}:\n{snippet.text}")
        source = sources.get((kind, sha256), "TODO: the template that writes it, and why")
        entries.append(
            f"    - kind: {listed_name(kind)}\n      sha256: {sha256}\n      source: >-\n"
            f"        {source}"
        )
    return (
        f"The inline code {theme} emits differs from {ALLOWLIST}. Read the code below and "
        f"make sure it is the theme's own, then replace themes.{theme} in {ALLOWLIST} with "
        "the entries after it (and say in 'source' where each comes from):\n\n"
        + "\n".join(shown)
        + f"\n\n  {theme}:\n"
        + "\n".join(entries)
    )


@pytest.mark.parametrize("theme", sorted(allowlist()))
def test_the_allowlist_is_what_the_installed_theme_emits(theme: str, tmp_path: Path) -> None:
    found = emitted(theme, tmp_path)
    listed = {(e.kind, e.sha256) for e in allowlist()[theme]}
    assert set(found) == listed, how_to_update(theme, found)


def test_the_site_theme_is_on_the_list() -> None:
    assert SITE_THEME in allowlist()
    assert runpy.run_path(str(REPO / "conf.py"))["html_theme"] == SITE_THEME
