"""The ``lineage`` and ``decision`` directives: two pictures drawn from the data at build time.

* ``lineage``: where each framework came from (``lineage.toml``): the projects before them as
  boxes in columns, the links between them as arrows styled by kind, a key under them.
* ``decision``: the decision guide as a picture: each reader profile on the left with arrows
  to its picks on the right (the first pick bold, the others dashed); each profile links to
  its advice, each framework to its profile card.

Both are laid out by :mod:`mlguide.sphinxext.drawing.graph` and written by
:mod:`mlguide.sphinxext.drawing.graphsvg`, with text measured in the face of the output (as
the timeline's). The node renders itself per builder, like the timeline's: HTML builders and
the PDF builder get the SVG (the PDF's without links: WeasyPrint makes none from an SVG
``<a>``), every other builder the same facts as a bullet list (its children).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.drawing.graph import (
    GUTTER,
    KEY_SIZE,
    NAME_SIZE,
    SUB_SIZE,
    TITLE_SIZE,
    GraphEdge,
    GraphNode,
    layout_graph,
)
from mlguide.sphinxext.drawing.graphsvg import graph_svg
from mlguide.sphinxext.drawing.measure import face_for
from mlguide.sphinxext.nodes import PictureNode, fact_list
from mlguide.sphinxext.render import xref
from mlguide.sphinxext.screen import is_screen_builder, picture_layout_width
from mlguide.sphinxext.timeline.directive import PAGED_BUILDERS, event_href

if TYPE_CHECKING:
    from sphinx.builders import Builder

    import mlguide

__all__ = [
    "DecisionDirective",
    "LineageDirective",
    "decision_graph",
    "lineage_graph",
    "mlguide_graph",
]

LINEAGE_KEY = (
    ("became", "became"),
    ("merged", "merged into"),
    ("inspired", "inspired"),
    ("component", "built into"),
    ("backend", "engine of"),
    ("refuted", "claimed, but not so"),
)
DECISION_KEY = (("first", "first pick"), ("then", "also good"))
#: How wide the pictures are laid out for print (for a screen: ``picture_layout_width``).
WIDTH = 760
#: The decision picture: profiles wider than picks, and a wide gutter for the many arrows.
DECISION_COLUMNS, DECISION_GUTTER = (1.6, 1.0), 150


def lineage_graph(guide: mlguide.Guide) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The lineage data as graph nodes (frameworks framed in their colour) and edges."""
    out = []
    for node in guide.lineage.nodes:
        parts = [str(node.year)] if node.year is not None else []
        parts += [node.note] if node.note else []
        framework = guide.framework(node.framework) if node.framework else None
        out.append(
            GraphNode(
                id=node.id,
                name=node.name,
                sub=" · ".join(parts) or None,
                kind="framework" if framework else "project",
                color=framework.color if framework else None,
                href=f"framework:{framework.id}" if framework else None,
            )
        )
    edges = [
        GraphEdge(link.source, link.target, link.kind, link.label) for link in guide.lineage.links
    ]
    return out, edges


