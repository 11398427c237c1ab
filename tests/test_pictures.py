"""The lineage and decision pictures: every item drawn, nothing overlapping, nothing outside
the drawing, arrows never through a box (the lineage) and no line but the rules between rows
(the decision's grid: each pick's rank in its framework's column, marker and colour, and each
profile's reason); links per builder; a list for other builders; and clear errors for a
lineage that references what does not exist."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

import mlguide
from mlguide.errors import DataError
from mlguide.model import REASON_MAX_CHARS, Recommendation
from mlguide.sphinxext.directives import DIRECTIVES
from mlguide.sphinxext.drawing.geometry import Box
from mlguide.sphinxext.drawing.graph import GraphEdge, GraphNode, layout_graph
from mlguide.sphinxext.drawing.graphsvg import graph_svg
from mlguide.sphinxext.drawing.measure import PRINT, SCREEN, Face
from mlguide.sphinxext.drawing.picks import (
    PickColumn,
    PickRow,
    PicksLayout,
    describe,
    layout_picks,
    picks_svg,
)
from mlguide.sphinxext.drawing.svg import SHAPES
from mlguide.sphinxext.pictures import (
    LINEAGE_KEY,
    DecisionDirective,
    LineageDirective,
    decision_grid,
    lineage_graph,
    plain_text,
)
from tests.conftest import ROOTS
from tests.fonts import face_of, font_width, marker_boxes

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


# --- the decision's grid ----------------------------------------------------------------------

PICK_SIZES = {
    "title": (14, True),
    "head": (11, True),
    "name": (11, True),
    "reason": (10, False),
    "rank": (10, True),
    "key": (10, False),
}
#: A row rule: a horizontal line and nothing else.
RULE = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)")
#: Each framework's colour, read from its data file (not from the loaded guide).
COLOURS = {
    path.stem: tomllib.loads(path.read_text("utf-8"))["framework"]["color"]
    for path in (mlguide.PACKAGE_DATA / "frameworks").glob("*.toml")
}


def check_grid(markup: str) -> ET.Element:
    """Parse the decision's SVG and check its geometry; returns the root.

    Each text's lines fit the box it declares (widths measured from the font files of the
    face the SVG declares, a centred line centred on its x), every text and every marker lies
    inside the picture, no two of them overlap, and the only lines are horizontal rules:
    nothing joins a profile to a framework.
    """
    root = ET.fromstring(markup)
    face = face_of(markup)
    view = Box(*(float(v) for v in root.attrib["viewBox"].split()))
    drawn: list[tuple[Box, str]] = []
    for element in root.iter(f"{SVG}text"):
        size, bold = PICK_SIZES[element.attrib["class"].removeprefix("pk-")]
        box = box_of(element)
        assert box.inside(view), ("".join(element.itertext()), box, view)
        middle = element.get("text-anchor") == "middle"
        for span in element.iter(f"{SVG}tspan"):
            line = "".join(span.itertext())
            width = font_width(face, line, size, bold)
            assert width <= box.w + 0.02, (line, box)
            x = float(span.attrib["x"])
            left = x - width / 2 if middle else x
            assert box.x - 0.02 <= left and left + width <= box.right + 0.02, (line, box)
            assert box.y < float(span.attrib["y"]) <= box.bottom
        drawn.append((box, "".join(element.itertext())))
    for marker in marker_boxes(root):
        assert marker.inside(view), (marker, view)
        drawn.append((marker, "a marker"))
    for i, (box, words) in enumerate(drawn):
        for other, other_words in drawn[i + 1 :]:
            assert not box.overlaps(other), (words, other_words)
    for path in root.iter(f"{SVG}path"):
        classes = path.get("class", "").split()
        if "pk-mark" in classes:
            continue
        assert classes == ["pk-rule"], path.attrib
        rule = RULE.fullmatch(path.attrib["d"])
        assert rule is not None, path.attrib["d"]
        x0, y, x1 = (float(v) for v in rule.groups())
        assert view.x <= x0 < x1 <= view.right and view.y <= y <= view.bottom
    for other in ("line", "polyline", "polygon", "rect", "ellipse", "circle"):
        assert not list(root.iter(f"{SVG}{other}")), other
    return root


def shape_of(d: str) -> str:
    """Which marker a path draws, from its outline alone: a circle is drawn with arcs, a
    square with horizontal and vertical moves; the rest by their corners."""
    if "a" in d:
        return "circle"
    if "h" in d:
        return "square"
    corners = [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]
    if len(corners) == 3:
        apex, *base = corners
        return "triangle" if apex[1] < base[0][1] else "triangle-down"
    return {4: "diamond", 6: "hexagon"}[len(corners)]


def words_of(element: ET.Element) -> str:
    """A text's lines joined by spaces."""
    return " ".join("".join(span.itertext()) for span in element.iter(f"{SVG}tspan"))


