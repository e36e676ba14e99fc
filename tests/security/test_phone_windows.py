"""Phone numbers found in short windows are those phonenumbers finds in the whole post.

Guards ``checks.phone_numbers``: the matcher sees only a chain of digits
(with its leading ``+`` or ``(`` and any extension or ":00" after it), which is
what keeps ``07700 07700 ...`` linear. A window cut too short or started too
late shows here as a number lost, shortened or split differently; reading a
chain over 40 characters from each place a number can start shows as the
numbers listed in it.
"""

from __future__ import annotations

import phonenumbers
import pytest

from checks.catalogue import catalogue
from checks.phone_numbers import phone_numbers

# The personal-details rule's detector, and the judge it gives the phone matcher.
detect = catalogue()["personal-details"].detect
_is_personal_number = detect._is_personal_number  # type: ignore[attr-defined]

# Posts where the window must reach before the digits, past them, or stop short.
SHORT_CHAINS = [
    "Ring me on 07700 900461 tonight.",
    "Call +44 7700 900123 or (0161) 496 0512.",
    "Home: +44 (0)20 7946 0000, mobile 07700-900-461.",
    "My desk is 0161 496 0000 ext. 1234, mobile 07700 900461.",
    "Tel 0113 496 0587 x 45 / 07700 900382",
    "Logged 2012-01-02 08:00 then rang 07700 900461.",
    "12#07700 900461 is not how anyone writes a number",
    "+1 (617) 555-0142        x 45+1 (617) 555-0142+1 (617) 555-0142ext 123",
    "0800 141 2743 ext. 1234567-+1 (617) 555-0142+44 7700 900123a+1 (617) 555-0142",
    "Account 123456 87654321, sort code 20-00-00 55779911.",
    "Born 14/03/1988, reference CLM-20240311-8842.",
]


def whole_post(text: str) -> list[tuple[int, int]]:
    """The personal numbers phonenumbers' matcher finds reading the whole post."""
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    return [(m.start, m.end) for m in matcher if _is_personal_number(m.number, m.raw_string)]


def windowed(text: str) -> list[tuple[int, int]]:
    found = phone_numbers(text, _is_personal_number)
    return [(n.span.start, n.span.end) for n in found if n.personal]


@pytest.mark.parametrize("text", SHORT_CHAINS)
def test_short_chains_give_what_the_whole_post_gives(text: str) -> None:
    assert windowed(text) == whole_post(text)


# Chains over 40 characters, and the personal numbers read from them.
LONG_CHAINS = [
    (
        "Numbers: 07700 900461 07700 900462 07700 900463 07700 900464",
        ["07700 900461", "07700 900462", "07700 900463", "07700 900464"],
    ),
    ("07700 07700 07700 07700 07700 07700 07700 07700 07700 900461", ["07700 900461"]),
    ("+44 7700 900123 / 0161 496 0000 / 0113 496 0587 / 07700 900382",
     ["+44 7700 900123", "0161 496 0000", "0113 496 0587", "07700 900382"]),
    ("1234567890 1234567890 1234567890 1234567890 1234567890", []),
    ("0 " * 40, []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), LONG_CHAINS)
def test_long_chains_are_read_from_each_place_a_number_starts(
    text: str, expected: list[str]
) -> None:
    assert [text[span.start : span.end] for span in detect(text)] == expected
