"""The ``contact-details`` kind: phone numbers, home addresses, postcodes and personal e-mail.

A detail is flagged unless what surrounds it presents it as an organisation's
published contact point (a helpline, an office, a role mailbox, a public body's
domain). The rule file gives the words and patterns for each judgement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

import phonenumbers

from checks.casefold import TextPattern
from checks.findings import Span, drop_overlaps
from checks.patterns import whole_words
from checks.phone_numbers import phone_numbers
from checks.schema import Regex
from checks.text import paragraph_around, sentence_around


def _number_types() -> dict[int, str]:
    """phonenumbers' number types by value: the rule file names them (TOLL_FREE, UAN...)."""
    return {v: k for k, v in vars(phonenumbers.PhoneNumberType).items() if k.isupper()}


_TYPE_NAMES = _number_types()


@dataclass(frozen=True)
class Settings:
    """The keys of a ``contact-details`` rule."""

    WHAT = "a contact-details rule"

    drama_prefixes: tuple[str, ...]
    """National significant numbers (no leading 0) of ranges kept for drama: still personal."""
    organisation_number_types: tuple[str, ...]
    """phonenumbers' names of the number types that belong to organisations."""
    organisation_context: tuple[Regex, ...]
    personal_context: tuple[Regex, ...]
    role_mailboxes: tuple[Regex, ...]
    organisation_domains: tuple[Regex, ...]
    postcode: Regex
    street_address: Regex
    official_addresses: tuple[Regex, ...]
    email_obfuscated: Regex
    email: Regex

    def problems(self) -> list[tuple[str, str, str]]:
        unknown = sorted(set(self.organisation_number_types) - set(_TYPE_NAMES.values()))
        if not unknown:
            return []
        known = ", ".join(sorted(_TYPE_NAMES.values()))
        return [("organisation_number_types", f"names unknown types {unknown}", f"use: {known}")]


def build(settings: Settings) -> Callable[[str], list[Span]]:
    """The detector of a ``contact-details`` rule."""
    return _ContactDetails(settings)


Around = Callable[[str, Span], Span]


class _ContactDetails:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Bound once: the phone matcher remembers verdicts by window text and judge.
        self._judge = self._is_personal_number

    def __call__(self, text: str) -> list[Span]:
        """Spans of personal contact details that are not an organisation's contact point."""
        scopes = _Scopes(text, self._organisational)
        found = [
            *self._phone_numbers(text, scopes),
            *self._email_addresses(text, scopes),
            *self._addresses(text, scopes),
        ]
        return drop_overlaps(sorted(found))

    @cached_property
    def _patterns(self) -> dict[str, TextPattern]:
        s = self.settings
        domains = "|".join(s.organisation_domains)
        return {
            "email": re.compile(s.email),
            "email_obfuscated": re.compile(s.email_obfuscated),
            "street_address": re.compile(s.street_address),
            "postcode": re.compile(s.postcode),
            "organisation_context": whole_words(s.organisation_context, {}, re.IGNORECASE),
            "personal_context": whole_words(s.personal_context, {}, re.IGNORECASE),
            "official_addresses": whole_words(s.official_addresses, {}, re.IGNORECASE),
            "organisation_domain": re.compile(rf"(?:^|\.)(?:{domains})$", re.IGNORECASE),
            "role_mailbox": re.compile("|".join(s.role_mailboxes), re.IGNORECASE),
        }

    def _phone_numbers(self, text: str, scopes: _Scopes) -> Iterator[Span]:
        for number in phone_numbers(text, self._judge):
            # A mobile is someone's own unless its very sentence says otherwise; a
            # landline is an office's if its paragraph says so.
            around = sentence_around if number.mobile else paragraph_around
            if number.personal and not scopes.organisational(number.span, around):
                yield number.span

    def _is_personal_number(self, number: phonenumbers.PhoneNumber, raw: str) -> bool:
        # A phone number is written from its trunk 0 or an international prefix;
        # "ORD-7700900345" is a reference that happens to hold the digits.
        if sum(char.isdigit() for char in raw) < 10 or not raw.lstrip("(").startswith(("0", "+")):
            return False
        national = phonenumbers.national_significant_number(number)
        organisation_types = self.settings.organisation_number_types
        if number.country_code == 44 and national.startswith(self.settings.drama_prefixes):
            return _type_name(number) not in organisation_types or national.startswith("7")
        if phonenumbers.is_valid_number(number):
            return _type_name(number) not in organisation_types
        # An explicitly international number that could exist is somebody's number.
        return raw.lstrip("(").startswith(("+", "00")) and phonenumbers.is_possible_number(number)

    def _email_addresses(self, text: str, scopes: _Scopes) -> Iterator[Span]:
        found = [
            *self._patterns["email"].finditer(text),
            *self._patterns["email_obfuscated"].finditer(text),
        ]
        for match in found:
            local, _, domain = match.group().rpartition("@")
            if self._patterns["organisation_domain"].search(domain) or self._patterns[
                "role_mailbox"
            ].fullmatch(local):
                continue
            span = Span(match.start(), match.end())
            # An address its own sentence gives as a team's or service's, as for a mobile.
            if not scopes.organisational(span, sentence_around):
                yield span

    def _addresses(self, text: str, scopes: _Scopes) -> Iterator[Span]:
        for key in ("street_address", "postcode"):
            for match in self._patterns[key].finditer(text):
                span = Span(match.start(), match.end())
                if not self._official(match.group()) and not scopes.organisational(
                    span, paragraph_around
                ):
                    yield span

    @lru_cache(maxsize=4096)  # noqa: B019 - one detector per rule, kept for the run
    def _official(self, address: str) -> bool:
        """Whether an address is a well-known official one (remembered: posts repeat them)."""
        return bool(self._patterns["official_addresses"].search(address))

    def _organisational(self, words: str) -> bool:
        """Whether ``words`` present a detail as an organisation's contact point."""
        return bool(self._patterns["organisation_context"].search(words)) and not self._patterns[
            "personal_context"
        ].search(words)


def _type_name(number: phonenumbers.PhoneNumber) -> str:
    return _TYPE_NAMES.get(phonenumbers.number_type(number), "UNKNOWN")


class _Scopes:
    """Whether the sentence or paragraph around a detail is an organisation's.

    Each scope of a post is read once, however many details it holds: details
    come in order, so the last one's scope usually holds the next one too.
    """

    def __init__(self, text: str, organisational: Callable[[str], bool]) -> None:
        self._text = text
        self._judge = organisational
        self._verdicts: dict[Span, bool] = {}
        self._last: dict[Around, tuple[Span, bool]] = {}

    def organisational(self, span: Span, around: Around) -> bool:
        """Whether ``around(text, span)`` presents the detail as an organisation's."""
        last = self._last.get(around)
        if last and self._holds(last[0], span, around):
            return last[1]
        scope = around(self._text, span)
        if scope not in self._verdicts:
            self._verdicts[scope] = self._judge(self._text[scope.start : scope.end])
        self._last[around] = (scope, self._verdicts[scope])
        return self._verdicts[scope]

    def _holds(self, scope: Span, span: Span, around: Around) -> bool:
        """Whether ``scope`` is also what ``around`` gives for ``span``."""
        # The whole text is also the "sentence" of a detail that crosses sentences,
        # which the details after it need not share.
        crossed = around is sentence_around and scope == Span(0, len(self._text))
        return scope.start <= span.start and span.end <= scope.end and not crossed
