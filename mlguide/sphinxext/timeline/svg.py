"""The timeline's SVG writer: a :class:`~mlguide.sphinxext.timeline.layout.Layout` drawn as
an inline ``<svg>`` (text and lines in ``currentColor``, so it follows light and dark themes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from mlguide.sphinxext.drawing.geometry import Box, Text
from mlguide.sphinxext.drawing.svg import SHAPES, n, open_svg, shape, svg_text
from mlguide.sphinxext.timeline.layout import (
    LABEL_SIZE,
    MARGIN,
    META_SIZE,
    NAME_SIZE,
    TITLE_SIZE,
    Layout,
)

__all__ = ["describe", "line_gaps", "svg"]


def describe(layout_: Layout) -> str:
    """The events in words, lane by lane (the SVG's ``<desc>``)."""
    parts = []
    for lane in layout_.lanes:
        events = sorted(lane.events, key=lambda p: p.index)
        if not events:
            parts.append(f"{lane.lane.name}: no dated events in this range.")
            continue
        items = []
        for placed in events:
            e = placed.event
            version = f" (version {e.version})" if e.version else ""
            about = f" [{e.aspect_title}]" if e.aspect_title else ""
            items.append(f"{e.date.isoformat()}, {e.label}{version}{about}")
        parts.append(f"{lane.lane.name}: " + "; ".join(items) + ".")
    return (
        f"Timeline from {layout_.start.isoformat()} to {layout_.end.isoformat()}, one lane per "
        f"framework; data as of {layout_.as_of.isoformat()}. " + " ".join(parts)
    )


def svg(
    layout_: Layout,
    uid: str = "mlguide-timeline",
    title: str = "Timeline",
    hrefs: Mapping[int, str] | None = None,
) -> str:
    """The picture as an inline ``<svg>`` element (well-formed XML; all data text escaped).

    :param uid: prefix of the ids of the ``<title>`` and ``<desc>`` (unique on the page).
    :param hrefs: link of each event, by index in :attr:`Layout.events`; events without one
        are not links.
    """
    hrefs = hrefs or {}
    lo = layout_
    # A picture with links in it is a group of links, not one image.
    role = "group" if hrefs else "img"
    out = [open_svg("mlguide-timeline-svg", lo.width, lo.height, uid, title, describe(lo),
                    _style(lo), role)]  # fmt: skip
    if lo.title:
        out.append(_text(lo.title))
    bottom = lo.lanes[-1].bottom if lo.lanes else lo.axis_y + 10
    # the grid and the as-of line stop short of every label they would run through
    labels = [t.box for t in lo.texts() if t not in lo.axis_labels]
    # grid and axis
    for x, major in lo.ticks:
        if major:
            out.append(_vertical("tl-grid", x, lo.axis_y, bottom, labels))
            out.append(f'<path class="tl-tick" d="M{n(x)},{n(lo.axis_y - 5)}V{n(lo.axis_y)}"/>')
        else:
            out.append(f'<path class="tl-tick" d="M{n(x)},{n(lo.axis_y - 2)}V{n(lo.axis_y)}"/>')
    out.append(f'<path class="tl-axis" d="M{n(lo.x0)},{n(lo.axis_y)}H{n(lo.x1)}"/>')
    out.extend(_text(t) for t in lo.axis_labels)
    if lo.as_of_x is not None and lo.as_of_label is not None:
        out.append(_vertical("tl-asof", lo.as_of_x, lo.axis_y - 5, bottom, labels))
        out.append(_text(lo.as_of_label))
    # lanes
    for lane in lo.lanes:
        marker = SHAPES[lane.lane.shape % len(SHAPES)]
        out.append(f'<g class="tl-lane tl-fw-{escape(lane.lane.id)}">')
        if lane is not lo.lanes[0]:
            out.append(f'<path class="tl-sep" d="M{MARGIN},{n(lane.top)}H{n(lo.width - MARGIN)}"/>')
        icon = shape(marker, MARGIN + 6, lane.name.y - 4, 5)
        out.append(f'<path class="tl-mark tl-milestone" d="{icon}"/>')
        out.append(_text(lane.name))
        if lane.note:
            out.append(_text(lane.note))
        out.append(f'<path class="tl-line" d="M{n(lo.x0)},{n(lane.line_y)}H{n(lo.x1)}"/>')
        for placed in sorted(lane.events, key=lambda p: p.index):
            e = placed.event
            x, y1, y2 = placed.leader
            tip = f"{e.date.isoformat()} — {lane.lane.name}: {e.label}"
            if e.version:
                tip += f" (version {e.version})"
            if e.aspect_title:
                tip += f" — {e.aspect_title}"
            kind = "tl-milestone" if e.milestone else "tl-change"
            out.append(f'<g class="tl-event" data-date="{e.date.isoformat()}">')
            out.append(f"<title>{escape(tip)}</title>")
            out.append(f'<path class="tl-leader" d="M{n(x)},{n(y1)}V{n(y2)}"/>')
            out.append(f'<path class="tl-mark {kind}" d="{shape(marker, x, y1, 4.5)}"/>')
            out.append(_text(placed.meta))
            out.append(_text(placed.label, href=hrefs.get(placed.index)))
            out.append("</g>")
        out.append("</g>")
    for kind, lane_, x, y in lo.legend:
        mark = shape(SHAPES[lane_.shape % len(SHAPES)], x, y, 4)
        out.append(
            f'<g class="tl-fw-{escape(lane_.id)}"><path class="tl-mark tl-{kind} tl-key" '
            f'd="{mark}"/></g>'
        )
    out.extend(_text(t) for t in lo.legend_texts)
    out.append("</svg>")
    return "".join(out)


#: The clearance a line keeps from a label it passes.
LINE_CLEARANCE = 2.0


def line_gaps(
    x: float, top: float, bottom: float, boxes: Sequence[Box]
) -> list[tuple[float, float]]:
    """The parts of the vertical line at ``x`` from ``top`` to ``bottom`` that run through
    no box (each box widened by :data:`LINE_CLEARANCE`), top to bottom."""
    cuts = sorted(
        (b.y - LINE_CLEARANCE, b.bottom + LINE_CLEARANCE)
        for b in boxes
        if b.x - LINE_CLEARANCE < x < b.right + LINE_CLEARANCE
    )
    parts: list[tuple[float, float]] = []
    y = top
    for start, end in cuts:
        if start > y:
            parts.append((y, min(start, bottom)))
        y = max(y, end)
        if y >= bottom:
            break
    if y < bottom:
        parts.append((y, bottom))
    return [(a, b) for a, b in parts if b - a > 0.5]


def _vertical(kind: str, x: float, top: float, bottom: float, boxes: Sequence[Box]) -> str:
    path = "".join(f"M{n(x)},{n(a)}V{n(b)}" for a, b in line_gaps(x, top, bottom, boxes))
    return f'<path class="{kind}" d="{path}"/>' if path else ""


def _style(lo: Layout) -> str:
    """CSS for the picture: text and lines in ``currentColor`` (follows light and dark
    themes), markers in each framework's colour with a ``currentColor`` outline."""
    rules = [
        f".mlguide-timeline-svg text{{font-family:{lo.face.family};fill:currentColor}}",
        f".tl-title{{font-size:{TITLE_SIZE}px;font-weight:bold}}",
        f".tl-name{{font-size:{NAME_SIZE}px;font-weight:bold}}",
        f".tl-label{{font-size:{LABEL_SIZE}px}}",
        f".tl-meta,.tl-year,.tl-as-of,.tl-legend,.tl-note{{font-size:{META_SIZE}px}}",
        ".tl-meta,.tl-note{fill-opacity:.75}",
        ".tl-axis,.tl-tick,.tl-line{stroke:currentColor;stroke-width:1;fill:none}",
        ".tl-grid{stroke:currentColor;stroke-opacity:.15;stroke-width:1;fill:none}",
        ".tl-sep{stroke:currentColor;stroke-opacity:.3;stroke-width:1;fill:none}",
        ".tl-asof{stroke:currentColor;stroke-opacity:.5;stroke-width:1;"
        "stroke-dasharray:4 3;fill:none}",
        ".tl-leader{stroke:currentColor;stroke-opacity:.45;stroke-width:1;fill:none}",
        ".tl-mark{stroke:currentColor;stroke-width:1.2}",
        ".tl-change{fill:none;stroke-width:1.8}",
        ".mlguide-timeline-svg a{text-decoration:none}"
        ".mlguide-timeline-svg a:hover tspan,.mlguide-timeline-svg a:focus tspan"
        "{text-decoration:underline}",
    ]
    for lane in lo.lanes:
        fw = escape(lane.lane.id)
        color = lane.lane.color
        rules.append(f".tl-fw-{fw} .tl-milestone{{fill:{color}}}")
        rules.append(f".tl-fw-{fw} .tl-change{{stroke:{color}}}")
    return "".join(rules)


def _text(text: Text, href: str | None = None) -> str:
    return svg_text(text, "tl", href=href)
