"""The decision picture as a grid (pure): which frameworks each reader profile picks, and why.

One row per profile: its name, then a cell per framework column (the first pick a filled
marker with "1", later picks outlined markers with "2", "3"…, nothing where the profile does
not pick the framework), then the reason in words. One column per framework that some shown
profile picks, headed by the framework's marker (its shape and colour, as on its cards and
its timeline lane) and name. Rules separate the rows; nothing joins a profile to a
framework, so nothing can cross. Every text is measured and wrapped in the face it is drawn
in, and every loop runs once per row, column or pick: the layout is bounded for any number
of them. Where even the narrowest columns do not fit the width asked for, the picture is
laid out wider (a screen scrolls it in its frame, print scales it to the page) rather than
letting text overlap.

:func:`layout_picks` places everything; :func:`picks_svg` writes the SVG; :func:`describe`
says the same in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from mlguide.sphinxext.drawing.geometry import Box, Text, block, text
from mlguide.sphinxext.drawing.measure import SCREEN, Face, wrap
from mlguide.sphinxext.drawing.svg import n, open_svg, shape, svg_text

__all__ = [
    "KEY_WORDS",
    "PickColumn",
    "PickRow",
    "PicksLayout",
    "PlacedColumn",
    "PlacedMark",
    "PlacedRow",
    "describe",
    "layout_picks",
    "picks_svg",
]

MARGIN = 12
TITLE_SIZE, HEAD_SIZE, NAME_SIZE, REASON_SIZE, RANK_SIZE, KEY_SIZE = 14, 11, 11, 10, 10, 10
TITLE_LINE, HEAD_LINE, NAME_LINE, REASON_LINE = 18, 13, 14, 13
#: The smallest text drawn (a screen enlarges the picture until it shows at 11 px).
SMALLEST_TEXT = min(TITLE_SIZE, HEAD_SIZE, NAME_SIZE, REASON_SIZE, RANK_SIZE, KEY_SIZE)
MARK_R = 5.5
"""Radius of a marker; a shape reaches at most 1.2 times it from its centre (the diamond)."""
MARK_REACH = 1.2 * MARK_R
RANK_GAP = 2.5
"""Between a marker and its rank."""
GAP = 12
"""Between two columns."""
ROW_PAD = 5
"""Between a row's rules and its content."""
COLUMN_MAX = 96
"""The widest a framework column grows for its name; a longer name wraps."""
TEXT_MIN = 80
"""The narrowest the profile and the "Why" columns get before the picture is laid out wider."""
PROFILE_SHARES = (0.45, 0.4, 0.35, 0.3, 0.25)
"""The shares of the room left by the framework columns tried for the profiles' names (the
reasons get the rest): the one that makes the rows shortest is taken, the widest of equals."""
#: The words of the key, for a first pick and for a later one.
KEY_WORDS = ("first pick", "also good")
HEADINGS = ("Who", "Why")


@dataclass(frozen=True)
class PickColumn:
    """A framework: its id, name, colour (``#rrggbb``) and marker shape (one of ``SHAPES``)."""

    id: str
    name: str
    color: str
    shape: str


@dataclass(frozen=True)
class PickRow:
    """A reader profile: its id, name, picks (framework ids, first pick first) and reason
    (plain text; ``None`` when the data gives none)."""

    id: str
    profile: str
    picks: tuple[str, ...]
    reason: str | None = None


