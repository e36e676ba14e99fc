"""The shared vocabulary: principles, verdicts, channels and capacities, read from data.

The words live in ``checks/data/vocabulary.yaml`` and ``checks/data/channels.yaml``;
no list of them is written in code. Each file is checked strictly when it is
read: a wrong shape is an error naming the file and the key, because a
vocabulary that silently lost a word would hide examples or misname them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from checks.patterns import RuleDataError, load_data


@dataclass(frozen=True)
class Verdict:
    """A verdict an example may state, with the words and icon the site shows for it."""

    name: str
    icon: str
    label: str
    heading: str
    breaks_rules: bool
    """True for the verdict whose examples must list the rules they break."""


_VERDICT_KEYS = {"icon": str, "label": str, "heading": str, "breaks_rules": bool}


def _read(name: str) -> dict[str, Any]:
    # The rules' own reader of checks/data: one place that knows how a data file is read.
    return load_data(name)


def _names(name: str, data: dict[str, Any], key: str) -> Mapping[str, str]:
    """``key`` of a data file as a non-empty mapping of identifiers to display text."""
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise RuleDataError(f"checks/data/{name}.yaml: '{key}' must map names to text")
    for word, text in value.items():
        if not isinstance(word, str) or not isinstance(text, str) or not text.strip():
            raise RuleDataError(f"checks/data/{name}.yaml: '{key}.{word}' must be text")
    # Read-only: every caller shares the one cached mapping.
    return MappingProxyType(dict(value))


def _only(name: str, data: dict[str, Any], keys: set[str], where: str = "") -> None:
    """Refuse a misspelt or missing key: either would silently drop a word."""
    unknown = sorted(str(k) for k in set(data) - keys)
    if unknown:
        raise RuleDataError(f"checks/data/{name}.yaml: unknown key '{where}{unknown[0]}'")
    missing = sorted(keys - set(data))
    if missing:
        raise RuleDataError(f"checks/data/{name}.yaml: missing key '{where}{missing[0]}'")


def _verdict(word: str, entry: object) -> Verdict:
    where = f"verdicts.{word}"
    if not isinstance(entry, dict):
        raise RuleDataError(f"checks/data/vocabulary.yaml: '{where}' must be a mapping")
    _only("vocabulary", entry, set(_VERDICT_KEYS), f"{where}.")
    for key, kind in _VERDICT_KEYS.items():
        if not isinstance(entry[key], kind):
            raise RuleDataError(
                f"checks/data/vocabulary.yaml: '{where}.{key}' must be {kind.__name__}"
            )
    return Verdict(word, entry["icon"], entry["label"], entry["heading"], entry["breaks_rules"])


@dataclass(frozen=True)
class Words:
    """The contents of ``vocabulary.yaml``, checked."""

    principles: Mapping[str, str]
    verdicts: Mapping[str, Verdict]


def check_vocabulary(data: dict[str, Any]) -> Words:
    """The principles and verdicts of ``vocabulary.yaml``, or an error naming the key."""
    _only("vocabulary", data, {"principles", "verdicts"})
    found = data["verdicts"]
    if not isinstance(found, dict) or not found:
        raise RuleDataError("checks/data/vocabulary.yaml: 'verdicts' must map names to entries")
    result = {str(word): _verdict(str(word), entry) for word, entry in found.items()}
    if sum(v.breaks_rules for v in result.values()) != 1:
        raise RuleDataError(
            "checks/data/vocabulary.yaml: exactly one verdict must have 'breaks_rules: true'"
        )
    return Words(_names("vocabulary", data, "principles"), MappingProxyType(result))


def check_channels(data: dict[str, Any]) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The channels and capacities of ``channels.yaml``, or an error naming the key."""
    _only("channels", data, {"channels", "capacities"})
    return _names("channels", data, "channels"), _names("channels", data, "capacities")


@cache
def _words() -> Words:
    return check_vocabulary(_read("vocabulary"))


@cache
def _channels() -> tuple[Mapping[str, str], Mapping[str, str]]:
    return check_channels(_read("channels"))


def principles() -> Mapping[str, str]:
    """Each principle's id (its examples folder) and title, in the guidance's order."""
    return _words().principles


def verdicts() -> Mapping[str, Verdict]:
    """Each verdict by name, in the order the site lists them."""
    return _words().verdicts


def breaks_rules(verdict: str) -> bool:
    """Whether examples with this verdict must list the rules they break."""
    found = verdicts().get(verdict)
    return found is not None and found.breaks_rules


def breaking_verdict() -> str:
    """The verdict of examples that break rules ('bad')."""
    return next(v.name for v in verdicts().values() if v.breaks_rules)


def keeping_verdicts() -> list[str]:
    """The verdicts of examples that break no rule ('good')."""
    return [v.name for v in verdicts().values() if not v.breaks_rules]


def channels() -> Mapping[str, str]:
    """Known channels and their display names."""
    return _channels()[0]


def capacities() -> Mapping[str, str]:
    """Known capacities and their display names."""
    return _channels()[1]
