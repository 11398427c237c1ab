"""The ``timeline`` directive: the data's dated events drawn as an SVG at build time.

Events are the frameworks' milestones and the history entries of their positions. The
picture has one lane per framework (named, with its own marker shape), a date axis with year
ticks, the data's as-of date as a dashed line, and each event's label (date, version, short
label) on a leader line. Labels never overlap and never leave the picture: :func:`layout`
stacks them beside the lane line, away from it, as deep as needed (the lane grows).

How it works, step by step:

* Reading: :class:`TimelineDirective` gathers the events (:func:`collect_events`), warns
  about undated ones and bad options, and returns a :class:`mlguide_timeline` node holding
  the events as plain data, plus the same events as a dated bullet list (its children).
* Writing: the node renders itself for the builder that writes it. HTML-format builders
  (``html``, ``singlehtml``, ``epub`` and the PDF builder, a ``singlehtml`` subclass rendered
  by WeasyPrint) get the inline ``<svg>`` as a raw HTML node; every other builder (text,
  LaTeX, man, ...) gets the bullet list. Event links are resolved at that point, for that
  builder, through the ``mlguide`` domain, so they are ``page.html#anchor`` in multi-page
  HTML and ``#anchor`` in single-page builders. The PDF builder gets one SVG per lane (an
  SVG cannot break across pages) and no links (WeasyPrint makes no PDF link of an SVG
  ``<a>``); see :data:`PAGED_BUILDERS`.
* The node renders itself (it overrides ``walkabout``) rather than through a post-transform,
  so the directive needs no registration beyond its entry in the directives' table.

The layout (:func:`layout`) and the SVG (:func:`svg`) are pure functions of the data, so tests
and scripts can call them directly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.render import xref
from mlguide.sphinxext.transforms import SINGLE_PAGE_BUILDERS

if TYPE_CHECKING:
    from sphinx.builders import Builder

    import mlguide

__all__ = [
    "Box",
    "Layout",
    "TimelineDirective",
    "TimelineEvent",
    "TimelineLane",
    "collect_events",
    "layout",
    "mlguide_timeline",
    "svg",
    "text_width",
]

# --- text measurement ------------------------------------------------------------------------

#: Advance widths of ASCII 32..126 in DejaVu Sans (thousandths of an em), regular and bold.
#: DejaVu Sans is among the widest common sans-serif faces, and every face in the SVG's font
#: stack is narrower, so text measured with these tables never takes more room than measured.
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
    770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
    684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD_WIDTHS = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734,
    830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812,
    774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
    712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652,
    582, 712, 365, 712, 838,
)  # fmt: skip
#: Any other character is counted as a full em (wider than any Latin letter).
_OTHER_WIDTH = 1000
#: The font stack of every text in the SVG (see :data:`_WIDTHS`).
FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "Liberation Sans", '
    '"DejaVu Sans", sans-serif'
)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` at font size ``size`` (px), measured generously (see :data:`_WIDTHS`)."""
    table = _BOLD_WIDTHS if bold else _WIDTHS
    units = 0
    for char in text:
        code = ord(char)
        units += table[code - 32] if 32 <= code < 127 else _OTHER_WIDTH
    return units * size / 1000