@dataclass(frozen=True)
class PlacedColumn:
    """A framework column: its left side and width; its header's marker centre and name."""

    column: PickColumn
    x: float
    w: float
    mark: tuple[float, float]
    name: Text

    @property
    def centre(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class PlacedRow:
    """A profile's row: its band (between its rules), its name and its reason."""

    row: PickRow
    y: float
    h: float
    name: Text
    reason: Text | None


@dataclass(frozen=True)
class PlacedMark:
    """One pick: the profile and framework, its rank (1 for the first pick), the marker's
    centre and the rank's text beside it."""

    row: str
    column: str
    rank: int
    x: float
    y: float
    number: Text


@dataclass(frozen=True)
class PicksLayout:
    width: float
    height: float
    title: Text | None
    headings: tuple[Text, ...]
    """"Who" above the profiles and "Why" above the reasons (when there are any)."""
    columns: tuple[PlacedColumn, ...]
    rows: tuple[PlacedRow, ...]
    marks: tuple[PlacedMark, ...]
    rules: tuple[float, ...]
    """The height of each rule, from ``MARGIN`` to ``width - MARGIN``: under the header and
    under each row."""
    key: tuple[tuple[int, float, float, Text], ...]
    """``(rank, x, y, number)``: a sample marker of a first (1) or a later (2) pick."""
    key_texts: tuple[Text, ...]
    face: Face = field(default=SCREEN)

    @property
    def view_box(self) -> Box:
        return Box(0, 0, self.width, self.height)

    def texts(self) -> list[Text]:
        """Every text drawn (for overlap checks)."""
        out = [t for t in (self.title,) if t is not None] + list(self.headings)
        out += [c.name for c in self.columns]
        for row in self.rows:
            out.append(row.name)
            if row.reason is not None:
                out.append(row.reason)
        out += [m.number for m in self.marks]
        out += [number for _, _, _, number in self.key] + list(self.key_texts)
        return out


def _top_of(face: Face, size: float) -> float:
    """How far a text's box reaches above its baseline."""
    return face.ascent * size


def _rank_group(face: Face, rank: int) -> float:
    """The width of a marker with its rank beside it."""
    return 2 * MARK_REACH + RANK_GAP + face.width(str(rank), RANK_SIZE, bold=True)


def _widths(
    columns: Sequence[PickColumn], rows: Sequence[PickRow], width: float, face: Face
) -> tuple[float, list[float], float, float]:
    """The picture's width and its columns': framework columns, profiles, reasons.

    A framework column is as wide as its name (at most :data:`COLUMN_MAX`) and never
    narrower than its widest marker and rank; of what is left, the profiles get the share of
    :data:`PROFILE_SHARES` that makes the rows shortest (no more than their longest name
    needs), the reasons the rest. When that leaves the text columns under :data:`TEXT_MIN`,
    the framework columns give up their names' room; when even that is not enough, the
    picture is made wider.
    """
    has_why = any(r.reason for r in rows)
    ranks = max((len(r.picks) for r in rows), default=1)
    # a marker sits under its column's header marker, its rank to its right: room for the
    # rank on both sides
    cell = 2 * _rank_group(face, ranks) - 2 * MARK_REACH
    natural = [
        max(cell, min(face.width(c.name, HEAD_SIZE, bold=True), COLUMN_MAX)) for c in columns
    ]
    text_columns = 2 if has_why else 1
    gaps = GAP * (len(columns) + text_columns - 1)
    usable = width - 2 * MARGIN
    need = TEXT_MIN * text_columns
    if usable - sum(natural) - gaps < need:
        natural = [cell] * len(columns)
    rest = usable - sum(natural) - gaps
    if rest < need:
        width, rest = width + need - rest, need
    if not has_why:
        return width, natural, rest, 0.0
    longest = max(
        (face.width(r.profile, NAME_SIZE, bold=True) for r in rows),
        default=TEXT_MIN,
    )
    longest = max(longest, face.width(HEADINGS[0], HEAD_SIZE, bold=True))
    best: tuple[float, float] | None = None
    for share in PROFILE_SHARES:
        profile = min(max(longest, TEXT_MIN), max(rest * share, TEXT_MIN), rest - TEXT_MIN)
        height = sum(_row_height(r, profile, rest - profile, face) for r in rows)
        if best is None or height < best[0]:
            best = (height, profile)
    assert best is not None
    return width, natural, best[1], rest - best[1]


def _row_height(row: PickRow, profile_w: float, why_w: float, face: Face) -> float:
    """How tall a row's texts are with these widths of the profile and "Why" columns."""
    name = NAME_LINE * len(wrap(row.profile, profile_w, NAME_SIZE, bold=True, face=face))
    said = wrap(row.reason, why_w, REASON_SIZE, face=face) if row.reason else []
    return max(name, REASON_LINE * len(said))


def layout_picks(
    rows: Sequence[PickRow],
    columns: Sequence[PickColumn],
    width: float = 760,
    title: str | None = None,
    face: Face = SCREEN,
) -> PicksLayout:
    """Place the grid (see the module's description).

    :param columns: the frameworks, in the order their columns appear.
    :raises ValueError: on a pick of a framework that has no column, or a profile that
        picks the same framework twice.
    """
    ids = {c.id for c in columns}
    for row in rows:
        for pick in row.picks:
            if pick not in ids:
                raise ValueError(f"profile {row.id!r} picks {pick!r}, which has no column")
        if len(set(row.picks)) != len(row.picks):
            raise ValueError(f"profile {row.id!r} picks a framework twice: {row.picks}")
    width, fw_widths, profile_w, why_w = _widths(columns, rows, width, face)

    y = 4.0
    title_text = None
    if title:
        lines = wrap(title, width - 2 * MARGIN, TITLE_SIZE, bold=True, face=face)
        title_text = block(MARGIN, y + 15, lines, TITLE_SIZE, "title", TITLE_LINE, face=face)
        y = title_text.box.bottom + 8

    # the header: "Who", a marker and a name per framework, "Why"
    head_top = y + 4
    mark_y = head_top + MARK_REACH
    baseline = mark_y + MARK_REACH + 4 + _top_of(face, HEAD_SIZE)
    placed_columns: list[PlacedColumn] = []
    x = MARGIN + profile_w + GAP
    for column, w in zip(columns, fw_widths, strict=True):
        lines = wrap(column.name, w, HEAD_SIZE, bold=True, face=face)
        centre = x + w / 2
        name = block(centre, baseline, lines, HEAD_SIZE, "head", HEAD_LINE, face=face,
                     anchor="middle")  # fmt: skip
        placed_columns.append(PlacedColumn(column, x, w, (centre, mark_y), name))
        x += w + GAP
    why_x = x
    headings = [text(MARGIN, baseline, HEADINGS[0], HEAD_SIZE, "head", True, face)]
    if why_w:
        headings.append(text(why_x, baseline, HEADINGS[1], HEAD_SIZE, "head", True, face))
    head_bottom = max(t.box.bottom for t in [*headings, *(c.name for c in placed_columns)])
    rules = [round(head_bottom + ROW_PAD, 2)]

    # the rows, each as tall as its longest text (or its markers)
    placed_rows: list[PlacedRow] = []
    marks: list[PlacedMark] = []
    where = {c.column.id: c for c in placed_columns}
    for row in rows:
        top = rules[-1]
        first = top + ROW_PAD + _top_of(face, NAME_SIZE)
        lines = wrap(row.profile, profile_w, NAME_SIZE, bold=True, face=face)
        name = block(MARGIN, first, lines, NAME_SIZE, "name", NAME_LINE, face=face)
        reason = None
        if why_w and row.reason:
            said = wrap(row.reason, why_w, REASON_SIZE, face=face)
            reason = block(why_x, first, said, REASON_SIZE, "reason", REASON_LINE, False, face)
        # a marker sits level with the first line's lower-case letters, inside the row
        centre_y = max(first - 0.35 * NAME_SIZE, top + ROW_PAD + MARK_REACH)
        bottom = max(name.box.bottom, centre_y + MARK_REACH, reason.box.bottom if reason else 0)
        for rank, pick in enumerate(row.picks, 1):
            centre = where[pick].centre
            number = text(centre + MARK_REACH + RANK_GAP, first, str(rank), RANK_SIZE, "rank",
                          True, face)  # fmt: skip
            bottom = max(bottom, number.box.bottom)
            marks.append(PlacedMark(row.id, pick, rank, centre, centre_y, number))
        h = bottom + ROW_PAD - top
        placed_rows.append(PlacedRow(row, top, round(h, 2), name, reason))
        rules.append(round(top + h, 2))

    # the key: a first pick and, where some profile has one, a later pick
    key: list[tuple[int, float, float, Text]] = []
    key_texts: list[Text] = []
    ky = rules[-1] + 8 + _top_of(face, KEY_SIZE)
    kx = float(MARGIN)
    # (a later pick is explained only where some profile has one)
    shown = 0 if not rows else 2 if any(len(r.picks) > 1 for r in rows) else 1
    for rank, words in list(zip((1, 2), KEY_WORDS, strict=True))[:shown]:
        need = _rank_group(face, rank) + 4 + face.width(words, KEY_SIZE)
        if kx > MARGIN and kx + need > width - MARGIN:
            kx, ky = float(MARGIN), ky + 16
        number = text(kx + 2 * MARK_REACH + RANK_GAP, ky, str(rank), RANK_SIZE, "rank", True, face)
        key.append((rank, kx + MARK_REACH, ky - 0.35 * KEY_SIZE, number))
        label = text(number.box.right + 4, ky, words, KEY_SIZE, "key", face=face)
        key_texts.append(label)
        kx = label.box.right + 18
    height = ky + face.descent * KEY_SIZE + 6 if key else rules[-1] + 6
    return PicksLayout(
        width=round(width, 2),
        height=round(height, 2),
        title=title_text,
        headings=tuple(headings),
        columns=tuple(placed_columns),
        rows=tuple(placed_rows),
        marks=tuple(marks),
        rules=tuple(rules),
        key=tuple(key),
        key_texts=tuple(key_texts),
        face=face,
    )


def describe(rows: Sequence[PickRow], columns: Sequence[PickColumn]) -> str:
    """The grid in words (the picture's ``<desc>``): each profile, its picks and why."""
    names = {c.id: c.name for c in columns}
    parts = []
    for row in rows:
        picked = [names[p] for p in row.picks]
        words = f"{row.profile}: " + (f"first pick {picked[0]}" if picked else "no pick")
        if picked[1:]:
            words += f"; also good: {', '.join(picked[1:])}"
        parts.append(words + (f". Why: {row.reason.rstrip('.')}." if row.reason else "."))
    return " ".join(parts)


def picks_svg(
    layout: PicksLayout,
    uid: str,
    title: str,
    desc: str,
    css_class: str,
    row_hrefs: Mapping[str, str] | None = None,
    column_hrefs: Mapping[str, str] | None = None,
) -> str:
    """The grid as an inline ``<svg>`` (well-formed XML; all data text escaped). Text is in
    ``currentColor``, so it follows light and dark themes; a framework's colour fills or
    outlines its markers only (it is not contrasted as text would need to be).

    :param row_hrefs: link of each profile's name, by profile id.
    :param column_hrefs: link of each framework's name, by framework id.
    """
    row_hrefs, column_hrefs = row_hrefs or {}, column_hrefs or {}
    lo = layout
    p = "pk"
    role = "group" if row_hrefs or column_hrefs else "img"
    out = [open_svg(f"mlguide-picks {css_class}", lo.width, lo.height, uid, title, desc,
                    _style(lo), role)]  # fmt: skip
    if lo.title:
        out.append(svg_text(lo.title, p))
    out.extend(svg_text(t, p) for t in lo.headings)
    tint = {c.column.id: i for i, c in enumerate(lo.columns)}
    for i, placed in enumerate(lo.columns):
        column = placed.column
        out.append(f'<g class="pk-column pk-tint-{i}" data-id="{escape(column.id)}">')
        mark = shape(column.shape, *placed.mark, MARK_R)
        out.append(f'<path class="pk-mark pk-first" data-shape="{escape(column.shape)}" '
                   f'd="{mark}"/>')  # fmt: skip
        out.append(svg_text(placed.name, p, href=column_hrefs.get(column.id)))
        out.append("</g>")
    right = lo.width - MARGIN
    out.extend(f'<path class="pk-rule" d="M{MARGIN},{n(y)}H{n(right)}"/>' for y in lo.rules)
    names = {c.column.id: c.column.name for c in lo.columns}
    shapes = {c.column.id: c.column.shape for c in lo.columns}
    by_row: dict[str, list[PlacedMark]] = {}
    for placed_mark in lo.marks:
        by_row.setdefault(placed_mark.row, []).append(placed_mark)
    for row in lo.rows:
        out.append(f'<g class="pk-row" data-id="{escape(row.row.id)}">')
        out.append(svg_text(row.name, p, href=row_hrefs.get(row.row.id)))
        if row.reason is not None:
            out.append(svg_text(row.reason, p))
        for pick in by_row.get(row.row.id, []):
            kind = "pk-first" if pick.rank == 1 else "pk-then"
            said = "first pick" if pick.rank == 1 else f"also good ({pick.rank})"
            tip = f"{row.row.profile}: {said}, {names[pick.column]}"
            out.append(
                f'<g class="pk-pick pk-tint-{tint[pick.column]}" '
                f'data-framework="{escape(pick.column)}" data-rank="{pick.rank}">'
                f"<title>{escape(tip)}</title>"
                f'<path class="pk-mark {kind}" data-shape="{escape(shapes[pick.column])}" '
                f'd="{shape(shapes[pick.column], pick.x, pick.y, MARK_R)}"/>'
            )
            out.append(svg_text(pick.number, p) + "</g>")
        out.append("</g>")
    for rank, x, y, number in lo.key:
        kind = "pk-first" if rank == 1 else "pk-then"
        out.append(f'<g class="pk-key-sample"><path class="pk-mark {kind}" '
                   f'd="{shape("circle", x, y, MARK_R)}"/>{svg_text(number, p)}</g>')  # fmt: skip
    out.extend(svg_text(t, p) for t in lo.key_texts)
    out.append("</svg>")
    return "".join(out)


def _style(lo: PicksLayout) -> str:
    rules = [
        f".mlguide-picks text{{font-family:{lo.face.family};fill:currentColor}}",
        f".pk-title{{font-size:{TITLE_SIZE}px;font-weight:bold}}",
        f".pk-head{{font-size:{HEAD_SIZE}px;font-weight:bold}}",
        f".pk-name{{font-size:{NAME_SIZE}px;font-weight:bold}}",
        f".pk-reason{{font-size:{REASON_SIZE}px}}",
        f".pk-rank{{font-size:{RANK_SIZE}px;font-weight:bold}}",
        f".pk-key{{font-size:{KEY_SIZE}px}}",
        ".pk-rule{fill:none;stroke:currentColor;stroke-width:.6;stroke-opacity:.35}",
        # a sample of the key is neither framework's: drawn in the text's colour
        ".pk-mark{stroke:currentColor;stroke-width:1.6}",
        ".pk-mark.pk-first{fill:currentColor}",
        ".pk-mark.pk-then{fill:none}",
        ".mlguide-picks a{text-decoration:none}"
        ".mlguide-picks a:hover tspan,.mlguide-picks a:focus tspan{text-decoration:underline}",
    ]
    # a colour is a class with a rule here (WeasyPrint reads a style attribute as HTML CSS,
    # where fill and stroke are unknown)
    for i, placed in enumerate(lo.columns):
        color = placed.column.color
        rules.append(
            f".pk-tint-{i} .pk-mark{{stroke:{color}}}.pk-tint-{i} .pk-mark.pk-first{{fill:{color}}}"
        )
    return "".join(rules)
