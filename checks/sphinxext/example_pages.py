"""A page of its own for every example: ``example/<principle>/<slug>.html``.

At ``builder-inited`` a one-line source is written for each valid example into
the generated folder ``example/`` of the source folder. The source names only
the slug (a checked slug, never editor text); the ``{example-page}`` directive
writes the whole page from the example file. The pages are orphans: they are
in no toctree, so adding one never re-reads the navigation of every other page
(a toctree of every example would make a build quadratic).

A source is rewritten only when its text changes, so an unchanged example keeps
its file time and Sphinx does not read its page again; sources of examples that
no longer exist are removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from checks.examples import SLUG
from checks.sphinxext import elements as n
from checks.sphinxext.cards import example_card, rule_links
from checks.sphinxext.corpus import corpus_for
from checks.sphinxext.directives import judged_example
from checks.sphinxext.domain import domain_of, xref
from checks.vocabulary import principles

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FOLDER = "example"
"""The generated folder, inside the source folder (never the examples folder itself)."""

MARKER = "% Written by the checks extension for each example: do not edit."


def page_name(principle: str, slug: str) -> str:
    """The docname of an example's own page."""
    return f"{FOLDER}/{principle}/{slug}"


def source_text(slug: str) -> str:
    return f"---\norphan: true\n---\n\n{MARKER}\n\n```{{example-page}} {slug}\n```\n"


def write_sources(app: Sphinx) -> None:
    """Write a source for every valid example and remove the sources of the others."""
    root = Path(app.srcdir) / FOLDER
    wanted: dict[Path, str] = {}
    for judgement in corpus_for(app.env).judgements:
        example = judgement.example
        # Slugs and principles are checked when the file is read; checked again
        # here because they become a file name and the text of a source.
        if SLUG.fullmatch(example.slug) and example.principle in principles():
            path = root / example.principle / f"{example.slug}.md"
            wanted[path] = source_text(example.slug)
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".md.partial")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
    _remove_stale(root, set(wanted))


def _remove_stale(root: Path, wanted: set[Path]) -> None:
    """Remove generated sources (and only those) of examples that are gone."""
    if not root.is_dir():
        return
    for path in root.glob("*/*.md"):
        if path not in wanted and path.read_text(encoding="utf-8").find(MARKER) >= 0:
            path.unlink()
    for folder in root.iterdir():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


class ExamplePageDirective(SphinxDirective):
    """``{example-page} slug``: the whole page of one example, title included."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        slug = self.arguments[0]
        judgement = judged_example(self, slug)
        if judgement is None:
            return []
        example = judgement.example
        domain_of(self.env).note_example_page(
            self.env.docname, slug, example.title, example.principle
        )
        section = nodes.section(ids=[f"page-{slug}"], names=[nodes.fully_normalize_name(slug)])
        section += nodes.title(example.title, example.title)
        section += example_card(self, judgement, full=True)
        section += _rules_shown(example.breaks, example.near_miss)
        section += _links_back(example.principle)
        self.state.document.note_implicit_target(section, section)
        return [section]


def _rules_shown(broken: tuple[str, ...], near_miss: tuple[str, ...]) -> nodes.Node:
    if broken:
        return n.paragraph("Rules this example shows: ", *rule_links(broken), ".")
    if near_miss:
        return n.paragraph(
            "This example breaks no rule: ",
            *rule_links(near_miss),
            " may look as if it applies, but it does not.",
        )
    return n.paragraph("This example breaks no rule a computer can check.")


def _links_back(principle: str) -> nodes.Node:
    return n.block(
        "nav",
        n.bullet_list(
            [
                n.paragraph(
                    "More examples for ",
                    xref("principle", principle, nodes.Text(principles()[principle])),
                ),
                n.paragraph(xref("gallery", "all", nodes.Text("Every example, in the gallery"))),
            ]
        ),
        classes=["checks-example-links"],
        **{"aria-label": "More examples"},
    )


def no_gallery(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Node | None:
    """A site without a gallery: the words stay, without a link."""
    if node.get("refdomain") == "checks" and node.get("reftype") == "gallery":
        return contnode
    return None


_NAVIGATION: dict[tuple[Any, ...], Any] = {}
"""The theme's navigation for example pages, made once per build (and per process)."""


def share_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give every example page the same navigation, rendered once.

    Example pages are in no toctree and all sit at the same depth, so the
    theme's navigation (the whole toctree, rendered for each page) is the same
    for all of them: rendering it once instead of 1,000 times keeps the build's
    cost per example small.
    """
    if not pagename.startswith(f"{FOLDER}/") or "toctree" not in context:
        return
    render = context["toctree"]

    def shared(**options: Any) -> Any:
        key = (pagename.count("/"), *sorted(options.items()))
        if key not in _NAVIGATION:
            _NAVIGATION[key] = render(**options)
        return _NAVIGATION[key]

    context["toctree"] = shared


def forget_navigation(app: Sphinx) -> None:
    _NAVIGATION.clear()


def setup_example_pages(app: Sphinx) -> None:
    app.add_directive("example-page", ExamplePageDirective)
    app.connect("missing-reference", no_gallery)
    app.connect("builder-inited", forget_navigation)
    # Before the theme's own handler (priority 500), which renders the navigation.
    app.connect("html-page-context", share_navigation, priority=400)
    # After corpus.load (connected first), which verifies the examples this needs.
    app.connect("builder-inited", write_sources, priority=600)
