"""The lineage and decision pictures: every item drawn, nothing overlapping, nothing outside
the drawing, arrows never through a box; links per builder; a list for other builders; and
clear errors for a lineage that references what does not exist."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import mlguide
from mlguide.errors import DataError
from mlguide.model import Recommendation
from mlguide.sphinxext.directives import DIRECTIVES
from mlguide.sphinxext.drawing.geometry import Box
from mlguide.sphinxext.drawing.graph import GraphEdge, GraphNode, layout_graph
from mlguide.sphinxext.drawing.graphsvg import graph_svg
from mlguide.sphinxext.drawing.measure import PRINT, SCREEN, Face
from mlguide.sphinxext.pictures import (
    DECISION_COLUMNS,
    DECISION_GUTTER,
    DECISION_KEY,
    LINEAGE_KEY,
    DecisionDirective,
    LineageDirective,
    decision_graph,
    lineage_graph,
)
from tests.conftest import ROOTS
from tests.fonts import face_of, font_width

SVG = "{http://www.w3.org/2000/svg}"
GUIDE = mlguide.load_uncached()
SIZES = {"title": (14, True), "name": (12, True), "sub": (10, False), "key": (10, False)}


def box_of(element: ET.Element) -> Box:
    x, y, w, h = (float(v) for v in element.attrib["data-box"].split())
    return Box(x, y, w, h)


def crosses(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Whether the segment p-q passes through the inside of ``box`` (Liang-Barsky clipping,
    the box shrunk by half a unit so that touching its side is not crossing it)."""
    inner = Box(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1)
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in (
        (-dx, p[0] - inner.x),
        (dx, inner.right - p[0]),
        (-dy, p[1] - inner.y),
        (dy, inner.bottom - p[1]),
    ):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def check_picture(markup: str) -> ET.Element:
    """Parse the SVG and check its geometry; returns the root.

    Each text's lines fit the box it declares (widths measured from the font files of the
    face the SVG declares), every text lies inside the picture and inside its node's frame,
    no two texts overlap, no two frames overlap, and no arrow runs through a frame.
    """
    root = ET.fromstring(markup)
    face = face_of(markup)
    x0, y0, width, height = (float(v) for v in root.attrib["viewBox"].split())
    view = Box(x0, y0, width, height)
    texts: list[tuple[Box, str]] = []
    for element in root.iter(f"{SVG}text"):
        kind = element.attrib["class"].removeprefix("gr-")
        size, bold = SIZES[kind]
        box = box_of(element)
        assert box.inside(view), (kind, box, view)
        for span in element.iter(f"{SVG}tspan"):
            line = "".join(span.itertext())
            assert font_width(face, line, size, bold) <= box.w + 0.02, (line, box)
            assert abs(float(span.attrib["x"]) - box.x) < 0.02
            assert box.y < float(span.attrib["y"]) <= box.bottom
        texts.append((box, "".join(element.itertext())))
    for i, (box, words) in enumerate(texts):
        for other, other_words in texts[i + 1 :]:
            assert not box.overlaps(other), (words, other_words)
    frames: dict[str, Box] = {}
    for group in root.iter(f"{SVG}g"):
        if "gr-node" not in group.get("class", "").split():
            continue
        rect = group.find(f"{SVG}rect")
        assert rect is not None
        frame = Box(*(float(rect.attrib[k]) for k in ("x", "y", "width", "height")))
        assert frame.inside(view), (group.attrib["data-id"], frame)
        for element in group.iter(f"{SVG}text"):
            assert box_of(element).inside(frame), (group.attrib["data-id"], frame)
        frames[group.attrib["data-id"]] = frame
    ids = list(frames)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            assert not frames[a].overlaps(frames[b]), (a, b)
    for path in root.iter(f"{SVG}path"):
        if "gr-line" not in path.get("class", "").split() or "gr-keyline" in path.get("class", ""):
            continue
        points = [
            (float(x), float(y)) for x, y in re.findall(r"([\d.]+),([\d.]+)", path.attrib["d"])
        ]
        assert all(view.x <= x <= view.right and view.y <= y <= view.bottom for x, y in points)
        for p, q in itertools.pairwise(points):
            for node_id, frame in frames.items():
                assert not crosses(p, q, frame), (path.attrib["d"], node_id)
    return root


def drawn_ids(root: ET.Element) -> set[str]:
    return {g.attrib["data-id"] for g in root.iter(f"{SVG}g") if "data-id" in g.attrib}


def edge_titles(root: ET.Element) -> list[str]:
    return [
        "".join(g.find(f"{SVG}title").itertext())  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if "gr-edge" in g.get("class", "").split()
    ]


