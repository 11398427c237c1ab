"""The ``timeline`` directive and its node: the data's dated events drawn as an SVG at build
time, or listed for builders that cannot show one.

* Reading: :class:`TimelineDirective` gathers the events (:func:`collect_events`), warns
  about undated ones and bad options, and returns a :class:`mlguide_timeline` node holding
  the events as plain data, plus the same events as a dated bullet list (its children).
* Writing: the node renders itself for the builder that writes it (it overrides
  ``walkabout``). HTML-format builders (``html``, ``singlehtml``, ``epub`` and the PDF
  builder) get the inline ``<svg>`` as a raw HTML node, measured and drawn in the face that
  builder's output uses (see :func:`~mlguide.sphinxext.drawing.measure.face_for`); every
  other builder (text, LaTeX, man, ...) gets the bullet list. Event links are resolved at
  that point, for that builder, through the ``mlguide`` domain. The PDF builder gets one SVG
  per lane (an SVG cannot break across pages) and no links; see :data:`PAGED_BUILDERS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.shorten import shown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.drawing.measure import SCREEN, Face, face_for
from mlguide.sphinxext.nodes import PictureNode, fact_list
from mlguide.sphinxext.render import xref
from mlguide.sphinxext.screen import is_screen_builder, picture_layout_width
from mlguide.sphinxext.timeline.events import (
    TimelineEvent,
    TimelineLane,
    collect_events,
    default_range,
)
from mlguide.sphinxext.timeline.layout import (
    AXIS_SIZE,
    LABEL_SIZE,
    META_SIZE,
    NAME_SIZE,
    TITLE_SIZE,
    WIDTH,
    Layout,
    layout,
)
from mlguide.sphinxext.timeline.svg import svg
from mlguide.sphinxext.transforms import SINGLE_PAGE_BUILDERS

if TYPE_CHECKING:
    from sphinx.builders import Builder

__all__ = [
    "PAGED_BUILDERS",
    "TimelineDirective",
    "event_href",
    "event_list",
    "mlguide_timeline",
    "render_svg",
]


class mlguide_timeline(PictureNode):
    """A timeline; renders itself for the builder that writes it.

    Attributes: ``lanes`` and ``events`` (plain data), ``as_of``, ``start``, ``end`` (ISO
    dates), ``title`` (given or ``""``), ``alt`` (the SVG's title), ``docname`` (the page it is
    on). Its children are the events as a dated list, for non-HTML builders.
    """

    css_class = "mlguide-timeline"
    smallest_text = min(TITLE_SIZE, NAME_SIZE, LABEL_SIZE, META_SIZE, AXIS_SIZE)

    def svg(self, builder: Builder) -> str:
        return render_svg(self, builder)


#: Builders that print (with WeasyPrint): an SVG cannot break across pages, so each lane is a
#: picture of its own (same date axis, the title on the first, the key on the last); and
#: WeasyPrint makes no PDF link of an SVG ``<a>``, so these pictures have none.
PAGED_BUILDERS = ("mlguide-pdf",)


def _node_layouts(
    node: mlguide_timeline, per_lane: bool, face: Face = SCREEN, width: float = WIDTH
) -> list[tuple[str, Layout]]:
    """``(suffix, layout)`` of the node's picture, or of each lane's picture, ``width`` wide."""
    lanes = [TimelineLane(**lane) for lane in node["lanes"]]
    events = [TimelineEvent.from_data(e) for e in node["events"]]
    as_of = dt.date.fromisoformat(node["as_of"])
    start = dt.date.fromisoformat(node["start"])
    end = dt.date.fromisoformat(node["end"])
    title = node["title"] or None
    if not per_lane or len(lanes) == 1:
        return [("", layout(lanes, events, as_of, start, end, title, width, face=face))]
    last = len(lanes) - 1
    return [
        (
            f"-{lane.id}",
            layout(
                [lane],
                events,
                as_of,
                start,
                end,
                title if n == 0 else None,
                width,
                legend=n == last,
                face=face,
                legend_lanes=lanes,
            ),
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
    # a screen draws the picture larger (its smallest text at 11 px): laid out narrower
    width = picture_layout_width(node.smallest_text) if is_screen_builder(builder) else WIDTH
    out = []
    for suffix, lo in _node_layouts(node, paged, face_for(builder.name), width):
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
    paragraphs = []
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
        paragraphs.append(para)
    return fact_list(paragraphs, title, "mlguide-timeline")


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
        match = _DATE.fullmatch(raw)
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
                f"invalid date {shown(raw)} for :{option}: (expected an ISO date such as "
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
        # a framework with nothing to show gets no lane: the picture says so in a line below
        shown = [f for f in frameworks if any(e.framework == f for e in events)]
        lanes = [
            {
                "id": f,
                "name": names[f],
                "color": guide.framework(f).color,
                "shape": order.index(f),
            }
            for f in shown
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
        left_out = [names[f] for f in frameworks if f not in shown]
        if not left_out:
            return [node]
        return [
            node,
            self.empty_message(
                left_out,
                aspects,
                start if "from" in self.options else None,
                end if "to" in self.options else None,
            ),
        ]
