"""A broken rule file stops the command line with its problems, each at its file and line."""

from __future__ import annotations

import io

import pytest

from checks import catalogue as catalogue_module
from checks.cli import INVALID, main


def test_a_broken_rule_file_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = dict(catalogue_module.rule_files())
    file = "checks/rules/political.yaml"
    files[file] = files[file].replace("    unless_before:", "    unles_before:", 1)
    monkeypatch.setattr(catalogue_module, "rule_files", lambda: files)
    catalogue_module.catalogue.cache_clear()
    try:
        assert main(["--rules"], stdout=io.StringIO()) == INVALID
    finally:
        catalogue_module.catalogue.cache_clear()
    error = capsys.readouterr().err
    assert error.startswith("python -m checks: the rules cannot be read\n")
    assert "checks/rules/political.yaml:" in error and "did you mean 'unless_before'?" in error
    assert "Traceback" not in error
