"""Checks that judge posts against 'Participation online' (Cabinet Office, 2008).

The rule engine (``checks.engine``) imports nothing from Sphinx; the Sphinx
extension lives in ``checks.sphinxext`` and is loaded only by ``setup``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Let ``extensions = ["checks"]`` load the Sphinx extension."""
    # Imported here so that ``python -m checks`` never pays for importing Sphinx.
    from checks.sphinxext import setup as setup_extension

    metadata: dict[str, Any] = setup_extension(app)
    return metadata
