"""Text measured with the metrics of the face each output draws it in.

Two faces, each with advance widths read from its font files (``build-scripts/font-metrics.py``
writes them to ``metrics.json``, shipped with the package):

* :data:`SCREEN` for HTML: the pictures declare ``"DejaVu Sans"`` first; every face after it in
  the stack is narrower, so text never takes more room than measured.
* :data:`PRINT` for the PDF: Inter, the print stylesheet's sans-serif face, which the PDF embeds.

Widths ignore kerning (which only narrows Latin text), so a measured width is never short.
"""

from __future__ import annotations

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
    """Words of ``text`` in lines at most ``max_width`` wide; an over-long word is cut."""
    lines: list[str] = []
    current = ""
    for given in text.split():
        word = given
        while face.width(word, size, bold) > max_width:
            cut = len(word) - 1
            while cut > 1 and face.width(word[:cut], size, bold) > max_width:
                cut -= 1
            hyphen = word.rfind("-", 0, cut)
            if hyphen > 0:  # "(multi-backend)" breaks after its hyphen, not before ")"
                cut = hyphen + 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if face.width(candidate, size, bold) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]
