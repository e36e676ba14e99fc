"""Each rule, table-driven: posts that must fire (with exact spans) and near misses that must not.

Each rule's cases live in ``tests/rules/<id>.yaml``: some written with the rule,
two sections written blind and scored before the rule was tuned on them (see the
commit history). The rules are tuned on all of them now, so they guard behaviour;
accuracy is measured on the frozen sets of ``tests/posts/evaluation`` instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checks.catalogue import catalogue
from checks.engine import check_text

RULE_CASES = Path(__file__).parent / "rules"
TUNING_POSTS = Path(__file__).parent / "posts" / "tuning"


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(RULE_CASES.glob("*.yaml")):
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")), start=1):
            kind = "fires" if case["fires"] else "near-miss"
            params.append(pytest.param(path.stem, case, id=f"{path.stem}-{kind}-{number}"))
    return params


def _spans(rule: str, text: str) -> list[str]:
    return [text[s.start : s.end] for s in catalogue()[rule].detect(text)]


@pytest.mark.parametrize(("rule", "case"), _load_cases())
def test_labelled_case(rule: str, case: dict[str, Any]) -> None:
    text = case["text"].rstrip()
    found = _spans(rule, text)
    if case["fires"]:
        assert found == case["spans"], f"{rule} should fire ({case.get('note', '')})"
    else:
        assert found == [], f"{rule} should not fire ({case.get('note', '')})"


def test_every_rule_has_cases_that_fire_and_near_misses() -> None:
    # As `vale test` does: a rule that no case makes fire is untested.
    assert sorted(path.stem for path in RULE_CASES.glob("*.yaml")) == sorted(catalogue())
    for rule in catalogue():
        cases = yaml.safe_load((RULE_CASES / f"{rule}.yaml").read_text(encoding="utf-8"))
        assert sum(c["fires"] for c in cases) >= 10, rule
        assert sum(not c["fires"] for c in cases) >= 10, rule
        assert all("spans" in c for c in cases if c["fires"]), (
            f"{rule}: a case that fires needs its spans"
        )


# Exact character spans, one table per rule. (rule, post, [(start, end), ...])
SPANS = [
    # personal-details
    ("personal-details", "Text me on 07700 900461.", [(11, 23)]),
    ("personal-details", "Ring me: +44 7700 900123", [(9, 24)]),
    ("personal-details", "Landline is 0161 496 0512 after six.", [(12, 25)]),
    ("personal-details", "I live at 14 Larch Road, LS6 2QT.", [(10, 23), (25, 32)]),
    ("personal-details", "Mail me at jo.bloggs73@example.com", [(11, 34)]),
    ("personal-details", "Call the helpline on 0161 496 0123, Monday to Friday.", []),
    ("personal-details", "Write to press.office@dvla.gov.uk", []),
    ("personal-details", "HMRC: 0300 200 3300", []),
    # personal-data
    ("personal-data", "NI number QQ 12 34 56 C, please", [(10, 23)]),
    ("personal-data", "NHS number 999 000 1235.", [(11, 23)]),
    ("personal-data", "NHS number 999 000 1236.", []),  # wrong check digit
    ("personal-data", "Sort code 12-34-56, account 41234567", [(10, 18), (28, 36)]),
    ("personal-data", "Her passport number is 123456789", [(23, 32)]),
    ("personal-data", "Isla was born on 3 March 2019.", [(17, 29)]),
    ("personal-data", "The NHS was born on 5 July 1948.", []),
    # protected-marking
    ("protected-marking", "OFFICIAL-SENSITIVE: COMMERCIAL draft attached", [(0, 30)]),
    ("protected-marking", "Page one is stamped TOP SECRET.", [(20, 30)]),
    ("protected-marking", "EMBARGOED until 00:01 Tuesday", [(0, 9)]),
    ("protected-marking", "The secret to a good interview is practice.", []),
    # unauthorised-disclosure
    ("unauthorised-disclosure", "Off the record, the office is closing.", [(0, 14)]),
    ("unauthorised-disclosure", "As announced yesterday, the office is closing.", []),
    # commitment
    ("commitment", "I promise your claim will be paid.", [(0, 9)]),
    ("commitment", "I can't promise an outcome, but I'll chase it.", []),
    ("commitment", "I promise I'll look into it and come back to you.", []),
    # undisclosed-role
    ("undisclosed-role", "Our team has fixed the login bug.", [(0, 18)]),
    ("undisclosed-role", "I work in HMRC's digital team and our team has fixed the login bug.", []),
    ("undisclosed-role", "Our team won the pub quiz again!", []),
    # "trust" as a verb names no NHS trust, so the insider is still undisclosed.
    (
        "undisclosed-role",
        "We've finally fixed the new claims system, and you can trust it now.",
        [(0, 41)],
    ),
    ("undisclosed-role", "Our team at Leeds Teaching Hospitals NHS Trust fixed the rota.", []),
    # discourtesy
    ("discourtesy", "What a stupid question.", [(0, 22)]),
    ("discourtesy", "READ THE GUIDANCE BEFORE ASKING", [(0, 31)]),
    ("discourtesy", "This is f***ing ridiculous", [(8, 15)]),
    ("discourtesy", "Insults will be removed.", []),
    ("discourtesy", "Contact DWP or HMRC about PAYE.", []),
    # defamation
    ("defamation", "Councillor Hanley took bribes from the builders.", [(18, 29)]),
    ("defamation", "I disagree with the council's decision.", []),
    # copyright
    ("copyright", "Here's the full article so you don't have to buy it:", [(0, 23), (24, 48)]),
    ("copyright", '"Be cordial," as the guidance says: link below.', []),
    # political
    ("political", "Vote Labour on Thursday!", [(0, 11)]),
    ("political", "Here's how to register to vote before the deadline.", []),
    ("political", "Proud of our welfare reform work.", []),
    # unsourced-claim
    ("unsourced-claim", "Claims rose by 40% last year.", [(15, 18)]),
    ("unsourced-claim", "According to the ONS, claims rose by 40% last year.", []),
    ("unsourced-claim", "Thanks a million, everyone!", []),
    ("unsourced-claim", "Gig tickets were £40 each, pay me back.", []),
    ("unsourced-claim", "The scheme cost £40 million.", [(16, 27)]),
    # A single sum is no statistic; a total, an average, a change or a group's saving is.
    (
        "unsourced-claim",
        "We're hiring advisers in Cardiff, starting at £24,117, with a pension.",
        [],
    ),  # a salary is a single sum
    (
        "unsourced-claim",
        "Secret Santa is go! £10 limit, names to Priya by Friday.",
        [],
    ),  # a spending limit
    (
        "unsourced-claim",
        "Had an average lunch for £12 and a very average coffee.",
        [],
    ),  # "average" that does not describe the sum
    (
        "unsourced-claim",
        "Picked the kids up from school, then £4 for parking.",
        [],
    ),  # "up from" that is no change in a figure
    ("unsourced-claim", "We paid 24,117 pounds for the lot.", []),  # a single sum in words
    (
        "unsourced-claim",
        "The new road will be worth £24,117,000 to the county.",
        [(27, 38)],
    ),  # a total in figures, found whole, not from its middle
    (
        "unsourced-claim",
        "Rents here are £1,100 a month, up from £950.",
        [(15, 21), (39, 43)],
    ),  # a change in a figure
    (
        "unsourced-claim",
        "The average energy bill is now around £1,800 a year.",
        [(38, 44)],
    ),  # an average
    (
        "unsourced-claim",
        "The new childcare offer saves families around £3,000 a year.",
        [(46, 52)],
    ),  # what a policy does for a whole group
    # Capitals that are not the author shouting: a marking's line, a quoted headline.
    ("discourtesy", "RESTRICTED - STAFF IN CONFIDENCE. Notes attached.", []),
    ("discourtesy", 'Copied in full: "THE LAST BUS TO NOWHERE"', []),
    # Secrets that are not government business, and advice not to share.
    ("unauthorised-disclosure", "Keep it between us, but Mum is planning a surprise do.", []),
    ("unauthorised-disclosure", "Please don't share it with us here.", []),
    ("unauthorised-disclosure", "Mum's the word, but the pilot is getting the chop.", [(0, 14)]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), SPANS)
def test_exact_spans(rule: str, text: str, expected: list[tuple[int, int]]) -> None:
    assert [(s.start, s.end) for s in catalogue()[rule].detect(text)] == expected


def test_engine_orders_findings_and_attaches_messages() -> None:
    findings = check_text("Vote Labour! Text me on 07700 900461.")
    assert [f.rule for f in findings] == ["political", "personal-details"]
    assert findings[1].text == "07700 900461"
    assert findings[1].message == catalogue()["personal-details"].message


# A phrase hugged by quotation marks is mentioned, not used.
MENTIONS = [
    ("discourtesy", 'Telling someone to "get a life" is name-calling.', []),
    ("discourtesy", "Calling colleagues \u2018muppets\u2019 is not on.", []),
    ("discourtesy", "Get a life.", [(0, 10)]),
    ("unauthorised-disclosure", 'Saying "off the record" means nothing online.', []),
    ("political", 'He said "vote Labour" as a joke.', []),
]


@pytest.mark.parametrize(("rule", "text", "expected"), MENTIONS)
def test_quoted_phrases_are_mentions(rule: str, text: str, expected: list[tuple[int, int]]) -> None:
    assert [(s.start, s.end) for s in catalogue()[rule].detect(text)] == expected


# A quotation mark opened and never closed before the post ends quotes nothing: the
# match is used, not mentioned. (Not in MENTIONS: the findings snapshot reads that table.)
UNCLOSED_AT_END = [
    ("political", "Please 'vote Labour", [(8, 19)]),
    ("political", 'He said "vote Labour', [(9, 20)]),
    ("defamation", "Everyone knows he 'took bribes", [(19, 30)]),
    # The second example: the accusation read through the quotation mark.
    ("defamation", "He is a 'crook", [(3, 14)]),
    ("defamation", "She is \u201ccorrupt", [(4, 15)]),
    ("discourtesy", 'Her advice: "get a life', [(13, 23)]),
    ("political", "Please 'vote Labour'", []),
]


@pytest.mark.parametrize(("rule", "text", "expected"), UNCLOSED_AT_END)
def test_an_unclosed_quotation_at_the_end_hides_nothing(
    rule: str, text: str, expected: list[tuple[int, int]]
) -> None:
    assert [(s.start, s.end) for s in catalogue()[rule].detect(text)] == expected


# Whole posts with the exact rules each breaks: written blind, scored, then tuned on.
POSTS = [
    pytest.param(post, id=f"{path.stem}-{number}")
    for path in sorted(TUNING_POSTS.glob("*.yaml"))
    for number, post in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")), start=1)
]


@pytest.mark.parametrize("post", POSTS)
def test_whole_post_breaks_exactly_its_rules(post: dict[str, Any]) -> None:
    # The patterns were tuned on these posts, so they give exactly their labels. The
    # learned part is trained on them as well: whether it generalises is measured on
    # the frozen sets (ACCURACY.md), and how well it fits them is the next test.
    found = check_text(post["text"].rstrip(), learned=False)
    assert sorted({f.rule for f in found}) == sorted(post["breaks"]), [
        (f.rule, f.text) for f in found
    ]


def test_the_whole_engine_rarely_disagrees_with_the_posts_it_learned_from() -> None:
    wrong = []
    for param in POSTS:
        post = param.values[0]
        found = sorted({f.rule for f in check_text(post["text"].rstrip())})
        if found != sorted(post["breaks"]):
            wrong.append((param.id, found, post["breaks"]))
    # A model that fits its own training posts this poorly is broken, not cautious.
    assert len(wrong) <= len(POSTS) // 100, wrong


def test_the_nhs_number_check_agrees_with_python_stdnum() -> None:
    # The checks carry their own Modulus 11 check (python-stdnum, with pydoc and ssl
    # behind it, took a tenth of a second to import in the reader's browser).
    import random

    from stdnum.gb import nhs

    from checks.kinds.identifiers import valid_nhs_number

    generator = random.Random(1948)
    candidates = ["999 000 1235", "999-000-1235", "9990001235", "999 000 123", "999 0001 23X"]
    for _ in range(20000):
        digits = f"{generator.randrange(10**10):010d}"
        separator = generator.choice(["", " ", "-"])
        candidates.append(f"{digits[:3]}{separator}{digits[3:6]}{separator}{digits[6:]}")
    assert [valid_nhs_number(c) for c in candidates] == [nhs.is_valid(c) for c in candidates]
    assert sum(map(valid_nhs_number, candidates)) > 1500  # about one in eleven


@pytest.mark.parametrize(
    ("text", "caseless", "keeping"),
    [
        ("I work at HMRC.", True, False),
        ("I work at hmrc.", True, False),  # role cues ignore case
        ("I work at Airedale General Foundation Trust.", False, True),
        ("I work at airedale general foundation trust.", False, False),  # a trust keeps its case
    ],
)
def test_role_cues_read_organisations_in_two_parts(
    text: str, caseless: bool, keeping: bool
) -> None:
    # Role cues compile each part apart (checks.kinds.position): the names that keep case
    # must be in the second part, or a cue could never find them.
    import re

    from checks.kinds.position import organisation_parts, organisation_pattern

    first, second = organisation_parts()
    assert bool(re.search(first, text, re.IGNORECASE)) is caseless
    assert bool(re.search(second, text, re.IGNORECASE)) is keeping
    assert bool(organisation_pattern().search(text)) is (
        bool(re.search(first, text)) or bool(re.search(second, text))
    )
