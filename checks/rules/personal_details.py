"""personal-details: phone numbers, home addresses, postcodes and personal e-mail.

Clause: "Never give out personal details like home address and phone numbers."
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import phonenumbers

from checks.findings import Span
from checks.patterns import compiled, load_data, word_list
from checks.phrases import drop_overlaps
from checks.rules.phone_numbers import phone_numbers
from checks.text import paragraph_around, sentence_around

DATA = "personal-details"


def detect(text: str) -> list[Span]:
    """Spans of personal contact details that are not an organisation's contact point."""
    scopes = _Scopes(text)
    found = [*_phone_numbers(text, scopes), *_email_addresses(text), *_addresses(text, scopes)]
    return drop_overlaps(sorted(found))


Around = Callable[[str, Span], Span]


class _Scopes:
    """Whether the sentence or paragraph around a detail is an organisation's.

    Each scope of a post is read once, however many details it holds: details
    come in order, so the last one's scope usually holds the next one too.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._verdicts: dict[Span, bool] = {}
        self._last: dict[Around, tuple[Span, bool]] = {}

    def organisational(self, span: Span, around: Around) -> bool:
        """Whether ``around(text, span)`` presents the detail as an organisation's."""
        last = self._last.get(around)
        if last and self._holds(last[0], span, around):
            return last[1]
        scope = around(self._text, span)
        if scope not in self._verdicts:
            self._verdicts[scope] = _organisational(self._text, scope)
        self._last[around] = (scope, self._verdicts[scope])
        return self._verdicts[scope]

    def _holds(self, scope: Span, span: Span, around: Around) -> bool:
        """Whether ``scope`` is also what ``around`` gives for ``span``."""
        # The whole text is also the "sentence" of a detail that crosses sentences,
        # which the details after it need not share.
        crossed = around is sentence_around and scope == Span(0, len(self._text))
        return scope.start <= span.start and span.end <= scope.end and not crossed


def _phone_numbers(text: str, scopes: _Scopes) -> Iterator[Span]:
    for number in phone_numbers(text, _is_personal_number):
        # A mobile is someone's own unless its very sentence says otherwise; a
        # landline is an office's if its paragraph says so.
        around = sentence_around if number.mobile else paragraph_around
        if number.personal and not scopes.organisational(number.span, around):
            yield number.span


def _is_personal_number(number: phonenumbers.PhoneNumber, raw: str) -> bool:
    # A phone number is written from its trunk 0 or an international prefix;
    # "ORD-7700900345" is a reference that happens to hold the digits.
    if sum(char.isdigit() for char in raw) < 10 or not raw.lstrip("(").startswith(("0", "+")):
        return False
    national = phonenumbers.national_significant_number(number)
    if number.country_code == 44 and national.startswith(word_list(DATA, "drama_prefixes")):
        return _national_type_name(number) not in _organisation_types() or national.startswith("7")
    if phonenumbers.is_valid_number(number):
        return _national_type_name(number) not in _organisation_types()
    # An explicitly international number that could exist is somebody's number.
    return raw.lstrip("(").startswith(("+", "00")) and phonenumbers.is_possible_number(number)


def _national_type_name(number: phonenumbers.PhoneNumber) -> str:
    return _type_names().get(phonenumbers.number_type(number), "UNKNOWN")


@cache
def _type_names() -> dict[int, str]:
    """phonenumbers' number types by value: the data file names them (TOLL_FREE, UAN...)."""
    return {v: k for k, v in vars(phonenumbers.PhoneNumberType).items() if k.isupper()}


@cache
def _organisation_types() -> frozenset[str]:
    return frozenset(word_list(DATA, "organisation_number_types"))


def _email_addresses(text: str) -> Iterator[Span]:
    for match in [*_pattern("email").finditer(text), *_pattern("email_obfuscated").finditer(text)]:
        local, _, domain = match.group().rpartition("@")
        if _organisation_domain().search(domain) or _role_mailbox().fullmatch(local):
            continue
        yield Span(match.start(), match.end())


def _addresses(text: str, scopes: _Scopes) -> Iterator[Span]:
    for key in ("street_address", "postcode"):
        for match in _pattern(key).finditer(text):
            span = Span(match.start(), match.end())
            if not _official(match.group()) and not scopes.organisational(span, paragraph_around):
                yield span


@lru_cache(maxsize=4096)
def _official(address: str) -> bool:
    """Whether an address is a well-known official one (remembered: posts repeat them)."""
    return bool(compiled(DATA, "official_addresses").search(address))


def _organisational(text: str, scope: Span) -> bool:
    """Whether ``scope`` presents a detail as an organisation's contact point, not a person's."""
    words = text[scope.start : scope.end]
    return bool(compiled(DATA, "organisation_context").search(words)) and not compiled(
        DATA, "personal_context"
    ).search(words)


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(load_data(DATA)[key])


@cache
def _organisation_domain() -> re.Pattern[str]:
    domains = "|".join(word_list(DATA, "organisation_domains"))
    return re.compile(rf"(?:^|\.)(?:{domains})$", re.IGNORECASE)


@cache
def _role_mailbox() -> re.Pattern[str]:
    return re.compile("|".join(word_list(DATA, "role_mailboxes")), re.IGNORECASE)
