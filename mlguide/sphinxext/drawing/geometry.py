"""Boxes and placed texts: what a picture's layout hands to its SVG writer, and what the
geometry tests check (every box inside the picture, no two overlapping)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlguide.sphinxext.drawing.measure import SCREEN, Face

__all__ = ["Box", "Text", "block", "text"]


@dataclass(frozen=True)
class Box:
    """A rectangle: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def inside(self, outer: Box) -> bool:
        return (
            self.x >= outer.x
            and self.y >= outer.y
            and self.right <= outer.right
            and self.bottom <= outer.bottom
        )

    def grown(self, by: float) -> Box:
        """The box with ``by`` more room on every side."""
        return Box(self.x - by, self.y - by, self.w + 2 * by, self.h + 2 * by)


@dataclass(frozen=True)
class Text:
    """One ``<text>``: its lines (first baseline at ``y``), font, and the box it fills."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    kind: str
    box: Box
    bold: bool = False
    line_height: float = 0
    anchor: str = "start"
    """``start``: lines begin at ``x``; ``middle``: centred on ``x``; ``end``: end at ``x``."""


def text(
    x: float,
    baseline: float,
    words: str,
    size: float,
    kind: str,
    bold: bool = False,
    face: Face = SCREEN,
) -> Text:
    """A one-line text starting at ``x``; its box runs from the ascender to the descender."""
    width = face.width(words, size, bold)
    top = baseline - face.ascent * size
    return Text(
        x, baseline, (words,), size, kind, Box(x, top, width, (face.ascent + face.descent) * size),
        bold,
    )  # fmt: skip


def block(
    x: float,
    baseline: float,
    lines: Sequence[str],
    size: float,
    kind: str,
    line_height: float,
    bold: bool = True,
    face: Face = SCREEN,
    anchor: str = "start",
) -> Text:
    """A text of several lines (titles, names); ``x`` is where ``anchor`` puts the lines."""
    width = max(face.width(line, size, bold) for line in lines)
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    top = baseline - face.ascent * size
    height = line_height * (len(lines) - 1) + (face.ascent + face.descent) * size
    return Text(
        x, baseline, tuple(lines), size, kind, Box(left, top, width, height), bold, line_height,
        anchor,
    )  # fmt: skip
