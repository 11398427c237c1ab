#!/usr/bin/env python3
"""Write mlguide/sphinxext/drawing/metrics.json: advance widths of the faces the pictures use.

The pictures (timeline, lineage, decision) are laid out at build time, so their text is
measured with tables of advance widths (thousandths of an em) read here from the font files
with fontTools:

* ``screen``: DejaVu Sans, first in the HTML pictures' font stack; the faces after it in that
  stack (Liberation Sans, Arial, Helvetica) are narrower, so nothing drawn is wider than
  measured.
* ``print``: Inter, the sans-serif face of the PDF (see the print stylesheet); the PDF embeds
  it, so the printed text is exactly as wide as measured (kerning only narrows it).

Usage: build-scripts/font-metrics.py [--check]   (``--check``: exit 1 if the file is stale)
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "mlguide" / "sphinxext" / "drawing" / "metrics.json"
FACES = {
    "screen": {
        "family": '"DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif',
        "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    },
    "print": {
        "family": '"Inter", sans-serif',
        "regular": "/usr/share/fonts/opentype/inter/Inter-Regular.otf",
        "bold": "/usr/share/fonts/opentype/inter/Inter-Bold.otf",
    },
}
#: Latin, Latin-1, Latin Extended-A and -B, general punctuation, arrows.
BLOCKS = ((0x20, 0x250), (0x2000, 0x2070), (0x2190, 0x2200))


def widths(path: str) -> tuple[list[list[object]], float, float]:
    """Runs ``[first code point, [widths...]]`` of the face's glyphs, its ascent and descent."""
    font = TTFont(path)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    runs: list[list[object]] = []
    for start, stop in BLOCKS:
        run: list[int] = []
        first = start
        for code in range(start, stop):
            glyph = cmap.get(code)
            if glyph is None:
                if run:
                    runs.append([first, run])
                run, first = [], code + 1
                continue
            run.append(math.ceil(hmtx[glyph][0] * scale))  # never short
        if run:
            runs.append([first, run])
    hhea = font["hhea"]
    return runs, round(hhea.ascent * scale), round(-hhea.descent * scale)


def build() -> str:
    out: dict[str, object] = {}
    for name, face in FACES.items():
        entry: dict[str, object] = {"family": face["family"]}
        for weight in ("regular", "bold"):
            runs, ascent, descent = widths(face[weight])
            entry[weight] = runs
            if weight == "regular":
                entry["ascent"], entry["descent"] = ascent, descent
        out[name] = entry
    return json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    text = build()
    if "--check" in sys.argv[1:]:
        same = TARGET.exists() and TARGET.read_text() == text
        print("metrics.json is up to date" if same else "metrics.json is stale", file=sys.stderr)
        return 0 if same else 1
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
