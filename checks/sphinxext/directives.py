"""Directives that show examples, and the check that every example is shown somewhere.

- ``{example} slug``: one card;
- ``{examples}`` with ``:principle:``, ``:verdict:`` and ``:rule:``: every matching card;
- ``{examples-by-clause} civil-service-code``: cards grouped under the clause they test.

A page that lists a whole collection is re-read when an example is added,
removed or becomes valid, so adding an example is adding one file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from checks.catalogue import Rule, catalogue
from checks.sphinxext import elements as n
from checks.sphinxext.cards import example_card
from checks.sphinxext.corpus import corpus_for
from checks.sphinxext.domain import domain_of, xref
from checks.sphinxext.freshness import outdated_by_checks
from checks.sphinxext.guidance import rules_of, sections
from checks.sphinxext.messages import SiteWarning, warn, warn_unknown
from checks.sphinxext.problem_card import problem_card
from checks.verify import Judgement
from checks.vocabulary import breaks_rules, principles, verdicts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class CollectionDirective(SphinxDirective):
    """A directive that shows a set of examples chosen from the whole folder."""

    def note_collection(self, principle: str = "") -> None:
        """Depend on every example file in scope, so an edit or a fix re-reads this page."""
        domain_of(self.env).note_collection(self.env.docname, principle)
        for path in corpus_for(self.env).files_for(principle):
            self.env.note_dependency(str(path))

    def cards(self, judgements: Iterable[Judgement]) -> list[nodes.Node]:
        return [example_card(self, judgement) for judgement in judgements]

    def problem_cards(self, principle: str = "", verdict: str = "") -> list[nodes.Node]:
        """Cards for the example files in scope that cannot be used, so none vanishes.

        One whose verdict cannot be read shows where the first verdict's examples do.
        """
        first = next(iter(verdicts()))
        return [
            problem_card(self, broken)
            for broken in corpus_for(self.env).broken
            if principle in ("", broken.principle)
            and verdict in ("", broken.verdict if broken.verdict in verdicts() else first)
        ]


def judged_example(directive: SphinxDirective, slug: str) -> Judgement | None:
    """The judged example ``slug``, or None after a located warning naming the known ones."""
    corpus = corpus_for(directive.env)
    judgement = corpus.find(slug)
    if judgement is None:
        # Remembered, so that adding the example later re-reads this page.
        domain_of(directive.env).note_wanted(directive.env.docname, slug)
        warn_unknown(directive, "example", slug, (e.slug for e in corpus.judgements))
    return judgement


class ExampleDirective(SphinxDirective):
    """``{example} slug``: the card of one example."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        judgement = judged_example(self, self.arguments[0])
        return [] if judgement is None else [example_card(self, judgement)]


