"""unsourced-claim: statistics stated as fact with no source in the post.

Clause: "Be accurate, fair, thorough and transparent."
"""

from __future__ import annotations

import re
from functools import cache

from checks.findings import Span
from checks.patterns import word_list
from checks.phrases import phrase_spans
from checks.rules import personal_data, personal_details

DATA = "unsourced-claim"


def detect(text: str) -> list[Span]:
    """Figures in a post that names no source; none at all if it does."""
    if _source().search(text):
        return []
    # Phone numbers and identifiers are numbers, not claims.
    not_claims = [*personal_details.detect(text), *personal_data.detect(text)]
    return [
        span
        for span in phrase_spans(DATA, text)
        if not any(other.start <= span.start < other.end for other in not_claims)
    ]


@cache
def _source() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{s})" for s in word_list(DATA, "sources")), re.IGNORECASE)
