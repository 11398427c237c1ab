"""The SVG writer of a :class:`~mlguide.sphinxext.drawing.graph.GraphLayout`: boxes with
their texts, edges as polylines with arrowheads, and the key. Text and frames are in
``currentColor`` (they follow light and dark themes); a node's colour tints its frame."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from mlguide.sphinxext.drawing.graph import (
    KEY_LINE,
    KEY_SIZE,
    NAME_SIZE,
    SUB_SIZE,
    TITLE_SIZE,
    GraphLayout,
)
from mlguide.sphinxext.drawing.svg import n, open_svg, svg_text

__all__ = ["graph_svg"]

#: How each kind of edge is drawn (CSS declarations); unknown kinds are drawn solid.
EDGE_STYLES = {
    "became": "stroke-width:1.8",
    "merged": "stroke-width:1.4;stroke-dasharray:6 3",
    "inspired": "stroke-width:1.2;stroke-dasharray:2 3",
    "component": "stroke-width:1.4;stroke-dasharray:9 2 2 2",
    "backend": "stroke-width:1;stroke-opacity:.6;stroke-dasharray:1 2",
    "refuted": "stroke-width:1.4;stroke:#c0392b;stroke-dasharray:5 4",
}


def _arrow(points: tuple[tuple[float, float], ...]) -> str:
    """Path data of an arrowhead at the last point, pointing along the last segment."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 0.01)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - 7 * ux, y2 - 7 * uy
    return f"M{n(x2)},{n(y2)}L{n(bx - 3 * uy)},{n(by + 3 * ux)}L{n(bx + 3 * uy)},{n(by - 3 * ux)}Z"


def graph_svg(
    layout: GraphLayout,
    uid: str,
    title: str,
    desc: str,
    css_class: str,
    hrefs: Mapping[str, str] | None = None,
) -> str:
    """The picture as an inline ``<svg>`` (well-formed XML; all data text escaped).

    :param hrefs: link of each node by id; a linked node's name is a link.
    """
    hrefs = hrefs or {}
    lo = layout
    p = "gr"
    out = [
        open_svg(
            f"mlguide-graph {css_class}", lo.width, lo.height, uid, title, desc, _style(lo),
            "group" if hrefs else "img",
        )
    ]  # fmt: skip
    if lo.title:
        out.append(svg_text(lo.title, p))
    for edge in lo.edges:
        points = edge.points
        d = "M" + "L".join(f"{n(x)},{n(y)}" for x, y in points)
        kind = escape(edge.edge.kind)
        out.append(f'<g class="gr-edge gr-{kind}"><title>{escape(edge.edge.title)}</title>')
        out.append(f'<path class="gr-line" d="{d}"/>')
        out.append(f'<path class="gr-head" d="{_arrow(points)}"/></g>')
    for index, placed in enumerate(lo.nodes):
        node = placed.node
        box = placed.box
        # a colour is a class with a rule in the picture's style (WeasyPrint reads a style
        # attribute as HTML CSS, where stroke is unknown)
        tint = f" gr-tint-{index}" if node.color else ""
        out.append(f'<g class="gr-node gr-{escape(node.kind)}{tint}" data-id="{escape(node.id)}">')
        out.append(
            f'<rect class="gr-box" x="{n(box.x)}" y="{n(box.y)}" width="{n(box.w)}" '
            f'height="{n(box.h)}" rx="4"/>'
        )
        out.append(svg_text(placed.name, p, href=hrefs.get(node.id)))
        if placed.sub is not None:
            out.append(svg_text(placed.sub, p))
        out.append("</g>")
    for kind, x, y in lo.key:
        out.append(
            f'<path class="gr-line gr-keyline gr-{escape(kind)}" '
            f'd="M{n(x)},{n(y)}H{n(x + KEY_LINE)}"/>'
        )
    out.extend(svg_text(t, p) for t in lo.key_texts)
    out.append("</svg>")
    return "".join(out)


def _style(lo: GraphLayout) -> str:
    rules = [
        f".mlguide-graph text{{font-family:{lo.face.family};fill:currentColor}}",
        f".gr-title{{font-size:{TITLE_SIZE}px;font-weight:bold}}",
        f".gr-name{{font-size:{NAME_SIZE}px;font-weight:bold}}",
        f".gr-sub{{font-size:{SUB_SIZE}px;fill-opacity:.8}}",
        f".gr-key{{font-size:{KEY_SIZE}px}}",
        ".gr-box{fill:none;stroke:currentColor;stroke-width:1.2;stroke-opacity:.7}",
        ".gr-framework .gr-box{stroke-width:2.4;stroke-opacity:1}",
        ".gr-line{fill:none;stroke:currentColor}",
        ".gr-head{fill:currentColor;stroke:none}",
        ".gr-refuted .gr-head{fill:#c0392b}",
        ".mlguide-graph a{text-decoration:none}"
        ".mlguide-graph a:hover tspan,.mlguide-graph a:focus tspan{text-decoration:underline}",
    ]
    for index, placed in enumerate(lo.nodes):
        if placed.node.color:
            rules.append(f".gr-tint-{index} .gr-box{{stroke:{placed.node.color}}}")
    kinds = {e.edge.kind for e in lo.edges}
    for kind, style in EDGE_STYLES.items():
        if kind in kinds:
            rules.append(f".gr-{kind} .gr-line,.gr-line.gr-{kind}{{{style}}}")
    return "".join(rules)
