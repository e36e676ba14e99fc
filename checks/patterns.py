"""Shared data files (``checks/data/``) and the compiling of a rule's word patterns.

Vale's lesson: the kinds of check are code, the rules' words are data. A data
file that is missing or malformed fails loudly with its path, because a rule
that silently matches nothing is worse than no rule. Rule files themselves are
read by ``checks.rulefile``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import yaml

from checks.casefold import TextPattern, compile_folded, plain_flags
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
    The expression is read now, so that patterns that do not go together fail when
    their rule is loaded, but compiled only when first used (:class:`LazyPattern`).
    """
    body = [expand(pattern, macros) for pattern in patterns]
    source = r"(?<![\w-])(?:" + "|".join(body) + r")(?![\w-])"
    flags = plain_flags(flags)
    try:
        _parser.parse(source, flags)
    except re.error as error:
        raise _not_together(error) from error
    return LazyPattern(source, flags)


def _not_together(error: re.error) -> RuleDataError:
    # Each pattern compiled on its own when its rule file was read: together they do not.
    return RuleDataError(f"patterns that do not compile together: {error}")


class LazyPattern:
    """A pattern compiled (``checks.casefold.compile_folded``) the first time it is run.

    Compiling the rules' long alternations is most of the engine's start-up, and most
    posts need few of them: a group whose first words are not in a post is never run.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int) -> None:
        self.pattern, self.flags = source, flags
        self._compiled: TextPattern | None = None

    def compiled(self) -> TextPattern:
        """The compiled pattern, compiled now if it has not been."""
        if self._compiled is None:
            try:
                self._compiled = compile_folded(self.pattern, self.flags)
            except re.error as error:
                raise _not_together(error) from error
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled().fullmatch(string)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
