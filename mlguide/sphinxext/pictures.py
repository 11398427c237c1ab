"""The ``lineage`` and ``decision`` directives: two pictures drawn from the data at build time.

* ``lineage``: where each framework came from (``lineage.toml``): the projects before them as
  boxes in columns, the links between them as arrows styled by kind, a key under them; laid
  out by :mod:`mlguide.sphinxext.drawing.graph`, written by
  :mod:`mlguide.sphinxext.drawing.graphsvg`.
* ``decision``: the decision guide as a grid, laid out and written by
  :mod:`mlguide.sphinxext.drawing.picks`: a row per reader profile, a column per framework
  picked (its marker in its colour and shape, as on its cards and timeline lane), the rank of
  each pick in its cell (the first filled, the others outlined) and the reason in a last
  column; each profile links to its advice, each framework to its profile card.

Text is measured in the face of the output (as the timeline's). The node renders itself per
builder, like the timeline's: HTML builders and the PDF builder get the SVG (the PDF's
without links: WeasyPrint makes none from an SVG ``<a>``), every other builder the same
facts as a bullet list (its children).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.drawing import picks
from mlguide.sphinxext.drawing.graph import (
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
from mlguide.sphinxext.drawing.svg import SHAPES
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
    "decision_grid",
    "lineage_graph",
    "mlguide_graph",
    "plain_text",
]

LINEAGE_KEY = (
    ("became", "became"),
    ("merged", "merged into"),
    ("inspired", "inspired"),
    ("component", "built into"),
    ("backend", "engine of"),
    ("refuted", "claimed, but not so"),
)
#: How wide the pictures are laid out for print (for a screen: ``picture_layout_width``).
WIDTH = 760


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


def plain_text(markdown_text: str) -> str:
    """Inline Markdown from the data as the words a reader sees (code spans, emphasis and
    links reduced to their text, spaces collapsed): what an SVG can draw."""
    return " ".join("".join(part.astext() for part in markdown.inline(markdown_text)).split())


def decision_grid(
    guide: mlguide.Guide, profiles: Sequence[str]
) -> tuple[list[picks.PickRow], list[picks.PickColumn]]:
    """The profiles as rows (their reasons in plain text) and, as columns, the frameworks
    some of them pick, in the data's order; each framework's marker is the one its index in
    the data gives it everywhere (timeline lanes, cards)."""
    recs = [guide.recommendation(p) for p in profiles]
    rows = [
        picks.PickRow(r.id, r.profile, tuple(r.picks), plain_text(r.reason) if r.reason else None)
        for r in recs
    ]
    picked = {f for r in recs for f in r.picks}
    columns = [
        picks.PickColumn(f.id, f.name, f.color, SHAPES[index % len(SHAPES)])
        for index, f in enumerate(guide.frameworks)
        if f.id in picked
    ]
    return rows, columns


class mlguide_graph(PictureNode):
    """A lineage or decision picture; renders itself for the builder that writes it.

    Attributes: ``picture`` (``"lineage"`` or ``"decision"``), ``profiles`` (decision only),
    ``title``, ``alt``, ``docname``, ``uid``. Its children are the facts as a list, for
    non-HTML builders.
    """

    @property
    def smallest_text(self) -> float:  # type: ignore[override]
        if self["picture"] == "decision":
            return picks.SMALLEST_TEXT
        return min(NAME_SIZE, SUB_SIZE, TITLE_SIZE, KEY_SIZE)

    @property
    def css_class(self) -> str:  # type: ignore[override]
        return f"mlguide-{self['picture']}"

    def svg(self, builder: Builder) -> str:
        return render_graph(self, builder)


def render_graph(node: mlguide_graph, builder: Builder) -> str:
    """The node's SVG, measured in the builder's face, with links resolved for the builder."""
    from mlguide.sphinxext.data import get_guide

    guide = get_guide(builder.env)
    # a screen draws the picture larger (its smallest text at 11 px): laid out narrower
    width = picture_layout_width(node.smallest_text) if is_screen_builder(builder) else WIDTH
    face = face_for(builder.name)
    css_class = f"mlguide-{node['picture']}-svg"

    def href(kind: str, target: str) -> str | None:
        # WeasyPrint makes no PDF link from an SVG <a>: the printed picture has none
        if builder.name in PAGED_BUILDERS:
            return None
        return event_href(builder, node["docname"], [(kind, target)])

    if node["picture"] == "decision":
        rows, columns = decision_grid(guide, node["profiles"])
        grid = picks.layout_picks(rows, columns, width, node["title"] or None, face)
        row_hrefs = {r.id: h for r in rows if (h := href("recommendation", r.id))}
        column_hrefs = {c.id: h for c in columns if (h := href("framework", c.id))}
        desc = picks.describe(rows, columns)
        return picks.picks_svg(
            grid, node["uid"], node["alt"], desc, css_class, row_hrefs, column_hrefs
        )
    graph_nodes, edges = lineage_graph(guide)
    lo = layout_graph(
        graph_nodes, edges, title=node["title"] or None, key=LINEAGE_KEY, face=face, width=width
    )
    hrefs = {}
    for graph_node in graph_nodes:
        if graph_node.href and (found := href(*graph_node.href.split(":", 1))):
            hrefs[graph_node.id] = found
    return graph_svg(lo, node["uid"], node["alt"], describe(graph_nodes, edges), css_class, hrefs)


def describe(graph_nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> str:
    """The lineage in words (its ``<desc>``): every link, as the data says it."""
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
    """The decision guide as a grid: each profile's picks by rank, and why. Options:
    ``:profiles:`` (ids; default all, in the data's order), ``:title:``."""

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
        alt = "Which framework for whom: each reader profile with its picks and why"
        return [self.node(fact_list(items, title, "mlguide-graph"), alt, profiles=chosen)]
