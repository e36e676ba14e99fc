"""``{build-info}``: the version, build date and commit the site was built from.

The facts are filled in as each build writes the page, so the About page
never shows the date of an earlier build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from checks import __version__
from checks.sphinxext import elements as n
from checks.sphinxext.config import commit, today
from checks.sphinxext.domain import domain_of
from checks.sphinxext.review import long_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class build_info(nodes.General, nodes.Element):
    """Replaced at write time by the version, build date and commit."""


class BuildInfoDirective(SphinxDirective):
    """``{build-info}``: a list of the version, the build date and the commit."""

    def run(self) -> list[nodes.Node]:
        domain_of(self.env).note_flag("dynamic", self.env.docname)
        return [build_info()]


def fill_build_info(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(build_info)):
        facts = [
            ("Version", app.config.release or __version__),
            ("Built on", long_date(today(app.config))),
            ("Built from commit", commit(app.config, app.confdir)),
        ]
        items = [n.paragraph(nodes.strong(name, name), f": {value}") for name, value in facts]
        placeholder.replace_self(n.bullet_list(items, classes=["checks-build-info"]))


def rewrite_dynamic(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages with build-time content are written on every build, even when unchanged."""
    return domain_of(env).flagged("dynamic")


def setup_about(app: Sphinx) -> None:
    app.add_node(build_info)
    app.add_directive("build-info", BuildInfoDirective)
    app.connect("doctree-resolved", fill_build_info)
    app.connect("env-updated", rewrite_dynamic)