class ExamplesDirective(CollectionDirective):
    """``{examples}``: every example of a principle, verdict or rule, as cards."""

    option_spec = {  # noqa: RUF012
        "principle": directives.unchanged_required,
        "verdict": directives.unchanged_required,
        "rule": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        unknown = self._unknown_option()
        if unknown:
            warn_unknown(self, *unknown)
            return []
        principle = self.options.get("principle", "")
        verdict = self.options.get("verdict", "")
        self.note_collection(principle)
        judgements = list(
            corpus_for(self.env).select(principle, verdict, self.options.get("rule", ""))
        )
        # A rule's list is of judged examples only: a file that cannot be read breaks none.
        problems = [] if "rule" in self.options else self.problem_cards(principle, verdict)
        cards = self.cards(judgements) + problems
        if not cards:
            kind = f"{verdict} examples" if verdict else "examples"
            return [n.paragraph(f"There are no {kind} here yet.", classes=["checks-no-examples"])]
        return [n.block("div", *cards, classes=["checks-examples"])]

    def _unknown_option(self) -> tuple[str, str, list[str]] | None:
        """The first option that names something that does not exist, with what does."""
        # Checked here rather than in option_spec, so that a wrong name is a typed warning.
        known = {
            "principle": list(principles()),
            "verdict": list(verdicts()),
            "rule": list(catalogue()),
        }
        for option, names in known.items():
            if option in self.options and self.options[option] not in names:
                return option, self.options[option], names
        return None


class ExamplesByClauseDirective(CollectionDirective):
    """``{examples-by-clause} civil-service-code``: a section per clause, with its examples.

    ``:per-clause: N`` shows at most N cards under each clause (one of each verdict
    first), then links to every example of the clause in the gallery, so a page
    with many examples still ends.
    """

    required_arguments = 1
    option_spec = {"per-clause": directives.positive_int}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        principle = self.arguments[0]
        if principle not in sections():
            warn_unknown(self, "principle", principle, sections())
            return []
        self.note_collection(principle)
        groups = clause_groups(principle)
        placed: dict[str, list[Judgement]] = {clause: [] for clause, _ in groups}
        others: list[Judgement] = []
        for judgement in corpus_for(self.env).select(principle):
            clause = next(
                (c for c, rules in groups if {r.id for r in rules} & set(judgement.rules)), None
            )
            (placed[clause] if clause else others).append(judgement)
        result: list[nodes.Node] = [
            self._section(_group_title(rules), [clause], placed[clause], rules)
            for clause, rules in groups
        ]
        if others:
            result.append(self._section("Other examples", [], others, []))
        return result

    def _section(
        self, title: str, clauses: Sequence[str], judgements: list[Judgement], rules: list[Rule]
    ) -> nodes.section:
        section = nodes.section(
            ids=[nodes.make_id(f"clause-{title}")], names=[nodes.fully_normalize_name(title)]
        )
        section += nodes.title(title, title)
        quote = nodes.block_quote(
            "", *(n.paragraph(clause) for clause in clauses), classes=["checks-clause"]
        )
        quote["support_smartquotes"] = False
        if clauses:
            section += quote
        judgements.sort(
            key=lambda e: (not breaks_rules(e.example.verdict), e.example.title.casefold())
        )
        limit = self.options.get("per-clause", len(judgements))
        shown = _one_of_each_verdict_first(judgements)[:limit]
        # The rest are in the gallery (and on their own pages), so none goes unshown.
        section += self.cards(shown) or [n.paragraph("There are no examples for this clause yet.")]
        if len(shown) < len(judgements):
            section += _more_in_gallery(len(judgements), rules)
        self.state.document.note_implicit_target(section, section)
        return section


def _one_of_each_verdict_first(judgements: list[Judgement]) -> list[Judgement]:
    """The first example of each verdict, then the rest, each part in the given order."""
    firsts: dict[str, Judgement] = {}
    for judgement in judgements:
        firsts.setdefault(judgement.example.verdict, judgement)
    chosen = list(firsts.values())
    return chosen + [j for j in judgements if j not in chosen]


def _more_in_gallery(count: int, rules: list[Rule]) -> nodes.paragraph:
    """Links to the rest: the gallery, filtered by each of the clause's rules."""
    if not rules:
        link = xref("gallery", "all", nodes.Text("the gallery"))
        return n.paragraph(f"All {count} are in ", link, ".", classes=["checks-more"])
    links = [xref("gallery", f"rule={rule.id}", nodes.Text(rule.title)) for rule in rules]
    return n.paragraph(
        f"There are {count} examples for this clause. See them in the gallery: ",
        *n.joined(links),
        ".",
        classes=["checks-more"],
    )


def clause_groups(principle: str) -> list[tuple[str, list[Rule]]]:
    """The clauses the principle's rules enforce, in the order the guidance gives them."""
    text = sections()[principle].text
    groups: dict[str, list[Rule]] = {}
    for rule in rules_of(principle):
        groups.setdefault(rule.clause, []).append(rule)
    # A clause not found in the section (find gives -1) goes last.
    return sorted(groups.items(), key=lambda item: text.find(item[0]) % (len(text) + 1))


def _group_title(rules: list[Rule]) -> str:
    titles = [rules[0].title] + [r.title[:1].lower() + r.title[1:] for r in rules[1:]]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def outdated_collections(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the collection pages whose examples were added, removed or became valid,
    and the pages that asked for an example that now exists."""
    domain = domain_of(env)
    judgements = corpus_for(env).judgements
    current = {judgement.example.path: judgement.example.principle for judgement in judgements}
    previous = dict(domain.data["corpus"])
    domain.data["corpus"] = tuple(current.items())
    touched = {principle for _, principle in current.items() ^ previous.items()}
    pages = domain.collections_for(touched) if touched else []
    return pages + domain.pages_wanting({judgement.slug for judgement in judgements})


def check_shown(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After every read: an example that no page shows is a warning at its file."""
    shown = domain_of(env).shown_slugs()
    for judgement in corpus_for(env).judgements:
        if judgement.slug not in shown:
            warn(
                f"example '{judgement.slug}' is shown on no page: add it to a page with "
                "an {examples} or {example-gallery} directive",
                SiteWarning.NOT_SHOWN,
                f"{judgement.example.path}:1",
            )
    return []


def setup_directives(app: Sphinx) -> None:
    app.add_directive("example", ExampleDirective)
    app.add_directive("examples", ExamplesDirective)
    app.add_directive("examples-by-clause", ExamplesByClauseDirective)
    app.connect("env-get-outdated", outdated_collections)
    # The checks' code and data decide what these directives show.
    app.connect("env-get-outdated", outdated_by_checks)
    app.connect("env-updated", check_shown)
