"""Snapshots of what the directives render for data with an unknown position, history, verdicts
with and without leaders, and claims that hold, are outdated and were wrong; each snapshot
has targeted assertions beside it, with expected values written out here.

A snapshot (tests/test_snapshots/*.pseudoxml) changes only in a commit of its own, after the
change in rendering was reviewed: regenerate with ``pytest tests/test_snapshots.py
--force-regen``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOTS

pytestmark = pytest.mark.sphinx


def _build(make_app: Any, tmp_path: Path, builder: str) -> tuple[Path, str]:
    src = tmp_path / "snapshots"
    shutil.copytree(ROOTS / "test-snapshots", src)
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_doctree_snapshot(make_app: Any, tmp_path: Path, file_regression: Any) -> None:
    """The node structure of compare, aspect, matrix and claims on the rich data, pinned; and
    in it the renderings the snapshot exists for."""
    out, warnings = _build(make_app, tmp_path, "pseudoxml")
    assert warnings == ""
    text = re.sub(r'source="[^"]*"', 'source="..."', (out / "index.pseudoxml").read_text())
    flat = _flat(text)
    # an unknown position says so, with its reason
    assert 'classes="mlguide-summary mlguide-unknown"' in text
    assert "Unknown: not yet researched for this test" in flat
    # history, oldest first, with date and version
    first = flat.index("2019-04-30, 1.1:")
    assert first < flat.index("2019-08-08, 1.2:")
    assert "What changed when" in flat
    # verdicts without a headline: a leader by name, and no single leader (never "nobody")
    assert "Verdict: TensorFlow." in flat
    assert "Verdict: No single leader." in flat
    assert "Nobody" not in flat
    # one badge per claim verdict, capitalised as a reader sees it
    badges = re.findall(r'classes="mlguide-badge mlguide-verdict-(\w+)">\s*(.+)', text)
    assert [(kind, label.strip()) for kind, label in badges] == [
        ("outdated", "Outdated since TensorFlow 2.0 (2019-09-30)"),
        ("holds", "Holds"),
        ("wrong", "Wrong"),
    ]
    file_regression.check(text, basename="doctree_rich", extension=".pseudoxml")


def test_html_shows_the_same_renderings(make_app: Any, tmp_path: Path) -> None:
    """In HTML: the unknown panel, the two history items, the matrix's "Unknown" cell and its
    "Verdict" column without headlines (TensorFlow, no single leader, no verdict yet)."""
    out, warnings = _build(make_app, tmp_path, "html")
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    unknown = soup.select(".mlguide-unknown")
    assert {_flat(p.get_text(" ")) for p in unknown} == {
        "Unknown: not yet researched for this test"
    }
    aspect = soup.select_one(".mlguide-aspect")
    assert aspect is not None
    items = [_flat(li.get_text(" ")) for li in aspect.select("ul.mlguide-history > li")]
    assert [item.split(":")[0] for item in items] == ["2019-04-30, 1.1", "2019-08-08, 1.2"]
    matrix = soup.select_one("table.mlguide-matrix")
    assert matrix is not None
    for label in matrix.select(".mlguide-matrix-label"):  # each cell's column name, for phones
        label.decompose()
    rows = [
        [_flat(td.get_text(" ")) for td in tr.find_all("td")] for tr in matrix.select("tbody tr")
    ]
    assert [row[0] for row in rows] == [
        "Deployment and serving",
        "Visualization and monitoring",
        "Origin and governance",
    ]
    assert [row[-1] for row in rows] == ["TensorFlow", "No single leader", "No verdict yet"]
    assert rows[0][2] == "Unknown"
