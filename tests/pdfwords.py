"""Text drawn over text in a PDF, found from pdfplumber's character and word boxes.

Two characters drawn over each other are the tell: where two words collide, pdfplumber may
even merge them into one "word" (``torch.utils.tensorbToeanrsdo,rBoard``), so boxes are
compared glyph by glyph, and each collision is reported with the words around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber

#: Two glyphs collide when they share more than this fraction of the narrower one's width
#: and of the shorter one's height (kerned neighbours share a sliver, never this much).
SHARED = 0.35


def _collisions(chars: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    # a glyph's neighbour in the content stream is the next letter of the same run, which
    # kerning may tuck in (an apostrophe over the s of "PDF's"): those pairs are not collisions
    indexed = [(n, c) for n, c in enumerate(chars) if c["text"].strip()]
    ordered = sorted(indexed, key=lambda item: item[1]["top"])
    found = []
    for i, (n, char) in enumerate(ordered):
        for m, other in ordered[i + 1 :]:
            if other["top"] >= char["bottom"]:
                break
            if abs(m - n) == 1:
                continue
            across = min(char["x1"], other["x1"]) - max(char["x0"], other["x0"])
            down = min(char["bottom"], other["bottom"]) - max(char["top"], other["top"])
            narrow = min(char["x1"] - char["x0"], other["x1"] - other["x0"])
            short = min(char["bottom"] - char["top"], other["bottom"] - other["top"])
            if across > SHARED * narrow and down > SHARED * short:
                found.append((char, other))
    return found


def _word_at(words: list[dict[str, Any]], char: dict[str, Any]) -> str:
    for word in words:
        inside_x = word["x0"] - 0.01 <= char["x0"] and char["x1"] <= word["x1"] + 0.01
        if (
            inside_x
            and word["top"] - 0.01 <= char["top"]
            and char["bottom"] <= word["bottom"] + 0.01
        ):
            return str(word["text"])
    return str(char["text"])


def text_over_text(path: Path) -> list[str]:
    """Each place on each page where glyphs are drawn over other glyphs: page, position and
    the word(s) there (one line per pair of words, the first glyphs of each pair only)."""
    out: list[str] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            collisions = _collisions(page.chars)
            if not collisions:
                continue
            words = page.extract_words(x_tolerance=1, y_tolerance=1)
            seen = set()
            for a, b in collisions:
                pair = (_word_at(words, a), _word_at(words, b))
                if pair in seen:
                    continue
                seen.add(pair)
                out.append(
                    f"page {number} at ({a['x0']:.0f}, {a['top']:.0f}): {a['text']!r} of "
                    f"{pair[0]!r} over {b['text']!r} of {pair[1]!r}"
                )
    return out


#: Headings (h1-h4, rubrics, card labels) are printed at this size or more; body text,
#: tables, code and the contents entries are smaller (see the print stylesheet).
HEADING_SIZE = 10.8
#: Text this large is a cover's or a part title page's title (a chapter's is 20 pt).
TITLE_SIZE = 24
#: The running header and footer lie within this distance of the page's top and bottom.
MARGIN_BAND = 45


def headings_at_page_foot(path: Path) -> list[str]:
    """Pages whose last line of body text is set in a heading's size: a heading left alone
    at the foot of a page, its text on the next."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines: dict[int, list[dict[str, Any]]] = {}
            for char in page.chars:
                if char["text"].strip() and MARGIN_BAND < char["top"] < page.height - MARGIN_BAND:
                    lines.setdefault(round(char["bottom"]), []).append(char)
            if not lines or max(c["size"] for line in lines.values() for c in line) >= TITLE_SIZE:
                continue  # the cover or a part's title page: its list of chapters ends it
            last = lines[max(lines)]
            if max(c["size"] for c in last) >= HEADING_SIZE:
                words = "".join(c["text"] for c in sorted(last, key=lambda c: c["x0"]))
                out.append(f"page {number}: {words!r}")
    return out
