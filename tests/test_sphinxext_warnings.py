"""After a warning the page shows what source/extension.md promises (the default is used, the
repeat is ignored), and `suppress_warnings` silences one subtype at a time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOTS

pytestmark = pytest.mark.sphinx

#: The aspects of tests/fixtures/minimal-data/aspects.toml, in order.
ASPECT_TITLES = [
    "Origin and governance",
    "Computational graph and execution model",
    "Serialization and model formats",
    "Visualization, debugging and profiling",
    "Deployment and serving",
]


def _build(make_app: Any, tmp_path: Path, **overrides: Any) -> tuple[BeautifulSoup, list[str]]:
    src = tmp_path / "bad"
    shutil.copytree(ROOTS / "test-bad", src)
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    lines = [line for line in app.warning.getvalue().splitlines() if "WARNING" in line]
    return soup, lines


def test_suppressing_one_subtype_keeps_the_others(make_app: Any, tmp_path: Path) -> None:
    """suppress_warnings = ["mlguide.duplicate", "mlguide.option"] silences exactly the
    duplicate and the four option warnings; the thirteen others of the page remain."""
    _, lines = _build(make_app, tmp_path, suppress_warnings=["mlguide.duplicate", "mlguide.option"])
    subtypes = sorted(re.findall(r"\[mlguide\.([a-z-]+)\]", "\n".join(lines)))
    assert subtypes == [
        "argument",
        "content",
        *["empty"] * 4,
        *["unknown-id"] * 7,
    ]


def test_what_renders_after_each_warning(make_app: Any, tmp_path: Path) -> None:
    """An empty :aspects: shows the default (every aspect); a framework listed twice is shown
    once; an invalid :layout: falls back to columns; content given to a directive is dropped;
    an unknown framework in a compare leaves the known one."""
    soup, _ = _build(make_app, tmp_path)
    empty, duplicate = soup.select("table.mlguide-matrix")
    rows = [tr.find("td").get_text(" ", strip=True) for tr in empty.select("tbody tr")]
    assert rows == ASPECT_TITLES
    heads = [th.get_text(" ", strip=True) for th in duplicate.select("thead th")]
    assert heads == ["Aspect", "PyTorch", "Verdict"]
    aspect = soup.select_one("#mlguide-aspect-origin")
    assert aspect is not None
    assert aspect.select(".sd-tab-set") == [] and len(aspect.select(".mlguide-panel")) == 2
    assert "This directive takes no content." not in soup.get_text()
    compare = soup.select_one(".mlguide-compare")
    assert compare is not None
    headers = {h.get_text(strip=True) for h in compare.select(".mlguide-panel .sd-card-header")}
    assert headers == {"TensorFlow"}
    # the claims and recommend with an invalid :layout: show cards, like the default
    assert len(soup.select(".mlguide-claims")) == 2
    assert len(soup.select(".mlguide-recommendations")) == 2


def test_an_invalid_choice_names_the_value_used_instead(make_app: Any, tmp_path: Path) -> None:
    """An unknown :layout: or :scope: warns with the choices and the default taken."""
    _, lines = _build(make_app, tmp_path)
    options = [
        re.sub(r"\x1b\[[0-9;]*m", "", line.split(" WARNING: ", 1)[1])  # colour codes
        for line in lines
        if "[mlguide.option]" in line
    ]
    assert options == [
        "invalid value 'colums' for :layout:; did you mean 'columns'? (choose from columns, "
        "tabs); using 'columns' [mlguide.option]",
        "invalid value 'everything' for :scope: (choose from page, all); using 'page' "
        "[mlguide.option]",
        "invalid value 'grid' for :layout: (choose from cards, list); using 'cards' "
        "[mlguide.option]",
        "invalid value 'table' for :layout: (choose from cards, list); using 'cards' "
        "[mlguide.option]",
    ]