def _wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Words of ``text`` in lines at most ``max_width`` wide; an over-long word is cut."""
    lines: list[str] = []
    current = ""
    for given in text.split():
        word = given
        while text_width(word, size, bold) > max_width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > max_width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineLane:
    """One framework's lane."""

    id: str
    name: str
    color: str = "#555555"
    shape: int = 0
    """Index into the marker shapes (stable per framework: its place in the data)."""


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event in one lane."""

    framework: str
    date: dt.date
    label: str
    version: str | None = None
    aspect: str | None = None
    """The aspect of a history entry; ``None`` for a framework milestone."""
    aspect_title: str | None = None
    milestone: bool = False
    """A framework milestone (drawn filled) rather than a change on an aspect (hollow)."""
    targets: tuple[tuple[str, str], ...] = ()
    """Where the event is explained, best first: ``("aspect", id)`` or ``("framework", id)``."""

    @property
    def meta(self) -> str:
        """The date and version line of the label, e.g. ``"2019-09-30 · v2.0.0"``."""
        version = f" · v{self.version}" if self.version else ""
        return f"{self.date.isoformat()}{version}"

    def to_data(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "date": self.date.isoformat(),
            "label": self.label,
            "version": self.version,
            "aspect": self.aspect,
            "aspect_title": self.aspect_title,
            "milestone": self.milestone,
            "targets": [list(t) for t in self.targets],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TimelineEvent:
        return cls(
            framework=data["framework"],
            date=dt.date.fromisoformat(data["date"]),
            label=data["label"],
            version=data["version"],
            aspect=data["aspect"],
            aspect_title=data["aspect_title"],
            milestone=data["milestone"],
            targets=tuple((kind, target) for kind, target in data["targets"]),
        )


def collect_events(
    guide: mlguide.Guide,
    frameworks: Sequence[str],
    aspects: Sequence[str],
    milestones: bool = True,
) -> tuple[list[TimelineEvent], list[str]]:
    """The dated events of some frameworks, and a description of each undated entry left out.

    Events are every milestone (when ``milestones``) and every history entry of the
    frameworks' positions on ``aspects``, sorted by date (ties keep data order: milestones
    first, then aspects in the order given). A history entry with the same framework, date and
    label as a milestone (the data repeats some, e.g. a first release) is one event, linked to
    the aspect that explains it and then to the framework's card.
    """
    events: list[TimelineEvent] = []
    undated: list[str] = []
    for framework_id in frameworks:
        framework = guide.framework(framework_id)
        merged: dict[tuple[dt.date, str], int] = {}
        if milestones:
            for index, entry in enumerate(framework.milestones):
                if entry.date is None:
                    undated.append(
                        f"framework {framework_id!r}, milestones[{index}] {entry.label!r}"
                    )
                    continue
                merged[(entry.date, entry.label.casefold())] = len(events)
                events.append(
                    TimelineEvent(
                        framework=framework_id,
                        date=entry.date,
                        label=entry.label,
                        version=entry.version,
                        milestone=True,
                        targets=(("framework", framework_id),),
                    )
                )
        for aspect_id in aspects:
            aspect = guide.aspect(aspect_id)
            for index, entry in enumerate(guide.position(framework_id, aspect_id).history):
                if entry.date is None:
                    undated.append(
                        f"framework {framework_id!r}, aspect {aspect_id!r}, "
                        f"history[{index}] {entry.label!r}"
                    )
                    continue
                event = TimelineEvent(
                    framework=framework_id,
                    date=entry.date,
                    label=entry.label,
                    version=entry.version,
                    aspect=aspect_id,
                    aspect_title=aspect.title,
                    targets=(("aspect", aspect_id), ("framework", framework_id)),
                )
                same = merged.get((entry.date, entry.label.casefold()))
                if same is not None and events[same].milestone and events[same].aspect is None:
                    milestone = events[same]
                    events[same] = TimelineEvent(
                        framework=framework_id,
                        date=entry.date,
                        label=milestone.label,
                        version=milestone.version or entry.version,
                        aspect=aspect_id,
                        aspect_title=aspect.title,
                        milestone=True,
                        targets=event.targets,
                    )
                    continue
                events.append(event)
    order = {f: i for i, f in enumerate(frameworks)}
    events.sort(key=lambda e: (e.date, order[e.framework]))  # stable: data order on ties
    return events, undated


# --- layout ----------------------------------------------------------------------------------

WIDTH = 760
"""Width of the picture (viewBox units, about CSS pixels at full size)."""
MARGIN = 12
LABEL_WIDTH = 160
"""Longest label line; labels wrap to it. The axis stops this far before the right edge so a
label starting at the last date still fits."""
LEADER_PAD = 5
"""Gap between a leader line and its label's text."""
TITLE_SIZE, NAME_SIZE, LABEL_SIZE, META_SIZE, AXIS_SIZE = 14, 12, 11, 10, 10
META_LINE, LABEL_LINE = 12, 13
GAP_X, GAP_Y = 8, 5
"""Clearance between labels side by side and one above the other."""
LINE_GAP = 9
"""Distance from a lane line to the nearest label (room for the markers)."""
HEADER = 20
"""Height of a lane's name row."""
SHAPES = ("circle", "square", "diamond", "triangle", "triangle-down", "hexagon")


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
    """``start``: lines begin at ``x``; ``end``: lines end at ``x``."""


@dataclass(frozen=True)
class PlacedEvent:
    """An event drawn: marker on the lane line, leader, and label beside the leader."""

    index: int
    """Index of the event in :attr:`Layout.events`."""
    event: TimelineEvent
    x: float
    line_y: float
    side: int
    """``-1``: the label is above the lane line; ``1``: below."""
    meta: Text
    label: Text
    box: Box
    """The label's box: its date line and its label lines."""

    @property
    def leader(self) -> tuple[float, float, float]:
        """``(x, y1, y2)``: the leader runs from the lane line along the label's left side."""
        far = self.box.y if self.side < 0 else self.box.bottom
        return self.x, self.line_y, far


@dataclass(frozen=True)
class PlacedLane:
    lane: TimelineLane
    top: float
    bottom: float
    line_y: float
    name: Text
    events: tuple[PlacedEvent, ...]
    note: Text | None = None


@dataclass(frozen=True)
class Layout:
    """Everything :func:`svg` draws, in viewBox coordinates."""

    width: float
    height: float
    start: dt.date
    end: dt.date
    x0: float
    x1: float
    axis_y: float
    events: tuple[TimelineEvent, ...]
    lanes: tuple[PlacedLane, ...]
    ticks: tuple[tuple[float, bool], ...]
    """``(x, major)``: a year tick (major) or a month tick."""
    axis_labels: tuple[Text, ...]
    as_of: dt.date
    as_of_x: float | None
    as_of_label: Text | None
    title: Text | None
    legend: tuple[tuple[str, float, float], ...]
    """``(kind, x, y)``: the legend's swatches (``milestone`` filled, ``change`` hollow)."""
    legend_texts: tuple[Text, ...]

    @property
    def view_box(self) -> Box:
        return Box(0, 0, self.width, self.height)

    def texts(self) -> list[Text]:
        """Every text drawn (for overlap checks)."""
        out = [*self.axis_labels, *self.legend_texts]
        out += [t for t in (self.title, self.as_of_label) if t is not None]
        for lane in self.lanes:
            out.append(lane.name)
            if lane.note:
                out.append(lane.note)
            for placed in lane.events:
                out.append(placed.meta)
                out.append(placed.label)
        return out


