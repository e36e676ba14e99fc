"""The ``fix:`` of a mismatch, fitted to the way the checks and the example disagree.

Three different disagreements want three different fixes: a good example the
checks flag, a rule the checks find that a bad example does not list, and a rule
it lists that the checks do not find. Each says what to do when the checks are
right, and how to record it (``checks_wrong``) when they are wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.checks_wrong import FALSE_ALARM, FIELD, MISS
from checks.vocabulary import breaking_verdict, breaks_rules

_FALSE_ALARM = f"record the false alarm in '{FIELD}' (rule, kind: {FALSE_ALARM}, reason)"
_MISS = f"record each in '{FIELD}' (rule, kind: {MISS}, reason)"


def _named(rules: Sequence[str]) -> str:
    return ", ".join(rules)


def flagged_good(verdict: str) -> str:
    """A good example the checks find something in."""
    return (
        f"if the checks are right, make the example {breaking_verdict()} and list the rules "
        f"in 'breaks'; if they are wrong, reword the post, or {_FALSE_ALARM}; for an "
        "exception the guidance itself makes, add an 'allow' entry with the reason"
    )


def found_unlisted(rules: Sequence[str]) -> str:
    """A bad example the checks find rules in that it does not list."""
    return (
        f"if the post breaks {_named(rules)}, add {'it' if len(rules) == 1 else 'them'} "
        f"to 'breaks'; if it does not, reword the post, or {_FALSE_ALARM}"
    )


def listed_unfound(rules: Sequence[str]) -> str:
    """A bad example that lists rules the checks do not find."""
    return (
        f"if the post does not break {_named(rules)} after all, remove "
        f"{'it' if len(rules) == 1 else 'them'} from 'breaks' (or rewrite the post so it "
        f"plainly does); if it does and the checks miss it, remove {_named(rules)} from "
        f"'breaks' ('breaks: []' if none is left) and {_MISS}"
    )


def mismatch_fix(verdict: str, unexpected: Sequence[str], missing: Sequence[str]) -> str:
    """Every fix that applies, the flagged rules' first."""
    fixes = []
    if unexpected:
        fixes.append(found_unlisted(unexpected) if breaks_rules(verdict) else flagged_good(verdict))
    if missing:
        fixes.append(listed_unfound(missing))
    return "; and ".join(fixes)
