"""``{draft-checker}``: the "Check a draft" form, which runs the checks in the reader's browser.

The page runs this very ``checks`` package with Pyodide (CPython compiled to
WebAssembly) in a Web Worker, so the draft never leaves the browser and the page
needs nothing from the internet. After an HTML build that wrote the form, this
module copies into the site:

- ``_static/pyodide/``: the core files of the npm package ``pyodide``, at the
  version ``package.json`` pins (``npm ci`` puts it in ``node_modules/pyodide``);
- ``_static/checks-draft/engine.zip``: the installed ``checks`` package (without
  this Sphinx extension), :mod:`checks.sphinxext.draft_engine` and the pure-Python
  packages the checks depend on, as installed, which the worker unpacks.

Without Pyodide (a build without ``npm ci``) the page is built all the same and
says the checker is not part of that copy of the site; ``python -m tools.publish``
fetches Pyodide first and refuses a site without it.
"""

from __future__ import annotations

import json
import posixpath
import shutil
import zipfile
from collections.abc import Iterator
from html import escape
from importlib import metadata, resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from packaging.requirements import Requirement
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks.catalogue import catalogue
from checks.sphinxext import elements as n
from checks.vocabulary import capacities, channels, principles

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

SCRIPT = "checks-draft.js"
STYLE = "checks-draft.css"
WORKER = "checks-draft-worker.js"
PYODIDE_DIR = "pyodide"
"""Where Pyodide's files go in ``_static/``."""
BUNDLE = "checks-draft/engine.zip"
"""Where the engine bundle goes in ``_static/``."""
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
"""The core of the npm package: what loadPyodide fetches, and the version it came from."""
FORM_ID = "checks-draft"
PROJECT = "participation-online"

# Never needed in the browser: byte code of another Python, compiled extensions (PyYAML
# falls back to pure Python without its C speed-up) and type stubs.
SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo", ".so", ".pyd", ".pyi"})
# phonenumbers' place names, carriers and time zones: the checks only parse and
# classify numbers (phonenumberslite leaves out the same folders), and they are most
# of its size.
SKIPPED_FOLDERS = frozenset({"__pycache__", "geodata", "carrierdata", "tzdata"})
# Stamped on every file of the bundle, so the same sources make the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# -- The form ---------------------------------------------------------------------------


class draft_form(nodes.General, nodes.Element):
    """The form, its status line and its results; written as HTML by :func:`visit_form_html`."""


class DraftCheckerDirective(SphinxDirective):
    """``{draft-checker}``: the form; the page around it says what it does."""

    def run(self) -> list[nodes.Node]:
        return [draft_form()]


def _links(self: HTML5Translator) -> dict[str, dict[str, str]]:
    """For each rule: its page, and the page and title of its principle, from this page."""
    here = self.builder.current_docname
    uri = self.builder.get_relative_uri
    titles = principles()
    return {
        rule.id: {
            "rule": uri(here, f"rules/{rule.id}"),
            "principle": uri(here, rule.principle),
            "principle_title": titles.get(rule.principle, rule.principle),
        }
        for rule in catalogue().values()
    }


def _select(name: str, label: str, options: dict[str, str]) -> str:
    field = f"checks-draft-{name}"
    choices = "".join(
        f'<option value="{escape(k)}">{escape(v)}</option>' for k, v in options.items()
    )
    return (
        f'<div class="checks-draft-field"><label for="{field}">{escape(label)}</label>'
        f'<select id="{field}" name="{name}"><option value="">Not chosen</option>{choices}'
        "</select></div>"
    )


def _principle_links(self: HTML5Translator) -> str:
    here = self.builder.current_docname
    links = [
        f'<li><a href="{escape(self.builder.get_relative_uri(here, key))}">{escape(title)}</a></li>'
        for key, title in principles().items()
    ]
    return f"<ul>{''.join(links)}</ul>"


def visit_form_html(self: HTML5Translator, node: draft_form) -> None:
    # Built from the catalogue and the vocabulary only; escaped all the same.
    here = PurePosixPath(self.builder.current_docname).parent
    static = posixpath.relpath("_static", here.as_posix()) + "/"
    editors = self.builder.get_relative_uri(self.builder.current_docname, "editors")
    data = escape(json.dumps(_links(self), sort_keys=True), quote=True)
    self.body.append(
        f'<div id="{FORM_ID}" class="checks-draft" data-static="{escape(static)}" '
        f'data-links="{data}">'
        '<noscript><p class="checks-draft-noscript">This checker runs in your browser and '
        "needs JavaScript, which is turned off. You can check a draft on your own computer "
        "instead: save it as a text file, such as <code>draft.txt</code>, and in a copy of "
        "this project run <code>nox -s check -- draft.txt</code>. "
        f'<a href="{escape(editors)}">The page for editors</a> explains how.</p></noscript>'
        '<form id="checks-draft-form" class="checks-draft-form" hidden>'
        '<div class="checks-draft-field"><label for="checks-draft-text">Your draft</label>'
        '<p id="checks-draft-hint" class="checks-draft-hint">Paste or type the post exactly '
        "as you would publish it.</p>"
        '<textarea id="checks-draft-text" name="draft" rows="10" spellcheck="true" '
        'aria-describedby="checks-draft-hint"></textarea></div>'
        + _select("channel", "Where it will appear (optional)", dict(channels()))
        + _select("capacity", "Who you are posting as (optional)", dict(capacities()))
        + '<div class="checks-draft-field"><button type="submit" id="checks-draft-button">'
        "Check the draft</button></div></form>"
        '<div id="checks-draft-status" class="checks-draft-status" role="status">'
        '<p id="checks-draft-message">The checker is loading.</p>'
        '<progress id="checks-draft-progress" max="3" value="0" '
        'aria-labelledby="checks-draft-message" hidden></progress></div>'
        '<div id="checks-draft-results" class="checks-draft-results" hidden></div>'
        '<div id="checks-draft-none" class="checks-draft-none" hidden>'
        "<h2>No problems found</h2>"
        "<p>We found nothing in your draft that breaks the rules we can check. That does not "
        "mean it is ready to post. No check can tell whether you are being responsive or "
        "integrated, whether your facts are right, or whether the tone suits the "
        "conversation. Read it again against the principles before you post:</p>"
        + _principle_links(self)
        + "</div>"
        '<div id="checks-draft-failed" class="checks-draft-failed" hidden>'
        "<h2>The checker could not start</h2>"
        '<p>The reason: <span id="checks-draft-reason"></span>.</p>'
        "<p>Nothing you typed has been sent anywhere. Try reloading the page. If that does not "
        "work, you can check a draft on your own computer: save it as a text file, such as "
        "<code>draft.txt</code>, and in a copy of this project run "
        f'<code>nox -s check -- draft.txt</code>. <a href="{escape(editors)}">The page for '
        "editors</a> explains how.</p></div></div>\n"
    )
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    """Other writers have no form to show."""
    raise nodes.SkipNode


