"""The features a post is scored on: its words and pairs of words, lower-cased.

Kept small on purpose: scoring runs for every post in the reader's browser, and
every feature is a dictionary look-up, with no hashing that could differ between
platforms. Words keep their endings: folding "promised" into "promis" was tried
and judged no better on held-out posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?|[£$%#@!?]")


def words(text: str) -> list[str]:
    """The post's words, lower-cased, with curly apostrophes made straight."""
    return [word.replace("\u2019", "'") for word in _WORD.findall(text.lower())]


def features(text: str) -> Iterator[str]:
    """Each word (``w:``) and each pair of neighbouring words (``p:``), with repeats."""
    tokens = words(text)
    for index, word in enumerate(tokens):
        yield "w:" + word
        if index:
            yield "p:" + tokens[index - 1] + " " + word
