"""What the "Check a draft" page asks of the checks, run by Pyodide in the reader's browser.

This module is copied to the top of the engine bundle (``draft.py`` builds it) next to
the ``checks`` package, and imports nothing from Sphinx. The page's worker calls
:func:`check_draft` with the draft and gets plain dictionaries back, which Pyodide
turns into JavaScript objects.

Offsets are given twice: ``start``/``end`` count characters as Python and
``python -m checks`` do, and ``from``/``to`` count UTF-16 code units as JavaScript
strings do, so that the page highlights the right words in a draft with emoji in it.
"""

from __future__ import annotations

from typing import Any

from checks.catalogue import catalogue
from checks.engine import check_text
from checks.findings import MOST_PER_RULE, rules_at_limit
from checks.sources import DRAFT_LIMIT
from checks.vocabulary import capacities


def utf16_offsets(text: str) -> list[int]:
    """The UTF-16 offset of each character of ``text``, and of its end, by character offset."""
    offsets = [0]
    for char in text:
        # Characters outside the Basic Multilingual Plane take two code units in JavaScript.
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def check_draft(text: str, capacity: str | None = None) -> dict[str, Any]:
    """The findings in ``text``, in the engine's order, with what the page shows for each.

    ``capacity`` is what the reader chose under "Who you are posting as", if anything
    (an unknown value is read as not chosen: the page offers only the known ones).
    """
    if len(text) > DRAFT_LIMIT:
        return {"too_long": True, "limit": DRAFT_LIMIT, "findings": []}
    rules = catalogue()
    units = utf16_offsets(text)
    found = check_text(text, capacity=capacity if capacity in capacities() else None)
    findings = [
        {
            "rule": finding.rule,
            "start": finding.start,
            "end": finding.end,
            "from": units[finding.start],
            "to": units[finding.end],
            "text": finding.text,
            "title": rules[finding.rule].title,
            "explanation": rules[finding.rule].explanation,
            "principle": rules[finding.rule].principle,
        }
        for finding in found
    ]
    return {
        "too_long": False,
        "limit": DRAFT_LIMIT,
        "findings": findings,
        "most_per_rule": MOST_PER_RULE,
        "more": [rules[rule].title for rule in rules_at_limit(found)],
    }


WARM_UP = (
    "As someone who works at the Department of Health and Social Care, I promise we will fix it.",
    "Vote Labour! Text me on 07700 900461 or +44 20 7946 0000. My NI number is QQ 12 34 56 C.",
    "40% of calls are about the same thing, and only 1 in 5 applicants finish the form.",
    "OFFICIAL-SENSITIVE: the leaked draft budget is attached. Our team says he is a crook.",
    # Letters outside ASCII load the look-alike characters' table, which plain text never needs.
    "Café ☕ with the team, © BBC 2024, photo by someone else.",
)
"""Posts that take each kind of rule down the paths it compiles or loads on first use."""


def warm_up() -> None:
    """Read every rule and compile its patterns now, so the reader's first check is quick."""
    for text in WARM_UP:
        check_draft(text)
