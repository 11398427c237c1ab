"""The measured-speed chart's SVG writer: a :class:`~.layout.ChartLayout` as an inline
``<svg>``. Text, axis and whiskers are in ``currentColor`` (they follow light and dark
themes); each bar is filled with its framework's colour, set by a class in the picture's own
style (WeasyPrint reads a ``style`` attribute as HTML CSS, where ``fill`` is unknown)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from mlguide.sphinxext.drawing.svg import n, open_svg, svg_text
from mlguide.sphinxext.measured.layout import (
    LABEL_SIZE,
    SUB_SIZE,
    TITLE_SIZE,
    VALUE_SIZE,
    ChartLayout,
)

__all__ = ["chart_svg", "describe"]


def describe(layout: ChartLayout) -> str:
    """The chart in words (its ``<desc>``): every bar's label and figures, in order."""
    bars = "; ".join(f"{p.bar.label}: {p.bar.value}" for p in layout.bars)
    return f"{' '.join(layout.subtitle.lines)} {bars}."


def chart_svg(layout: ChartLayout, uid: str, colors: Mapping[str, str]) -> str:
    """The chart as an inline ``<svg>`` (well-formed XML; all data text escaped).

    :param uid: prefix of the ids of its ``<title>`` and ``<desc>`` (unique on the page).
    :param colors: each framework's colour by id (a 6-digit hex colour, checked by the model).
    """
    lo = layout
    title = " ".join(lo.title.lines)
    out = [
        open_svg(
            "mlguide-measured-svg",
            lo.width,
            lo.height,
            uid,
            title,
            describe(lo),
            _style(lo, colors),
        )
    ]
    out.append(svg_text(lo.title, "mc"))
    out.append(svg_text(lo.subtitle, "mc"))
    x0, top, bottom = lo.axis
    out.append(f'<path class="mc-one" d="M{n(lo.one)},{n(top)}V{n(bottom)}"/>')
    for placed in lo.bars:
        box = placed.box
        low, high, y = placed.whisker
        out.append(f'<g class="mc-row mc-fw-{escape(placed.bar.framework)}">')
        out.append(f"<title>{escape(placed.bar.label)}: {escape(placed.bar.value)}</title>")
        out.append(
            f'<rect class="mc-bar" x="{n(box.x)}" y="{n(box.y)}" width="{n(box.w)}" '
            f'height="{n(box.h)}"/>'
        )
        out.append(
            f'<path class="mc-whisker" d="M{n(low)},{n(y)}H{n(high)}M{n(low)},{n(y - 4)}V{n(y + 4)}'
            f'M{n(high)},{n(y - 4)}V{n(y + 4)}"/>'
        )
        out.append(svg_text(placed.label, "mc"))
        out.append(svg_text(placed.value, "mc"))
        out.append("</g>")
    out.append(f'<path class="mc-axis" d="M{n(x0)},{n(top)}V{n(bottom)}"/>')
    out.append("</svg>")
    return "".join(out)


def _style(lo: ChartLayout, colors: Mapping[str, str]) -> str:
    rules = [
        f".mlguide-measured-svg text{{font-family:{lo.face.family};fill:currentColor}}",
        f".mc-title{{font-size:{TITLE_SIZE}px;font-weight:bold}}",
        f".mc-sub{{font-size:{SUB_SIZE}px;fill-opacity:.8}}",
        f".mc-label{{font-size:{LABEL_SIZE}px}}",
        f".mc-value{{font-size:{VALUE_SIZE}px}}",
        ".mc-bar{fill-opacity:.85}",
        ".mc-whisker{stroke:currentColor;stroke-width:1.2;fill:none}",
        ".mc-axis{stroke:currentColor;stroke-width:1;fill:none}",
        ".mc-one{stroke:currentColor;stroke-opacity:.45;stroke-width:1;stroke-dasharray:3 3;"
        "fill:none}",
    ]
    for framework in sorted({p.bar.framework for p in lo.bars}):
        color = colors.get(framework, "#777777")
        rules.append(f".mc-fw-{escape(framework)} .mc-bar{{fill:{color}}}")
    return "".join(rules)