def tint_colour(markup: str, group: ET.Element) -> str:
    """The colour the picture's style gives the markers of a group, by its tint class."""
    tint = next(c for c in group.attrib["class"].split() if c.startswith("pk-tint-"))
    found = re.search(rf"\.{tint} \.pk-mark\{{stroke:(#[0-9a-fA-F]{{6}})\}}", markup)
    assert found is not None, tint
    return found.group(1)


def marker_of(group: ET.Element) -> tuple[ET.Element, Box]:
    path = group.find(f"{SVG}path")
    assert path is not None and "pk-mark" in path.attrib["class"].split()
    (box,) = marker_boxes(ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">'
                                        f'{ET.tostring(path, encoding="unicode")}</svg>'))  # fmt: skip
    return path, box


def grid_svg(
    guide: mlguide.Guide,
    face: Face,
    profiles: list[str] | None = None,
    width: float = 760,
) -> str:
    rows, columns = decision_grid(guide, profiles or [r.id for r in guide.recommendations])
    lo = layout_picks(rows, columns, width, "Which framework for whom", face)
    return picks_svg(lo, "t", "Decision", describe(rows, columns), "mlguide-decision-svg")


def expected_reason(reason: str | None) -> str:
    """The data's reason as the picture writes it: inline code without its backticks (the
    only markup the bundled reasons use)."""
    return " ".join((reason or "").replace("`", "").split())


def check_picks(markup: str, guide: mlguide.Guide, profiles: list[str]) -> ET.Element:
    """The grid against the data, walked independently of the layout: a column per
    framework some shown profile picks, in the data's order, headed by its name and its
    marker (the shape its index in the data gives it, its colour from its data file); a row
    per profile with its name and reason; in each row a marker per pick, in its framework's
    column and between the row's rules, with the rank beside it (1 filled, then outlined);
    no marker anywhere else. Returns the root (after :func:`check_grid`)."""
    root = check_grid(markup)
    order = [f.id for f in guide.frameworks]
    recs = [guide.recommendation(p) for p in profiles]
    picked = [f for f in order if any(f in r.picks for r in recs)]
    groups = list(root.iter(f"{SVG}g"))
    heads = [g for g in groups if "pk-column" in g.attrib["class"].split()]
    assert [g.attrib["data-id"] for g in heads] == picked
    centres = {}
    for head in heads:
        framework = head.attrib["data-id"]
        path, box = marker_of(head)
        shape = SHAPES[order.index(framework) % len(SHAPES)]
        assert shape_of(path.attrib["d"]) == shape == path.attrib["data-shape"], framework
        assert "pk-first" in path.attrib["class"].split()  # filled, in the colour
        assert tint_colour(markup, head) == COLOURS[framework]
        name = head.find(f"{SVG}text")
        assert name is not None and words_of(name) == guide.framework(framework).name
        centres[framework] = box.x + box.w / 2
    rules = sorted(
        float(RULE.fullmatch(p.attrib["d"]).group(2))  # type: ignore[union-attr]
        for p in root.iter(f"{SVG}path")
        if p.get("class") == "pk-rule"
    )
    assert len(rules) == len(recs) + 1  # under the header, then under each row
    rows = [g for g in groups if "pk-row" in g.attrib["class"].split()]
    assert [g.attrib["data-id"] for g in rows] == [r.id for r in recs]
    has_why = any(r.reason for r in recs)
    heading_words = [words_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "pk-head"]
    assert heading_words[0] == "Who"
    assert ("Why" in heading_words) is has_why
    for rec, row, top, bottom in zip(recs, rows, rules[:-1], rules[1:], strict=True):
        texts = {t.attrib["class"]: words_of(t) for t in row.findall(f"{SVG}text")}
        assert texts["pk-name"] == rec.profile
        # (a word wider than the column is cut over two lines: compare without spaces)
        said = "".join(texts.get("pk-reason", "").split())
        assert said == "".join(expected_reason(rec.reason).split()), rec.id
        for text_element in row.findall(f"{SVG}text"):
            box = box_of(text_element)
            assert top <= box.y and box.bottom <= bottom, (rec.id, box, top, bottom)
        marks = [g for g in row.iter(f"{SVG}g") if "pk-pick" in g.attrib["class"].split()]
        ranks = {g.attrib["data-framework"]: int(g.attrib["data-rank"]) for g in marks}
        assert ranks == {pick: n for n, pick in enumerate(rec.picks, 1)}, rec.id
        for mark in marks:
            framework, rank = mark.attrib["data-framework"], int(mark.attrib["data-rank"])
            path, box = marker_of(mark)
            assert shape_of(path.attrib["d"]) == path.attrib["data-shape"]
            assert path.attrib["data-shape"] == SHAPES[order.index(framework) % len(SHAPES)]
            assert ("pk-first" if rank == 1 else "pk-then") in path.attrib["class"].split()
            assert tint_colour(markup, mark) == COLOURS[framework]
            number = mark.find(f"{SVG}text")
            assert number is not None and words_of(number) == str(rank)
            assert top <= box.y and box.bottom <= bottom
            # in its own column: right under its framework's header marker, the rank to
            # its right, nearer to that marker than to any other column's
            assert box.x + box.w / 2 == pytest.approx(centres[framework], abs=0.05)
            assert box_of(number).x > box.right
            for other, centre in centres.items():
                if other != framework:
                    assert abs(box_of(number).right - centres[framework]) < abs(
                        box_of(number).right - centre
                    ), (rec.id, framework, other)
    return root


