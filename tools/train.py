"""Train the learned part of the checks and write ``checks/data/learned.json``.

``python -m tools.train`` reads the labelled posts on the training side of the
repository (never ``tests/posts/evaluation``) and trains one logistic regression
per rule whose file says ``learned: true``. Each rule's threshold is chosen by
cross-validation on the same posts: the score at which the patterns and the
model together best judge the posts the patterns were never tuned on
(``tests/posts/training``), since the learned part speaks only where the
patterns are silent. Everything is pure Python with fixed seeds and a fixed
order of additions, so the same data gives the same bytes.

``--check`` trains and compares with the shipped file instead of writing it:
exit status 1 when they differ. ``--compare SETTING VALUE ...`` prints the micro-F1
out of fold for each value of one setting, which is how the settings are chosen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from operator import sub
from pathlib import Path
from typing import Any

import yaml

from checks.catalogue import Rule, catalogue
from checks.engine import admits_learned, admits_veto
from checks.examples import parse_example
from checks.learned.features import features
from checks.learned.model import DIGITS, SCALE, WEIGHTS, add_up, logistic
from checks.normalise import normalise
from checks.paths import EXAMPLES_DIR, walk
from tools.labelled import read_folder

PROJECT = Path(__file__).resolve().parent.parent
POSTS = PROJECT / "tests" / "posts"
TUNED = POSTS / "tuning"
"""Whole posts the patterns were tuned on."""
FRESH = POSTS / "training"
"""Whole posts no pattern was tuned on: they choose the thresholds."""
RULE_CASES = PROJECT / "tests" / "rules"
OUTPUT = PROJECT / "checks" / "data" / WEIGHTS


@dataclass(frozen=True)
class Settings:
    """How the models are trained; recorded in the weights file."""

    epochs: int = 12
    learning_rate: float = 0.2
    l2: float = 0.002
    """Chosen by ``python -m tools.train --compare l2 ...`` on the training side with its
    7,150 blind posts (2026-12-02, micro-F1 out of fold of the seven learned rules):
    0.0005 gave 0.8296, 0.001 0.8311, 0.002 0.8319 and 0.005 0.8277."""
    positive_weight: float = 1.5
    """Misses cost this many times a false alarm: each rule has few positives. Chosen by
    ``--compare positive_weight`` on the training side with its 7,780 blind posts
    (2026-12-02, micro-F1 out of fold): 1.5 gave 0.8410, 2 0.8409 and 3 0.8318."""
    folds: int = 5
    seed: int = 20081
    smallest_weight: float = 0.01
    """Weights nearer zero than this are dropped: they change no decision worth keeping."""
    lowest_threshold: float = 0.5
    """No threshold is chosen below this: the model must think a problem more likely than not."""
    fallback_precision: float = 0.9
    """With too few fresh posts to choose by, a threshold must be this precise out of fold."""
    highest_veto: float = 0.5
    """No veto is chosen above this: the model must think a problem less likely than not."""


@dataclass(frozen=True)
class Labelled:
    """A post, what is known of each rule on it, and whether the patterns were tuned on it."""

    text: str
    known: dict[str, bool]
    fresh: bool


@dataclass(frozen=True)
class Sample:
    """A post as one rule's model sees it."""

    features: tuple[str, ...]
    breaks: bool
    patterns: bool
    """Whether the rule's patterns already find it."""
    fresh: bool
    admitted: bool = True
    """Whether the rule's exceptions leave the learned part room to speak (engine)."""
    vetoable: bool = True
    """Whether the learned part may set the patterns' findings aside (engine)."""


