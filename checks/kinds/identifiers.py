"""The ``identifiers`` kind: numbers and dates that identify a person.

NI numbers, NHS numbers (only with a valid check digit), a sort code with an
account number near it, passport numbers and dates of birth. The rule file
gives each pattern and the distances that pair them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from checks.casefold import TextPattern, compile_folded
from checks.findings import Span, drop_overlaps
from checks.schema import Regex

# Where a passport number can be: nine digits, no more, no fewer.
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
# How far before its number "passport" can be: the word, the pattern's 80
# characters, two letters and a space (the rule file's ``passport``).
_PASSPORT_REACH = 100


@dataclass(frozen=True)
class Settings:
    """The keys of an ``identifiers`` rule."""

    WHAT = "an identifiers rule"
    PLACEHOLDERS = ("MONTHS", "DATE_WITH_YEAR")
    """The {NAME}s this kind fills in itself."""

    ni_number: Regex
    nhs_candidate: Regex
    sort_code_labelled: Regex
    sort_code_pairs: Regex
    account_number: Regex
    bank_window: int
    """How near (in characters) an account number must be to a sort code to be read with it."""
    passport: Regex
    months: Regex
    date_of_birth_label: Regex
    born: Regex
    date_with_year: Regex
    date_any: Regex
    not_people: Regex
    not_people_reach: int
    """How many characters before "born" are read for a thing that is not a person."""

    def problems(self) -> list[tuple[str, str, str]]:
        return [
            (key, "must be 1 or more", "give a distance in characters, such as 60")
            for key in ("bank_window", "not_people_reach")
            if getattr(self, key) < 1
        ]


def build(settings: Settings) -> Callable[[str], list[Span]]:
    """The detector of an ``identifiers`` rule."""
    return _Identifiers(settings)


class _Identifiers:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, text: str) -> list[Span]:
        """Spans of NI numbers, NHS numbers, bank details, passport numbers and dates of birth."""
        found = [
            *self._matches("ni_number", text),
            *self._nhs_numbers(text),
            *self._bank_details(text),
            *self._passports(text),
            *self._dates_of_birth(text),
        ]
        return drop_overlaps(sorted(found))

    @cached_property
    def _patterns(self) -> dict[str, TextPattern]:
        s = self.settings
        with_year = s.date_with_year.replace("{MONTHS}", s.months)
        any_date = s.date_any.replace("{MONTHS}", s.months).replace("{DATE_WITH_YEAR}", with_year)
        sources = {
            key: getattr(s, key)
            for key in (
                "ni_number",
                "nhs_candidate",
                "sort_code_labelled",
                "sort_code_pairs",
                "account_number",
                "passport",
                "not_people",
            )
        }
        sources["labelled_date_of_birth"] = f"(?:{s.date_of_birth_label})({any_date})"
        sources["born_on_date"] = f"(?:{s.born})({with_year})"
        # Rewritten to run without re.IGNORECASE (checks.casefold): ten times faster
        # over a long post for the longer lists, with the same matches.
        return {key: compile_folded(source, re.IGNORECASE) for key, source in sources.items()}

    def _matches(self, key: str, text: str, group: int = 0) -> Iterator[Span]:
        for match in self._patterns[key].finditer(text):
            yield Span(match.start(group), match.end(group))

    def _nhs_numbers(self, text: str) -> Iterator[Span]:
        for span in self._matches("nhs_candidate", text):
            if valid_nhs_number(text[span.start : span.end]):
                yield span

    def _bank_details(self, text: str) -> Iterator[Span]:
        """A sort code with an account number near it: each is flagged (once)."""
        window = self.settings.bank_window
        accounts = list(self._matches("account_number", text))  # In order of their starts.
        starts = [account.start for account in accounts]
        sort_codes = {
            *self._matches("sort_code_labelled", text, group=1),
            *self._matches("sort_code_pairs", text, group=1),
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

    def _passports(self, text: str) -> Iterator[Span]:
        """Passport numbers, looked for only near a run of exactly nine digits.

        The pattern reads up to 80 characters after every "passport"; a post of
        nothing but that word need not be read at all.
        """
        pattern = self._patterns["passport"]
        for start, end in _regions_before(_NINE_DIGITS.finditer(text), _PASSPORT_REACH):
            for match in pattern.finditer(text, start, end):
                yield Span(match.start(1), match.end(1))

    def _dates_of_birth(self, text: str) -> Iterator[Span]:
        yield from self._matches("labelled_date_of_birth", text, group=1)
        reach = self.settings.not_people_reach
        for match in self._patterns["born_on_date"].finditer(text):
            # "The NHS was born on 5 July 1948" is an anniversary, not a person's data.
            if not self._about_a_thing(text[max(0, match.start() - reach) : match.start()]):
                yield Span(match.start(1), match.end(1))

    @lru_cache(maxsize=4096)  # noqa: B019 - one detector per rule, kept for the run
    def _about_a_thing(self, before: str) -> bool:
        """Whether the words just before "born" name a thing, not a person (remembered)."""
        return bool(self._patterns["not_people"].search(before))


_ASCII_DIGITS = frozenset("0123456789")


@lru_cache(maxsize=4096)
def valid_nhs_number(candidate: str) -> bool:
    """Whether ``candidate`` is ten digits, spaces or hyphens between, with a right check digit.

    The NHS number's Modulus 11 check, so that ten random digits (an order number, say)
    are not taken for one: the digits weighed 10 down to 1, the check digit included,
    add up to a multiple of 11 (no number is issued whose check would be 10).
    """
    digits = candidate.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not _ASCII_DIGITS.issuperset(digits):
        return False
    weighed = zip(range(10, 0, -1), map(int, digits), strict=True)
    return sum(weight * digit for weight, digit in weighed) % 11 == 0


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
