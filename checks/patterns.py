"""Loading rule data: word lists and patterns kept as YAML inside the package.

Vale's lesson: the kinds of check are code, the rules' words are data. A data
file that is missing, malformed or holds a bad pattern fails loudly with its
path, because a rule that silently matches nothing is worse than no rule.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from checks.casefold import compile_folded

DATA_PACKAGE = "checks.data"


class RuleDataError(Exception):
    """A data file of the rule engine is missing or malformed."""


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


def macros(name: str) -> dict[str, str]:
    """The ``{NAME}`` macros of a data file, each as a regular-expression alternation."""
    defined = load_data(name).get("macros") or {}
    return {macro: "(?:" + "|".join(alternatives) + ")" for macro, alternatives in defined.items()}


def whole_words(patterns: list[str] | tuple[str, ...], name: str, flags: int) -> re.Pattern[str]:
    """One expression matching any of ``patterns`` as whole words, macros expanded."""
    expansions = macros(name)
    body = []
    for pattern in patterns:
        for macro, alternation in expansions.items():
            pattern = pattern.replace("{" + macro + "}", alternation)
        body.append(pattern)
    try:
        return compile_folded(r"(?<![\w-])(?:" + "|".join(body) + r")(?![\w-])", flags)
    except re.error as error:
        raise RuleDataError(f"checks/data/{name}.yaml: bad pattern: {error}") from error


@cache
def compiled(name: str, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """The patterns under ``key`` in ``checks/data/<name>.yaml``, compiled as whole words."""
    return whole_words(word_list(name, key), name, flags)
