"""The "What changed" page ({mlguide:changes}) and the bibliography grouped by kind
({mlguide:sources} with :group: kind), built by Sphinx from a copy of the MyST test root.

The earlier edition is the minimal dataset's own export with deliberate changes, written
beside the page, so each expected line is known here.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

import mlguide
from mlguide.export import guide_to_dict
from tests.conftest import MINIMAL_DATA

ROOTS = Path(__file__).parent / "roots"


def project(tmp_path: Path, page: str) -> Path:
    """The MyST test root with ``page`` as its index, and old.json beside it: the minimal
    data's export where PyTorch's origin summary and the first profile's picks differed."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    (src / "index.md").write_text(page, encoding="utf-8")
    for extra in ("frameworks.md", "aspects.md"):
        (src / extra).unlink()
    old = copy.deepcopy(guide_to_dict(mlguide.load_uncached([MINIMAL_DATA], package_data=False)))
    for position in old["positions"]:
        if (position["framework"], position["aspect"]) == ("pytorch", "origin"):
            position["summary"] = "An old summary with `code`."
    old["recommendations"][0]["picks"] = ["tensorflow"]
    old["info"]["data_version"] = "2026.10.0"
    (src / "old.json").write_text(json.dumps(old), encoding="utf-8")
    return src


def build(make_app: Any, src: Path, builder: str = "html") -> tuple[Path, str]:
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


CHANGES = "# What changed\n\n```{mlguide:changes}\n:since: old.json\n```\n"


def test_changes_list_what_differs_major_first(make_app: Any, tmp_path: Path) -> None:
    """The page names both editions, then the changed picks and the summary, quoted whole
    (Markdown rendered, the earlier value marked), with no warning."""
    out, warnings = build(make_app, project(tmp_path, CHANGES))
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one("div.mlguide-changes")
    assert block is not None
    intro = block.select_one(".mlguide-changes-intro")
    assert intro is not None
    assert " ".join(intro.get_text().split()) == (
        "Changes from edition 2026.10.0 (facts as of 2026-11-26) to edition 2026.11.0 "
        "(facts as of 2026-11-26)."
    )
    titles = [r.get_text() for r in block.select("p.mlguide-changes-title")]
    assert titles == ["Picks for each reader (1)", "Summaries (1)"]
    summary = block.select_one("ul.mlguide-changes-summaries li")
    assert summary is not None
    assert summary.select_one("strong").get_text() == "PyTorch on Origin and governance: "
    was = summary.select_one(".mlguide-change-was")
    assert was is not None and was.select_one("code").get_text() == "code"
    assert "An old summary with code." in " ".join(was.get_text().split())


def test_changes_print_in_plain_builders(make_app: Any, tmp_path: Path) -> None:
    """The text builder (as every non-HTML builder) gets the same lines, nothing dropped."""
    out, warnings = build(make_app, project(tmp_path, CHANGES), "text")
    assert warnings == ""
    text = " ".join((out / "index.txt").read_text(encoding="utf-8").split())
    assert "Picks for each reader (1)" in text
    assert "now PyTorch, TensorFlow (was: TensorFlow)" in text


def test_an_unknown_or_missing_edition_warns(make_app: Any, tmp_path: Path) -> None:
    """:since: naming no file warns with the page and line; without :since:, data whose
    version is older than every stored edition warns that there is none to compare with."""
    page = (
        "# Changes\n\n```{mlguide:changes}\n:since: nosuch.json\n```\n\n```{mlguide:changes}\n```\n"
    )
    _, warnings = build(make_app, project(tmp_path, page))
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 2
    assert "index.md:3: WARNING: :since: " in lines[0] and "no such export file" in lines[0]
    assert "[mlguide.changes]" in lines[0]
    assert "index.md:7: WARNING: no stored edition is older than data version 2026.11.0" in lines[1]


def test_sources_grouped_by_kind(make_app: Any, tmp_path: Path) -> None:
    """:group: kind puts each source under its kind's heading (primary kinds first), keeps
    its number and anchor, and drops the kind from the entry (the heading says it)."""
    page = "# Sources\n\n```{mlguide:matrix}\n```\n\n```{mlguide:sources}\n:scope: all\n:group: kind\n```\n"
    out, warnings = build(make_app, project(tmp_path, page))
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    guide = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    headings = [r.get_text() for r in soup.select("p.mlguide-bibliography-kind")]
    # the minimal data gives `primary = true` only: every source is an "other primary" one
    assert headings == [f"Other primary sources ({len(guide.sources())})"]
    entries = soup.select("ul.mlguide-bibliography > li")
    assert [e["id"] for e in entries][:2] == ["mlguide-source-1", "mlguide-source-2"]
    assert "primary source" not in entries[0].get_text()
