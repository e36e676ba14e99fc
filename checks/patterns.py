"""Shared data files (``checks/data/``) and the compiling of a rule's word patterns.

Vale's lesson: the kinds of check are code, the rules' words are data. A data
file that is missing or malformed fails loudly with its path, because a rule
that silently matches nothing is worse than no rule. Rule files themselves are
read by ``checks.rulefile``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from checks.casefold import TextPattern, compile_folded
from checks.schema import expand

DATA_PACKAGE = "checks.data"


class RuleDataError(Exception):
    """A data file of the rule engine is missing or malformed: the message names the file.

    For a rule file, ``problems`` holds each problem (``checks.schema.DataProblem``)
    with its line and key.
    """

    def __init__(self, message: str, file: str = "", problems: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.file, self.problems = file, problems


@cache
def load_data(name: str) -> dict[str, Any]:
    """Read ``checks/data/<name>.yaml`` as a mapping."""
    path = resources.files(DATA_PACKAGE) / f"{name}.yaml"
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RuleDataError(f"checks/data/{name}.yaml: cannot be read: {error}") from error
    if not isinstance(loaded, dict):
        raise RuleDataError(f"checks/data/{name}.yaml: expected a mapping at the top level")
    return loaded


def word_list(name: str, key: str) -> tuple[str, ...]:
    """A list of strings stored under ``key`` in a data file."""
    values = load_data(name).get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RuleDataError(f"checks/data/{name}.yaml: '{key}' must be a list of strings")
    return tuple(values)


def whole_words(
    patterns: list[str] | tuple[str, ...], macros: Mapping[str, str], flags: int
) -> TextPattern:
    """One expression matching any of ``patterns`` as whole words, ``{MACRO}`` names expanded.

    ``macros`` maps each name to its alternation (``checks.kinds.phrase.alternations``).
    """
    body = [expand(pattern, macros) for pattern in patterns]
    try:
        return compile_folded(r"(?<![\w-])(?:" + "|".join(body) + r")(?![\w-])", flags)
    except re.error as error:
        # Each pattern compiled on its own when its rule file was read: together they do not.
        raise RuleDataError(f"patterns that do not compile together: {error}") from error
