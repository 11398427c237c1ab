"""The equivalents directive on real Sphinx builds: MyST and reST, HTML themes, text, LaTeX
and the PDF builder; options; located warnings."""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pypdf
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOTS

pytestmark = pytest.mark.sphinx

EQUIVALENTS_DATA = Path(__file__).parent / "fixtures" / "equivalents-data"
os.environ["MLGUIDE_TEST_EQUIVALENTS"] = str(EQUIVALENTS_DATA)

with (EQUIVALENTS_DATA / "equivalents.toml").open("rb") as _file:
    RAW = tomllib.load(_file)
#: The fixture's rows, read straight from the file: id -> {framework: cell}.
ROWS = {row["id"]: {c["framework"]: c for c in row["cells"]} for row in RAW["equivalents"]}


def build(
    make_app: Any, tmp_path: Path, builder: str, pages: dict[str, str] | None = None, **conf: Any
) -> tuple[Path, str]:
    """Build a copy of the equivalents test root (plus extra pages); output folder, warnings."""
    src = tmp_path / "equivalents"
    shutil.copytree(ROOTS / "test-equivalents", src)
    for name, text in (pages or {}).items():
        (src / name).write_text(text, encoding="utf-8")
    app = make_app(builder, srcdir=src, confoverrides=conf, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def _table(soup: BeautifulSoup, index: int = 0) -> Any:
    tables = soup.select("table.mlguide-equivalents")
    assert len(tables) == 2
    return tables[index]


@pytest.mark.parametrize("page", ["index", "rest"])
@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_html_table(make_app: Any, tmp_path: Path, page: str, theme: str) -> None:
    """HTML, MyST and reST alike: framework columns with their imports in the header, group
    rows, an anchor per row, the code of every cell, reasons for the others."""
    out, warnings = build(make_app, tmp_path, "html", html_theme=theme)
    assert warnings == ""
    soup = BeautifulSoup((out / f"{page}.html").read_text(), "html.parser")
    table = _table(soup)
    head = [th.select_one(".mlguide-equiv-fw").get_text() for th in table.select("thead th")[1:]]
    assert head == ["TensorFlow", "PyTorch"]  # the minimal data's framework order
    imports = [th.select_one("pre").get_text().strip() for th in table.select("thead th")[1:]]
    assert imports == ["import tensorflow as tf", "import torch"]
    groups = [tr.get_text(strip=True) for tr in table.select("tr.mlguide-equiv-group")]
    assert groups == ["Tensors", "Gradients", "Deployment"]
    rows = table.select("tr.mlguide-equiv-row")
    assert [tr["id"] for tr in rows] == [f"mlguide-equivalent-{r}" for r in ROWS]
    for tr, (row_id, cells) in zip(rows, ROWS.items(), strict=True):
        tds = tr.find_all("td", recursive=False)
        for td, framework in zip(tds[1:], ["tensorflow", "pytorch"], strict=True):
            cell = cells[framework]
            if "code" in cell:
                assert td.select_one("pre").get_text().strip() == cell["code"].strip(), row_id
            else:
                reason = (cell.get("none") or cell.get("unknown")).replace("*", "")
                assert reason in td.get_text(" ", strip=True).replace("  ", " ")
                tag = td.select_one(".mlguide-tag").get_text()
                assert tag == ("none" if "none" in cell else "unknown")
    assert "Both also accept the @ operator." in rows[0].get_text(" ", strip=True).replace(
        " @ ", " @ "
    )
    assert rows[2].select_one("em").get_text() == "this"  # the reason is Markdown


@pytest.mark.parametrize("page", ["index", "rest"])
def test_compact_layout_and_options(make_app: Any, tmp_path: Path, page: str) -> None:
    """:layout: compact drops the notes; :rows: and :frameworks: choose rows and columns."""
    out, warnings = build(make_app, tmp_path, "html")
    assert warnings == ""
    table = _table(BeautifulSoup((out / f"{page}.html").read_text(), "html.parser"), 1)
    assert "mlguide-equivalents-compact" in table["class"]
    assert [th.get_text(" ", strip=True) for th in table.select("thead th")] == [
        "Task",
        "PyTorch import torch",
    ]
    tasks = [
        tr.select_one("td").get_text(strip=True) for tr in table.select("tr.mlguide-equiv-row")
    ]
    assert tasks == ["Gradient of a function", "Export to ONNX"]
    assert not table.select(".mlguide-equiv-note")
    # the full table above holds the anchors; the repeated rows have none
    assert not [tr for tr in table.select("tr") if tr.get("id")]


def test_sticky_header_css(make_app: Any, tmp_path: Path) -> None:
    """The stylesheet the page links keeps the table's header in view (position: sticky)."""
    out, _ = build(make_app, tmp_path, "html", html_theme="furo")
    css = (out / "_static" / "mlguide-screen.css").read_text()
    block = css.split("table.mlguide-equivalents > thead th {", 1)[1].split("}", 1)[0]
    assert "position: sticky" in block and "top: 0" in block
    html = (out / "index.html").read_text()
    assert "_static/mlguide-screen.css" in html


@pytest.mark.parametrize("builder", ["text", "latex", "singlehtml"])
def test_every_builder_gets_every_cell(make_app: Any, tmp_path: Path, builder: str) -> None:
    """Text, LaTeX and single-page HTML: no warnings, every code line and reason is there."""
    out, warnings = build(make_app, tmp_path, builder)
    assert warnings == ""
    if builder == "text":
        text = (out / "index.txt").read_text() + (out / "rest.txt").read_text()
    elif builder == "latex":
        text = "".join(p.read_text() for p in out.glob("*.tex"))
        text = text.replace("\\PYG{}", "")
    else:
        text = BeautifulSoup((out / "index.html").read_text(), "html.parser").get_text()
    flat = " ".join(text.split())
    for cells in ROWS.values():
        for cell in cells.values():
            for line in (cell.get("code") or "").strip().splitlines():
                if builder == "latex":  # highlighted: each word, escaped, in its own macro
                    words = re.findall(r"[A-Za-z]+", line)
                    assert all(re.search(rf"\b{w}\b", flat) for w in words), line
                else:
                    assert line in text, (builder, line)
            if "none" in cell:
                assert cell["none"] in flat


def test_pdf_builder(make_app: Any, tmp_path: Path) -> None:
    """The PDF builder prints the table: every task and every code line is in the PDF."""
    out, warnings = build(make_app, tmp_path, "mlguide-pdf")
    assert warnings == ""
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 1
    text = " ".join("".join(p.extract_text() for p in pypdf.PdfReader(pdfs[0]).pages).split())
    for row in RAW["equivalents"]:
        assert row["task"] in text
    assert "c = torch.matmul(a, b)" in text
    assert "g = tape.gradient(y, x)" in text


BAD = """\
# Bad equivalents

```{mlguide:equivalents}
:rows: matmull, gradient
```

```{mlguide:equivalents}
:layout: tiny
```

```{mlguide:equivalents}
:frameworks: pytorh
```

```{mlguide:equivalents}
Some content.
```

After the bad directives the page goes on.
"""


def test_bad_options_warn_with_location(make_app: Any, tmp_path: Path) -> None:
    """An unknown row, a bad layout, an unknown framework, content: each a located warning of
    type mlguide with a subtype and a suggestion, and the page still renders."""
    pages = {"bad.md": BAD, "index.md": "# Home\n\n```{toctree}\nbad\nrest\n```\n"}
    out, warnings = build(make_app, tmp_path, "html", pages)
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    expected = [
        (3, "unknown equivalent 'matmull' in :rows:; did you mean 'matmul'?", "unknown-id"),
        (7, "invalid value 'tiny' for :layout:", "option"),
        (11, "unknown framework 'pytorh' in :frameworks:; did you mean 'pytorch'?", "unknown-id"),
        (11, "no known framework left in :frameworks:; showing the default", "empty"),
        (15, "the mlguide:equivalents directive takes no content", "content"),
    ]
    for line_no, text, subtype in expected:
        assert [
            line
            for line in lines
            if f"bad.md:{line_no}:" in line and text in line and f"[mlguide.{subtype}]" in line
        ], f"no warning at line {line_no}: {text!r} in:\n{warnings}"
    assert len(lines) == len(expected), warnings
    html = (out / "bad.html").read_text()
    assert "After the bad directives the page goes on." in html
    assert len(BeautifulSoup(html, "html.parser").select("table.mlguide-equivalents")) == 4


def test_no_equivalents_in_the_data(make_app: Any, tmp_path: Path) -> None:
    """Data without equivalents.toml: the directive warns (located) and renders nothing."""
    out, warnings = build(
        make_app, tmp_path, "html", mlguide_data_dirs=[os.environ["MLGUIDE_TEST_DATA"]]
    )
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 4, warnings  # two directives on each of the two pages
    assert all("no API equivalents" in line and "[mlguide.empty]" in line for line in lines)
    assert any("index.md:3:" in line for line in lines)
    assert "mlguide-equivalents" not in (out / "index.html").read_text()
