"""The ``mlguide`` domain: where frameworks and aspects are rendered, and the roles to them.

``:mlguide:framework:`pytorch``` links to the framework's profile card and
``:mlguide:aspect:`deployment``` to the aspect's full rendering (an ``aspect`` directive, or
else a ``compare`` tab). The domain keeps, per document, what it renders, so that incremental
and parallel builds merge cleanly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode, split_explicit_title

from mlguide.shorten import shown
from mlguide.sphinxext.data import data_files, get_guide, suggestion, warn
from mlguide.sphinxext.directives import DIRECTIVES

if TYPE_CHECKING:
    from docutils.nodes import Element
    from docutils.parsers.rst import Directive
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import RoleFunction

__all__ = ["MlguideDomain"]

#: An ``aspect`` directive is the full rendering; a ``compare`` tab is the fallback.
_FULL, _TAB = 2, 1


class MlguideRole(XRefRole):
    """A role naming a framework or aspect by id; shows its name unless given a title."""

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        guide = get_guide(env)
        for path in data_files(env):  # the shown name comes from the data
            env.note_dependency(path)
        kind = self.reftype
        target = target.strip()
        known = guide.framework_ids if kind == "framework" else guide.aspect_ids
        if target not in known:
            source, line = role_location(self.inliner, self.lineno, self.rawtext)
            warn(
                f"unknown {kind} {shown(target)} in :mlguide:{kind}:{suggestion(target, known)}",
                "unknown-id",
                f"{source}:{line}" if source else (env.docname, self.lineno),
            )
            refnode["mlguide_unknown"] = True
            return title, target
        if not has_explicit_title:
            title = (
                guide.framework(target).name if kind == "framework" else guide.aspect(target).title
            )
        return title, target


def role_location(inliner: Any, lineno: int, rawtext: str) -> tuple[str | None, int | None]:
    """The file and line a role is written on. Docutils and MyST give a role the line its
    paragraph starts on; the role's own line is found by reading the page from there (the
    ``n``-th role written alike in that paragraph is its ``n``-th occurrence)."""
    source, line = inliner.reporter.get_source_and_line(lineno)
    first = rawtext.splitlines()[0] if rawtext else ""
    if not source or line is None or not first:
        return source, line
    if source.endswith(".md"):
        # MyST hands a role over in reST spelling: look for the MyST one on the page
        first = re.sub(r"^:([^`]+):`", r"{\1}`", first)
    document = inliner.document
    pages: dict[str, list[str]] = document.__dict__.setdefault("_mlguide_page_lines", {})
    if source not in pages:
        try:
            pages[source] = Path(source).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            pages[source] = []
    seen: dict[tuple[str, int, str], int] = document.__dict__.setdefault("_mlguide_roles", {})
    key = (source, line, first)
    wanted = seen[key] = seen.get(key, -1) + 1
    found = 0
    lines = pages[source]
    # a paragraph is never longer than this many lines here (a bound, whatever the page)
    for index in range(line - 1, min(len(lines), line - 1 + 10_000)):
        found += lines[index].count(first)
        if found > wanted:
            return source, index + 1
    return source, line


def handout_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{mlguide:handout}`Download the PDF``` links to the (first) PDF beside the HTML site;
    ``{mlguide:handout}`The handout <handout.pdf>``` names one of ``mlguide_pdf_documents``."""
    from mlguide.sphinxext.pdf.documents import documents

    has_explicit, label, target = split_explicit_title(text.strip())
    config = inliner.document.settings.env.config
    filenames = [d.filename for d in documents(config)]
    if not has_explicit:
        target = filenames[0]
        label = label or "Download the PDF"
    elif target not in filenames:
        source, line = role_location(inliner, lineno, rawtext)
        warn(
            f"{{mlguide:handout}} names no PDF of mlguide_pdf_documents: {shown(target)}"
            f"{suggestion(target, filenames)} (known: {', '.join(filenames)})",
            "unknown-id",
            f"{source}:{line}",
        )
        target = filenames[0]
    node = nodes.reference(rawtext, label, classes=["mlguide-download"], mlguide_handout=target)
    node.source, node.line = role_location(inliner, lineno, rawtext)
    return [node], []


