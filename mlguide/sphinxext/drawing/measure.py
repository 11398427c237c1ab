"""Text measured with the metrics of the face each output draws it in.

Two faces, each with advance widths read from its font files (``build-scripts/font-metrics.py``
writes them to ``metrics.json``, shipped with the package):

* :data:`SCREEN` for HTML: the pictures declare ``"DejaVu Sans"`` first; every face after it in
  the stack is narrower, so text never takes more room than measured.
* :data:`PRINT` for the PDF: Inter, the print stylesheet's sans-serif face, which the PDF embeds.

Widths ignore kerning (which only narrows Latin text), so a measured width is never short.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["PRINT", "SCREEN", "Face", "face_for", "text_width", "wrap"]

#: A character the tables do not cover counts as a full em (wider than any Latin letter).
OTHER_WIDTH = 1000


@dataclass(frozen=True)
class Face:
    """A sans-serif face: its CSS font stack and advance widths (thousandths of an em)."""

    name: str
    family: str
    ascent: float
    """Above the baseline, in ems."""
    descent: float
    """Below the baseline, in ems (positive)."""
    regular: dict[int, int] = field(repr=False, compare=False)
    bold: dict[int, int] = field(repr=False, compare=False)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` at font size ``size`` (px or pt: the unit of ``size``)."""
        table = self.bold if bold else self.regular
        return sum(table.get(ord(char), OTHER_WIDTH) for char in text) * size / 1000


def _table(runs: list[list[object]]) -> dict[int, int]:
    table: dict[int, int] = {}
    for first, widths in runs:
        assert isinstance(first, int) and isinstance(widths, list)
        table.update({first + i: int(w) for i, w in enumerate(widths)})
    return table


@cache
def _load(name: str) -> Face:
    data = json.loads((Path(__file__).parent / "metrics.json").read_text(encoding="utf-8"))[name]
    return Face(
        name=name,
        family=data["family"],
        ascent=data["ascent"] / 1000,
        descent=data["descent"] / 1000,
        regular=_table(data["regular"]),
        bold=_table(data["bold"]),
    )


SCREEN = _load("screen")
PRINT = _load("print")

#: Builders whose output is printed by WeasyPrint with the print stylesheet's faces.
PRINT_BUILDERS = ("mlguide-pdf",)


def face_for(builder_name: str) -> Face:
    """The face a builder's pictures are drawn (and measured) in."""
    return PRINT if builder_name in PRINT_BUILDERS else SCREEN


def text_width(text: str, size: float, bold: bool = False, face: Face = SCREEN) -> float:
    """Width of ``text`` at font size ``size`` in ``face``."""
    return face.width(text, size, bold)


def wrap(
    text: str, max_width: float, size: float, bold: bool = False, face: Face = SCREEN
) -> list[str]:
    """Words of ``text`` in lines at most ``max_width`` wide; an over-long word is cut.

    Bounded whatever the input: a word is cut where its measured prefix still fits, found by
    bisection over the prefix widths (O(n log n) for a word of n characters, not one
    measurement per character dropped), and every cut advances by at least one character, so
    a character wider than the whole line gets a line of its own instead of a loop.
    """
    lines: list[str] = []
    current = ""
    for given in text.split():
        word = given
        if face.width(word, size, bold) > max_width:
            if current:
                lines.append(current)
                current = ""
            *pieces, word = _cut(word, max_width, size, bold, face)
            lines += pieces
            if face.width(word, size, bold) > max_width:  # one character, wider than a line
                lines.append(word)
                continue
        candidate = f"{current} {word}" if current else word
        if face.width(candidate, size, bold) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _cut(word: str, max_width: float, size: float, bold: bool, face: Face) -> list[str]:
    """``word`` cut into pieces that each fit ``max_width``; the last piece is what remains
    (it fits, or it is one character wider than the line)."""
    table = face.bold if bold else face.regular
    # the advance of every prefix, in font units: a piece's width is a difference of two,
    # scaled as Face.width scales its sum (so cuts fall exactly where they always did)
    units = list(itertools.accumulate((table.get(ord(c), OTHER_WIDTH) for c in word), initial=0))

    def fits(start: int, end: int) -> bool:
        return (units[end] - units[start]) * size / 1000 <= max_width

    pieces: list[str] = []
    start = 0
    while len(word) - start > 1 and not fits(start, len(word)):
        # the longest piece that fits, leaving at least one character; one character when
        # none fits (every cut advances)
        low, high, cut = start + 2, len(word) - 1, start + 1
        while low <= high:
            middle = (low + high) // 2
            if fits(start, middle):
                cut, low = middle, middle + 1
            else:
                high = middle - 1
        hyphen = word.rfind("-", start, cut)
        if hyphen > start:  # "(multi-backend)" breaks after its hyphen, not before ")"
            cut = hyphen + 1
        pieces.append(word[start:cut])
        start = cut
    pieces.append(word[start:])
    return pieces