def _text(x: float, baseline: float, text: str, size: float, kind: str, bold: bool = False) -> Text:
    """A one-line text; its box runs from the ascender to the descender."""
    width = text_width(text, size, bold)
    return Text(
        x, baseline, (text,), size, kind, Box(x, baseline - 0.93 * size, width, size * 1.17), bold
    )


def _block(
    x: float, baseline: float, lines: Sequence[str], size: float, kind: str, line_height: float
) -> Text:
    """A bold text of several lines (titles, lane names)."""
    width = max(text_width(line, size, True) for line in lines)
    top = baseline - 0.93 * size
    height = line_height * (len(lines) - 1) + size * 1.17
    return Text(
        x, baseline, tuple(lines), size, kind, Box(x, top, width, height), True, line_height
    )


def default_range(events: Sequence[TimelineEvent], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """From the 1st of January of the first event's year to the later of the last event and
    the as-of date, plus a little room."""
    if not events:
        return dt.date(as_of.year, 1, 1), as_of + dt.timedelta(days=30)
    first = min(e.date for e in events)
    last = max(*(e.date for e in events), as_of)
    start = dt.date(first.year, 1, 1)
    pad = max(15, (last - start).days // 60)
    return start, last + dt.timedelta(days=pad)


def layout(
    lanes: Sequence[TimelineLane],
    events: Sequence[TimelineEvent],
    as_of: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str | None = None,
    width: float = WIDTH,
    legend: bool = True,
) -> Layout:
    """Place everything: axis, lanes, markers and labels (pure: data in, geometry out).

    Events outside ``start``..``end`` are left out (the default range covers them all). In
    each lane, every event gets a marker on the lane line and a label (date and version, then
    the label, wrapped) beside a leader line, above or below the lane line (see
    :func:`_place_lane`): leaders never cross labels, labels never overlap each other or leave
    the picture, events on the same day hang one after the other on one leader, and a lane
    grows as deep as its labels need. ``legend=False`` leaves out the key to the markers.
    """
    if start is None or end is None:
        auto_start, auto_end = default_range(events, as_of)
        start = start or auto_start
        end = end or auto_end
    if end <= start:
        start, end = start - dt.timedelta(days=180), end + dt.timedelta(days=180)
    shown = sorted((e for e in events if start <= e.date <= end), key=lambda e: e.date)
    x0 = MARGIN + 4
    x1 = width - MARGIN - LEADER_PAD - LABEL_WIDTH
    span = (end - start).days

    def xof(day: dt.date) -> float:
        return round(x0 + (x1 - x0) * (day - start).days / span, 2)

    y = 4.0
    title_text = None
    if title:
        lines = _wrap(title, width - 2 * MARGIN, TITLE_SIZE, bold=True)
        title_text = _block(MARGIN, y + 15, lines, TITLE_SIZE, "title", TITLE_SIZE + 4)
        y += 26 + (TITLE_SIZE + 4) * (len(lines) - 1)
    # the axis: year labels above the line, ticks on it, the as-of date below it
    axis_y = y + 18
    ticks, axis_labels = _axis(start, end, xof, axis_y, x0, width)
    as_of_x = xof(as_of) if start <= as_of <= end else None
    as_of_label = None
    if as_of_x is not None:
        text = f"data as of {as_of.isoformat()}"
        label = _text(as_of_x + 4, axis_y + 13, text, AXIS_SIZE, "as-of")
        if label.box.right > width - MARGIN:
            label = _text(as_of_x - 4 - label.box.w, axis_y + 13, text, AXIS_SIZE, "as-of")
        as_of_label = label
    y = axis_y + 20

    placed_lanes: list[PlacedLane] = []
    index_of = {id(e): i for i, e in enumerate(shown)}
    for lane in lanes:
        lane_events = [e for e in shown if e.framework == lane.id]
        lines = _wrap(lane.name, width - 2 * MARGIN - 16, NAME_SIZE, bold=True)
        name = _block(MARGIN + 16, y + 14, lines, NAME_SIZE, "name", NAME_SIZE + 3)
        note = None
        header = HEADER + (NAME_SIZE + 3) * (len(lines) - 1)
        if not lane_events:
            words = "no dated events in this range"
            note = _text(name.box.right + 10, name.y, words, META_SIZE, "note")
            if note.box.right > width - MARGIN:  # on a line of its own
                note = _text(MARGIN + 16, name.box.bottom + 11, words, META_SIZE, "note")
                header += 14
        placed, line_y, bottom = _place_lane(lane_events, index_of, xof, y, header)
        placed_lanes.append(PlacedLane(lane, y, bottom, line_y, name, tuple(placed), note))
        y = bottom

    # legend: what the two marker fills mean
    keys: list[tuple[str, float, float]] = []
    legend_texts: list[Text] = []
    x = float(MARGIN + 6)
    ly = y + 16
    kinds = [("milestone", "framework milestone"), ("change", "change on an aspect")]
    for kind, words in kinds:
        if legend and any(e.milestone == (kind == "milestone") for e in shown):
            keys.append((kind, x, ly - 4))
            key = _text(x + 9, ly, words, META_SIZE, "legend")
            legend_texts.append(key)
            x = key.box.right + 18
    height = ly + 10 if legend_texts else y + 6
    return Layout(
        width=width,
        height=round(height, 2),
        start=start,
        end=end,
        x0=x0,
        x1=x1,
        axis_y=axis_y,
        events=tuple(shown),
        lanes=tuple(placed_lanes),
        ticks=tuple(ticks),
        axis_labels=tuple(axis_labels),
        as_of=as_of,
        as_of_x=as_of_x,
        as_of_label=as_of_label,
        title=title_text,
        legend=tuple(keys),
        legend_texts=tuple(legend_texts),
    )


def _axis(
    start: dt.date,
    end: dt.date,
    xof: Callable[[dt.date], float],
    axis_y: float,
    x0: float,
    width: float,
) -> tuple[list[tuple[float, bool]], list[Text]]:
    """Year ticks (labelled every 1, 2, 5 or 10 years, as room allows) and month ticks on
    short ranges; the start of the range is labelled when no year label is near it."""
    per_year = (xof(end) - xof(start)) * 365.25 / max(1, (end - start).days)
    step = next((s for s in (1, 2, 5, 10, 20, 50) if s * per_year >= 36), 100)
    ticks: list[tuple[float, bool]] = []
    labels: list[Text] = []
    baseline = axis_y - 6
    for year in range(start.year, end.year + 1):
        if per_year >= 100:
            for month in range(2, 13):
                day = dt.date(year, month, 1)
                if start <= day <= end:
                    ticks.append((xof(day), False))
        day = dt.date(year, 1, 1)
        if not start <= day <= end:
            continue
        ticks.append((xof(day), True))
        if year % step == 0 or step == 1:
            label = _text(xof(day) + 3, baseline, str(year), AXIS_SIZE, "year")
            if label.box.right <= width - MARGIN:
                labels.append(label)
    first = f"{start.year}" if (start.month, start.day) == (1, 1) else start.isoformat()[:7]
    start_label = _text(x0 + 3, baseline, first, AXIS_SIZE, "year")
    if not labels or labels[0].box.x >= start_label.box.right + 6:
        labels.insert(0, start_label)
    return ticks, labels


@dataclass
class _Item:
    """A label being placed (mutable working state of :func:`_place_lane`)."""

    n: int
    event: TimelineEvent
    x: float
    w: float
    h: float
    lines: list[str]
    side: int = 1
    facing: int = 1
    depth: float = 0.0

    def rewrap(self, max_width: float) -> None:
        """Wrap the label narrower, if that leaves at least its date line's width."""
        meta = text_width(self.event.meta, META_SIZE)
        if max_width >= self.w or max_width < max(meta, 40):
            return
        lines = _wrap(self.event.label, max_width, LABEL_SIZE)
        widths = [text_width(line, LABEL_SIZE) for line in lines]
        if max(widths) <= max_width:
            self.lines = lines
            self.w = max(meta, *widths)
            self.h = META_LINE + LABEL_LINE * len(lines) + 1

    @property
    def extent(self) -> tuple[float, float]:
        """The label's horizontal extent: right of the leader, or left of it."""
        if self.facing > 0:
            return self.x + LEADER_PAD, self.x + LEADER_PAD + self.w
        return self.x - LEADER_PAD - self.w, self.x - LEADER_PAD

    def covers(self, other: _Item) -> bool:
        """Whether ``other``'s leader runs where this label is (beside it, with clearance):
        then this label must lie beyond the far end of ``other``'s."""
        left, right = self.extent
        if self.facing > 0:
            return self.x < other.x <= right + GAP_X
        # same day (same x): the labels hang on one leader, one past the other
        return left - GAP_X <= other.x < self.x

    @property
    def far(self) -> float:
        return self.depth + self.h


def _place_lane(
    events: Sequence[TimelineEvent],
    index_of: Mapping[int, int],
    xof: Callable[[dt.date], float],
    top: float,
    header: float = HEADER,
) -> tuple[list[PlacedEvent], float, float]:
    """Stack one lane's labels; returns them, the lane line's y and the lane's bottom.

    Events alternate between the two sides of the lane line, in date order. On each side a
    label faces right of its leader, or left when fewer labels crowd that way (and it fits),
    so a cluster of events spreads both ways from its middle. A label that would lie across
    another event's leader goes beyond that event's label (its dependency); labels are placed
    dependencies first, each at the nearest depth where it overlaps nothing. A label facing
    right always fits (the axis stops short of the right edge), so when two labels would
    each have to lie beyond the other, one of them turns to face right.

    Depths are distances from the lane line outwards (up for side -1, down for side 1).
    """
    items = []
    for n, event in enumerate(events):
        item = _Item(n, event, xof(event.date), float(LABEL_WIDTH) + 1, 0, [])
        item.rewrap(LABEL_WIDTH)
        item.side = 1 if n % 2 == 0 else -1
        items.append(item)
    for side in (-1, 1):
        _place_side([it for it in items if it.side == side])
    above = max((it.far for it in items if it.side < 0), default=0.0)
    below = max((it.far for it in items if it.side > 0), default=0.0)
    line_y = top + header + max(above, 8.0)
    bottom = line_y + max(below, 8.0) + 10
    out: list[PlacedEvent] = []
    for it in items:
        event = it.event
        box_y = line_y + it.depth if it.side > 0 else line_y - it.far
        left, right = it.extent
        tx, anchor = (left, "start") if it.facing > 0 else (right, "end")
        meta_w = text_width(event.meta, META_SIZE)
        label_w = max(text_width(line, LABEL_SIZE) for line in it.lines)
        meta = Text(
            tx, box_y + 9.5, (event.meta,), META_SIZE, "meta",
            Box(tx if it.facing > 0 else tx - meta_w, box_y, meta_w, META_LINE),
            anchor=anchor,
        )  # fmt: skip
        label = Text(
            tx, box_y + META_LINE + 10.5, tuple(it.lines), LABEL_SIZE, "label",
            Box(tx if it.facing > 0 else tx - label_w, box_y + META_LINE, label_w,
                LABEL_LINE * len(it.lines) + 1),
            line_height=LABEL_LINE, anchor=anchor,
        )  # fmt: skip
        out.append(
            PlacedEvent(
                index=index_of[id(event)],
                event=event,
                x=it.x,
                line_y=line_y,
                side=it.side,
                meta=meta,
                label=label,
                box=Box(left, box_y, it.w, it.h),
            )
        )
    return out, line_y, bottom


def _place_side(items: list[_Item]) -> None:
    """Choose each label's facing and depth on one side of a lane line (see
    :func:`_place_lane`)."""
    for cluster in _clusters(items):
        # A V: the left part faces left, the right part right, split to balance their heights.
        # Labels at the left edge that cannot face left lead the cluster facing right, and so
        # does any label after them whose left-facing label would meet theirs head-on.
        for it in cluster:
            it.facing = 1
        lead = 0
        while lead < len(cluster) and (
            cluster[lead].x - LEADER_PAD - cluster[lead].w < MARGIN
            or any(_head_on(cluster[j], cluster[lead]) for j in range(lead))
        ):
            if lead + 1 < len(cluster):
                # narrower, it may stop short of the next leader, which can then face left
                it, after = cluster[lead], cluster[lead + 1]
                it.rewrap(after.x - GAP_X - it.x - LEADER_PAD - 1)
            lead += 1
        total = sum(it.h for it in cluster)
        best, split, running = total, 0, 0.0
        for k, it in enumerate(cluster, start=1):
            running += it.h
            if k > lead and max(running, total - running) < best:
                best, split = max(running, total - running), k
        for it in cluster[lead:split]:
            if it.x - LEADER_PAD - it.w >= MARGIN:
                it.facing = -1
    while True:
        deps = {it.n: [o for o in items if o is not it and it.covers(o)] for it in items}
        order = _topological(items, deps)
        if len(order) == len(items):
            break
        # a cycle: labels that would each lie beyond another; turn the leftmost to the right
        done = {it.n for it in order}
        stuck = [it for it in items if it.n not in done and it.facing < 0]
        min(stuck, key=lambda it: (it.x, it.n)).facing = 1  # facing right only is acyclic
    placed: list[_Item] = []
    for it in order:
        lower = max((o.far + GAP_Y for o in deps[it.n]), default=float(LINE_GAP))
        left, right = it.extent
        near = [o for o in placed if o.extent[0] < right + GAP_X and left - GAP_X < o.extent[1]]
        for depth in sorted({lower, *(o.far + GAP_Y for o in near if o.far + GAP_Y > lower)}):
            if all(depth + it.h + GAP_Y <= o.depth or o.far + GAP_Y <= depth for o in near):
                it.depth = depth
                break
        placed.append(it)


def _head_on(left: _Item, right: _Item) -> bool:
    """Whether ``left`` facing right and ``right`` facing left would each cover the other."""
    saved = left.facing, right.facing
    left.facing, right.facing = 1, -1
    meet = left.covers(right) and right.covers(left)
    left.facing, right.facing = saved
    return meet


def _clusters(items: list[_Item]) -> list[list[_Item]]:
    """Items in date order, cut where neighbours are too far apart for their labels to meet."""
    ordered = sorted(items, key=lambda it: (it.x, it.n))
    clusters: list[list[_Item]] = []
    for it in ordered:
        if clusters:
            last = clusters[-1][-1]
            if it.x - last.x <= 2 * LEADER_PAD + max(it.w, last.w) + GAP_X:
                clusters[-1].append(it)
                continue
        clusters.append([it])
    return clusters


def _topological(items: list[_Item], deps: Mapping[int, list[_Item]]) -> list[_Item]:
    """Items with every item after its dependencies (left to right among the ready ones);
    shorter than ``items`` when dependencies form a cycle."""
    waiting = {it.n: len(deps[it.n]) for it in items}
    dependents: dict[int, list[_Item]] = {it.n: [] for it in items}
    for it in items:
        for dep in deps[it.n]:
            dependents[dep.n].append(it)
    ready = sorted((it for it in items if waiting[it.n] == 0), key=lambda it: (it.x, it.n))
    order: list[_Item] = []
    while ready:
        it = ready.pop(0)
        order.append(it)
        for other in dependents[it.n]:
            waiting[other.n] -= 1
            if waiting[other.n] == 0:
                ready.append(other)
        ready.sort(key=lambda it: (it.x, it.n))
    return order


# --- SVG -------------------------------------------------------------------------------------


def _shape(shape: str, x: float, y: float, r: float) -> str:
    """Path data of a marker centred on (x, y), about ``2r`` across."""
    if shape == "circle":
        return f"M{x - r:.2f},{y:.2f}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
    if shape == "square":
        s = r * 0.88
        return f"M{x - s:.2f},{y - s:.2f}h{2 * s:.2f}v{2 * s:.2f}h{-2 * s:.2f}Z"
    if shape == "diamond":
        s = r * 1.2
        return f"M{x:.2f},{y - s:.2f}L{x + s:.2f},{y:.2f}L{x:.2f},{y + s:.2f}L{x - s:.2f},{y:.2f}Z"
    if shape == "triangle":
        s = r * 1.15
        return f"M{x:.2f},{y - s:.2f}L{x + s:.2f},{y + s * 0.8:.2f}L{x - s:.2f},{y + s * 0.8:.2f}Z"
    if shape == "triangle-down":
        s = r * 1.15
        return f"M{x:.2f},{y + s:.2f}L{x + s:.2f},{y - s * 0.8:.2f}L{x - s:.2f},{y - s * 0.8:.2f}Z"
    # hexagon
    s = r * 1.05
    h = s * 0.87
    return (
        f"M{x - s:.2f},{y:.2f}L{x - s / 2:.2f},{y - h:.2f}L{x + s / 2:.2f},{y - h:.2f}"
        f"L{x + s:.2f},{y:.2f}L{x + s / 2:.2f},{y + h:.2f}L{x - s / 2:.2f},{y + h:.2f}Z"
    )


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _svg_text(text: Text, extra: str = "", href: str | None = None) -> str:
    """A ``<text>`` carrying its box in ``data-box`` (x y w h), each line a ``<tspan>``."""
    box = " ".join(_n(v) for v in (text.box.x, text.box.y, text.box.w, text.box.h))
    spans = "".join(
        f'<tspan x="{_n(text.x)}" y="{_n(text.y + i * text.line_height)}">{escape(line)}</tspan>'
        for i, line in enumerate(text.lines)
    )
    if href:
        spans = f'<a href="{escape(href)}">{spans}</a>'
    anchor = ' text-anchor="end"' if text.anchor == "end" else ""
    return f'<text class="tl-{text.kind}"{anchor}{extra} data-box="{box}">{spans}</text>'


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
    w, h = _n(lo.width), _n(lo.height)
    # A picture with links in it is a group of links, not one image (an img role would hide
    # the links from assistive technology).
    role = "group" if hrefs else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mlguide-timeline-svg" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="{role}" '
        f'aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" '
        f'style="display:block;width:100%;max-width:{w}px;height:auto">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(describe(lo))}</desc>',
        "<style>" + _style(lo) + "</style>",
    ]
    if lo.title:
        out.append(_svg_text(lo.title))
    bottom = lo.lanes[-1].bottom if lo.lanes else lo.axis_y + 10
    # grid and axis
    for x, major in lo.ticks:
        if major:
            out.append(f'<path class="tl-grid" d="M{_n(x)},{_n(lo.axis_y)}V{_n(bottom)}"/>')
            out.append(f'<path class="tl-tick" d="M{_n(x)},{_n(lo.axis_y - 5)}V{_n(lo.axis_y)}"/>')
        else:
            out.append(f'<path class="tl-tick" d="M{_n(x)},{_n(lo.axis_y - 2)}V{_n(lo.axis_y)}"/>')
    out.append(f'<path class="tl-axis" d="M{_n(lo.x0)},{_n(lo.axis_y)}H{_n(lo.x1)}"/>')
    out.extend(_svg_text(t) for t in lo.axis_labels)
    if lo.as_of_x is not None and lo.as_of_label is not None:
        out.append(
            f'<path class="tl-asof" d="M{_n(lo.as_of_x)},{_n(lo.axis_y - 5)}V{_n(bottom)}"/>'
        )
        out.append(_svg_text(lo.as_of_label))
    # lanes
    for lane in lo.lanes:
        shape = SHAPES[lane.lane.shape % len(SHAPES)]
        out.append(f'<g class="tl-lane tl-fw-{escape(lane.lane.id)}">')
        if lane is not lo.lanes[0]:
            out.append(
                f'<path class="tl-sep" d="M{MARGIN},{_n(lane.top)}H{_n(lo.width - MARGIN)}"/>'
            )
        icon = _shape(shape, MARGIN + 6, lane.name.y - 4, 5)
        out.append(f'<path class="tl-mark tl-milestone" d="{icon}"/>')
        out.append(_svg_text(lane.name))
        if lane.note:
            out.append(_svg_text(lane.note))
        out.append(f'<path class="tl-line" d="M{_n(lo.x0)},{_n(lane.line_y)}H{_n(lo.x1)}"/>')
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
            out.append(f'<path class="tl-leader" d="M{_n(x)},{_n(y1)}V{_n(y2)}"/>')
            out.append(f'<path class="tl-mark {kind}" d="{_shape(shape, x, y1, 4.5)}"/>')
            out.append(_svg_text(placed.meta))
            out.append(_svg_text(placed.label, href=hrefs.get(placed.index)))
            out.append("</g>")
        out.append("</g>")
    for kind, x, y in lo.legend:
        out.append(f'<path class="tl-mark tl-{kind} tl-key" d="{_shape("circle", x, y, 4)}"/>')
    out.extend(_svg_text(t) for t in lo.legend_texts)
    out.append("</svg>")
    return "".join(out)


def _style(lo: Layout) -> str:
    """CSS for the picture: text and lines in ``currentColor`` (follows light and dark
    themes), markers in each framework's colour with a ``currentColor`` outline."""
    rules = [
        f".mlguide-timeline-svg text{{font-family:{FONT_FAMILY};fill:currentColor}}",
        f".tl-title{{font-size:{TITLE_SIZE}px;font-weight:bold}}",
        f".tl-name{{font-size:{NAME_SIZE}px;font-weight:bold}}",
        f".tl-label{{font-size:{LABEL_SIZE}px}}",
        f".tl-meta,.tl-year,.tl-as-of,.tl-legend,.tl-note{{font-size:{META_SIZE}px}}",
        ".tl-meta,.tl-note{fill-opacity:.75}",
        ".tl-note{font-style:italic}",
        ".tl-axis,.tl-tick,.tl-line{stroke:currentColor;stroke-width:1;fill:none}",
        ".tl-grid{stroke:currentColor;stroke-opacity:.15;stroke-width:1;fill:none}",
        ".tl-sep{stroke:currentColor;stroke-opacity:.3;stroke-width:1;fill:none}",
        ".tl-asof{stroke:currentColor;stroke-opacity:.5;stroke-width:1;"
        "stroke-dasharray:4 3;fill:none}",
        ".tl-leader{stroke:currentColor;stroke-opacity:.45;stroke-width:1;fill:none}",
        ".tl-mark{stroke:currentColor;stroke-width:1.2}",
        ".tl-change{fill:none;stroke-width:1.8}",
        ".tl-key.tl-milestone{fill:currentColor}",
        ".tl-key.tl-change{stroke:currentColor}",
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


# --- the node and its rendering per builder ---------------------------------------------------


class mlguide_timeline(nodes.General, nodes.Element):
    """A timeline; renders itself for the builder that writes it.

    Attributes: ``lanes`` and ``events`` (plain data), ``as_of``, ``start``, ``end`` (ISO
    dates), ``title`` (given or ``""``), ``alt`` (the SVG's title), ``docname`` (the page it is
    on). Its children are the events as a dated list, for non-HTML builders.
    """

    def walkabout(self, visitor: nodes.NodeVisitor) -> bool:
        builder = getattr(visitor, "builder", None)
        if builder is None or getattr(builder, "format", "") != "html":
            # every other builder writes the dated list (links resolved by the domain)
            return any(child.walkabout(visitor) for child in self.children)
        raw = nodes.raw(
            "",
            render_svg(self, builder),
            format="html",
            classes=["mlguide-timeline", *self["classes"]],
            ids=list(self["ids"]),
        )
        raw.parent = self.parent
        if self.document is not None:
            raw.document = self.document
        return raw.walkabout(visitor)


#: Builders that print (with WeasyPrint): an SVG cannot break across pages, so each lane is a
#: picture of its own (same date axis, the title on the first, the key on the last); and
#: WeasyPrint makes no PDF link of an SVG ``<a>``, so these pictures have none.
PAGED_BUILDERS = ("mlguide-pdf",)


def _node_layouts(node: mlguide_timeline, per_lane: bool) -> list[tuple[str, Layout]]:
    """``(suffix, layout)`` of the node's picture, or of each lane's picture."""
    lanes = [TimelineLane(**lane) for lane in node["lanes"]]
    events = [TimelineEvent.from_data(e) for e in node["events"]]
    as_of = dt.date.fromisoformat(node["as_of"])
    start = dt.date.fromisoformat(node["start"])
    end = dt.date.fromisoformat(node["end"])
    title = node["title"] or None
    if not per_lane or len(lanes) == 1:
        return [("", layout(lanes, events, as_of, start, end, title))]
    last = len(lanes) - 1
    return [
        (
            f"-{lane.id}",
            layout([lane], events, as_of, start, end, title if n == 0 else None, legend=n == last),
        )
        for n, lane in enumerate(lanes)
    ]


def _is_single_page(builder: Builder) -> bool:
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    return builder.name in SINGLE_PAGE_BUILDERS or isinstance(builder, SingleFileHTMLBuilder)


def event_href(builder: Builder, fromdocname: str, targets: Sequence[Sequence[str]]) -> str | None:
    """Link to the first target the guide renders (see the domain), for this builder."""
    domain: Any = builder.env.get_domain("mlguide")
    for kind, target in targets:
        place = domain._place(kind, target)
        if place is None:
            continue
        docname, anchor = place
        if _is_single_page(builder) or docname == fromdocname:
            return f"#{anchor}"
        return f"{builder.get_relative_uri(fromdocname, docname)}#{anchor}"
    return None


def render_svg(node: mlguide_timeline, builder: Builder) -> str:
    """The node's SVG with its links resolved for ``builder`` (for a printing builder, one
    SVG per lane and no links: see :data:`PAGED_BUILDERS`)."""
    base = node["ids"][0] if node["ids"] else node["uid"]
    paged = builder.name in PAGED_BUILDERS
    out = []
    for suffix, lo in _node_layouts(node, per_lane=paged):
        hrefs = {}
        # WeasyPrint draws an SVG <a> as plain text (no PDF link), and misplaces
        # right-aligned text inside one: the printed picture has no links
        for index, event in enumerate([] if paged else lo.events):
            href = event_href(builder, node["docname"], event.targets)
            if href:
                hrefs[index] = href
        title = node["alt"]
        if suffix:
            title = f"{title}: {lo.lanes[0].lane.name}"
        out.append(svg(lo, uid=f"{base}{suffix}", title=title, hrefs=hrefs))
    return "".join(out)


def event_list(
    events: Sequence[TimelineEvent], names: Mapping[str, str], title: str | None
) -> nodes.container:
    """The events as a dated bullet list, in date order, each labelled with its framework:
    ``2019-09-30 — TensorFlow 2.0.0: TF 2.0: eager execution by default (Execution model)``."""
    items = nodes.bullet_list(classes=["mlguide-timeline-list"])
    for event in events:
        para = nodes.paragraph()
        para += nodes.strong("", event.date.isoformat())
        para += nodes.Text(" — ")
        para += xref("framework", event.framework, names[event.framework])
        version = f" {event.version}" if event.version else ""
        para += nodes.Text(f"{version}: {event.label}")
        if event.aspect and event.aspect_title:
            para += nodes.Text(" (")
            para += xref("aspect", event.aspect, event.aspect_title)
            para += nodes.Text(")")
        items += nodes.list_item("", para)
    parts: list[nodes.Node] = []
    if title:
        parts.append(nodes.rubric("", title, classes=["mlguide-timeline-title"]))
    parts.append(items)
    return nodes.container("", *parts, classes=["mlguide-timeline-events"])


# --- the directive ---------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class TimelineDirective(MlguideDirective):
    """A timeline of the frameworks' dated events, one lane per framework.

    Options: ``:frameworks:`` (ids; default all), ``:aspects:`` (ids: only the history of
    these aspects, and no framework milestones; default: every aspect's history plus the
    milestones), ``:from:`` and ``:to:`` (ISO dates ``YYYY-MM-DD``; ``YYYY-MM`` or ``YYYY``
    mean the start or end of that month or year), ``:title:`` (shown above the picture; also
    its accessible name).
    """

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "frameworks": directives.unchanged,
        "aspects": directives.unchanged,
        "from": directives.unchanged,
        "to": directives.unchanged,
        "title": directives.unchanged,
    }

    def date_option(self, option: str, end: bool) -> dt.date | None:
        """An ISO date option; a bad value warns (subtype ``option``) and is ignored."""
        raw = (self.options.get(option) or "").strip()
        if option not in self.options:
            return None
        match = _DATE.match(raw)
        try:
            if not match:
                raise ValueError(raw)
            year, month, day = match.groups()
            if day:
                return dt.date(int(year), int(month), int(day))
            if month:
                first = dt.date(int(year), int(month), 1)
                if not end:
                    return first
                return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
        except ValueError:
            self.warn(
                f"invalid date {raw!r} for :{option}: (expected an ISO date such as "
                "2019-09-30, or 2019-09, or 2019); ignoring it",
                "option",
            )
            return None

    def empty_message(
        self,
        names: Sequence[str],
        aspects: Sequence[str],
        start: dt.date | None,
        end: dt.date | None,
    ) -> nodes.paragraph:
        """What shows instead of an empty picture (a range with no events is not an error:
        the data may simply have none yet), e.g. "No dated events for JAX since 2030-01-01."."""
        about = ""
        if "aspects" in self.options:
            about = " on " + ", ".join(self.guide.aspect(a).title for a in aspects)
        if start and end:
            when = f" between {start.isoformat()} and {end.isoformat()}"
        elif start:
            when = f" since {start.isoformat()}"
        elif end:
            when = f" up to {end.isoformat()}"
        else:
            when = ""
        text = f"No dated events for {', '.join(names)}{about}{when}."
        return nodes.paragraph("", text, classes=["mlguide-timeline-empty"])

    def render(self) -> list[nodes.Node]:
        guide = self.guide
        frameworks = self.frameworks()
        aspects = self.aspects()
        events, undated = collect_events(
            guide, frameworks, aspects, milestones="aspects" not in self.options
        )
        for entry in undated:
            self.warn(f"{entry} has no date; left out of the timeline", "undated")
        start = self.date_option("from", end=False)
        end = self.date_option("to", end=True)
        if start and end and start > end:
            self.warn(
                f":from: {start.isoformat()} is after :to: {end.isoformat()}; showing every date",
                "option",
            )
            start = end = None
        events = [
            e
            for e in events
            if (start is None or e.date >= start) and (end is None or e.date <= end)
        ]
        names = {f.id: f.name for f in guide.frameworks}
        if not events:
            return [self.empty_message([names[f] for f in frameworks], aspects, start, end)]
        as_of = guide.info.as_of
        auto_start, auto_end = default_range(events, as_of)
        order = guide.framework_ids
        lanes = [
            {
                "id": f,
                "name": names[f],
                "color": guide.framework(f).color,
                "shape": order.index(f),
            }
            for f in frameworks
        ]
        title = (self.options.get("title") or "").strip()
        start, end = start or auto_start, end or auto_end
        alt = title or (
            f"Timeline of {', '.join(names[f] for f in frameworks)}, {start.year} to {end.year}"
        )
        slug = re.sub(r"[^a-z0-9]+", "-", self.env.docname.lower()).strip("-")
        uid = f"mlguide-timeline-{slug}-{self.env.new_serialno('mlguide-timeline')}"
        node = mlguide_timeline(
            "",
            event_list(events, names, title or None),
            lanes=lanes,
            events=[e.to_data() for e in events],
            as_of=as_of.isoformat(),
            start=start.isoformat(),
            end=end.isoformat(),
            title=title,
            alt=alt,
            docname=self.env.docname,
            uid=uid,
            ids=[uid],
        )
        self.set_source_info(node)
        return [node]