class MlguideDomain(Domain):
    """Frameworks and aspects as objects that roles can link to."""

    name = "mlguide"
    label = "mlguide"
    object_types: ClassVar[dict[str, ObjType]] = {
        "framework": ObjType("framework", "framework"),
        "aspect": ObjType("aspect", "aspect"),
        # a profile's advice (the decision picture links to it; no role)
        "recommendation": ObjType("recommendation"),
    }
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "framework": MlguideRole(innernodeclass=nodes.inline),
        "aspect": MlguideRole(innernodeclass=nodes.inline),
        "handout": handout_role,
    }
    directives: ClassVar[dict[str, type[Directive]]] = dict(DIRECTIVES)
    initial_data: ClassVar[dict[str, Any]] = {
        # (kind, id) -> {docname: (anchor, priority)}
        "objects": {},
        # docnames with a whole-guide bibliography
        "bibliographies": [],
    }
    data_version: ClassVar[int] = 1

    @property
    def objects(self) -> dict[tuple[str, str], dict[str, tuple[str, int]]]:
        result: dict[tuple[str, str], dict[str, tuple[str, int]]] = self.data["objects"]
        return result

    @property
    def bibliographies(self) -> list[str]:
        result: list[str] = self.data["bibliographies"]
        return result

    def note_object(self, kind: str, object_id: str, docname: str, anchor: str) -> None:
        """Record where a framework or aspect is rendered in full."""
        places = self.objects.setdefault((kind, object_id), {})
        if docname not in places or places[docname][1] < _FULL:
            places[docname] = (anchor, _FULL)

    def note_compare(self, docname: str, aspects: Iterable[str]) -> None:
        """Record the aspects a compare panel renders (a fallback link target)."""
        for aspect_id in aspects:
            places = self.objects.setdefault(("aspect", aspect_id), {})
            places.setdefault(docname, (f"mlguide-compare-{aspect_id}", _TAB))

    def note_bibliography(self, docname: str) -> None:
        """Record a page holding the whole guide's bibliography."""
        if docname not in self.bibliographies:
            self.bibliographies.append(docname)

    def bibliography_doc(self) -> str | None:
        """The page with the whole guide's bibliography, if any (the first in name order)."""
        return min(self.bibliographies) if self.bibliographies else None

    def clear_doc(self, docname: str) -> None:
        for places in self.objects.values():
            places.pop(docname, None)
        if docname in self.bibliographies:
            self.bibliographies.remove(docname)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for key, places in otherdata["objects"].items():
            for docname, place in places.items():
                if docname in wanted:
                    self.objects.setdefault(tuple(key), {})[docname] = tuple(place)
        for docname in otherdata["bibliographies"]:
            if docname in wanted:
                self.note_bibliography(docname)

    def _place(self, kind: str, object_id: str) -> tuple[str, str] | None:
        places = self.objects.get((kind, object_id))
        if not places:
            return None
        # the fullest rendering wins; between equals, the first page in name order
        docname, (anchor, _) = min(places.items(), key=lambda item: (-item[1][1], item[0]))
        return docname, anchor

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        if node.get("mlguide_unknown"):
            return contnode  # type: ignore[return-value]  # already warned at the role
        place = self._place(typ, target)
        if place is None:
            # A valid id that no page renders: plain text, not a dead link.
            return contnode  # type: ignore[return-value]
        docname, anchor = place
        if builder.get_relative_uri(fromdocname, docname).startswith("#"):
            # every page is in one document (singlehtml, the PDF): a plain fragment, not
            # "#document-x#anchor"
            fromdocname = docname
        return make_refnode(builder, fromdocname, docname, anchor, contnode, target)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for kind in ("framework", "aspect"):
            place = self._place(kind, target)
            if place:
                docname, anchor = place
                ref = make_refnode(builder, fromdocname, docname, anchor, contnode, target)
                results.append((f"mlguide:{kind}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for kind, object_id in self.objects:
            place = self._place(kind, object_id)
            if place:
                yield (f"{kind}.{object_id}", object_id, kind, place[0], place[1], 1)