def add_script(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Only the page with the form loads its script and style."""
    if doctree is not None and next(iter(doctree.findall(draft_form)), None) is not None:
        app.add_js_file(SCRIPT, loading_method="defer")
        app.add_css_file(STYLE)


# -- Pyodide and the engine bundle -------------------------------------------------------


def pyodide_source(app: Sphinx) -> Path:
    """Where the npm package ``pyodide`` is installed (``checks_pyodide_dir``)."""
    return (Path(app.confdir) / str(app.config.checks_pyodide_dir)).resolve()


def copy_pyodide(source: Path, static: Path) -> bool:
    """Copy Pyodide's core files into ``static/pyodide``; False if any is missing."""
    if not all((source / name).is_file() for name in PYODIDE_FILES):
        return False
    target = static / PYODIDE_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(source / name, target / name)
    return True


def _wanted(path: PurePosixPath) -> bool:
    return path.suffix not in SKIPPED_SUFFIXES and not SKIPPED_FOLDERS & set(path.parts)


def package_files() -> Iterator[tuple[str, Path]]:
    """The installed ``checks`` package without this Sphinx extension, by name in the bundle."""
    root = Path(str(resources.files("checks")))
    for path in sorted(root.rglob("*")):
        name = PurePosixPath("checks", *path.relative_to(root).parts)
        if path.is_file() and _wanted(name) and "sphinxext" not in name.parts:
            yield str(name), path


def dependencies(project: str = PROJECT) -> list[metadata.Distribution]:
    """The installed distributions ``project`` needs at run time (not its extras), recursively."""
    found: dict[str, metadata.Distribution] = {}
    waiting = list(metadata.requires(project) or [])
    while waiting:
        requirement = Requirement(waiting.pop())
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = requirement.name.lower().replace("_", "-")
        if key not in found:
            found[key] = metadata.distribution(requirement.name)
            waiting += found[key].requires or []
    return [found[key] for key in sorted(found)]


def dependency_files(distribution: metadata.Distribution) -> Iterator[tuple[str, Path]]:
    """The importable files of an installed distribution, by name in the bundle."""
    for file in sorted(distribution.files or [], key=str):
        name = PurePosixPath(str(file))
        top = name.parts[0]
        if top.endswith((".dist-info", ".egg-info", ".data")) or top == "..":
            continue
        if _wanted(name):
            yield str(name), Path(str(distribution.locate_file(file)))


def bundle_files() -> list[tuple[str, Path]]:
    """Every file of the engine bundle, by its name in the bundle."""
    files = list(package_files())
    for distribution in dependencies():
        files += dependency_files(distribution)
    files.append(("draft_engine.py", Path(__file__).with_name("draft_engine.py")))
    return sorted(files)


def write_bundle(target: Path) -> None:
    """Write the engine bundle: one zip that the worker unpacks, the same bytes every time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for name, path in bundle_files():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())


def has_form(outdir: Path) -> bool:
    """Whether any page of the built site carries the form."""
    marker = f'id="{FORM_ID}"'
    return any(marker in page.read_text("utf-8") for page in outdir.rglob("*.html"))


def add_engine(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build with the form: Pyodide and the engine bundle into ``_static``."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not has_form(outdir):
        return
    static = outdir / "_static"
    if not copy_pyodide(pyodide_source(app), static):
        # Not a warning: a preview or test build without npm still builds; publishing
        # fetches Pyodide first and refuses a site without it.
        logger.info(
            f"checks: Pyodide is not in {pyodide_source(app)} (run 'npm ci'): the "
            "'Check a draft' page will say the checker is not part of this build"
        )
        return
    write_bundle(static / BUNDLE)


def setup_draft(app: Sphinx) -> None:
    n.register(
        app, draft_form, (visit_form_html, n.depart_passthrough), (skip, n.depart_passthrough)
    )
    app.add_directive("draft-checker", DraftCheckerDirective)
    app.connect("html-page-context", add_script)
    app.connect("build-finished", add_engine)
