"""The extension's modules: no name that shadows a standard one, no trivial wrappers."""

from __future__ import annotations

import importlib
import importlib.util

import pytest
from sphinx.application import Sphinx

from checks.sphinxext import corpus


@pytest.mark.parametrize(
    ("shadowing", "renamed"),
    [
        ("checks.sphinxext.nodes", "checks.sphinxext.elements"),  # docutils.nodes
        ("checks.sphinxext.warnings", "checks.sphinxext.messages"),  # the stdlib's warnings
    ],
)
def test_no_module_shadows_a_standard_name(shadowing: str, renamed: str) -> None:
    assert importlib.util.find_spec(shadowing) is None
    assert importlib.import_module(renamed).__name__ == renamed


@pytest.mark.sphinx("html", testroot="clean")
def test_the_build_starts_by_loading_the_examples_itself(app: Sphinx) -> None:
    """No wrapper stands between builder-inited and corpus.load."""
    handlers = [listener.handler for listener in app.events.listeners["builder-inited"]]
    assert corpus.load in handlers
    assert not hasattr(corpus, "start_build")
