"""``checks_verify = False``: the same site with no rule run, to time the checks' share."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sphinx_site

import checks.verify


def card_ids(outdir: Path) -> list[str]:
    html = (outdir / "gallery.html").read_text(encoding="utf-8")
    return re.findall(r'id="(example-[a-z0-9-]+)"', html)


def test_unverified_builds_show_the_same_cards_without_running_a_rule(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified = sphinx_site.build(rootdir / "test-clean", tmp_path / "verified")

    def no_rule(text: str) -> None:
        raise AssertionError("a rule ran with checks_verify = False")

    monkeypatch.setattr(checks.verify, "check_text", no_rule)
    # A second folder of the same root: the in-process cache of reports is per source folder.
    srcdir = sphinx_site.copy_root(rootdir, "clean", tmp_path)
    unverified = sphinx_site.build(srcdir, tmp_path / "unverified", checks_verify=False)
    assert unverified.statuscode == 0
    assert unverified.warning.getvalue() == ""
    assert card_ids(unverified.outdir) == card_ids(verified.outdir) != []


def test_unverified_builds_report_no_problem(rootdir: Path, tmp_path: Path) -> None:
    # Mismatches are found by running the rules, so none is reported when they do not run.
    srcdir = sphinx_site.copy_root(rootdir, "problems", tmp_path)
    app = sphinx_site.build(srcdir, tmp_path / "out", checks_verify=False)
    assert "[checks.mismatch]" not in app.warning.getvalue()
    assert 'id="example-mismatch"' in (app.outdir / "index.html").read_text(encoding="utf-8")