def test_plain_text_keeps_the_words_of_markdown() -> None:
    """Code spans, emphasis and links come out as their words; spaces are collapsed."""
    assert plain_text("Keras 3 if you want `fit()`  first") == "Keras 3 if you want fit() first"
    assert plain_text("*eager* and **compiled**, [docs](https://example.org/)") == (
        "eager and compiled, docs"
    )


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_decision_every_profile_pick_and_reason_drawn(face: Face) -> None:
    """Every profile of the data is a row with its picks by rank, in the columns of their
    frameworks (shapes and colours as the data says), its reason in words; the geometry
    holds; the key explains both kinds of marker; the description says it all in words."""
    profiles = [r.id for r in GUIDE.recommendations]
    markup = grid_svg(GUIDE, face, profiles)
    assert face_of(markup) == face.name
    root = check_picks(markup, GUIDE, profiles)
    keys = [words_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "pk-key"]
    assert keys == ["first pick", "also good"]
    # the bundled reasons wrap between words only
    reasons = [words_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "pk-reason"]
    assert reasons == [expected_reason(r.reason) for r in GUIDE.recommendations]
    desc = "".join(root.find(f"{SVG}desc").itertext())  # type: ignore[union-attr]
    for rec in GUIDE.recommendations:
        names = [GUIDE.framework(p).name for p in rec.picks]
        words = f"{rec.profile}: first pick {names[0]}; also good: {', '.join(names[1:])}"
        assert words in desc
        assert expected_reason(rec.reason).rstrip(".") in desc


