"""The rule engine: run every rule of the catalogue over a post. No Sphinx here."""

from __future__ import annotations

from checks.catalogue import catalogue
from checks.findings import Finding
from checks.normalise import normalise


def check_text(text: str, rules: list[str] | None = None) -> list[Finding]:
    """Every finding of the catalogue's rules (or just ``rules``) in ``text``, in order.

    Rules judge the normalised text (``checks.normalise``), so invisible and
    look-alike characters hide nothing; each finding points back at the
    original characters.
    """
    selected = catalogue() if rules is None else {r: catalogue()[r] for r in rules}
    normal = normalise(text)
    findings = []
    for rule in selected.values():
        for found in rule.detect(normal.text):
            span = normal.original(found)
            findings.append(Finding(rule.id, span, text[span.start : span.end], rule.message))
    return sorted(findings, key=lambda f: (f.span.start, f.span.end, f.rule))
