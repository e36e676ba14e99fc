"""The rule engine: run every rule of the catalogue over a post. No Sphinx here."""

from __future__ import annotations

from itertools import chain
from operator import itemgetter

from checks.catalogue import Rule, catalogue
from checks.findings import MOST_PER_RULE, Finding, Span, finding_of
from checks.learned.features import features
from checks.learned.model import models
from checks.normalise import normalise
from checks.vocabulary import capacities


def check_text(
    text: str,
    rules: list[str] | None = None,
    *,
    learned: bool = True,
    capacity: str | None = None,
) -> list[Finding]:
    """Every finding of the catalogue's rules (or just ``rules``) in ``text``, in order.

    Rules judge the normalised text (``checks.normalise``), so invisible and
    look-alike characters hide nothing; each finding points back at the
    original characters. ``learned=False`` runs the patterns alone. ``capacity``
    (``checks/data/channels.yaml``), where known, leaves out the rules that do not
    apply to a post written in it. A rule reports at most
    :data:`~checks.findings.MOST_PER_RULE` findings, the earliest in the post.
    """
    if capacity is not None and capacity not in capacities():
        raise ValueError(f"'{capacity}' is not a capacity: use one of {', '.join(capacities())}")
    selected = catalogue() if rules is None else {r: catalogue()[r] for r in rules}
    if capacity is not None:
        selected = {r: rule for r, rule in selected.items() if rule.applies_in(capacity)}
    normal = normalise(text)
    per_rule: list[list[Finding]] = []
    scores: dict[str, float] | None = None
    for rule in selected.values():
        # At most MOST_PER_RULE findings of a rule, the earliest: a hostile draft may hold
        # hundreds of thousands, and the kinds made of phrase groups stop looking there.
        spans = rule.detect(normal.text)[:MOST_PER_RULE]
        if learned and rule.learned:
            if scores is None:
                scores = models().scores(tuple(dict.fromkeys(features(normal.text))))
            if not spans:
                # The learned part speaks where the patterns are silent: their findings
                # are exact and explained, and it adds the phrasings they miss.
                spans = _learned(rule, normal.text, scores)
            elif _vetoed(rule, normal.text, scores):
                spans = []
        if spans:
            if normal.pieces:
                spans = [normal.original(found) for found in spans]
            rule_id, message = rule.id, rule.message
            per_rule.append(
                [finding_of((rule_id, s, text[s.start : s.end], message)) for s in spans]
            )
    if len(per_rule) == 1:
        # A detector gives its spans in order (tests/test_engine.py holds every rule to
        # it), and mapping them back to the original text keeps that order.
        return per_rule[0]
    # In order of span, then rule: a key made and compared in C.
    return sorted(chain.from_iterable(per_rule), key=itemgetter(1, 0))


def admits_learned(rule: Rule, text: str) -> bool:
    """Whether the rule's own exceptions leave room for the learned part in this post.

    A kind may say so (``admits_learned`` on its detector): a post that says who its
    author works for cannot break the undisclosed-position rule, whatever its words.
    """
    return _kind_admits(rule, "admits_learned", text)


def _vetoed(rule: Rule, text: str, scores: dict[str, float]) -> bool:
    """Whether the model reads the whole post as so clearly not breaking the rule that the
    patterns' findings are set aside (a rule's ``veto``, chosen in training where it
    removes more false alarms than it loses findings)."""
    model = models().get(rule.id)
    if model is None or scores[rule.id] >= model.veto:
        return False
    return admits_learned(rule, text) and admits_veto(rule, text)


def admits_veto(rule: Rule, text: str) -> bool:
    """Whether the rule's findings in this post may be set aside by the learned part.

    A kind may say not (``admits_veto`` on its detector): saying that you hide who
    you work for breaks the undisclosed-position rule whatever else the post says.
    """
    return _kind_admits(rule, "admits_veto", text)


def _kind_admits(rule: Rule, hook: str, text: str) -> bool:
    """What the rule's detector answers to ``hook`` for this post; yes if it has no such hook."""
    admits = getattr(rule.detect, hook, None)
    return admits is None or bool(admits(text))


def _learned(rule: Rule, text: str, scores: dict[str, float]) -> list[Span]:
    """The sentence the rule's model points at, if the post as a whole scores high enough."""
    model = models().get(rule.id)
    if model is None or scores[rule.id] < model.threshold:
        return []
    if not admits_learned(rule, text):
        return []
    return [model.strongest_sentence(text)]
