"""Sets of labelled posts: whole posts, each with every rule it breaks.

A set is a YAML list in ``tests/posts/tuning/`` or ``tests/posts/evaluation/``.
Each post is a mapping:

- ``text`` (the post) and an ``id`` (text, unique in the set; evaluation sets give
  one to every post, tuning sets may leave it to the post's place in the list);
- ``breaks``: every rule the post breaks, by id (``[]`` for a good post);
- optional ``channel``, ``author`` and ``kinds`` (the hard kinds it stands for);
- optional ``disputed``: the two labellings where they differed, kept for the record.

Sets are read strictly, as rule files are: an unknown key, an unknown rule or kind,
or a repeated id is an error at its line, and every problem in a file is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from checks.paths import shown
from checks.yamlsafe import StrictLoader, duplicate_keys

KINDS = frozenset(
    {
        "multi-rule", "long", "buried", "trap", "near-miss", "implicit", "quotation",
        "negation", "hypothetical", "training-material", "sarcasm", "understatement",
    }
)  # fmt: skip
"""The hard kinds a post may stand for; ``ACCURACY.md`` scores each apart."""

AUTHOR_CAPACITIES = {
    "official": "official",
    "public-facing-reply": "official",
    "staff-off-duty": "personal",
}
"""The capacity (``checks/data/channels.yaml``) each kind of author writes in, where sure."""

REQUIRED = ("text", "breaks")
OPTIONAL = ("id", "channel", "author", "kinds", "disputed", "note")


@dataclass(frozen=True)
class LabelledPost:
    """One post and the rules it breaks, as its labellers agreed."""

    set_name: str
    id: str
    text: str
    breaks: frozenset[str]
    kinds: tuple[str, ...] = ()
    channel: str = ""
    author: str = ""
    disputed: bool = False
    """Whether the two labellings differed (the adjudicated labels are in ``breaks``)."""

    @property
    def good(self) -> bool:
        """Whether the post breaks no rule."""
        return not self.breaks

    @property
    def capacity(self) -> str | None:
        """The capacity a reader would choose for the post, from its ``author`` (None: unsure).

        An organisation's own account, and staff replying to the public for it, write in
        an official capacity; staff off duty in a personal one. Staff on duty may be
        either, so the checks are not told.
        """
        return AUTHOR_CAPACITIES.get(self.author)


class LabelledSetError(Exception):
    """A labelled set that cannot be read as it stands: every problem, located."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def read_set(path: Path, rules: Iterable[str], shown: str | None = None) -> list[LabelledPost]:
    """The posts of one set file, checked against the known ``rules``."""
    name = shown or path.as_posix()
    known = frozenset(rules)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=StrictLoader)
    except yaml.MarkedYAMLError as error:
        raise LabelledSetError([f"{name}:{_line(error)}: {error.problem}"]) from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LabelledSetError([f"{name}: cannot be read as YAML: {error}"]) from error
    if not isinstance(root, yaml.SequenceNode):
        raise LabelledSetError([f"{name}:1: a set is a YAML list of posts ('- id: ...')"])
    problems = [f"{name}:{_line(p)}: {p.message}" for p in duplicate_keys(root, 0)]
    posts, seen = [], set()
    for number, item in enumerate(root.value, start=1):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(f"{name}:{line}: each post is a mapping with id, text and breaks")
            continue
        post, found = _read_post(item, path.stem, known, number)
        problems += [f"{name}:{line}: {problem}" for problem in found]
        if post is None:
            continue
        if post.id in seen:
            problems.append(f"{name}:{line}: id '{post.id}' is used twice; give each post its own")
        seen.add(post.id)
        posts.append(post)
    if problems:
        raise LabelledSetError(problems)
    return posts


def _line(error: yaml.MarkedYAMLError) -> int:
    return error.problem_mark.line + 1 if error.problem_mark else 1


def _read_post(
    node: yaml.MappingNode, set_name: str, known: frozenset[str], number: int
) -> tuple[LabelledPost | None, list[str]]:
    fields = StrictLoader("").construct_mapping(node, deep=True)
    problems = [
        f"unknown key '{key}' (a post has {', '.join(REQUIRED + OPTIONAL)})"
        for key in fields
        if key not in REQUIRED + OPTIONAL
    ]
    problems += [f"'{key}' is missing" for key in REQUIRED if key not in fields]
    if problems:
        return None, problems
    post_id, text, breaks = fields.get("id", number), fields["text"], fields["breaks"]
    kinds = fields.get("kinds") or []
    if not isinstance(post_id, str | int) or not isinstance(text, str) or not text.strip():
        return None, ["'id' must be text and 'text' a post that is not empty"]
    if not isinstance(breaks, list) or not all(isinstance(rule, str) for rule in breaks):
        return None, ["'breaks' must be a list of rule ids, [] for a good post"]
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        return None, ["'kinds' must be a list of kinds"]
    problems += [f"unknown rule '{rule}' in breaks" for rule in breaks if rule not in known]
    problems += [
        f"unknown kind '{kind}' (known: {', '.join(sorted(KINDS))})"
        for kind in kinds
        if kind not in KINDS
    ]
    if problems:
        return None, problems
    return LabelledPost(
        set_name=set_name,
        id=str(post_id),
        text=text.rstrip(),
        breaks=frozenset(breaks),
        kinds=tuple(kinds),
        channel=str(fields.get("channel") or ""),
        author=str(fields.get("author") or ""),
        disputed="disputed" in fields,
    ), []


def read_folder(folder: Path, rules: Iterable[str], root: Path) -> list[LabelledPost]:
    """Every post of every set in ``folder``, all problems of all files reported at once."""
    known = tuple(rules)
    posts: list[LabelledPost] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            posts += read_set(path, known, shown(path, root))
        except LabelledSetError as error:
            problems += error.problems
    if problems:
        raise LabelledSetError(problems)
    return posts
