"""Start a new example: copy ``examples/_template.md`` to ``examples/PRINCIPLE/SLUG.md``.

``python -m tools.new_example PRINCIPLE SLUG`` (or ``nox -s new-example -- PRINCIPLE SLUG``).
It refuses an unknown principle, a slug that is not lowercase words joined by
hyphens, and a slug already used anywhere under the examples folder
(conf.py's ``checks_examples_dir``, ``examples/`` by default): each card's id
and every link to it are made from its slug, so slugs must be unique.

Exit status: 0 created; 1 refused; 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from checks.examples import SLUG
from checks.paths import configured_examples_dir
from checks.vocabulary import principles

ROOT = Path(__file__).resolve().parent.parent

# The folders of examples/, one for each principle of the guidance.
PRINCIPLES = tuple(principles())


class RefusedError(Exception):
    """A new example that cannot be made; the message says why and what to do."""


def check_principle(principle: str) -> None:
    """Refuse a folder that is not one of the principles."""
    if principle not in PRINCIPLES:
        raise RefusedError(f"'{principle}' is not a principle: use one of {', '.join(PRINCIPLES)}")


def check_slug(slug: str, examples: Path) -> None:
    """Refuse a badly formed slug, or one that an example already uses."""
    if not SLUG.fullmatch(slug):
        raise RefusedError(
            f"'{slug}' is not a slug: use lowercase words joined by hyphens, "
            "for example 'sharing-a-job-advert'"
        )
    taken = sorted(examples.glob(f"*/{slug}.md"))
    if taken:
        raise RefusedError(
            f"the slug '{slug}' is already used by {taken[0].relative_to(examples.parent)}: "
            "choose another, as slugs must be unique across all principles"
        )


def new_example(principle: str, slug: str, examples: Path) -> Path:
    """Copy the template to ``examples/PRINCIPLE/SLUG.md`` and return the new file."""
    check_principle(principle)
    check_slug(slug, examples)
    template = (examples / "_template.md").read_text(encoding="utf-8")
    target = examples / principle / f"{slug}.md"
    target.parent.mkdir(exist_ok=True)
    # Mode 'x' refuses to overwrite, even if the file appeared since the checks above.
    with target.open("x", encoding="utf-8") as file:
        file.write(template)
    return target


def main(argv: Sequence[str] | None = None, examples: Path | None = None) -> int:
    """Run the command line; return the exit status."""
    examples = examples or configured_examples_dir(ROOT)
    parser = argparse.ArgumentParser(
        prog="nox -s new-example --",
        description="Copy examples/_template.md to examples/PRINCIPLE/SLUG.md.",
    )
    parser.add_argument("principle", metavar="PRINCIPLE", help=", ".join(PRINCIPLES))
    parser.add_argument("slug", metavar="SLUG", help="lowercase words joined by hyphens")
    args = parser.parse_args(argv)
    try:
        target = new_example(args.principle, args.slug, examples)
    except (RefusedError, OSError) as error:
        print(f"new-example: error: {error}", file=sys.stderr)
        return 1
    shown = target.relative_to(examples.parent)
    print(f"Created {shown}. Fill in the front matter and write the post, then run:")
    print(f"  nox -s check -- {shown}")
    print("  nox -s verify")
    return 0


if __name__ == "__main__":
    sys.exit(main())
