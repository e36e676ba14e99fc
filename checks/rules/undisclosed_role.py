"""undisclosed-role: insider talk about government business without saying for whom.

Clause: "Wherever possible, disclose your position as a representative of your
department or agency."
"""

from __future__ import annotations

import re
from functools import cache

from checks.casefold import compile_folded
from checks.findings import Span
from checks.patterns import word_list
from checks.phrases import drop_overlaps, phrase_spans

DATA = "undisclosed-role"


def detect(text: str) -> list[Span]:
    """Insider phrases in a post that names no organisation, and any talk of hiding it."""
    hiding = phrase_spans(DATA, text, key="hiding")
    insider = phrase_spans(DATA, text)
    # Whether the post names its author's organisation matters only for insider talk.
    if insider and discloses_position(text):
        insider = []
    return drop_overlaps(sorted([*hiding, *insider]))


def discloses_position(text: str) -> bool:
    """Whether the post names a government organisation and the author's tie to it."""
    return bool(organisation_pattern().search(text)) and bool(_role_cue().search(text))


@cache
def organisation_pattern() -> re.Pattern[str]:
    """Any organisation from ``organisations.yaml``: names in any case, abbreviations exactly."""
    names = "|".join(word_list("organisations", "names"))
    abbreviations = "|".join(word_list("organisations", "abbreviations"))
    return compile_folded(rf"(?<![\w-])(?:(?i:{names})|{abbreviations})(?![\w-])")


@cache
def _role_cue() -> re.Pattern[str]:
    organisation = organisation_pattern().pattern
    cues = [cue.replace("{ORG}", f"(?:{organisation})") for cue in word_list(DATA, "role_cues")]
    return compile_folded("|".join(f"(?:{cue})" for cue in cues), re.IGNORECASE)
