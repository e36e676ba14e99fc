"""The features a post is scored on: its words and pairs of words, lower-cased.

Kept small on purpose: scoring runs for every post in the reader's browser, and
every feature is a dictionary look-up, with no hashing that could differ between
platforms. Words keep their endings: folding "promised" into "promis" was tried
and judged no better on held-out posts.
"""

from __future__ import annotations

import re
from itertools import pairwise

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?|[£$%#@!?]")


def words(text: str) -> list[str]:
    """The post's words, lower-cased, with curly apostrophes made straight."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def features(text: str) -> list[str]:
    """Each word (``w:``) and each pair of neighbouring words (``p:``), with repeats.

    In the order the post gives them: each word, then the pair it ends.
    """
    tokens = words(text)
    if not tokens:
        return []
    # Built by slices, not word by word: a long post has a million features.
    found = [""] * (2 * len(tokens) - 1)
    found[0] = "w:" + tokens[0]
    found[1::2] = ["w:" + word for word in tokens[1:]]
    found[2::2] = ["p:" + first + " " + second for first, second in pairwise(tokens)]
    return found