def labelled_posts(rules: Sequence[str]) -> list[Labelled]:
    """Every training-side post with what is known of each rule (absent: unknown)."""
    posts = [
        Labelled(post.text, {rule: rule in post.breaks for rule in rules}, folder == FRESH)
        for folder in (TUNED, FRESH)
        for post in read_folder(folder, rules, PROJECT)
    ]
    for rule in rules:
        path = RULE_CASES / f"{rule}.yaml"
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            posts.append(Labelled(case["text"].rstrip(), {rule: bool(case["fires"])}, False))
    for path, kind in walk(PROJECT / EXAMPLES_DIR):
        if kind != "file" or path.suffix != ".md" or path.name.startswith("_"):
            continue
        example, problems = parse_example(path, path.name)
        if example is None or problems:
            continue
        accepted = {allow.rule for allow in example.allow}
        known = {rule: rule in example.breaks for rule in rules if rule not in accepted}
        posts.append(Labelled(example.body.strip(), known, False))
    return posts


def samples(posts: Sequence[Labelled], rule: Rule) -> list[Sample]:
    """The posts that say whether they break ``rule``, as features and a label.

    A near miss written for another rule counts as a negative: it is a good post.
    """
    found = []
    for post in posts:
        label = post.known.get(rule.id)
        if label is None and len(post.known) == 1 and not next(iter(post.known.values())):
            label = False
        if label is None:
            continue
        # The engine scores normalised text, so the model learns from it too.
        text = normalise(post.text).text
        distinct = tuple(dict.fromkeys(features(text)))
        admitted = admits_learned(rule, text)
        vetoable = admitted and admits_veto(rule, text)
        found.append(
            Sample(distinct, label, bool(rule.detect(text)), post.fresh, admitted, vetoable)
        )
    return found


def sigmoid(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))


def fit(data: Sequence[Sample], settings: Settings) -> tuple[float, dict[str, float]]:
    """Logistic regression by stochastic gradient descent, in a seeded order."""
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(data)))
    shuffle = random.Random(settings.seed)
    for epoch in range(settings.epochs):
        shuffle.shuffle(order)
        rate = settings.learning_rate / (1 + epoch)
        for index in order:
            sample = data[index]
            total = bias + add_up(weights.get(f, 0.0) for f in sample.features)
            error = sigmoid(total) - sample.breaks
            if sample.breaks:
                error *= settings.positive_weight
            bias -= rate * error
            for feature in sample.features:
                old = weights.get(feature, 0.0)
                weights[feature] = old - rate * (error + settings.l2 * old)
    kept = {f: round(w, DIGITS) for f, w in sorted(weights.items())}
    return round(bias, DIGITS), {
        f: w for f, w in kept.items() if abs(w) >= settings.smallest_weight
    }


def score(bias: float, weights: dict[str, float], sample: Sample) -> float:
    """A sample's score as the engine computes it (``checks.learned.model``)."""
    return logistic(bias + add_up(weights.get(f, 0.0) for f in sample.features))


def out_of_fold(data: Sequence[Sample], settings: Settings) -> list[float]:
    """Each sample's score from a model trained without its fold."""
    folds = [index % settings.folds for index in range(len(data))]
    random.Random(settings.seed).shuffle(folds)
    scores = [0.0] * len(data)
    for fold in range(settings.folds):
        bias, weights = fit([s for s, f in zip(data, folds, strict=True) if f != fold], settings)
        for index, sample in enumerate(data):
            if folds[index] == fold:
                scores[index] = score(bias, weights, sample)
    return scores


MIN_FRESH_POSITIVES = 20
"""Fewer fresh posts breaking a rule than this cannot choose its threshold."""


def threshold(data: Sequence[Sample], scores: Sequence[float], settings: Settings) -> float:
    """The score from which the model adds a finding, chosen out of fold.

    On the fresh posts, the threshold that gives the best F1 of patterns and model
    together (the higher one where two tie: fewer false alarms); with too few fresh
    posts, the lowest score whose findings reach the fallback precision.
    """
    fresh = fresh_pairs(data, scores)
    positives = sum(s.breaks for s, _ in fresh)
    if positives >= MIN_FRESH_POSITIVES:
        best, best_f1 = 1.0, -1.0
        # Where the rule's exceptions leave the model no room, its score cannot count.
        scores_seen = {v for s, v in fresh if s.admitted and v >= settings.lowest_threshold}
        for candidate in sorted(scores_seen, reverse=True):
            caught, flagged, _ = fresh_counts(fresh, candidate, 0.0)
            f1 = 2 * caught / (flagged + positives)
            if f1 > best_f1:
                best, best_f1 = candidate, f1
        return best
    for candidate in sorted({v for v in scores if v >= settings.lowest_threshold}):
        flagged = [s.breaks for s, v in zip(data, scores, strict=True) if v >= candidate]
        if flagged and sum(flagged) / len(flagged) >= settings.fallback_precision:
            return candidate
    return 1.0


