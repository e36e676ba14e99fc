"""One rule file, ``checks/rules/<id>.yaml``, read strictly into a :class:`RuleFile`.

A rule file is the whole rule: the keys every rule has (:class:`Head`), and the
settings of its ``kind`` (``checks.kinds``). Every problem of a file is reported
together, each at its line and key, with how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checks import schema
from checks.kinds import kind_module, known_kinds
from checks.kinds.phrase import alternations
from checks.patterns import RuleDataError
from checks.vocabulary import capacities, principles


@dataclass(frozen=True)
class Head:
    """The keys every rule file has, whatever its kind."""

    WHAT = "a rule file"

    id: str
    """The rule's id: the file's name without ``.yaml``. Stable: never reused."""
    order: int
    """Where the rule comes in the catalogue, and so among a post's findings (lowest first)."""
    title: str
    principle: str
    """The principle (``checks/data/vocabulary.yaml``) whose page the rule belongs to."""
    clause: str
    """The clause of the guidance the rule enforces, quoted word for word."""
    message: str
    explanation: str
    kind: str
    also: str = ""
    """A second clause the rule also enforces, quoted word for word."""
    learned: bool = False
    """Whether the learned part (``checks.learned``, trained by ``nox -s train``) may
    find the rule where the patterns find nothing."""
    capacities: tuple[str, ...] = ()
    """The capacities (``checks/data/channels.yaml``) a post the rule applies to is
    written in; empty: all. A post whose capacity is known and not listed is never
    flagged for it (an official account's post says whom it speaks for)."""


@dataclass(frozen=True)
class RuleFile:
    """A rule file that has been read and checked."""

    file: str
    head: Head
    settings: Any
    """The kind's ``Settings``, as the file gives them."""
    lines: dict[str, int]
    """The line of each top-level key, for problems found with other rules."""


def read_rule(file: str, text: str) -> RuleFile:
    """The rule in ``text``, read from ``file`` (``checks/rules/<id>.yaml``).

    Raises :class:`RuleDataError` listing every problem, each at its line.
    """
    document = schema.parse(text)
    data = document.data
    if not document.problems and not isinstance(data, dict):
        document.problem((), "must be a mapping of keys", "write one 'key: value' per line")
    if document.problems:
        raise _error(file, document)
    module = _kind(document)
    macros = data.get("macros")
    if isinstance(macros, dict) and all(isinstance(v, list) for v in macros.values()):
        document.macros = alternations(macros)
    if module is not None:
        document.placeholders = frozenset(getattr(module.Settings, "PLACEHOLDERS", ()))
    head_keys = _fields(Head)
    others = tuple(str(key) for key in data if key not in head_keys)
    if module is None:
        # No kind to ask what its keys are: none is refused, what is missing is reported.
        schema.read(Head, document, skip=others)
        raise _error(file, document)
    # A key neither the head nor the kind knows is reported once, here, and a
    # misspelt key is not reported as missing too.
    known = [*head_keys, *_fields(module.Settings)]
    meant = set()
    for key in data:
        if str(key) not in known:
            fix, close = schema.unknown_fix(str(key), known)
            meant.add(close)
            document.problem((str(key),), f"is not a key of {module.Settings.WHAT}", fix)
    unknown = tuple(str(key) for key in data if str(key) not in known)
    head = schema.read(Head, document, skip=others, misspelt=frozenset(meant))
    settings = schema.read(
        module.Settings, document, skip=(*head_keys, *unknown), misspelt=frozenset(meant)
    )
    if head:
        _check_head(head, file, document)
    if document.problems or head is None or settings is None:
        raise _error(file, document)
    lines = {str(key[0]): line for key, line in document.lines.items() if len(key) == 1}
    return RuleFile(file, head, settings, lines)


def _kind(document: schema.Document) -> Any:
    kind = document.data.get("kind")
    if not isinstance(kind, str):
        return None  # Reported with the other keys of the head.
    module = kind_module(kind)
    if module is None:
        document.problem(
            ("kind",),
            f"'{kind}' is not a kind of rule",
            f"use one of: {', '.join(known_kinds())} (each is a module of checks/kinds/)",
        )
    return module


def _fields(cls: type[Any]) -> list[str]:
    return list(cls.__dataclass_fields__)


def _check_head(head: Head, file: str, document: schema.Document) -> None:
    stem = file.rsplit("/", 1)[-1].removesuffix(".yaml")
    if head.id != stem:
        document.problem(
            ("id",), f"'{head.id}' is not the file's name", f"write 'id: {stem}' or rename the file"
        )
    if head.principle not in principles():
        document.problem(
            ("principle",),
            f"'{head.principle}' is not a principle",
            f"use one of: {', '.join(principles())} (checks/data/vocabulary.yaml)",
        )
    for capacity in head.capacities:
        if capacity not in capacities():
            document.problem(
                ("capacities",),
                f"'{capacity}' is not a capacity",
                f"use one of: {', '.join(capacities())} (checks/data/channels.yaml)",
            )
    if "\n" in head.message.strip():
        document.problem(("message",), "must be one line", "write the message on one line")


def _error(file: str, document: schema.Document) -> RuleDataError:
    problems = sorted(document.problems, key=lambda p: p.line)
    message = "\n".join(problem.render(file) for problem in problems)
    return RuleDataError(message, file, tuple(problems))
