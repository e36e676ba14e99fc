"""The features a post is scored on: its words and pairs of words, lower-cased.

Kept small on purpose: scoring runs for every post in the reader's browser, and
every feature is a dictionary look-up, with no hashing that could differ between
platforms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?|[£$%#@!?]")
# Endings folded away so that "promised", "promises" and "promising" share weights.
_ENDINGS = re.compile(r"(?:ing|ed|es|s)$")
_SHORTEST_STEM = 3


def words(text: str) -> list[str]:
    """The post's words, lower-cased, with common endings folded away."""
    return [_stem(word) for word in _WORD.findall(text.lower())]


def _stem(word: str) -> str:
    word = word.replace("\u2019", "'")  # a curly apostrophe is a straight one
    if "'" in word:  # "it's", "don't": a contraction keeps its ending
        return word
    stem = _ENDINGS.sub("", word)
    return stem if len(stem) >= _SHORTEST_STEM else word


def features(text: str) -> Iterator[str]:
    """Each word (``w:``) and each pair of neighbouring words (``p:``), with repeats."""
    tokens = words(text)
    for index, word in enumerate(tokens):
        yield "w:" + word
        if index:
            yield "p:" + tokens[index - 1] + " " + word
