"""The ``figures`` kind: statistics stated as fact with no source in the post.

Figures are found by phrase groups; a post that names a source anywhere
(``sources``) states none of them unsourced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from checks.anchors import Anchored, compile_anchored
from checks.findings import Span
from checks.kinds.phrase import Group, PhraseGroup, Phrases
from checks.schema import Regex


@dataclass(frozen=True)
class Settings:
    """The keys of a ``figures`` rule."""

    WHAT = "a figures rule"

    groups: tuple[Group, ...]
    sources: tuple[Regex, ...]
    """Anywhere in the post, any of these names where the figures come from."""
    macros: Mapping[str, tuple[Regex, ...]] = field(default_factory=dict)
    unless_all: tuple[Regex, ...] = ()


def build(settings: Settings) -> Callable[[str], list[Span]]:
    """The detector of a ``figures`` rule."""
    return _Figures(settings)


class _Figures:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.phrases = Phrases(settings.groups, settings.macros, settings.unless_all)

    @property
    def groups(self) -> tuple[PhraseGroup, ...]:
        return self.phrases.compiled

    def __call__(self, text: str) -> list[Span]:
        """Figures in a post that names no source; none at all if it does."""
        figures = self.phrases.spans(text)
        # Looked for only when there are figures: most posts have none, and the list of
        # sources is the costlier pattern to run over a long post.
        if figures and any(source.found_in(text) for source in self._sources):
            return []
        return figures

    @cached_property
    def _sources(self) -> tuple[Anchored, ...]:
        # One pattern each, not one alternation: a post with no source is read once by
        # each, and each can skip ahead to its own first letters, where an alternation
        # of them all tries every branch at every character (two to three times slower).
        # Each with its anchor: a post without the words a source spells is not read
        # by the source's full pattern at all.
        return tuple(compile_anchored(source, re.IGNORECASE) for source in self.settings.sources)
