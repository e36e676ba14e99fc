"""The ``checks`` domain: which page shows which example, and where rules and principles live.

Like ``sphinx.ext.todo``, everything is stored per document, so that
``clear_doc`` and ``merge_domaindata`` keep parallel and incremental builds right.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from checks.catalogue import catalogue
from checks.vocabulary import principles

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

# Bump when the shape of the stored data changes, so old pickles are not trusted.
DATA_VERSION = 5


class ChecksDomain(Domain):
    """Examples, rules and principles, and the pages that show them."""

    name = "checks"
    label = "Participation online checks"
    data_version = DATA_VERSION
    object_types = {  # noqa: RUF012 - the Domain API declares these as class attributes
        "rule": ObjType("rule", "rule"),
        "principle": ObjType("principle", "principle"),
        "example": ObjType("example", "example"),
        "gallery": ObjType("gallery", "gallery"),
    }
    roles = {"rule": XRefRole(), "principle": XRefRole(), "example": XRefRole()}  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        "shown": {},  # docname -> {slug: (anchor, principle, title)}: cards on the page
        "principles": {},  # principle -> docname of its page
        "rules": {},  # rule id -> docname of its reference page
        "gallery": {},  # "all" -> docname of the page with the examples gallery
        "example_pages": {},  # docname -> (slug, title, principle): an example's own page
        "collections": {},  # docname -> principles it lists every example of ("" for all)
        "dynamic": {},  # docname -> True: content made at write time (dates, reviews)
        "review": {},  # docname -> whether the page was read with a "review due" notice
        "corpus": (),  # (file, principle) of each valid example at the last read
        "wanted": {},  # docname -> slugs it asked for that did not exist when it was read
        "checks_hash": "",  # the checks' code and data at the last read (sphinxext.freshness)
        "verified": (),  # (stamp, Report): the examples at the last build (sphinxext.corpus)
    }

    _by_slug: dict[str, str] | None = None

    # -- recording, called by directives while a document is read ----------------------

    def note_shown(self, docname: str, slug: str, anchor: str, principle: str, title: str) -> None:
        self.data["shown"].setdefault(docname, {})[slug] = (anchor, principle, title)

    def anchor_in(self, docname: str, slug: str) -> str:
        """A card id not yet used on the page: an example shown twice gets '--2'.

        Slugs never hold '--' (checks.examples), so a suffix after '--' can never
        make the id of another example: 'x--2' and 'x--title' are not slugs.
        """
        used = {anchor for anchor, _, _ in self.data["shown"].get(docname, {}).values()}
        anchor, number = f"example-{slug}", 2
        while anchor in used:
            anchor, number = f"example-{slug}--{number}", number + 1
        return anchor

    def note_example_page(self, docname: str, slug: str, title: str, principle: str) -> None:
        """Record that ``docname`` is the page of its own of example ``slug``."""
        self.data["example_pages"][docname] = (slug, title, principle)
        self._by_slug = None

    def example_pages(self) -> set[str]:
        """The docnames of the examples' own pages (made, not written by an editor)."""
        return set(self.data["example_pages"])

    def note_wanted(self, docname: str, slug: str) -> None:
        """Record that ``docname`` asked for an example that does not exist (yet)."""
        self.data["wanted"].setdefault(docname, set()).add(slug)

    def pages_wanting(self, slugs: set[str]) -> list[str]:
        """Pages that asked for one of these examples when it did not exist."""
        return sorted(doc for doc, wanted in self.data["wanted"].items() if wanted & slugs)

    def note_page(self, kind: str, key: str, docname: str) -> None:
        """Record that ``docname`` is the page of a principle or rule."""
        self.data[kind][key] = docname

    def note_collection(self, docname: str, principle: str) -> None:
        self.data["collections"].setdefault(docname, set()).add(principle)

    def collections_for(self, principles: set[str]) -> list[str]:
        """Pages listing every example of one of these principles (or of all)."""
        return sorted(
            doc for doc, scopes in self.data["collections"].items() if scopes & (principles | {""})
        )

    def note_flag(self, kind: str, docname: str, value: bool = True) -> None:
        self.data[kind][docname] = value

    def shown_slugs(self) -> set[str]:
        return {slug for shown in self.data["shown"].values() for slug in shown}

    def pages_using_checks(self) -> list[str]:
        """Pages whose content the checks decide: examples, collections, rules, principles."""
        pages = {*self.data["shown"], *self.data["collections"], *self.data["wanted"]}
        pages |= set(self.data["example_pages"])
        pages |= {*self.data["principles"].values(), *self.data["rules"].values()}
        return sorted(pages)

    def flagged(self, kind: str) -> list[str]:
        return sorted(doc for doc, value in self.data[kind].items() if value)

    # -- bookkeeping ------------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self._by_slug = None
        for key in ("shown", "collections", "dynamic", "review", "wanted", "example_pages"):
            self.data[key].pop(docname, None)
        for key in ("principles", "rules", "gallery"):
            for name in [k for k, doc in self.data[key].items() if doc == docname]:
                del self.data[key][name]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        self._by_slug = None
        wanted = set(docnames)
        for key in ("shown", "collections", "dynamic", "review", "wanted", "example_pages"):
            self.data[key].update({doc: v for doc, v in otherdata[key].items() if doc in wanted})
        for key in ("principles", "rules", "gallery"):
            self.data[key].update({k: doc for k, doc in otherdata[key].items() if doc in wanted})

    # -- cross-references ---------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self._locate(typ, target)
        if found is None:
            return None
        docname, anchor, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title)
        reference = make_refnode(builder, fromdocname, docname, anchor, contnode, title)
        if typ == "gallery" and target != "all":
            # A filtered view: the gallery's script reads its choice from the address.
            uri = builder.get_relative_uri(fromdocname, docname)
            name, _, value = target.partition("=")
            reference["refuri"] = f"{uri}?{urlencode({name: value})}"
        return reference

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"{self.name}:{typ}", ref))
        return results

    def _locate(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """The page, anchor and title of a rule, principle or example."""
        if typ == "rule" and target in self.data["rules"]:
            return self.data["rules"][target], "", catalogue()[target].title
        if typ == "principle" and target in self.data["principles"]:
            return self.data["principles"][target], "", principles()[target]
        if typ == "gallery" and "all" in self.data["gallery"]:
            return self.data["gallery"]["all"], "", "Examples gallery"
        if typ == "example":
            return self._example_page(target) or self._example_home(target)
        return None

    def _example_page(self, slug: str) -> tuple[str, str, str] | None:
        """An example's page of its own, where there is one."""
        pages = self.data["example_pages"]
        # A reverse index, rebuilt when the pages change: every gallery item and rule
        # page links here, so a scan per link would make big sites quadratic.
        if self._by_slug is None:
            self._by_slug = {page[0]: doc for doc, page in pages.items()}
        docname = self._by_slug.get(slug)
        if docname is None or docname not in pages:
            return None
        return docname, "", pages[docname][1]

    def _example_home(self, slug: str) -> tuple[str, str, str] | None:
        """An example's card on its principle's page if there is one, else on any page."""
        showing = sorted(doc for doc, shown in self.data["shown"].items() if slug in shown)
        if not showing:
            return None
        principle = self.data["shown"][showing[0]][slug][1]
        home = self.data["principles"].get(principle)
        docname = home if home in showing else showing[0]
        anchor, _, title = self.data["shown"][docname][slug]
        return docname, anchor, title

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for rule_id, docname in self.data["rules"].items():
            yield rule_id, catalogue()[rule_id].title, "rule", docname, "", 1
        for principle, docname in self.data["principles"].items():
            yield principle, principles()[principle], "principle", docname, "", 1


def xref(typ: str, target: str, *children: nodes.Node) -> addnodes.pending_xref:
    """A link to a rule, principle or example, resolved once every page is read."""
    return addnodes.pending_xref(
        "",
        *children,
        refdomain="checks",
        reftype=typ,
        reftarget=target,
        refexplicit=True,
        refwarn=False,
    )


def domain_of(env: BuildEnvironment) -> ChecksDomain:
    return env.domains["checks"]  # type: ignore[return-value]