def veto(
    data: Sequence[Sample], scores: Sequence[float], chosen: float, settings: Settings
) -> float:
    """The score below which the model sets the patterns' findings aside; 0.0 for none.

    Chosen out of fold on the fresh posts, with the threshold already ``chosen``: the
    lowest veto that gives the best F1 of patterns and model together, and only if it
    is better than no veto at all. A post whose kind refuses the veto (``admits_veto``)
    or leaves the model no room is never vetoed.
    """
    fresh = fresh_pairs(data, scores)
    positives = sum(s.breaks for s, _ in fresh)
    if positives < MIN_FRESH_POSITIVES:
        return 0.0

    def f1(at: float) -> float:
        caught, flagged, _ = fresh_counts(fresh, chosen, at)
        return 2 * caught / (flagged + positives)

    best, best_f1 = 0.0, f1(0.0)
    step = 10.0**-DIGITS
    seen = {v for s, v in fresh if s.patterns and s.vetoable}
    for candidate in sorted(v for v in seen if v < settings.highest_veto):
        # Scores are rounded: a veto one step above a score sets that score aside.
        at = round(candidate + step, DIGITS)
        score_f1 = f1(at)
        if score_f1 > best_f1:
            best, best_f1 = at, score_f1
    return best


def fresh_pairs(data: Sequence[Sample], scores: Sequence[float]) -> list[tuple[Sample, float]]:
    """The fresh posts (those the patterns were not tuned on), each with its score."""
    return [(s, v) for s, v in zip(data, scores, strict=True) if s.fresh]


def fresh_counts(
    fresh: Sequence[tuple[Sample, float]], chosen: float, vetoed_below: float
) -> tuple[int, int, int]:
    """Patterns and model together on the fresh posts (``fresh_pairs``), with this
    threshold and veto: the findings that are right, all findings, and the posts that
    break the rule. Where the rule's exceptions leave the model no room, its score cannot
    count; where the kind refuses the veto, the patterns' finding stands."""
    fired = [
        s.breaks
        for s, v in fresh
        if (s.patterns and not (s.vetoable and v < vetoed_below))
        or (not s.patterns and s.admitted and v >= chosen)
    ]
    return sum(fired), len(fired), sum(s.breaks for s, _ in fresh)


def compare(setting: str, values: Sequence[float], settings: Settings) -> list[tuple[float, float]]:
    """The micro-F1 out of fold of every learned rule together, for each value of ``setting``.

    How settings such as ``l2`` are chosen: each rule's threshold and veto are chosen as
    training chooses them, on scores from models that never saw the post.
    """
    posts = labelled_posts(list(catalogue()))
    data_by_rule = [samples(posts, rule) for rule in learned_rules()]
    kind = type(getattr(settings, setting))
    results = []
    for value in values:
        tried = replace(settings, **{setting: kind(value)})
        totals = [0, 0, 0]
        for data in data_by_rule:
            scores = out_of_fold(data, tried)
            chosen = threshold(data, scores, tried)
            vetoed_below = veto(data, scores, chosen, tried)
            counts = fresh_counts(fresh_pairs(data, scores), chosen, vetoed_below)
            totals = [total + count for total, count in zip(totals, counts, strict=True)]
        caught, flagged, positives = totals
        results.append((value, round(2 * caught / (flagged + positives), DIGITS)))
    return results


def digest(posts: Sequence[Labelled]) -> str:
    """A fingerprint of the training data, recorded beside the weights."""
    sha = hashlib.sha256()
    for post in posts:
        sha.update(json.dumps([post.text, sorted(post.known.items()), post.fresh]).encode())
    return sha.hexdigest()


