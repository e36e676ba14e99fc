"""The engine's findings on every known post equal a recorded snapshot, spans included.

A guard for refactoring the rules (linear-time matching, bounded windows): any
change in what the engine finds on the examples or the test sets shows here as a
readable difference. Regenerate only when a change of findings is intended:

    /work/venv/bin/python tests/test_findings_snapshot.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

import yaml

from checks.engine import check_text
from checks.sources import split_post

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = Path(__file__).parent / "snapshots" / "findings.json"
# Test sets stored as YAML lists of posts, each with a ``text``.
POST_SETS = ["tests/rules", "tests/posts/tuning", "tests/posts/training", "tests/posts/evaluation"]

Found = list[tuple[str, int, int]]


class Entry(TypedDict):
    """What the snapshot records of one post: a digest of its text and its findings."""

    text: str
    findings: Found


def posts() -> Iterator[tuple[str, str]]:
    """Every known post as (stable id, text): example bodies, then the test sets."""
    for path in sorted((REPO / "examples").rglob("*.md")):
        _, post = split_post(path.read_text(encoding="utf-8"))
        yield path.relative_to(REPO).as_posix(), post.text
    for folder in POST_SETS:
        for path in sorted((REPO / folder).glob("*.yaml")):
            cases = yaml.safe_load(path.read_text(encoding="utf-8"))
            for number, case in enumerate(cases, start=1):
                yield f"{path.relative_to(REPO).as_posix()}#{number}", case["text"].rstrip()
    # The short posts of the span tables (imported here: pytest puts tests/ on the path).
    from test_rules import MENTIONS, SPANS

    # Keyed by their text, so that adding a case to a table moves no other key.
    for name, table in (("SPANS", SPANS), ("MENTIONS", MENTIONS)):
        for text in dict.fromkeys(text for _, text, _ in table):
            yield f"tests/test_rules.py:{name}:{text}", text


def findings(text: str) -> Found:
    """The engine's findings on ``text`` as sorted (rule, start, end) triples."""
    return sorted((f.rule, f.start, f.end) for f in check_text(text))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current() -> dict[str, Entry]:
    """What the snapshot would hold now."""
    return {key: Entry(text=digest(text), findings=findings(text)) for key, text in posts()}


def _recorded() -> dict[str, Entry]:
    loaded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return {
        key: Entry(text=entry["text"], findings=[(r, s, e) for r, s, e in entry["findings"]])
        for key, entry in loaded.items()
    }


def write_snapshot() -> int:
    """Record the current findings, one post a line so that changes diff well."""
    entries = current()
    lines = [f" {json.dumps(key)}: {json.dumps(entry)}" for key, entry in entries.items()]
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return len(entries)


def test_the_snapshot_covers_exactly_the_current_posts() -> None:
    recorded = _recorded()
    now = {key: digest(text) for key, text in posts()}
    changed = sorted(k for k in now if k in recorded and recorded[k]["text"] != now[k])
    assert (sorted(set(now) - set(recorded)), sorted(set(recorded) - set(now)), changed) == (
        [],
        [],
        [],
    ), "posts were added, removed or edited (new, gone, changed): regenerate the snapshot"


def test_findings_equal_the_snapshot() -> None:
    recorded = _recorded()
    differences = []
    for key, text in posts():
        entry = recorded.get(key)
        if entry is None or entry["text"] != digest(text):
            continue  # reported by the test above
        found = findings(text)
        if found != entry["findings"]:
            differences.append(_difference(key, text, entry["findings"], found))
    assert not differences, f"{len(differences)} posts differ:\n" + "\n".join(differences[:10])


def _difference(key: str, text: str, expected: Found, found: Found) -> str:
    """A readable account of what a post lost and gained."""
    lost = [f for f in expected if f not in found]
    gained = [f for f in found if f not in expected]
    lines = [f"{key}: {text[:80]!r}"]
    lines += [f"  - {r} {s}-{e} {text[s:e]!r}" for r, s, e in lost]
    lines += [f"  + {r} {s}-{e} {text[s:e]!r}" for r, s, e in gained]
    return "\n".join(lines)


if __name__ == "__main__":
    print(f"wrote {SNAPSHOT} ({write_snapshot()} posts)", file=sys.stderr)
