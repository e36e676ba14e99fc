"""The kinds of rule: code, one module each, named by what they detect.

A rule file (``checks/rules/<id>.yaml``) names its ``kind``; the module
``checks.kinds.<kind>`` (hyphens as underscores) declares:

- ``Settings``: a frozen dataclass of the keys a rule of this kind may (and
  must) give, read strictly by :mod:`checks.schema`;
- ``build(settings) -> Detector``: the function that finds the spans of a post
  that break the rule.

A new rule of an existing kind is a rule file and no Python. There is no table
of kinds: a kind is a module here, so adding one is adding its module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache
from types import ModuleType

from checks.findings import Span

Detector = Callable[[str], list[Span]]
"""Finds the spans of a post that break a rule, in order, without overlaps."""


@cache
def known_kinds() -> tuple[str, ...]:
    """Every kind's name, as a rule file writes it (``contact-details``)."""
    names = (info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    return tuple(sorted(name.replace("_", "-") for name in names))


def kind_module(kind: str) -> ModuleType | None:
    """The module of ``kind``, or None if there is no such kind."""
    if kind not in known_kinds():
        return None
    return importlib.import_module(f"{__name__}.{kind.replace('-', '_')}")
