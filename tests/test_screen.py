"""What screens get beyond the shared markup (mlguide/sphinxext/screen.py), read from real
builds of a small page: the site builders get the matrix's cell labels, break points in
long names, the pictures' frames and text views, the screen stylesheet and script; the PDF
builder and the text builder get none of it. The layouts themselves are measured in Chromium
(tests/test_browser.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from mlguide.sphinxext import screen
from mlguide.sphinxext.drawing.svg import SHAPES
from tests.conftest import ROOTS

GUIDE = mlguide.load()

PAGE = """# Screens

```{mlguide:answer}
```

```{mlguide:matrix}
:aspects: visualization, serialization
```

```{mlguide:decision}
:title: Which framework for whom
```

```{mlguide:timeline}
:frameworks: tensorflow
```

```{rst-class} mlguide-screen-only
```
Read this on a screen.

```{rst-class} mlguide-print-only
```
Read this on paper.

```{mlguide:claims}
:claims: static-vs-dynamic-graphs
:class: mlguide-screen-only
```
"""


def _build(make_app: Any, tmp_path: Path, builder: str) -> Any:
    src = tmp_path / f"src-{builder}"
    shutil.copytree(ROOTS / "test-timeline", src)
    (src / "index.md").write_text(PAGE)
    (src / "details.md").unlink()
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app


@pytest.fixture
def site(make_app: Any, tmp_path: Path) -> BeautifulSoup:
    app = _build(make_app, tmp_path, "html")
    return BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture
def printed(make_app: Any, tmp_path: Path) -> BeautifulSoup:
    """The page as the PDF builder staged it for WeasyPrint."""
    app = _build(make_app, tmp_path, "mlguide-pdf")
    (staged,) = (Path(app.doctreedir) / "mlguide-pdf-html").glob(".*.html")
    return BeautifulSoup(staged.read_text("utf-8"), "html.parser")


@pytest.mark.sphinx
def test_site_matrix_cells_carry_their_column_and_break_points(site: BeautifulSoup) -> None:
    """Each body cell but the first starts with its column's name (hidden until a phone lays
    the matrix out as cards); inline code may wrap after its dots, nowhere else; the table is
    in a frame of its own."""
    table = site.select_one("div.mlguide-matrix-frame table.mlguide-matrix")
    assert table is not None
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    assert heads == ["Aspect", *(f.name for f in GUIDE.frameworks), "Verdict"]
    rows = table.select("tbody tr")
    assert len(rows) == 2
    for row in rows:
        cells = row.find_all("td")
        assert cells[0].select(".mlguide-matrix-label") == []
        labels = [cell.select_one("p.mlguide-matrix-label") for cell in cells[1:]]
        assert [label.get_text() if label else None for label in labels] == heads[1:]
    # code: a break point after each dot that a name follows (and nowhere else)
    codes = {c.get_text(): str(c) for c in table.select("code")}
    assert codes["jax.profiler"].count("<wbr/>") == 1
    assert '<span class="pre">jax.</span><wbr/><span class="pre">profiler</span>' in str(
        codes["jax.profiler"]
    )
    assert codes["torch.utils.tensorboard"].count("<wbr/>") == 2
    assert codes[".keras"].count("<wbr/>") == 0  # a leading dot: nothing before it to keep
    # text: a break point after a slash between words
    assert "TensorBoard/<wbr/>XProf" in str(table)


@pytest.mark.sphinx
def test_site_pictures_have_a_frame_and_a_text_view(site: BeautifulSoup) -> None:
    """Each picture: the SVG in a frame that draws it larger, so that its smallest text (10
    in the picture's units) shows at 11 px, laid out for a 680 px column; beside it the same
    facts as a list (the decision's with each profile's reason)."""
    pictures = site.select("div.mlguide-picture")
    assert len(pictures) == 2
    for picture in pictures:
        frame = picture.select_one(":scope > div.mlguide-picture-frame")
        assert frame is not None
        svg = frame.find("svg")
        assert svg is not None
        width = float(svg["viewbox"].split()[2])
        assert width == pytest.approx(680 / 1.1, abs=0.01)
        style = frame["style"]
        assert style == f"--mlguide-picture-width: {width * 1.1:.1f}px"
        assert picture.select_one(":scope > div.mlguide-picture-text li") is not None
    decision = site.select_one("div.mlguide-picture.mlguide-decision .mlguide-picture-text")
    assert decision is not None
    # (Sphinx turns the apostrophe into a right single quotation mark)
    items = [
        " ".join(li.get_text(" ").replace("\u2019", "'").split()) for li in decision.select("li")
    ]
    assert len(items) == len(GUIDE.recommendations)
    for rec, item in zip(GUIDE.recommendations, items, strict=True):
        assert item.startswith(f"{rec.profile} :") or item.startswith(f"{rec.profile}:"), item
        assert rec.reason and " ".join(rec.reason.replace("`", "").split())[:25] in item


@pytest.mark.sphinx
def test_site_links_the_screen_stylesheet_and_script(site: BeautifulSoup) -> None:
    """The screen stylesheet comes after mlguide.css (it refines it); the script is deferred."""
    sheets = [link["href"].split("?")[0] for link in site.select("link[rel=stylesheet]")]
    ours = [s for s in sheets if "mlguide" in s]
    assert ours == [
        "_static/mlguide.css",
        "_static/mlguide-frameworks.css",
        "_static/mlguide-screen.css",
    ]
    script = site.select_one('script[src^="_static/mlguide-screen.js"]')
    assert script is not None and script.has_attr("defer")


@pytest.mark.sphinx
def test_pdf_gets_none_of_the_screen_markup(printed: BeautifulSoup) -> None:
    """The PDF builder's page: the matrix without labels, frame or break points, the decision
    picture as a bare SVG laid out 760 wide, no screen stylesheet or script."""
    table = printed.select_one("table.mlguide-matrix")
    assert table is not None
    assert printed.select(".mlguide-matrix-label, .mlguide-matrix-frame") == []
    assert "</span><wbr" not in str(table)  # (print wraps code its own way)
    assert printed.select(".mlguide-picture-frame, .mlguide-picture-text") == []
    (decision,) = printed.select("svg.mlguide-decision-svg")
    assert decision["viewbox"].split()[2] == "760"
    assert "mlguide-screen" not in str(printed.head)


@pytest.mark.sphinx
@pytest.mark.parametrize(
    ("builder", "kept", "left_out"),
    [
        ("html", ["Read this on a screen.", "mlguide-claims"], ["Read this on paper."]),
        ("mlguide-pdf", ["Read this on paper."], ["Read this on a screen.", "mlguide-claims"]),
        ("text", ["Read this on a screen.", "Read this on paper.", "builds static graphs"], []),
    ],
)
def test_screen_only_and_print_only_content(
    make_app: Any, tmp_path: Path, builder: str, kept: list[str], left_out: list[str]
) -> None:
    """The site leaves out what is marked for paper, the PDF what is marked for screens (a
    paragraph, a directive's output), and the text builder keeps both."""
    app = _build(make_app, tmp_path, builder)
    if builder == "mlguide-pdf":
        (page,) = (Path(app.doctreedir) / "mlguide-pdf-html").glob(".*.html")
    else:
        (page,) = Path(app.outdir).glob("index.*")
    written = page.read_text("utf-8")
    for words in kept:
        assert words in written
    for words in left_out:
        assert words not in written


@pytest.mark.sphinx
def test_text_builder_lists_the_decision_with_reasons(make_app: Any, tmp_path: Path) -> None:
    """A builder without pictures writes the decision as a list: profile, picks, then why."""
    app = _build(make_app, tmp_path, "text")
    text = " ".join((Path(app.outdir) / "index.txt").read_text().split())
    text = text.replace("*", "").replace("\u2019", "'")  # emphasis, smart quotes
    for rec in GUIDE.recommendations:
        first = GUIDE.framework(rec.picks[0]).name
        assert f"{rec.profile}: {first}" in text
        assert rec.reason is not None
        assert " ".join(rec.reason.replace("`", "").split()) in text.replace('"', "")


def test_picture_scale_just_inside_and_outside_the_smallest_size() -> None:
    """Text drawn at 11 px or more needs no enlarging; below it, enough to reach 11."""
    assert screen.picture_scale(11) == 1.0
    assert screen.picture_scale(12) == 1.0
    assert screen.picture_scale(10.99) == pytest.approx(11 / 10.99)
    assert screen.picture_scale(10) == pytest.approx(1.1)
    assert screen.picture_layout_width(10) == pytest.approx(618.18, abs=0.01)
    assert screen.picture_layout_width(11) == 680


def test_every_marker_shape_has_a_css_shape() -> None:
    """Each shape a timeline lane can take has a clip-path, distinct from the others, so
    that a framework's card shows the marker of its lane; the frameworks take them in turn."""
    assert set(screen.SHAPE_CLIPS) == set(SHAPES)
    assert len(set(screen.SHAPE_CLIPS.values())) == len(SHAPES)
    assert screen.framework_shape(0) == screen.SHAPE_CLIPS[SHAPES[0]]
    assert screen.framework_shape(len(SHAPES)) == screen.SHAPE_CLIPS[SHAPES[0]]
    assert screen.framework_shape(len(SHAPES) - 1) == screen.SHAPE_CLIPS[SHAPES[-1]]


@pytest.mark.sphinx
def test_frameworks_stylesheet_gives_colour_and_shape(make_app: Any, tmp_path: Path) -> None:
    """mlguide-frameworks.css: each framework its colour from the data and its marker's shape,
    in the data's order (as the timeline's lanes)."""
    app = _build(make_app, tmp_path, "html")
    css = (Path(app.outdir) / "_static" / "mlguide-frameworks.css").read_text()
    for n, framework in enumerate(GUIDE.frameworks):
        rule = re.search(rf"\.mlguide-fw-{framework.id} \{{([^}}]*)\}}", css)
        assert rule is not None, css
        assert f"--mlguide-fw-color: {framework.color};" in rule.group(1)
        assert f"--mlguide-fw-shape: {screen.SHAPE_CLIPS[SHAPES[n]]};" in rule.group(1)
