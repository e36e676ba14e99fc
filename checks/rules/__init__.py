"""The detectors, one per rule id. Each returns the spans of a post that break its rule."""

from __future__ import annotations

from collections.abc import Callable

from checks.findings import Span
from checks.rules import (
    discourtesy,
    personal_data,
    personal_details,
    phrase_rules,
    undisclosed_role,
    unsourced_claim,
)

Detector = Callable[[str], list[Span]]

DETECTORS: dict[str, Detector] = {
    "personal-details": personal_details.detect,
    "personal-data": personal_data.detect,
    "protected-marking": phrase_rules.detector("protected-marking"),
    "unauthorised-disclosure": phrase_rules.detector("unauthorised-disclosure"),
    "commitment": phrase_rules.detector("commitment"),
    "undisclosed-role": undisclosed_role.detect,
    "discourtesy": discourtesy.detect,
    "defamation": phrase_rules.detector("defamation"),
    "copyright": phrase_rules.detector("copyright"),
    "political": phrase_rules.detector("political"),
    "unsourced-claim": unsourced_claim.detect,
}
