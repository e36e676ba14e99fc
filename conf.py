"""Sphinx configuration for the 'Participation online' site.

Build it with: sphinx-build -c . docs OUT
The pages are MyST Markdown in docs/; the examples in examples/ are shown and
verified by the project's own extension, ``checks``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The checks package sits next to this file; make it importable without installing.
sys.path.insert(0, str(Path(__file__).parent.resolve()))

from checks import __version__

project = "Participation online"
author = "Cabinet Office"
copyright = "Crown copyright"
version = release = __version__
language = "en_GB"

extensions = ["myst_parser", "sphinx_design", "checks"]
myst_enable_extensions = ["colon_fence", "attrs_inline", "deflist"]
myst_heading_anchors = 3

root_doc = "index"
exclude_patterns: list[str] = []
nitpicky = True

# -- HTML --------------------------------------------------------------------------------
# Everything the pages load is local: no CDN, web fonts, MathJax or analytics.
html_theme = "furo"
html_title = "Participation online"
html_static_path: list[str] = []
# Furo's page with a government publication's footer (publisher, last updated, licence).
templates_path = ["docs/_templates"]
html_favicon = "docs/_static/favicon.svg"  # relative to this file; a local icon, so no 404
html_show_sourcelink = False
html_copy_source = False
# Fewer "Made with" links: an intranet page should link out only where readers need it.
html_show_sphinx = False
html_theme_options = {
    "top_of_page_buttons": [],
}

# -- checks ------------------------------------------------------------------------------
checks_examples_dir = "examples"
checks_fail_on_mismatch = True
