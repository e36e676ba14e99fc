"""Rule files read strictly: YAML into frozen dataclasses, every problem named at its line.

A kind of rule declares its settings as a frozen dataclass (as Vale declares
each check's keys). :func:`read` fills one from a rule file's YAML and refuses
what the dataclass does not say: an unknown or misspelt key, a value of the
wrong type, a missing key, a pattern that does not compile. It does not stop at
the first: each problem is collected with the line and key it is at, so an
editor fixes a file in one pass. A misspelt key must never be ignored, or the
exception it was meant to add silently never applies.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NewType, TypeVar

import yaml

from checks.yamlsafe import Refused, StrictLoader, duplicate_keys

Regex = NewType("Regex", str)
"""A regular expression (with the file's ``{MACRO}`` names): it must compile."""

T = TypeVar("T")

Key = tuple[str | int, ...]
"""Where a value is in a file: its keys and list indexes from the top."""


@dataclass(frozen=True)
class DataProblem:
    """One problem in a rule file, at one line and key, with how to fix it."""

    line: int
    key: str
    message: str
    fix: str

    def render(self, file: str) -> str:
        where = f" '{self.key}'" if self.key else ""
        return f"{file}:{self.line}:{where} {self.message}; fix: {self.fix}"


@dataclass
class Document:
    """A rule file's YAML as plain values, with the line of every key and list item."""

    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    problems: list[DataProblem] = field(default_factory=list)
    macros: dict[str, str] = field(default_factory=dict)
    """``{NAME}`` substitutions applied before a :data:`Regex` is compiled."""
    placeholders: frozenset[str] = frozenset()
    """Other ``{NAME}`` a kind fills in itself (``{ORG}``): not a misspelt macro."""

    def line(self, key: Key) -> int:
        """The line of ``key``, or of the nearest key that holds it."""
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def problem(self, key: Key, message: str, fix: str) -> None:
        self.problems.append(DataProblem(self.line(key), dotted(key), message, fix))


def dotted(key: Key) -> str:
    """``('groups', 2, 'unless')`` as ``groups.2.unless``."""
    return ".".join(str(part) for part in key)


def parse(text: str) -> Document:
    """A YAML text composed strictly (no aliases, no duplicate keys), with its lines."""
    loader = StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            document = Document({})
            document.problem((), "the file is empty", "write the rule's keys")
            return document
        refused = duplicate_keys(root, 1)
        data = loader.construct_document(root)
    except Refused as error:
        document = Document({})
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        document.problems.append(DataProblem(line, "", error.message, error.fix))
        return document
    except yaml.YAMLError as error:
        document = Document({})
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        document.problems.append(
            DataProblem(line, "", f"not valid YAML: {problem}", "correct the YAML at that line")
        )
        return document
    finally:
        loader.dispose()
    document = Document(data)
    _note_lines(root, (), document.lines)
    document.problems += [
        DataProblem(r.problem_mark.line + 1 if r.problem_mark else 1, "", r.message, r.fix)
        for r in refused
    ]
    return document


def _note_lines(node: yaml.Node, key: Key, lines: dict[Key, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                here = (*key, key_node.value)
                lines[here] = key_node.start_mark.line + 1
                _note_lines(value_node, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*key, index)] = item.start_mark.line + 1
            _note_lines(item, (*key, index), lines)


_BAD = object()
"""What a value that has a problem reads as: its dataclass is then not built."""


def read(
    cls: type[T],
    document: Document,
    skip: tuple[str, ...] = (),
    misspelt: frozenset[str] = frozenset(),
) -> T | None:
    """The dataclass ``cls`` read from the top of ``document``, or None if anything is wrong.

    Keys in ``skip`` belong to someone else (a rule's common keys, beside its
    kind's settings) and are neither read nor refused. Keys in ``misspelt`` are
    already reported as misspelt, so they are not reported as missing too.
    """
    value = _dataclass(cls, document.data, document, (), skip, misspelt)
    return None if value is _BAD else typing.cast(T, value)


def _value(kind: Any, value: Any, document: Document, key: Key) -> Any:
    """``value`` checked against the type ``kind``, or ``_BAD`` after noting the problem."""
    origin = typing.get_origin(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind, value, document, key)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        return None if value is None else _value(options[0], value, document, key)
    if origin is tuple:
        if not isinstance(value, list):
            document.problem(key, f"must be a list, not {_described(value)}", _list_fix(key))
            return _BAD
        items = [
            _value(typing.get_args(kind)[0], item, document, (*key, i))
            for i, item in enumerate(value)
        ]
        return _BAD if any(item is _BAD for item in items) else tuple(items)
    if origin in (dict, Mapping) or kind is dict:
        if not isinstance(value, dict):
            document.problem(
                key,
                f"must be a mapping, not {_described(value)}",
                "write NAME: value lines under it",
            )
            return _BAD
        item_kind = typing.get_args(kind)[1]
        found = {
            name: _value(item_kind, item, document, (*key, name)) for name, item in value.items()
        }
        return _BAD if any(item is _BAD for item in found.values()) else found
    return _scalar(kind, value, document, key)


def _scalar(kind: Any, value: Any, document: Document, key: Key) -> Any:
    if kind is Regex:
        if not isinstance(value, str):
            document.problem(
                key,
                f"must be a pattern in quotes, not {_described(value)}",
                'write it as "pattern"',
            )
            return _BAD
        return _pattern(value, document, key)
    if kind is bool and not isinstance(value, bool):
        document.problem(
            key, f"must be true or false, not {_described(value)}", "write true or false"
        )
        return _BAD
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        document.problem(
            key, f"must be a whole number, not {_described(value)}", "write a number such as 6"
        )
        return _BAD
    if kind is str and not isinstance(value, str):
        document.problem(key, f"must be text, not {_described(value)}", 'write it as "text"')
        return _BAD
    return value


def _pattern(value: str, document: Document, key: Key) -> Any:
    expanded = expand(value, document.macros)
    unknown = sorted(set(_NAME.findall(expanded)) - document.placeholders)
    if unknown:
        # A misspelt macro would match its own name, literally: never what was meant.
        known = ", ".join(sorted({*document.macros, *document.placeholders})) or "none"
        document.problem(
            key,
            f"uses {{{unknown[0]}}}, which is not a macro of this file",
            f"correct the name or add it under 'macros:' (the names here: {known})",
        )
        return _BAD
    try:
        re.compile(expanded)
    except re.error as error:
        document.problem(
            key,
            f"the pattern does not compile: {error.msg} at position {error.pos}",
            "correct the regular expression (escape a literal '(' or '[' with a backslash)",
        )
        return _BAD
    return Regex(value)


_NAME = re.compile(r"(?<!\\)\{([A-Z][A-Z0-9_]*)\}")
"""A ``{NAME}`` in a pattern (a repetition such as ``{2,}`` has no capitals)."""


def expand(pattern: str, macros: Mapping[str, str]) -> str:
    """``pattern`` with each ``{NAME}`` replaced by its macro's alternation."""
    for name, alternation in macros.items():
        pattern = pattern.replace("{" + name + "}", alternation)
    return pattern


def _dataclass(
    cls: type[Any],
    value: Any,
    document: Document,
    key: Key,
    skip: tuple[str, ...] = (),
    misspelt: frozenset[str] = frozenset(),
) -> Any:
    name = _name(cls)
    if not isinstance(value, dict):
        document.problem(
            key,
            f"must be a mapping of keys ({name}), not {_described(value)}",
            "write key: value lines",
        )
        return _BAD
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    before = len(document.problems)
    known = [*fields, *(other for other in skip if other not in fields)]
    meant = set(misspelt)
    for given in value:
        if given not in fields and given not in skip:
            fix, close = unknown_fix(str(given), known)
            meant.add(close)
            document.problem((*key, str(given)), f"is not a key of {name}", fix)
    found = {}
    incomplete = False
    for field_name, declared in fields.items():
        if field_name not in value:
            required = declared.default is dataclasses.MISSING and (
                declared.default_factory is dataclasses.MISSING
            )
            # A misspelt key is reported once, as misspelt, not also as missing.
            if required and field_name not in meant:
                document.problem(
                    key, f"has no '{field_name}'", f"add '{field_name}:' ({name} needs it)"
                )
            incomplete = incomplete or required
            continue
        found[field_name] = _value(
            hints[field_name], value[field_name], document, (*key, field_name)
        )
    if incomplete or len(document.problems) > before:
        return _BAD
    built = cls(**found)
    for field_name, message, fix in getattr(built, "problems", lambda: [])():
        document.problem((*key, field_name), message, fix)
    return _BAD if len(document.problems) > before else built


def _name(cls: type[Any]) -> str:
    """What ``cls`` is called in a message: its ``WHAT`` ("a phrase group"), or its name."""
    return getattr(cls, "WHAT", cls.__name__)


def unknown_fix(given: str, known: list[str]) -> tuple[str, str]:
    """How to fix an unknown key, and the known key it is closest to ('' if none)."""
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"{hint}the keys here are: {', '.join(known)}", (close[0] if close else "")


def _list_fix(key: Key) -> str:
    name = str(key[-1]) if key else "it"
    return f'write {name} as a list: [...] or one "- item" per line'


def _described(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
