"""The timeline's layout: axis, lanes, markers, leaders and labels placed from the events
(pure: data in, geometry out; no Sphinx). :func:`layout` is the entry point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mlguide.sphinxext.drawing.geometry import Box, Text, block, text
from mlguide.sphinxext.drawing.measure import SCREEN, Face, text_width, wrap
from mlguide.sphinxext.timeline.events import TimelineEvent, TimelineLane, default_range

__all__ = ["Layout", "PlacedEvent", "PlacedLane", "layout"]

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
KEY_STEP = 12
"""Distance between the legend's swatches side by side."""


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
    legend: tuple[tuple[str, TimelineLane, float, float], ...]
    """``(kind, lane, x, y)``: the legend's swatches, each in a lane's shape and colour
    (``milestone`` filled, ``change`` hollow), as that lane draws its markers."""
    legend_texts: tuple[Text, ...]
    face: Face = SCREEN
    """The face the texts are measured in (and drawn in: see the SVG writer)."""

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


def layout(
    lanes: Sequence[TimelineLane],
    events: Sequence[TimelineEvent],
    as_of: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str | None = None,
    width: float = WIDTH,
    legend: bool = True,
    face: Face = SCREEN,
    legend_lanes: Sequence[TimelineLane] | None = None,
) -> Layout:
    """Place everything: axis, lanes, markers and labels (pure: data in, geometry out).

    Events outside ``start``..``end`` are left out (the default range covers them all). In
    each lane, every event gets a marker on the lane line and a label (date and version, then
    the label, wrapped) beside a leader line, above or below the lane line (see
    :func:`_place_lane`): leaders never cross labels, labels never overlap each other or leave
    the picture, events on the same day hang one after the other on one leader, and a lane
    grows as deep as its labels need. ``legend=False`` leaves out the key to the markers;
    the key shows each kind of marker in the shape of every lane in ``legend_lanes`` (default:
    ``lanes``), as the lanes draw them. Text is measured in ``face``, the face it is drawn in.
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
        lines = wrap(title, width - 2 * MARGIN, TITLE_SIZE, bold=True, face=face)
        title_text = block(MARGIN, y + 15, lines, TITLE_SIZE, "title", TITLE_SIZE + 4, face=face)
        y += 26 + (TITLE_SIZE + 4) * (len(lines) - 1)
    # the axis: year labels above the line, ticks on it, the as-of date below it
    axis_y = y + 18
    ticks, axis_labels = _axis(start, end, xof, axis_y, x0, width, face)
    as_of_x = xof(as_of) if start <= as_of <= end else None
    as_of_label = None
    if as_of_x is not None:
        words = f"data as of {as_of.isoformat()}"
        label = text(as_of_x + 4, axis_y + 13, words, AXIS_SIZE, "as-of", face=face)
        if label.box.right > width - MARGIN:
            label = text(
                as_of_x - 4 - label.box.w, axis_y + 13, words, AXIS_SIZE, "as-of", face=face
            )
        as_of_label = label
    y = axis_y + 20

    placed_lanes: list[PlacedLane] = []
    index_of = {id(e): i for i, e in enumerate(shown)}
    for lane in lanes:
        lane_events = [e for e in shown if e.framework == lane.id]
        lines = wrap(lane.name, width - 2 * MARGIN - 16, NAME_SIZE, bold=True, face=face)
        name = block(MARGIN + 16, y + 14, lines, NAME_SIZE, "name", NAME_SIZE + 3, face=face)
        note = None
        header = HEADER + (NAME_SIZE + 3) * (len(lines) - 1)
        if not lane_events:
            words = "no dated events in this range"
            note = text(name.box.right + 10, name.y, words, META_SIZE, "note", face=face)
            if note.box.right > width - MARGIN:  # on a line of its own
                note = text(MARGIN + 16, name.box.bottom + 11, words, META_SIZE, "note", face=face)
                header += 14
        placed, line_y, bottom = _place_lane(lane_events, index_of, xof, y, header, face)
        placed_lanes.append(PlacedLane(lane, y, bottom, line_y, name, tuple(placed), note))
        y = bottom

    # legend: what the two marker fills mean, in each lane's marker shape
    keys: list[tuple[str, TimelineLane, float, float]] = []
    legend_texts: list[Text] = []
    x = float(MARGIN + 6)
    ly = y + 16
    kinds = [("milestone", "framework milestone"), ("change", "change on an aspect")]
    swatches = list(lanes if legend_lanes is None else legend_lanes)
    for kind, words in kinds:
        if not legend or not any(e.milestone == (kind == "milestone") for e in shown):
            continue
        need = KEY_STEP * len(swatches) + 4 + text_width(words, META_SIZE, face=face)
        if x > MARGIN + 6 and x + need > width - MARGIN:  # the next key on a line of its own
            x, ly = float(MARGIN + 6), ly + 16
        for lane in swatches:
            keys.append((kind, lane, x, ly - 4))
            x += KEY_STEP
        key = text(x - KEY_STEP + 9, ly, words, META_SIZE, "legend", face=face)
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
        face=face,
    )


def _axis(
    start: dt.date,
    end: dt.date,
    xof: Callable[[dt.date], float],
    axis_y: float,
    x0: float,
    width: float,
    face: Face,
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
            label = text(xof(day) + 3, baseline, str(year), AXIS_SIZE, "year", face=face)
            if label.box.right <= width - MARGIN:
                labels.append(label)
    first = f"{start.year}" if (start.month, start.day) == (1, 1) else start.isoformat()[:7]
    start_label = text(x0 + 3, baseline, first, AXIS_SIZE, "year", face=face)
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
    face: Face
    side: int = 1
    facing: int = 1
    depth: float = 0.0

    def rewrap(self, max_width: float) -> None:
        """Wrap the label narrower, if that leaves at least its date line's width."""
        meta = self.face.width(self.event.meta, META_SIZE)
        if max_width >= self.w or max_width < max(meta, 40):
            return
        lines = wrap(self.event.label, max_width, LABEL_SIZE, face=self.face)
        widths = [self.face.width(line, LABEL_SIZE) for line in lines]
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
    face: Face = SCREEN,
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
        item = _Item(n, event, xof(event.date), float(LABEL_WIDTH) + 1, 0, [], face)
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
        meta_w = face.width(event.meta, META_SIZE)
        label_w = max(face.width(line, LABEL_SIZE) for line in it.lines)
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
