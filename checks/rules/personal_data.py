"""personal-data: identifiers of individuals.

Clause: "be aware that ... data protection laws apply."
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache, lru_cache

from stdnum.gb import nhs

from checks.findings import Span
from checks.patterns import load_data
from checks.phrases import drop_overlaps

DATA = "personal-data"

# Where a passport number can be: nine digits, no more, no fewer.
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
# How far before its number "passport" can be: the word, the pattern's 80
# characters, two letters and a space (checks/data/personal-data.yaml).
_PASSPORT_REACH = 100


def detect(text: str) -> list[Span]:
    """Spans of NI numbers, NHS numbers, bank details, passport numbers and dates of birth."""
    found = [
        *_matches("ni_number", text),
        *_nhs_numbers(text),
        *_bank_details(text),
        *_passports(text),
        *_dates_of_birth(text),
    ]
    return drop_overlaps(sorted(found))


def _matches(key: str, text: str, group: int = 0) -> Iterator[Span]:
    for match in _pattern(key).finditer(text):
        yield Span(match.start(group), match.end(group))


def _nhs_numbers(text: str) -> Iterator[Span]:
    for span in _matches("nhs_candidate", text):
        if _valid_nhs_number(text[span.start : span.end]):
            yield span


@lru_cache(maxsize=4096)
def _valid_nhs_number(candidate: str) -> bool:
    # python-stdnum validates the Modulus 11 check digit, so ten random digits
    # (an order number, say) are not taken for an NHS number.
    return bool(nhs.is_valid(candidate))


def _bank_details(text: str) -> Iterator[Span]:
    """A sort code with an account number near it: each is flagged (once)."""
    window = int(load_data(DATA)["bank_window"])
    accounts = list(_matches("account_number", text))  # In order of their starts.
    starts = [account.start for account in accounts]
    sort_codes = {
        *_matches("sort_code_labelled", text, group=1),
        *_matches("sort_code_pairs", text, group=1),
    }
    flagged: set[Span] = set()
    for sort_code in sort_codes:
        # The accounts that start within the window either side, found by bisection.
        first = bisect.bisect_left(starts, sort_code.start - window)
        last = bisect.bisect_right(starts, sort_code.start + window)
        if first < last:
            flagged.add(sort_code)
            flagged.update(accounts[first:last])
    return iter(sorted(flagged))


def _passports(text: str) -> Iterator[Span]:
    """Passport numbers, looked for only near a run of exactly nine digits.

    The pattern reads up to 80 characters after every "passport"; a post of
    nothing but that word need not be read at all.
    """
    pattern = _pattern("passport")
    for start, end in _regions_before(_NINE_DIGITS.finditer(text), _PASSPORT_REACH):
        for match in pattern.finditer(text, start, end):
            yield Span(match.start(1), match.end(1))


def _regions_before(matches: Iterator[re.Match[str]], reach: int) -> Iterator[tuple[int, int]]:
    """Each match with the ``reach`` characters before it, overlapping ones merged."""
    region: tuple[int, int] | None = None
    for match in matches:
        start = max(0, match.start() - reach)
        if region and start <= region[1]:
            region = (region[0], match.end())
            continue
        if region:
            yield region
        region = (start, match.end())
    if region:
        yield region


def _dates_of_birth(text: str) -> Iterator[Span]:
    yield from _matches("labelled_date_of_birth", text, group=1)
    for match in _pattern("born_on_date").finditer(text):
        # "The NHS was born on 5 July 1948" is an anniversary, not a person's data.
        if not _about_a_thing(text[max(0, match.start() - 60) : match.start()]):
            yield Span(match.start(1), match.end(1))


@lru_cache(maxsize=4096)
def _about_a_thing(before: str) -> bool:
    """Whether the words just before "born" name a thing, not a person (remembered)."""
    return bool(_pattern("not_people").search(before))


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