def _recs(guide: mlguide.Guide, *changes: dict[str, Any]) -> mlguide.Guide:
    """The guide with its first profiles changed as given (the rest dropped)."""
    recs = [
        dataclasses.replace(rec, **change)
        for rec, change in zip(guide.recommendations, changes, strict=False)
    ]
    return dataclasses.replace(guide, recommendations=recs)


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_decision_with_one_profile(face: Face) -> None:
    """One profile: its picks' frameworks and no other get a column."""
    markup = grid_svg(GUIDE, face, ["beginner"])
    root = check_picks(markup, GUIDE, ["beginner"])
    heads = [g.attrib["data-id"] for g in root.iter(f"{SVG}g") if "pk-column" in g.get("class", "")]
    assert heads == ["pytorch", "keras"]  # the data's order: PyTorch, then Keras 3


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_decision_one_pick_and_every_framework_picked(face: Face) -> None:
    """A profile with a single pick beside one that ranks every framework (1 to 4, against
    the data's order); then profiles with a single pick only: no "also good" in the key."""
    every = ("keras", "jax", "pytorch", "tensorflow")
    guide = _recs(GUIDE, {"picks": ("jax",)}, {"picks": every})
    ids = [r.id for r in guide.recommendations]
    root = check_picks(grid_svg(guide, face, ids), guide, ids)
    ranks = [int(g.attrib["data-rank"]) for g in root.iter(f"{SVG}g") if g.get("data-rank")]
    assert ranks == [1, 1, 2, 3, 4]
    keys = [words_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "pk-key"]
    assert keys == ["first pick", "also good"]
    single = _recs(GUIDE, {"picks": ("jax",)}, {"picks": ("pytorch",)})
    ids = [r.id for r in single.recommendations]
    root = check_picks(grid_svg(single, face, ids), single, ids)
    keys = [words_of(t) for t in root.iter(f"{SVG}text") if t.get("class") == "pk-key"]
    assert keys == ["first pick"]


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_decision_reason_of_the_longest_length(face: Face) -> None:
    """A reason of the most characters a reason may have (and one of a single character)
    wraps inside its column, every word kept, a long dotted name included."""
    words = "Use torch.distributed.fsdp.fully_shard_with_a_long_name or jax.sharding, W "
    longest = (words * 4)[:REASON_MAX_CHARS].strip()
    longest = longest + "W" * (REASON_MAX_CHARS - len(longest))
    assert len(longest) == REASON_MAX_CHARS
    guide = _recs(GUIDE, {"reason": longest}, {"reason": "X"}, {})
    ids = [r.id for r in guide.recommendations]
    for width in (760, 618.18):
        check_picks(grid_svg(guide, face, ids, width), guide, ids)


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_decision_without_reasons_has_no_why_column(face: Face) -> None:
    """Where no profile shown has a reason, the grid has no "Why" column; where one of them
    has, the others' cells stay empty."""
    guide = _recs(GUIDE, {"reason": None}, {"reason": None})
    ids = [r.id for r in guide.recommendations]
    root = check_picks(grid_svg(guide, face, ids), guide, ids)
    assert not [t for t in root.iter(f"{SVG}text") if t.get("class") == "pk-reason"]
    guide = _recs(GUIDE, {"reason": None}, {})
    ids = [r.id for r in guide.recommendations]
    root = check_picks(grid_svg(guide, face, ids), guide, ids)
    assert len([t for t in root.iter(f"{SVG}text") if t.get("class") == "pk-reason"]) == 1


def test_decision_grows_with_three_times_the_profiles() -> None:
    """Three times the profiles (long names too) still draw without overlap, each profile
    with its picks and reason."""
    recs = []
    for copy in range(3):
        for rec in GUIDE.recommendations:
            name = rec.profile if copy == 0 else f"{rec.profile}, variant {copy} with a longer name"
            recs.append(dataclasses.replace(rec, id=f"{rec.id}-{copy}", profile=name))
    guide = dataclasses.replace(GUIDE, recommendations=recs)
    ids = [r.id for r in recs]
    for face in (SCREEN, PRINT):
        for width in (760, 618.18):
            root = check_picks(grid_svg(guide, face, ids, width), guide, ids)
            assert float(root.attrib["viewBox"].split()[2]) == width


def _many(count: int) -> tuple[list[PickRow], list[PickColumn]]:
    """``count`` frameworks with long names, and two profiles that rank all of them."""
    columns = [
        PickColumn(f"f{i}", f"Framework number {i} with a name", "#336699", SHAPES[i % 6])
        for i in range(count)
    ]
    ids = tuple(c.id for c in columns)
    rows = [
        PickRow("a", "A profile", ids, "Because " * 12),
        PickRow("b", "Another profile", ids[::-1], None),
    ]
    return rows, columns


def _svg(lo: PicksLayout, rows: list[PickRow], columns: list[PickColumn]) -> str:
    return picks_svg(lo, "t", "t", describe(rows, columns), "x")