def decision_graph(
    guide: mlguide.Guide, profiles: Sequence[str]
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Profiles (column 0) with arrows to their picks (column 1, in the data's order)."""
    recs = [guide.recommendation(p) for p in profiles]
    picked = {f for r in recs for f in r.picks}
    out = [
        GraphNode(id=f"profile-{r.id}", name=r.profile, layer=0, href=f"recommendation:{r.id}")
        for r in recs
    ]
    for framework in guide.frameworks:
        if framework.id in picked:
            out.append(
                GraphNode(
                    id=f"framework-{framework.id}",
                    name=framework.name,
                    layer=1,
                    kind="framework",
                    color=framework.color,
                    href=f"framework:{framework.id}",
                )
            )
    edges = []
    for r in recs:
        for n, pick in enumerate(r.picks):
            name = guide.framework(pick).name
            words = f"{r.profile}: {'first pick' if n == 0 else 'also good'} {name}"
            edges.append(
                GraphEdge(
                    f"profile-{r.id}", f"framework-{pick}", "first" if n == 0 else "then", words
                )
            )
    return out, edges


class mlguide_graph(PictureNode):
    """A lineage or decision picture; renders itself for the builder that writes it.

    Attributes: ``picture`` (``"lineage"`` or ``"decision"``), ``profiles`` (decision only),
    ``title``, ``alt``, ``docname``, ``uid``. Its children are the facts as a list, for
    non-HTML builders.
    """

    smallest_text = min(NAME_SIZE, SUB_SIZE, TITLE_SIZE, KEY_SIZE)

    @property
    def css_class(self) -> str:  # type: ignore[override]
        return f"mlguide-{self['picture']}"

    def svg(self, builder: Builder) -> str:
        return render_graph(self, builder)


def render_graph(node: mlguide_graph, builder: Builder) -> str:
    """The node's SVG, measured in the builder's face, with links resolved for the builder."""
    from mlguide.sphinxext.data import get_guide

    guide = get_guide(builder.env)
    if node["picture"] == "lineage":
        graph_nodes, edges = lineage_graph(guide)
        key: Sequence[tuple[str, str]] = LINEAGE_KEY
        weights = None
        gutter = GUTTER
    else:
        graph_nodes, edges = decision_graph(guide, node["profiles"])
        key, weights = DECISION_KEY, DECISION_COLUMNS
        gutter = DECISION_GUTTER
    # a screen draws the picture larger (its smallest text at 11 px): laid out narrower
    width = picture_layout_width(node.smallest_text) if is_screen_builder(builder) else WIDTH
    lo = layout_graph(
        graph_nodes,
        edges,
        title=node["title"] or None,
        key=key,
        face=face_for(builder.name),
        column_weights=weights,
        gutter=gutter,
        width=width,
    )
    hrefs = {}
    if builder.name not in PAGED_BUILDERS:
        for graph_node in graph_nodes:
            if graph_node.href:
                kind, target = graph_node.href.split(":", 1)
                href = event_href(builder, node["docname"], [(kind, target)])
                if href:
                    hrefs[graph_node.id] = href
    desc = describe(graph_nodes, edges)
    return graph_svg(lo, node["uid"], node["alt"], desc, f"mlguide-{node['picture']}-svg", hrefs)


def describe(graph_nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> str:
    """The picture in words (its ``<desc>``): every link, as the data says it."""
    names = {n.id: n.name for n in graph_nodes}
    return " ".join(e.title or f"{names[e.source]} to {names[e.target]}." for e in edges)


class _PictureDirective(MlguideDirective):
    picture = ""
    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "title": directives.unchanged,
    }

    def node(self, children: nodes.Node, alt: str, **attributes: Any) -> mlguide_graph:
        slug = re.sub(r"[^a-z0-9]+", "-", self.env.docname.lower()).strip("-")
        uid = f"mlguide-{self.picture}-{slug}-{self.env.new_serialno('mlguide-' + self.picture)}"
        title = (self.options.get("title") or "").strip()
        node = mlguide_graph(
            "",
            children,
            picture=self.picture,
            title=title,
            alt=title or alt,
            docname=self.env.docname,
            uid=uid,
            ids=[uid],
            **attributes,
        )
        self.set_source_info(node)
        return node


class LineageDirective(_PictureDirective):
    """Where each framework came from (``lineage.toml``). Option: ``:title:``."""

    picture = "lineage"

    def render(self) -> list[nodes.Node]:
        lineage = self.guide.lineage
        if not lineage.nodes:
            self.warn("the data has no lineage (lineage.toml); nothing to draw", "empty")
            return []
        items = []
        for link in lineage.links:
            para = nodes.paragraph("", link.label)
            items.append(para)
        title = (self.options.get("title") or "").strip()
        alt = "Where the frameworks came from: " + ", ".join(n.name for n in lineage.nodes)
        return [self.node(fact_list(items, title, "mlguide-graph"), alt)]


class DecisionDirective(_PictureDirective):
    """The decision guide as a picture: profiles and their picks. Options: ``:profiles:``
    (ids; default all, in the data's order), ``:title:``."""

    picture = "decision"
    option_spec: ClassVar[dict[str, Any]] = {
        **_PictureDirective.option_spec,
        "profiles": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        known = [r.id for r in self.guide.recommendations]
        chosen = self.id_list("profiles", "profile", known, known)
        if not chosen:
            self.warn("the data has no recommendations; nothing to draw", "empty")
            return []
        items = []
        for rec_id in chosen:
            rec = self.guide.recommendation(rec_id)
            para = nodes.paragraph()
            para += nodes.strong("", "", xref("recommendation", rec.id, rec.profile))
            para += nodes.Text(": ")
            for n, pick in enumerate(rec.picks):
                if n:
                    para += nodes.Text(", then " if n == 1 else ", ")
                para += xref("framework", pick, self.guide.framework(pick).name)
            if rec.reason:  # the text view says why, as the advice does
                para += nodes.Text(" — ")
                para.extend(markdown.inline(rec.reason))
            items.append(para)
        title = (self.options.get("title") or "").strip()
        alt = "Which framework for whom: each reader profile with its picks"
        return [self.node(fact_list(items, title, "mlguide-graph"), alt, profiles=chosen)]
