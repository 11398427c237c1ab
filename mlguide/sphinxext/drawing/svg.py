"""The SVG writer's primitives: numbers, texts that carry their boxes, marker shapes, and the
``<svg>`` element with its accessible name and description."""

from __future__ import annotations

from html import escape

from mlguide.sphinxext.drawing.geometry import Text

__all__ = ["SHAPES", "n", "open_svg", "shape", "svg_text"]

SHAPES = ("circle", "square", "diamond", "triangle", "triangle-down", "hexagon")


def n(value: float) -> str:
    """A coordinate with at most two decimals, no trailing zeros."""
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return out if out != "-0" else "0"


def svg_text(text: Text, prefix: str, href: str | None = None, extra: str = "") -> str:
    """A ``<text class="{prefix}-{kind}">`` carrying its box in ``data-box`` (x y w h), each
    line a ``<tspan>``; with ``href``, the lines are a link."""
    box = " ".join(n(v) for v in (text.box.x, text.box.y, text.box.w, text.box.h))
    spans = "".join(
        f'<tspan x="{n(text.x)}" y="{n(text.y + i * text.line_height)}">{escape(line)}</tspan>'
        for i, line in enumerate(text.lines)
    )
    if href:
        spans = f'<a href="{escape(href)}">{spans}</a>'
    anchor = f' text-anchor="{text.anchor}"' if text.anchor != "start" else ""
    return f'<text class="{prefix}-{text.kind}"{anchor}{extra} data-box="{box}">{spans}</text>'


def shape(name: str, x: float, y: float, r: float) -> str:
    """Path data of a marker centred on (x, y), about ``2r`` across."""
    if name == "circle":
        return f"M{x - r:.2f},{y:.2f}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
    if name == "square":
        s = r * 0.88
        return f"M{x - s:.2f},{y - s:.2f}h{2 * s:.2f}v{2 * s:.2f}h{-2 * s:.2f}Z"
    if name == "diamond":
        s = r * 1.2
        return f"M{x:.2f},{y - s:.2f}L{x + s:.2f},{y:.2f}L{x:.2f},{y + s:.2f}L{x - s:.2f},{y:.2f}Z"
    if name == "triangle":
        s = r * 1.15
        return f"M{x:.2f},{y - s:.2f}L{x + s:.2f},{y + s * 0.8:.2f}L{x - s:.2f},{y + s * 0.8:.2f}Z"
    if name == "triangle-down":
        s = r * 1.15
        return f"M{x:.2f},{y + s:.2f}L{x + s:.2f},{y - s * 0.8:.2f}L{x - s:.2f},{y - s * 0.8:.2f}Z"
    # hexagon
    s = r * 1.05
    h = s * 0.87
    return (
        f"M{x - s:.2f},{y:.2f}L{x - s / 2:.2f},{y - h:.2f}L{x + s / 2:.2f},{y - h:.2f}"
        f"L{x + s:.2f},{y:.2f}L{x + s / 2:.2f},{y + h:.2f}L{x - s / 2:.2f},{y + h:.2f}Z"
    )


def open_svg(
    css_class: str,
    width: float,
    height: float,
    uid: str,
    title: str,
    desc: str,
    style: str,
    role: str = "img",
) -> str:
    """The opening ``<svg>`` with its ``<title>``, ``<desc>`` and ``<style>`` (all escaped but
    the style, which the caller builds from trusted values). A picture with links in it is
    ``role="group"`` (an img role would hide the links from assistive technology)."""
    w, h = n(width), n(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="{role}" '
        f'aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" '
        f'style="display:block;width:100%;max-width:{w}px;height:auto">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
        f"<style>{style}</style>"
    )
