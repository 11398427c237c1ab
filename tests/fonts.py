"""Text widths measured straight from the installed font files (fontTools), independently of
the width tables mlguide ships, and the boxes of the markers an SVG draws."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from fontTools.ttLib import TTFont

from mlguide.sphinxext.drawing.geometry import Box

SVG = "{http://www.w3.org/2000/svg}"
#: The font files of each face the pictures declare (installed by build-scripts/setup).
FONT_FILES = {
    "screen": {
        False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    },
    "print": {
        False: "/usr/share/fonts/opentype/inter/Inter-Regular.otf",
        True: "/usr/share/fonts/opentype/inter/Inter-Bold.otf",
    },
}


@cache
def _font(path: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    font = TTFont(path)
    return font.getBestCmap(), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def font_width(face: str, text: str, size: float, bold: bool = False) -> float:
    """Sum of the advance widths of ``text``'s glyphs in the face's font file, at ``size``."""
    cmap, hmtx, upem = _font(FONT_FILES[face][bold])
    total = 0
    for char in text:
        glyph = cmap.get(ord(char), ".notdef")
        total += hmtx[glyph][0]
    return total * size / upem


def face_of(markup: str) -> str:
    """Which face an SVG's stylesheet draws its text in: ``print`` (Inter) or ``screen``."""
    family = re.search(r"text\{font-family:([^;]+);", markup)
    assert family, "the SVG declares no font family for its text"
    first = family.group(1).split(",")[0].strip().strip('"')
    return {"Inter": "print", "DejaVu Sans": "screen"}[first]


def marker_boxes(root: ET.Element) -> list[Box]:
    """Bounding boxes of every marker path (class ``*-mark``) of an SVG, from its path data."""
    out = []
    for path in root.iter(f"{SVG}path"):
        classes = path.get("class", "").split()
        if not any(c.endswith("-mark") for c in classes):
            continue
        d = path.attrib["d"]
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
        if d.startswith("M") and "a" in d:  # a circle: M(x - r),y a r,r 0 1,0 2r,0 ...
            x, y, r = numbers[0], numbers[1], numbers[2]
            out.append(Box(x, y - r, 2 * r, 2 * r))
            continue
        if "h" in d:  # a square: M x,y h w v h h -w Z
            x, y, w = numbers[0], numbers[1], numbers[2]
            out.append(Box(x, y, w, w))
            continue
        xs, ys = numbers[0::2], numbers[1::2]
        out.append(Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    return [box.grown(0.9) for box in out]  # half the widest outline (1.8)
