"""The ``position`` kind: insider talk about government business without saying for whom.

Insider phrases (``groups``) count only in a post that does not disclose the
author's position: one that names a government organisation (``organisations.yaml``)
together with a ``role_cues`` pattern. Talk of hiding it (``hiding``) counts always.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from checks.anchors import Anchored, anchor_for
from checks.casefold import TextPattern, compile_folded
from checks.findings import Span, drop_overlaps
from checks.kinds.phrase import Group, PhraseGroup, Phrases
from checks.patterns import word_list
from checks.schema import Regex


@dataclass(frozen=True)
class Settings:
    """The keys of a ``position`` rule."""

    WHAT = "a position rule"
    PLACEHOLDERS = ("ORG",)
    """The {NAME}s this kind fills in itself."""

    groups: tuple[Group, ...]
    """Insider talk: flagged unless the post discloses the author's position."""
    hiding: tuple[Group, ...]
    """Saying that you are hiding who you work for: flagged whatever else the post says."""
    role_cues: tuple[Regex, ...]
    """The author's tie to an organisation; ``{ORG}`` stands for any organisation's name."""
    macros: Mapping[str, tuple[Regex, ...]] = field(default_factory=dict)
    unless_all: tuple[Regex, ...] = ()


def build(settings: Settings) -> Callable[[str], list[Span]]:
    """The detector of a ``position`` rule."""
    return _Position(settings)


class _Position:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.insider = Phrases(settings.groups, settings.macros, settings.unless_all)
        self.hiding = Phrases(settings.hiding, settings.macros, settings.unless_all)

    @property
    def groups(self) -> tuple[PhraseGroup, ...]:
        return (*self.insider.compiled, *self.hiding.compiled)

    def __call__(self, text: str) -> list[Span]:
        """Insider phrases in a post that names no organisation, and any talk of hiding it."""
        hiding = self.hiding.spans(text)
        insider = self.insider.spans(text)
        # Whether the post names its author's organisation matters only for insider talk.
        if insider and self.discloses_position(text):
            insider = []
        return drop_overlaps(sorted([*hiding, *insider]))

    def admits_learned(self, text: str) -> bool:
        """Whether the learned part may find the rule: not in a post that discloses a position."""
        return not self.discloses_position(text)

    def admits_veto(self, text: str) -> bool:
        """Whether the learned part may set the findings aside: not where the post talks of
        hiding who its author works for, which counts whatever else it says."""
        return not self.hiding.spans(text)

    def discloses_position(self, text: str) -> bool:
        """Whether the post names a government organisation and the author's tie to it."""
        return _discloses(self, text)

    @cached_property
    def _role_cues(self) -> tuple[Anchored, ...]:
        # One pattern per cue, not one alternation of them all: each skips ahead to its
        # own first letters, where the alternation tries every cue at every character.
        # Each with its anchor, so that a cue whose words the post lacks costs one quick scan.
        # The cues that end with a name are the exception: the list of every organisation
        # is long to compile (a third of a second for each cue in the browser), so they
        # share one copy of it, after an alternation of what comes before the name.
        ending, others = _split_by_ending(self.settings.role_cues)
        if ending:
            others.append("(?:" + "|".join(cue[: -len(ORG)] for cue in ending) + ")" + ORG)
        cues = []
        for cue in others:
            # The anchor is read from the cue with a name that may be empty in place of
            # {ORG}: what every match must hold is the cue's own words.
            anchor = anchor_for(cue.replace(ORG, r"(?:\w*)"), re.IGNORECASE)
            parts = organisation_parts() if ORG in cue else ("",)
            cues += [
                Anchored(compile_folded(cue.replace(ORG, f"(?:{part})"), re.IGNORECASE), anchor)
                for part in parts
            ]
        return tuple(cues)


# Remembered for a few posts: the rule itself, the learned part and its veto all ask
# about the post being checked, and a long post's answer takes a scan per role cue.
@lru_cache(maxsize=8)
def _discloses(position: _Position, text: str) -> bool:
    if not organisation_pattern().search(text):
        return False
    return any(cue.found_in(text) for cue in position._role_cues)


ORG = "{ORG}"
"""Where a role cue names an organisation."""


def _split_by_ending(cues: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The cues that name an organisation only at their end, and the others."""
    ending = [cue for cue in cues if cue.endswith(ORG) and cue.count(ORG) == 1]
    return ending, [cue for cue in cues if cue not in ending]


@cache
def organisation_parts() -> tuple[str, ...]:
    """Any organisation from ``organisations.yaml`` as two patterns: the names that ignore
    case with the abbreviations, then the names that keep case (``(?-i:...)``).

    A role cue is compiled once with each part. It matches somewhere exactly when one of
    them does, and a cue that ignores case throughout compiles without case folded into
    sets of letters: a sixth of the time in the reader's browser.
    """
    names = word_list("organisations", "names")
    keeping = [name for name in names if "(?-i:" in name]
    caseless = [name for name in names if name not in keeping]
    abbreviations = "|".join(word_list("organisations", "abbreviations"))
    parts = [rf"(?<![\w-])(?:(?i:{'|'.join(caseless)})|{abbreviations})(?![\w-])"]
    if keeping:
        parts.append(rf"(?<![\w-])(?:{'|'.join(keeping)})(?![\w-])")
    return tuple(parts)


@cache
def organisation_pattern() -> TextPattern:
    """Any organisation from ``organisations.yaml``: names in any case unless they keep it,
    abbreviations exactly."""
    return compile_folded("|".join(organisation_parts()))