def lineage_svg(guide: mlguide.Guide, face: Face) -> str:
    graph_nodes, edges = lineage_graph(guide)
    lo = layout_graph(graph_nodes, edges, title="Lineage", key=LINEAGE_KEY, face=face)
    return graph_svg(lo, "t", "Lineage", "desc", "mlguide-lineage-svg")


def decision_svg(guide: mlguide.Guide, face: Face) -> str:
    profiles = [r.id for r in guide.recommendations]
    graph_nodes, edges = decision_graph(guide, profiles)
    lo = layout_graph(
        graph_nodes,
        edges,
        key=DECISION_KEY,
        face=face,
        column_weights=DECISION_COLUMNS,
        gutter=DECISION_GUTTER,
    )
    return graph_svg(lo, "t", "Decision", "desc", "mlguide-decision-svg")


# --- the pure pieces ----------------------------------------------------------------------------


def test_directives_are_registered() -> None:
    """Both pictures are directives of the extension."""
    assert DIRECTIVES["lineage"] is LineageDirective
    assert DIRECTIVES["decision"] is DecisionDirective


def test_lineage_data_is_sourced_and_covers_the_issue_links() -> None:
    """Every link has a primary source, and the links readers ask about are there."""
    links = {(link.source, link.target, link.kind) for link in GUIDE.lineage.links}
    for expected in (
        ("distbelief", "tensorflow", "became"),
        ("torch7", "pytorch", "became"),
        ("caffe2", "pytorch", "merged"),
        ("chainer", "pytorch", "inspired"),
        ("autograd", "jax", "component"),
        ("xla", "jax", "component"),
        ("theano", "keras-multi", "backend"),
        ("tensorflow", "keras-multi", "backend"),
        ("cntk", "keras-multi", "backend"),
        ("keras-multi", "tf-keras", "became"),
        ("tf-keras", "keras", "became"),
        ("theano", "tensorflow", "refuted"),
    ):
        assert expected in links
    for link in GUIDE.lineage.links:
        assert any(s.primary for s in link.sources), link.label
    for node in GUIDE.lineage.nodes:
        if node.year is not None or node.note:
            assert node.sources, node.id


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_lineage_every_item_drawn_nothing_overlapping(face: Face) -> None:
    """Every node and link of the data is drawn, in the face of the output, and the geometry
    holds (see check_picture)."""
    markup = lineage_svg(GUIDE, face)
    assert face_of(markup) == face.name
    root = check_picture(markup)
    assert drawn_ids(root) == {n.id for n in GUIDE.lineage.nodes}
    assert sorted(edge_titles(root)) == sorted(link.label for link in GUIDE.lineage.links)
    keys = {t.text for t in root.iter(f"{SVG}tspan") if t.text in dict(LINEAGE_KEY).values()}
    assert keys == {dict(LINEAGE_KEY)[link.kind] for link in GUIDE.lineage.links}


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_decision_every_profile_and_pick_drawn(face: Face) -> None:
    """Every profile is drawn with one arrow per pick, the first pick's bold."""
    root = check_picture(decision_svg(GUIDE, face))
    ids = drawn_ids(root)
    assert {f"profile-{r.id}" for r in GUIDE.recommendations} <= ids
    titles = edge_titles(root)
    assert len(titles) == sum(len(r.picks) for r in GUIDE.recommendations)
    for rec in GUIDE.recommendations:
        first = GUIDE.framework(rec.picks[0]).name
        assert f"{rec.profile}: first pick {first}" in titles


def test_decision_grows_with_three_times_the_profiles() -> None:
    """Three times the profiles (long names too) still draw without overlap."""
    recs = []
    for copy in range(3):
        for rec in GUIDE.recommendations:
            name = rec.profile if copy == 0 else f"{rec.profile}, variant {copy} with a longer name"
            recs.append(dataclasses.replace(rec, id=f"{rec.id}-{copy}", profile=name))
    guide = dataclasses.replace(GUIDE, recommendations=recs)
    for face in (SCREEN, PRINT):
        root = check_picture(decision_svg(guide, face))
        assert len([i for i in drawn_ids(root) if i.startswith("profile-")]) == len(recs)


