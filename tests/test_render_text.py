"""Texts the extension's render module writes from data, read directly from its functions."""

from __future__ import annotations

import dataclasses
import datetime

from docutils import nodes

import mlguide
from mlguide.sphinxext import render
from tests.conftest import MINIMAL_DATA


def test_a_release_reads_by_what_is_known() -> None:
    """A framework card's release: version and date; the date alone when the release had no
    number; a date nobody knows said so; ``unknown`` when neither is known."""
    minimal = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    known = minimal.framework("pytorch").first_release  # 2017-01-19, no version
    assert known.date == datetime.date(2017, 1, 19) and known.version is None
    readings = [
        render.release_text(dataclasses.replace(known, version=version, date=date))
        for version, date in (
            ("0.1.6", known.date),
            (None, known.date),
            ("0.1.6", None),
            (None, None),
        )
    ]
    assert readings == [
        "0.1.6, released 2017-01-19",
        "2017-01-19",
        "0.1.6, release date unknown",
        "unknown",
    ]


def test_a_matrix_has_one_column_per_framework_and_one_for_the_verdicts() -> None:
    """The table's column count, column widths and cells per row: aspect, each framework,
    then "Who leads" unless the verdicts are left out."""
    guide = mlguide.load()
    for verdicts, columns in ((True, 4), (False, 3)):
        table = render.matrix_table(guide, ["jax", "keras"], ["origin", "deployment"], verdicts)
        group = table.children[0]
        assert isinstance(group, nodes.tgroup) and group["cols"] == columns
        widths = [c["colwidth"] for c in group.findall(nodes.colspec)]
        assert widths == [2] + [3] * (columns - 1)
        rows = list(group.findall(nodes.row))
        assert len(rows) == 3
        assert {len(row.children) for row in rows} == {columns}
