"""The timeline: the frameworks' dated events as a picture, one lane per framework.

The package is split by concern: :mod:`.events` gathers the events from a guide,
:mod:`.layout` places everything (pure, testable without Sphinx), :mod:`.svg` writes the
picture, and :mod:`.directive` holds the directive and its node. Text measurement, boxes and
SVG primitives are shared with the other pictures (:mod:`mlguide.sphinxext.drawing`).
"""

from mlguide.sphinxext.drawing.geometry import Box, Text
from mlguide.sphinxext.drawing.measure import text_width
from mlguide.sphinxext.timeline.directive import (
    PAGED_BUILDERS,
    TimelineDirective,
    event_href,
    event_list,
    mlguide_timeline,
    render_svg,
)
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
    Layout,
    PlacedEvent,
    PlacedLane,
    layout,
)
from mlguide.sphinxext.timeline.svg import describe, svg

__all__ = [
    "AXIS_SIZE",
    "LABEL_SIZE",
    "META_SIZE",
    "NAME_SIZE",
    "PAGED_BUILDERS",
    "TITLE_SIZE",
    "Box",
    "Layout",
    "PlacedEvent",
    "PlacedLane",
    "Text",
    "TimelineDirective",
    "TimelineEvent",
    "TimelineLane",
    "collect_events",
    "default_range",
    "describe",
    "event_href",
    "event_list",
    "layout",
    "mlguide_timeline",
    "render_svg",
    "svg",
    "text_width",
]
