"""Sphinx's test fixtures, with the site's test roots in tests/roots/test-<name>/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The test roots load the extension as ``checks``: import it from this checkout.
sys.path.insert(0, str(REPO))

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"
