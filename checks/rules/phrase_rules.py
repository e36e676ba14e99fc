"""Rules that are wholly their data file: phrases weighed in their sentence."""

from __future__ import annotations

from collections.abc import Callable

from checks.findings import Span
from checks.phrases import phrase_spans


def detector(rule_id: str) -> Callable[[str], list[Span]]:
    """A detector that applies ``checks/data/<rule_id>.yaml`` to a post."""

    def detect(text: str) -> list[Span]:
        return phrase_spans(rule_id, text)

    detect.__name__ = f"detect_{rule_id.replace('-', '_')}"
    detect.__doc__ = f"Spans that checks/data/{rule_id}.yaml flags."
    return detect