def train(rules: Sequence[Rule], settings: Settings) -> str:
    """The weights file's text for ``rules``."""
    posts = labelled_posts(list(catalogue()))
    models: dict[str, dict[str, Any]] = {}
    for rule in rules:
        data = samples(posts, rule)
        scores = out_of_fold(data, settings)
        chosen = threshold(data, scores, settings)
        bias, weights = fit(data, settings)
        models[rule.id] = {
            "bias": bias,
            "threshold": chosen,
            "veto": veto(data, scores, chosen, settings),
            "positives": sum(s.breaks for s in data),
            "negatives": sum(not s.breaks for s in data),
            "weights": weights,
        }
    header = {
        "trained_by": "nox -s train (tools/train.py)",
        "data": digest(posts),
        "settings": asdict(settings),
    }
    return weights_text(header, models)


def weights_text(header: dict[str, Any], models: dict[str, dict[str, Any]]) -> str:
    """The weights file: ``header``, then each rule's model with its ``weights`` by place.

    Every feature once, and each rule's weights by their feature's place in that list:
    the engine then looks a post's features up once, not once a rule, and the file does
    not repeat a feature for every rule that weighs it. Places are written as gaps (so
    each rule's features are taken in order) and weights as whole numbers of 1/SCALE:
    fewer digits to download and read.
    """
    features = sorted({feature for model in models.values() for feature in model["weights"]})
    place = {feature: index for index, feature in enumerate(features)}
    written = {}
    for rule, model in models.items():
        weights = model["weights"]
        ordered = sorted(weights)
        places = [place[feature] for feature in ordered]
        written[rule] = {key: value for key, value in model.items() if key != "weights"}
        written[rule]["gaps"] = list(map(sub, places, [0, *places]))
        written[rule]["weights"] = [whole_number(weights[feature]) for feature in ordered]
    header = {**header, "scale": SCALE, "features": features}
    # One rule a line: compact, and a retrained rule shows as its own line in a diff.
    fields = [f" {json.dumps(key)}: {json.dumps(value)}" for key, value in header.items()]
    rules_lines = [f"  {json.dumps(rule)}: {json.dumps(model)}" for rule, model in written.items()]
    fields.append(' "rules": {\n' + ",\n".join(rules_lines) + "\n }")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def whole_number(weight: float) -> int:
    """A weight rounded to ``DIGITS`` places as the whole number of ``1 / SCALE`` it is."""
    number = round(weight * SCALE)
    if number / SCALE != weight:
        raise ValueError(f"{weight!r} is not a weight rounded to {DIGITS} places")
    return number


def learned_rules() -> list[Rule]:
    """The rules whose files ask for the learned part, in catalogue order."""
    return [rule for rule in catalogue().values() if rule.learned]


def main(argv: Sequence[str] | None = None) -> int:
    """Train and write (or, with --check, compare) the weights."""
    parser = argparse.ArgumentParser(prog="python -m tools.train", description=__doc__)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument(
        "--compare",
        nargs="+",
        metavar=("SETTING", "VALUE"),
        help="print the micro-F1 out of fold for each value of a setting, and write nothing",
    )
    options = parser.parse_args(argv)
    if options.compare:
        setting, *values = options.compare
        names = [field.name for field in fields(Settings)]
        if setting not in names or not values:
            parser.error(f"--compare takes a setting ({', '.join(names)}) and its values")
        try:
            numbers = [float(value) for value in values]
        except ValueError:
            parser.error(f"--compare {setting}: the values must be numbers")
        for value, f1 in compare(setting, numbers, Settings()):
            print(f"{setting} {value:g}: micro-F1 out of fold {f1}")
        return 0
    text = train(learned_rules(), Settings())
    if options.check:
        shipped = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
        if shipped != text:
            print(f"{options.output}: differs from what training gives now", file=sys.stderr)
            return 1
        print(f"{options.output}: the same, byte for byte")
        return 0
    options.output.write_text(text, encoding="utf-8")
    print(f"wrote {options.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
