"""The rule engine: run every rule of the catalogue over a post. No Sphinx here."""

from __future__ import annotations

from checks.catalogue import catalogue
from checks.findings import Finding


def check_text(text: str, rules: list[str] | None = None) -> list[Finding]:
    """Every finding of the catalogue's rules (or just ``rules``) in ``text``, in order."""
    selected = catalogue() if rules is None else {r: catalogue()[r] for r in rules}
    findings = [
        Finding(rule.id, span, text[span.start : span.end], rule.message)
        for rule in selected.values()
        for span in rule.detect(text)
    ]
    return sorted(findings, key=lambda f: (f.span.start, f.span.end, f.rule))