def test_decision_widens_only_when_its_columns_do_not_fit() -> None:
    """The grid keeps the width asked for while its columns fit, names wrapping; when even
    the narrowest columns do not fit, it is laid out just as wide as they need: asked for
    exactly that width it keeps it, one unit less and it grows back to it."""
    for face in (SCREEN, PRINT):
        rows, columns = _many(4)
        lo = layout_picks(rows, columns, 618.18, face=face)
        assert lo.width == 618.18
        check_grid(_svg(lo, rows, columns))
        rows, columns = _many(24)
        needed = layout_picks(rows, columns, 100, face=face).width
        assert needed > 760
        for asked, got in ((needed, needed), (needed - 1, needed), (needed + 1, needed + 1)):
            lo = layout_picks(rows, columns, asked, face=face)
            assert lo.width == pytest.approx(got, abs=0.01), (asked, lo.width)
            check_grid(_svg(lo, rows, columns))


def test_bad_picks_are_refused() -> None:
    """A pick of a framework without a column, or the same framework twice, is an error
    that names the profile."""
    column = PickColumn("jax", "JAX", "#3b78e7", "diamond")
    with pytest.raises(ValueError, match="'a' picks 'torch'"):
        layout_picks([PickRow("a", "A", ("jax", "torch"))], [column])
    with pytest.raises(ValueError, match="'a' picks a framework twice"):
        layout_picks([PickRow("a", "A", ("jax", "jax"))], [column])
    # (the data never has a profile without a pick; the words still say so, without failing)
    assert describe([PickRow("a", "A", ())], [column]) == "A: no pick."
    assert describe([PickRow("a", "A", ("jax",), "Fast.")], [column]) == (
        "A: first pick JAX. Why: Fast."
    )


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
    assert decision.attrib["role"] == "group"  # a group of links, not one image
    profile_links = {}
    for row in decision.iter(f"{SVG}g"):
        if "pk-row" in row.get("class", "").split():
            (link,) = row.iter(f"{SVG}a")
            assert words_of(link) == GUIDE.recommendation(row.attrib["data-id"]).profile
            profile_links[row.attrib["data-id"]] = link.attrib["href"]
    assert profile_links == {r.id: f"#mlguide-recommend-{r.id}" for r in GUIDE.recommendations}
    for link in profile_links.values():
        assert f'id="{link[1:]}"' in html
    # a framework's name links to its card where the site has one (PyTorch's, on the index)
    framework_links = {
        g.attrib["data-id"]: [a.attrib["href"] for a in g.iter(f"{SVG}a")]
        for g in decision.iter(f"{SVG}g")
        if "pk-column" in g.get("class", "").split()
    }
    assert framework_links == {
        "tensorflow": [],
        "pytorch": ["index.html#mlguide-framework-pytorch"],
        "jax": [],
        "keras": [],
    }
    assert 'id="mlguide-framework-pytorch"' in (out / "index.html").read_text()
    for picture in pictures:
        assert "fill:currentColor" in picture


@pytest.mark.sphinx
def test_pdf_pictures_have_no_links(make_app: Any, tmp_path: Path) -> None:
    """The PDF builder's pictures carry no link (WeasyPrint makes none from an SVG link) and
    so are images, laid out at the print width in the print face; every line the picture
    draws is in the PDF's text."""
    out, warnings = build(make_app, tmp_path, "mlguide-pdf")
    assert "WARNING" not in warnings, warnings
    (staged,) = (out.parent / "doctrees" / "mlguide-pdf-html").glob(".*.html")
    pictures = re.findall(r"<svg\b.*?</svg>", staged.read_text("utf-8"), flags=re.DOTALL)
    decision = next(ET.fromstring(p) for p in pictures if "mlguide-decision-svg" in p)
    assert not list(decision.iter(f"{SVG}a"))
    assert decision.attrib["role"] == "img"
    assert decision.attrib["viewBox"].split()[2] == "760"
    assert face_of(next(p for p in pictures if "mlguide-decision-svg" in p)) == "print"
    check_picks(
        ET.tostring(decision, encoding="unicode"), GUIDE, [r.id for r in GUIDE.recommendations]
    )
    (pdf,) = out.glob("*.pdf")
    with pdfplumber.open(pdf) as document:
        text = "".join("".join((page.extract_text() or "").split()) for page in document.pages)
    # WeasyPrint wrote the picture's text as text: each line of it is in the PDF's text
    # (compared without spaces, which pdfplumber does not see between an SVG's words)
    lines = [
        "".join(span.itertext())
        for element in decision.iter(f"{SVG}text")
        for span in element.iter(f"{SVG}tspan")
    ]
    assert len(lines) > 3 * len(GUIDE.recommendations)
    for line in lines:
        assert "".join(line.split()) in text, line


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
