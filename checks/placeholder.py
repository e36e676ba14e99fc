"""An example that still holds the template's placeholder text is refused.

``nox -s new-example`` copies ``_template.md``, whose title, ``why`` and post are a
worked example. A copy left unedited is a valid good example, and would otherwise
be published twice; each placeholder left is an error at its line.
"""

from __future__ import annotations

from pathlib import Path

from checks.examples import Example
from checks.problems import Problem, ProblemKind
from checks.sources import FrontMatterError, read_front_matter, read_source, split_post

TEMPLATE = "_template.md"
"""The template ``nox -s new-example`` copies, at the top of the examples folder."""

FIELDS = {"title": "title", "why": "'why'", "post": "post"}
"""What is compared, and how a message names it."""


def _words(text: str) -> str:
    """Text compared by its words alone: re-wrapping a placeholder does not make it new."""
    return " ".join(text.split())


def template_texts(root: Path) -> dict[str, str]:
    """The template's title, ``why`` and post, by field; empty if there is no template.

    The template is never a symbolic link (it is read like an example, which refuses
    links); a broken template leaves nothing to compare, and its problems are not an
    example's.
    """
    path = root / TEMPLATE
    if path.is_symlink() or not path.is_file():
        return {}
    source = read_source(path, TEMPLATE)[0]
    if source is None:
        return {}
    try:
        front, post = split_post(source)
    except FrontMatterError:
        return {}
    fields = read_front_matter(front, TEMPLATE)[0] if front is not None else None
    texts = {k: _words(v) for k, v in (fields or {}).items() if k in FIELDS and isinstance(v, str)}
    if post.text.strip():
        texts["post"] = _words(post.text)
    return texts


def placeholder_problems(example: Example, template: dict[str, str]) -> list[Problem]:
    """Each of the template's texts the example still holds, at its line."""
    values = {"title": example.title, "why": example.why, "post": example.body}
    lines = {
        "title": example.line_of("title"),
        "why": example.line_of("why"),
        "post": example.body_line,
    }
    return [
        Problem(
            example.path,
            lines[key],
            ProblemKind.PLACEHOLDER,
            f"still holds the template's {FIELDS[key]}",
            f"write this example's own {FIELDS[key]} in place of the template's",
        )
        for key in FIELDS
        if key in template and _words(values[key]) == template[key]
    ]
