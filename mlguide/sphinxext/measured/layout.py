"""The measured-speed chart's layout (pure): one small bar chart per workload, a bar per
variant whose length is its time as a multiple of the fastest variant's, with a whisker from
its quickest to its slowest trial and the figures written beside it.

Phone first: the chart is drawn :data:`WIDTH` wide (it fits a 390 px screen at full size)
and grows only when its labels need more room; every text is measured in the face it is
drawn in, so nothing overlaps whatever the labels' length.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlguide.sphinxext.drawing.geometry import Box, Text, block, text
from mlguide.sphinxext.drawing.measure import SCREEN, Face, wrap

__all__ = [
    "LABEL_SIZE",
    "SMALLEST_TEXT",
    "SUB_SIZE",
    "TITLE_SIZE",
    "VALUE_SIZE",
    "WIDTH",
    "Bar",
    "Chart",
    "ChartLayout",
    "PlacedBar",
    "layout_chart",
]

WIDTH = 340
"""The chart's width when its texts leave room for bars: it fits a 390 px phone's column."""
MARGIN = 8
GAP = 6
ROW = 22
"""Height of one bar's row."""
BAR = 12
"""Height of a bar."""
MIN_SCALE = 90
"""The shortest the longest bar may be; the chart grows wider rather than shrink it."""
#: No text smaller than 11 px: a screen shows the chart at its own size (no enlarging), so it
#: fits a phone's column and every text stays legible there.
TITLE_SIZE, SUB_SIZE, LABEL_SIZE, VALUE_SIZE = 13, 11, 11, 11
TITLE_LINE, SUB_LINE = 16, 14
SMALLEST_TEXT = min(TITLE_SIZE, SUB_SIZE, LABEL_SIZE, VALUE_SIZE)


@dataclass(frozen=True)
class Bar:
    """One variant: its label, framework (for its colour), ratio and the figures' text."""

    label: str
    framework: str
    ratio: float
    """Median over the fastest variant's median (1.0 for the fastest)."""
    low: float
    """The quickest trial over the fastest variant's median."""
    high: float
    """The slowest trial over the fastest variant's median."""
    value: str
    """What is written after the bar, e.g. ``"1.50x, 1.50 ms"``."""


@dataclass(frozen=True)
class Chart:
    """One workload's chart: a title, a line saying what the bars show, and the bars."""

    title: str
    subtitle: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class PlacedBar:
    bar: Bar
    box: Box
    """The bar itself."""
    whisker: tuple[float, float, float]
    """``(x of the quickest trial, x of the slowest, y)``."""
    label: Text
    value: Text


@dataclass(frozen=True)
class ChartLayout:
    width: float
    height: float
    title: Text
    subtitle: Text
    bars: tuple[PlacedBar, ...]
    axis: tuple[float, float, float]
    """``(x of ratio 0, top, bottom)``: the bars' baseline."""
    one: float
    """x of ratio 1 (the fastest; a dashed line runs down there)."""
    face: Face

    def boxes(self) -> list[Box]:
        """Every text and bar, for the geometry checks (inside the picture, no overlaps)."""
        out = [self.title.box, self.subtitle.box]
        for placed in self.bars:
            out += [placed.box, placed.label.box, placed.value.box]
        return out


def layout_chart(chart: Chart, face: Face = SCREEN, width: float = WIDTH) -> ChartLayout:
    """Place a chart's texts and bars (see the module's doc)."""
    bars = chart.bars
    label_w = max((face.width(b.label, LABEL_SIZE) for b in bars), default=0.0)
    value_w = max((face.width(b.value, VALUE_SIZE) for b in bars), default=0.0)
    x0 = MARGIN + label_w + GAP
    width = max(width, x0 + MIN_SCALE + GAP + value_w + MARGIN)
    scale_w = width - MARGIN - value_w - GAP - x0
    longest = max((max(b.ratio, b.high) for b in bars), default=1.0)

    def x_of(ratio: float) -> float:
        return x0 + scale_w * max(ratio, 0.0) / longest

    inner = width - 2 * MARGIN
    title_lines = wrap(chart.title, inner, TITLE_SIZE, True, face)
    y = MARGIN + face.ascent * TITLE_SIZE
    title = block(MARGIN, y, title_lines, TITLE_SIZE, "title", TITLE_LINE, True, face)
    y += TITLE_LINE * (len(title_lines) - 1) + face.descent * TITLE_SIZE + 4
    sub_lines = wrap(chart.subtitle, inner, SUB_SIZE, False, face)
    y += face.ascent * SUB_SIZE
    subtitle = block(MARGIN, y, sub_lines, SUB_SIZE, "sub", SUB_LINE, False, face)
    top = y + SUB_LINE * (len(sub_lines) - 1) + face.descent * SUB_SIZE + 8

    placed: list[PlacedBar] = []
    for index, bar in enumerate(bars):
        row = top + index * ROW
        mid = row + ROW / 2
        box = Box(x0, round(mid - BAR / 2, 2), round(x_of(bar.ratio) - x0, 2), BAR)
        low, high = round(x_of(bar.low), 2), round(x_of(bar.high), 2)
        baseline = mid + (face.ascent - face.descent) * LABEL_SIZE / 2
        label = block(
            x0 - GAP, baseline, [bar.label], LABEL_SIZE, "label", 0, False, face, anchor="end"
        )
        value_x = max(box.right, high) + GAP
        value_base = mid + (face.ascent - face.descent) * VALUE_SIZE / 2
        value = text(value_x, value_base, bar.value, VALUE_SIZE, "value", face=face)
        placed.append(PlacedBar(bar, box, (low, high, round(mid, 2)), label, value))
    bottom = top + len(bars) * ROW
    return ChartLayout(
        width=round(width, 2),
        height=round(bottom + MARGIN, 2),
        title=title,
        subtitle=subtitle,
        bars=tuple(placed),
        axis=(round(x0, 2), round(top, 2), round(bottom, 2)),
        one=round(x_of(1.0), 2),
        face=face,
    )
