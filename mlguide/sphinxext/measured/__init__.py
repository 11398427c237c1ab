"""Measured speed: a recorded run of the framework benchmark on a page.

Split by concern like the timeline: :mod:`.layout` places a chart's bars and texts (pure,
testable without Sphinx), :mod:`.svg` writes it, and :mod:`.directive` holds the
``measurements`` directive, its picture node and its tables. The figures themselves come from
:mod:`mlguide.measurements`, as they do for the CLI and the exports.
"""

from mlguide.sphinxext.measured.directive import (
    PARTS,
    MeasurementsDirective,
    caveats,
    chart_data,
    mlguide_measured,
)
from mlguide.sphinxext.measured.layout import Bar, Chart, ChartLayout, PlacedBar, layout_chart
from mlguide.sphinxext.measured.svg import chart_svg, describe

__all__ = [
    "PARTS",
    "Bar",
    "Chart",
    "ChartLayout",
    "MeasurementsDirective",
    "PlacedBar",
    "caveats",
    "chart_data",
    "chart_svg",
    "describe",
    "layout_chart",
    "mlguide_measured",
]
