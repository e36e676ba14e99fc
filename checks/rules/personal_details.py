"""personal-details: phone numbers, home addresses, postcodes and personal e-mail.

Clause: "Never give out personal details like home address and phone numbers."
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers

from checks.findings import Span
from checks.patterns import compiled, load_data, word_list
from checks.phrases import drop_overlaps
from checks.rules.phone_numbers import phone_numbers
from checks.text import paragraph_around, sentence_around

DATA = "personal-details"


def detect(text: str) -> list[Span]:
    """Spans of personal contact details that are not an organisation's contact point."""
    # Whether each sentence or paragraph is an organisation's, judged once per post.
    organisational: dict[Span, bool] = {}
    found = [
        *_phone_numbers(text, organisational),
        *_email_addresses(text),
        *_addresses(text, organisational),
    ]
    return drop_overlaps(sorted(found))


def _phone_numbers(text: str, organisational: dict[Span, bool]) -> Iterator[Span]:
    for number in phone_numbers(text, _is_personal_number):
        if not number.personal:
            continue
        # A mobile is someone's own unless its very sentence says otherwise; a
        # landline is an office's if its paragraph says so.
        around = sentence_around if number.mobile else paragraph_around
        if not _organisational(text, around(text, number.span), organisational):
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


def _addresses(text: str, organisational: dict[Span, bool]) -> Iterator[Span]:
    official = compiled(DATA, "official_addresses")
    for key in ("street_address", "postcode"):
        for match in _pattern(key).finditer(text):
            span = Span(match.start(), match.end())
            if official.search(match.group()) or _organisational(
                text, paragraph_around(text, span), organisational
            ):
                continue
            yield span


def _organisational(text: str, scope: Span, known: dict[Span, bool]) -> bool:
    """Whether ``scope`` presents a detail as an organisation's contact point, not a person's.

    ``known`` holds the answers already given for this post: a paragraph of many
    numbers is read once, not once per number.
    """
    if scope not in known:
        words = text[scope.start : scope.end]
        known[scope] = bool(compiled(DATA, "organisation_context").search(words)) and not (
            compiled(DATA, "personal_context").search(words)
        )
    return known[scope]


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
