"""personal-data: identifiers of individuals.

Clause: "be aware that ... data protection laws apply."
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from stdnum.gb import nhs

from checks.findings import Span
from checks.patterns import load_data
from checks.phrases import drop_overlaps

DATA = "personal-data"


def detect(text: str) -> list[Span]:
    """Spans of NI numbers, NHS numbers, bank details, passport numbers and dates of birth."""
    found = [
        *_matches("ni_number", text),
        *_nhs_numbers(text),
        *_bank_details(text),
        *_matches("passport", text, group=1),
        *_dates_of_birth(text),
    ]
    return drop_overlaps(sorted(found))


def _matches(key: str, text: str, group: int = 0) -> Iterator[Span]:
    for match in _pattern(key).finditer(text):
        yield Span(match.start(group), match.end(group))


def _nhs_numbers(text: str) -> Iterator[Span]:
    # python-stdnum validates the Modulus 11 check digit, so ten random digits
    # (an order number, say) are not taken for an NHS number.
    for span in _matches("nhs_candidate", text):
        if nhs.is_valid(text[span.start : span.end]):
            yield span


def _bank_details(text: str) -> Iterator[Span]:
    """A sort code with an account number near it: each is flagged."""
    window = int(load_data(DATA)["bank_window"])
    accounts = list(_matches("account_number", text))
    sort_codes = {
        *_matches("sort_code_labelled", text, group=1),
        *_matches("sort_code_pairs", text, group=1),
    }
    for sort_code in sorted(sort_codes):
        near = [a for a in accounts if abs(a.start - sort_code.start) <= window]
        if near:
            yield sort_code
            yield from near


def _dates_of_birth(text: str) -> Iterator[Span]:
    yield from _matches("labelled_date_of_birth", text, group=1)
    for match in _pattern("born_on_date").finditer(text):
        # "The NHS was born on 5 July 1948" is an anniversary, not a person's data.
        if not _pattern("not_people").search(text[max(0, match.start() - 60) : match.start()]):
            yield Span(match.start(1), match.end(1))


@cache
def _pattern(key: str) -> re.Pattern[str]:
    data = load_data(DATA)
    months = data["months"]
    with_year = data["date_with_year"].replace("{MONTHS}", months)
    any_date = data["date_any"].replace("{MONTHS}", months).replace("{DATE_WITH_YEAR}", with_year)
    composed = {
        "labelled_date_of_birth": f"(?:{data['date_of_birth_label']})({any_date})",
        "born_on_date": f"(?:{data['born']})({with_year})",
    }
    return re.compile(composed.get(key) or data[key], re.IGNORECASE)
