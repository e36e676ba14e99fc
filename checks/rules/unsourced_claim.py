"""unsourced-claim: statistics stated as fact with no source in the post.

Clause: "Be accurate, fair, thorough and transparent."
"""

from __future__ import annotations

import re
from functools import cache

from checks.casefold import compile_folded
from checks.findings import Span
from checks.patterns import word_list
from checks.phrases import phrase_spans

DATA = "unsourced-claim"


def detect(text: str) -> list[Span]:
    """Figures in a post that names no source; none at all if it does."""
    figures = phrase_spans(DATA, text)
    # Looked for only when there are figures: most posts have none, and the list of
    # sources is the costlier pattern to run over a long post.
    if figures and _source().search(text):
        return []
    return figures


@cache
def _source() -> re.Pattern[str]:
    sources = "|".join(f"(?:{s})" for s in word_list(DATA, "sources"))
    return compile_folded(sources, re.IGNORECASE)