def test_long_edges_pass_through_columns_between() -> None:
    """An edge over three columns runs on its own slot through the middle one, and a wide
    graph with many such edges keeps every arrow out of every box."""
    graph_nodes = [GraphNode(f"a{i}", f"Source project {i}") for i in range(6)]
    graph_nodes += [GraphNode(f"b{i}", f"Middle {i}", "a note under the name") for i in range(3)]
    graph_nodes += [GraphNode("c", "Target")]
    edges = [GraphEdge(f"a{i}", f"b{i % 3}", "became") for i in range(6)]
    edges += [GraphEdge(f"a{i}", "c", "backend") for i in range(6)]
    edges += [GraphEdge(f"b{i}", "c", "merged") for i in range(3)]
    lo = layout_graph(graph_nodes, edges, key=LINEAGE_KEY)
    check_picture(graph_svg(lo, "t", "t", "d", "x"))
    long = [e for e in lo.edges if e.edge.kind == "backend"]
    assert all(len(e.points) == 4 for e in long)


def test_bad_graphs_are_refused() -> None:
    """An edge to nowhere, an edge leftwards and a cycle are errors that name them."""
    with pytest.raises(ValueError, match="no node 'x'"):
        layout_graph([GraphNode("a", "A")], [GraphEdge("a", "x", "became")])
    with pytest.raises(ValueError, match="rightwards"):
        layout_graph(
            [GraphNode("a", "A", layer=1), GraphNode("b", "B", layer=0)],
            [GraphEdge("a", "b", "became")],
        )
    with pytest.raises(ValueError, match="cycle"):
        layout_graph(
            [GraphNode("a", "A"), GraphNode("b", "B")],
            [GraphEdge("a", "b", "became"), GraphEdge("b", "a", "became")],
        )


def test_lineage_with_unknown_node_names_file_and_field(tmp_path: Path) -> None:
    """A link to a node that does not exist stops loading with file, field and a hint."""
    (tmp_path / "lineage.toml").write_text(
        '[[nodes]]\nid = "theano"\nname = "Theano"\n\n'
        '[[links]]\nsource = "theano"\ntarget = "tensorflw"\nkind = "became"\nlabel = "x"\n'
        'sources = [{ title = "t", url = "https://example.org/", publisher = "p", '
        "accessed = 2026-12-01, primary = true }]\n"
    )
    with pytest.raises(DataError) as info:
        mlguide.load_uncached([tmp_path])
    message = str(info.value)
    assert "lineage.toml" in message and "links[0].target" in message
    (tmp_path / "lineage.toml").write_text(
        '[[nodes]]\nid = "theano"\nname = "Theano"\nyear = 2007\n'
    )
    with pytest.raises(DataError, match=r"nodes\[0\]\.sources"):
        mlguide.load_uncached([tmp_path])


# --- through Sphinx ----------------------------------------------------------------------------

PAGES = {
    "pictures.md": "# Pictures\n\n```{mlguide:lineage}\n:title: Lineage\n```\n\n"
    "```{mlguide:decision}\n```\n\n```{mlguide:recommend}\n```\n",
}


def build(make_app: Any, tmp_path: Path, builder: str) -> tuple[Path, str]:
    src = tmp_path / f"src-{builder}"
    shutil.copytree(ROOTS / "test-timeline", src)
    for name, text in PAGES.items():
        (src / name).write_text(text)
    index = src / "index.md"
    index.write_text(index.read_text().replace("details\n", "details\npictures\n"))
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


@pytest.mark.sphinx
def test_html_pictures_link_profiles_to_their_advice(make_app: Any, tmp_path: Path) -> None:
    """In HTML both pictures are inline SVG; each profile's name links to its advice card on
    the page and each framework to its card; colours follow the theme (currentColor)."""
    out, warnings = build(make_app, tmp_path, "html")
    assert "WARNING" not in warnings, warnings
    html = (out / "pictures.html").read_text()
    pictures = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(pictures) == 2
    lineage, decision = (ET.fromstring(p) for p in pictures)
    assert drawn_ids(lineage) == {n.id for n in GUIDE.lineage.nodes}
    links = {
        a.attrib["href"]
        for a in decision.iter(f"{SVG}a")
        if a.attrib["href"].startswith("#mlguide-recommend-")
    }
    assert links == {f"#mlguide-recommend-{r.id}" for r in GUIDE.recommendations}
    for link in links:
        assert f'id="{link[1:]}"' in html
    assert "fill:currentColor" in pictures[0]


@pytest.mark.sphinx
def test_text_builder_lists_the_facts(make_app: Any, tmp_path: Path) -> None:
    """A builder without SVG gets every link of the lineage and every profile's picks."""
    out, _ = build(make_app, tmp_path, "text")
    text = " ".join((out / "pictures.txt").read_text().split()).replace("*", "")  # emphasis
    for link in GUIDE.lineage.links:
        assert " ".join(link.label.split()) in text
    for rec in GUIDE.recommendations:
        assert isinstance(rec, Recommendation)
        assert f"{rec.profile}: {GUIDE.framework(rec.picks[0]).name}" in text
