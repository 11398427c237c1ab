"""The timeline: every dated event drawn, no label overlapping another or leaving the picture,
links that work per builder, a dated list for other builders, and clear warnings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from mlguide.sphinxext import base as base_module
from mlguide.sphinxext.directives import DIRECTIVES
from mlguide.sphinxext.drawing.measure import PRINT, SCREEN, Face
from mlguide.sphinxext.timeline import (
    AXIS_SIZE,
    LABEL_SIZE,
    META_SIZE,
    NAME_SIZE,
    TITLE_SIZE,
    Box,
    TimelineDirective,
    TimelineEvent,
    TimelineLane,
    collect_events,
    layout,
    mlguide_timeline,
    render_svg,
    svg,
)
from tests.conftest import ROOTS
from tests.fonts import face_of, font_width, marker_boxes
from tests.synthetic import write_synthetic

SVG = "{http://www.w3.org/2000/svg}"
GUIDE = mlguide.load_uncached()
#: Font size and weight of each kind of text, as the layout measures them.
FONTS = {
    "title": (TITLE_SIZE, True),
    "name": (NAME_SIZE, True),
    "label": (LABEL_SIZE, False),
    "meta": (META_SIZE, False),
    "year": (AXIS_SIZE, False),
    "as-of": (AXIS_SIZE, False),
    "legend": (META_SIZE, False),
    "note": (META_SIZE, False),
}


# --- helpers -----------------------------------------------------------------------------------


def lanes(guide: mlguide.Guide) -> list[TimelineLane]:
    return [TimelineLane(f.id, f.name, f.color, i) for i, f in enumerate(guide.frameworks)]


def picture(guide: mlguide.Guide, **options: Any) -> str:
    """The full timeline of a guide as SVG text, through the pure functions."""
    events, undated = collect_events(guide, guide.framework_ids, guide.aspect_ids)
    assert undated == []
    shape = layout(lanes(guide), events, guide.info.as_of, **options)
    return svg(shape, title="test", hrefs={i: f"#event-{i}" for i in range(len(shape.events))})


def norm(text: str) -> str:
    """Text compared without whitespace or case (labels wrap over lines, long words are cut)."""
    return "".join(text.split()).casefold()


def box_of(element: ET.Element) -> Box:
    x, y, w, h = (float(v) for v in element.attrib["data-box"].split())
    return Box(x, y, w, h)


def text_of(element: ET.Element) -> str:
    return " ".join("".join(span.itertext()) for span in element.iter(f"{SVG}tspan"))


def drawn_events(root: ET.Element) -> set[tuple[str, str]]:
    """``(date, label)`` of every event group of an SVG."""
    out = set()
    for group in root.iter(f"{SVG}g"):
        if "tl-event" in group.get("class", "").split():
            label = next(t for t in group.iter(f"{SVG}text") if t.get("class") == "tl-label")
            meta = next(t for t in group.iter(f"{SVG}text") if t.get("class") == "tl-meta")
            assert text_of(meta).startswith(group.attrib["data-date"])
            out.add((group.attrib["data-date"], norm(text_of(label))))
    return out


def dated_entries(guide: mlguide.Guide) -> list[tuple[str, str, str]]:
    """``(framework, date, label)`` of every day the data records something for a framework:
    one event per framework and day, labelled as the milestone of that day when there is one,
    else with the day's changes named together ("A; B"), in the data's order."""
    days: dict[tuple[str, str], list[tuple[bool, str]]] = {}
    for framework in guide.frameworks:
        for entry in framework.milestones:
            if entry.date:
                days.setdefault((framework.id, entry.date.isoformat()), []).append(
                    (True, entry.label)
                )
    for position in guide.positions:
        for entry in position.history:
            if entry.date:
                days.setdefault((position.framework, entry.date.isoformat()), []).append(
                    (False, entry.label)
                )
    out = []
    for (framework, day), labels in days.items():
        milestone = next((label for is_milestone, label in labels if is_milestone), None)
        joined = "; ".join(dict.fromkeys(label for _, label in labels))
        out.append((framework, day, milestone or joined))
    return out


def check_geometry(markup: str) -> ET.Element:
    """Parse the SVG (well-formed XML) and check its geometry; returns the root.

    Every text's box (``data-box``) agrees with how the text is drawn (anchor, baselines and
    each line's width measured from the font file of the face the SVG declares), lies inside
    the viewBox, overlaps no other text's box and no marker, and no leader line runs through
    a label.
    """
    root = ET.fromstring(markup)
    face = face_of(markup)
    assert root.tag == f"{SVG}svg"
    x0, y0, width, height = (float(v) for v in root.attrib["viewBox"].split())
    view = Box(x0, y0, width, height)
    boxes: list[tuple[Box, str]] = []
    for element in root.iter(f"{SVG}text"):
        kind = element.attrib["class"].removeprefix("tl-")
        size, bold = FONTS[kind]
        box = box_of(element)
        assert box.inside(view), (kind, text_of(element), box, view)
        end = element.get("text-anchor") == "end"
        for span in element.iter(f"{SVG}tspan"):
            line = "".join(span.itertext())
            x, y = float(span.attrib["x"]), float(span.attrib["y"])
            assert abs(x - (box.right if end else box.x)) < 0.02, (line, x, box)
            assert box.y < y <= box.bottom, (line, y, box)
            assert font_width(face, line, size, bold) <= box.w + 0.02, (line, box)
        boxes.append((box, text_of(element)))
    boxes.sort(key=lambda item: item[0].y)
    for i, (box, text) in enumerate(boxes):
        for other, other_text in boxes[i + 1 :]:
            if other.y >= box.bottom:
                break
            assert not box.overlaps(other), (text, box, other_text, other)
    labels = [b for b, _ in boxes]
    for mark in marker_boxes(root):
        for box, text in boxes:
            assert not box.overlaps(mark), (text, box, mark)
    for path in root.iter(f"{SVG}path"):
        if path.get("class") != "tl-leader":
            continue
        match = re.fullmatch(r"M([\d.]+),([\d.]+)V([\d.]+)", path.attrib["d"])
        assert match, path.attrib["d"]
        x, y1, y2 = (float(v) for v in match.groups())
        top, bottom = min(y1, y2), max(y1, y2)
        for box in labels:
            crosses = box.x < x < box.right and box.y < bottom and top < box.bottom
            assert not crosses, (x, top, bottom, box)
    return root


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> mlguide.Guide:
    """The dataset 16 times over (history dates shifted by a few days per copy)."""
    target = write_synthetic(16, tmp_path_factory.mktemp("synthetic") / "data")
    return mlguide.load_uncached([target], package_data=False)


def with_undated(guide: mlguide.Guide) -> mlguide.Guide:
    """The guide with PyTorch's third deployment history entry and TensorFlow's second
    milestone undated (TOML cannot say that: only the Python API can)."""
    positions = []
    for position in guide.positions:
        if (position.framework, position.aspect) == ("pytorch", "deployment"):
            history = list(position.history)
            history[2] = dataclasses.replace(history[2], date=None)
            positions.append(dataclasses.replace(position, history=tuple(history)))
        else:
            positions.append(position)
    frameworks = []
    for framework in guide.frameworks:
        if framework.id == "tensorflow":
            milestones = list(framework.milestones)
            milestones[1] = dataclasses.replace(milestones[1], date=None)
            frameworks.append(dataclasses.replace(framework, milestones=tuple(milestones)))
        else:
            frameworks.append(framework)
    return dataclasses.replace(guide, positions=positions, frameworks=frameworks)


def build(
    make_app: Any, tmp_path: Path, builder: str, pages: dict[str, str] | None = None, **conf: Any
) -> tuple[Path, str]:
    """Build a copy of the timeline test root (plus extra pages); output folder and warnings."""
    src = tmp_path / f"src-{builder}"
    shutil.copytree(ROOTS / "test-timeline", src)
    for name, text in (pages or {}).items():
        (src / name).write_text(text)
    app = make_app(builder, srcdir=src, confoverrides=conf, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)


# --- the pure functions ------------------------------------------------------------------------


def test_directive_is_registered() -> None:
    """The mlguide domain registers the timeline directive."""
    assert DIRECTIVES["timeline"] is TimelineDirective


def test_every_dated_event_of_the_data_is_drawn() -> None:
    """Each dated milestone and history entry is an event group with its date and label."""
    root = check_geometry(picture(GUIDE))
    drawn = drawn_events(root)
    for framework, date, label in dated_entries(GUIDE):
        assert (date, norm(label)) in drawn, (framework, date, label)


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_real_data_labels_never_overlap_or_leave_the_picture(face: Face) -> None:
    """Measured in the HTML's face and in the PDF's, no label overlaps another, a marker or a
    leader, and none leaves the picture (widths checked against the font files)."""
    markup = picture(GUIDE, title="How the frameworks changed", face=face)
    assert face_of(markup) == face.name
    root = check_geometry(markup)
    has_links = any(element.tag == f"{SVG}a" for element in root.iter())
    assert root.attrib["role"] == ("group" if has_links else "img")


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_synthetic_data_labels_never_overlap_or_leave_the_picture(
    synthetic: mlguide.Guide, face: Face
) -> None:
    """16 times the events, many a few days apart, in either face: all drawn, none
    overlapping another label, a marker or a leader."""
    root = check_geometry(picture(synthetic, face=face))
    drawn = drawn_events(root)
    entries = dated_entries(synthetic)
    assert len(entries) > 16 * 30
    for framework, date, label in entries:
        assert (date, norm(label)) in drawn, (framework, date, label)


def test_events_on_the_same_day_are_all_drawn_stacked() -> None:
    """Several events on one day are all drawn, stacked, without overlapping."""
    day = dt.date(2024, 3, 9)
    events = [
        TimelineEvent(framework="pytorch", date=day, label=f"Change number {n} on that day")
        for n in range(7)
    ]
    events.append(TimelineEvent(framework="jax", date=day, label="Another lane, same day"))
    shape = layout(lanes(GUIDE), events, GUIDE.info.as_of)
    root = check_geometry(svg(shape))
    assert len(drawn_events(root)) == 8
    pytorch = next(lane for lane in shape.lanes if lane.lane.id == "pytorch")
    assert len(pytorch.events) == 7
    assert len({placed.x for placed in pytorch.events}) == 1  # one leader
    tops = sorted(placed.box.y for placed in pytorch.events)
    assert len(set(tops)) == 7  # stacked, one under the other


def test_labels_near_the_edges_stay_inside() -> None:
    """An event on the first and on the last day of the range, with the longest labels."""
    long = "W" * 12 + " " + "M" * 48
    events = [
        TimelineEvent(framework="tensorflow", date=dt.date(2020, 1, 1), label=long[:48]),
        TimelineEvent(framework="tensorflow", date=dt.date(2020, 12, 31), label=long[:48]),
        TimelineEvent(framework="keras", date=dt.date(2020, 12, 31), label="x", version="1.2.3"),
    ]
    shape = layout(
        lanes(GUIDE),
        events,
        GUIDE.info.as_of,
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 12, 31),
        title="A title " * 6,
    )
    check_geometry(svg(shape))
    assert shape.as_of_x is None  # the as-of date is outside the range


def test_long_titles_and_names_wrap_inside() -> None:
    """A title or a framework name wider than the picture wraps; lanes grow to fit."""
    long_lanes = [
        TimelineLane("pytorch", "PyTorch " * 14, "#d43c26", 1),
        TimelineLane("jax", "JAX with an improbably long display name " * 3, "#5e97f6", 2),
    ]
    events = [
        TimelineEvent(framework="pytorch", date=dt.date(2024, 1, 1), label="One change"),
    ]
    shape = layout(long_lanes, events, GUIDE.info.as_of, title="A very long title " * 12)
    root = check_geometry(svg(shape))
    assert shape.title is not None and len(shape.title.lines) > 1
    assert all(len(lane.name.lines) > 1 for lane in shape.lanes)
    assert shape.lanes[1].note is not None  # JAX: no dated events in this range
    assert len(drawn_events(root)) == 1


class _Domain:
    def _place(self, kind: str, target: str) -> tuple[str, str] | None:
        return ("details", f"mlguide-aspect-{target}") if kind == "aspect" else None


class _Env:
    def get_domain(self, name: str) -> _Domain:
        return _Domain()


class _Builder:
    """Just what rendering asks of a builder."""

    env = _Env()

    def __init__(self, name: str) -> None:
        self.name = name

    def get_relative_uri(self, from_: str, to: str) -> str:
        return f"{to}.html"


def timeline_node() -> mlguide_timeline:
    events, _ = collect_events(GUIDE, GUIDE.framework_ids, GUIDE.aspect_ids)
    return mlguide_timeline(
        "",
        lanes=[dataclasses.asdict(lane) for lane in lanes(GUIDE)],
        events=[e.to_data() for e in events],
        as_of=GUIDE.info.as_of.isoformat(),
        start="2015-01-01",
        end="2027-01-01",
        title="Changes",
        alt="Changes",
        docname="index",
        uid="tl",
        ids=["tl"],
    )


def test_printing_builder_gets_one_picture_per_lane() -> None:
    """An SVG cannot break across pages: for the PDF each lane is a picture of its own, on
    the same date axis, the title on the first and the key on the last."""
    pictures = svgs(render_svg(timeline_node(), _Builder("mlguide-pdf")))  # type: ignore[arg-type]
    assert len(pictures) == len(GUIDE.frameworks)
    drawn: set[tuple[str, str]] = set()
    axes = set()
    ids: list[str] = []
    for n, markup in enumerate(pictures):
        root = check_geometry(markup)
        drawn |= drawn_events(root)
        kinds = {t.get("class") for t in root.iter(f"{SVG}text")}
        assert ("tl-title" in kinds) == (n == 0)
        assert ("tl-legend" in kinds) == (n == len(pictures) - 1)
        axes |= {
            re.sub(r",[\d.]+H", "H", p.attrib["d"])  # from x to x, whatever the height
            for p in root.iter(f"{SVG}path")
            if p.get("class") == "tl-axis"
        }
        ids += [e.attrib["id"] for e in root.iter() if "id" in e.attrib]
        for link in root.iter(f"{SVG}a"):
            raise AssertionError(f"a link in the printed picture: {link.attrib}")
    assert len(axes) == 1  # the lanes line up
    assert len(ids) == len(set(ids))
    for _, date, label in dated_entries(GUIDE):
        assert (date, norm(label)) in drawn


def test_legend_shows_each_lane_marker_shape_filled_and_hollow() -> None:
    """The key draws both kinds of marker in the shape (path data) and lane class every lane
    uses for them, so it matches what the lanes draw; in print it sits on the last lane's
    picture and still shows every lane's shapes."""
    for builder, expected_pictures in (("html", 1), ("mlguide-pdf", len(GUIDE.frameworks))):
        pictures = svgs(render_svg(timeline_node(), _Builder(builder)))  # type: ignore[arg-type]
        assert len(pictures) == expected_pictures
        drawn: dict[tuple[str, str], set[str]] = {}  # (lane, kind) -> shapes drawn (normalised)
        keys: dict[tuple[str, str], str] = {}
        for markup in pictures:
            root = ET.fromstring(markup)
            for group in root.iter(f"{SVG}g"):
                lanes_ = [c for c in group.get("class", "").split() if c.startswith("tl-fw-")]
                if not lanes_:
                    continue
                lane = lanes_[0].removeprefix("tl-fw-")
                for path in group.iter(f"{SVG}path"):
                    classes = path.get("class", "").split()
                    if "tl-mark" not in classes:
                        continue
                    kind = "milestone" if "tl-milestone" in classes else "change"
                    form = shape_form(path.attrib["d"])
                    if "tl-key" in classes:
                        keys[(lane, kind)] = form
                    elif lane in {f.id for f in GUIDE.frameworks}:
                        drawn.setdefault((lane, kind), set()).add(form)
        assert set(keys) == {(f.id, k) for f in GUIDE.frameworks for k in ("milestone", "change")}
        for (lane, kind), forms in drawn.items():
            assert forms == {keys[(lane, kind)]}, (builder, lane, kind)


def shape_form(d: str) -> str:
    """A marker's path data with numbers dropped: the commands tell the shapes apart."""
    return re.sub(r"-?\d+(?:\.\d+)?", "", d)


def test_multi_page_builder_links_to_the_page() -> None:
    """In multi-page HTML each event links to its aspect on the page that renders it."""
    (picture_,) = svgs(render_svg(timeline_node(), _Builder("html")))  # type: ignore[arg-type]
    links = {a.attrib["href"] for a in ET.fromstring(picture_).iter(f"{SVG}a")}
    assert links and all(link.startswith("details.html#mlguide-aspect-") for link in links)


def test_data_text_is_escaped() -> None:
    """Markup and quotes in data text stay text: the SVG is well-formed and reads them back."""
    nasty = "<script>alert('x')</script> & \"q\""
    events = [TimelineEvent(framework="pytorch", date=dt.date(2024, 1, 1), label=nasty[:48])]
    shape = layout(lanes(GUIDE), events, GUIDE.info.as_of, title=nasty)
    markup = svg(shape, title=nasty, hrefs={0: "page.html?a=1&b=<2>#x"})
    assert "<script>" not in markup
    root = check_geometry(markup)
    assert root.find(f"{SVG}title").text == nasty  # type: ignore[union-attr]
    assert nasty[:48] in root.find(f"{SVG}desc").text  # type: ignore[operator,union-attr]
    link = next(root.iter(f"{SVG}a"))
    assert link.attrib["href"] == "page.html?a=1&b=<2>#x"


def test_layout_is_pure() -> None:
    """The same data gives the same picture, byte for byte."""
    assert picture(GUIDE) == picture(GUIDE)


def test_undated_entries_are_named_and_left_out() -> None:
    """Undated history entries and milestones are left out and named by where they are."""
    events, undated = collect_events(with_undated(GUIDE), GUIDE.framework_ids, GUIDE.aspect_ids)
    label = GUIDE.position("pytorch", "deployment").history[2].label
    milestone = GUIDE.framework("tensorflow").milestones[1].label
    assert undated == [
        f"framework 'tensorflow', milestones[1] {milestone!r}",
        f"framework 'pytorch', aspect 'deployment', history[2] {label!r}",
    ]
    assert label not in {e.label for e in events} and milestone not in {e.label for e in events}


def test_aspects_filter_history_and_drop_milestones() -> None:
    """Chosen frameworks and aspects keep only their history; milestones can be left out."""
    events, _ = collect_events(GUIDE, ["pytorch"], ["deployment"], milestones=False)
    assert [e.label for e in events] == [
        h.label for h in GUIDE.position("pytorch", "deployment").history
    ]
    assert all(e.targets[0] == ("aspect", "deployment") for e in events)


# --- builds ------------------------------------------------------------------------------------


@pytest.mark.sphinx
def test_html_svg_is_accessible_complete_and_linked(make_app: Any, tmp_path: Path) -> None:
    """HTML: an accessible SVG with every event, linked to the aspects."""
    out, warnings = build(make_app, tmp_path, "html")
    assert warnings == ""
    html = (out / "index.html").read_text()
    full, strip = svgs(html)
    root = check_geometry(full)
    has_links = any(element.tag == f"{SVG}a" for element in root.iter())
    assert root.attrib["role"] == ("group" if has_links else "img")
    title_id, desc_id = root.attrib["aria-labelledby"], root.attrib["aria-describedby"]
    assert root.find(f"{SVG}title").attrib["id"] == title_id  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").text == "How the frameworks changed"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.attrib["id"] == desc_id
    drawn = drawn_events(root)
    for framework, date, label in dated_entries(GUIDE):
        assert (date, norm(label)) in drawn, (framework, date, label)
        assert date in (desc.text or "") and label.casefold() in (desc.text or "").casefold()
    # links: history to the aspect directive (else the compare tab), milestones to the card
    hrefs = {a.attrib["href"] for a in root.iter(f"{SVG}a")}
    assert hrefs == {
        "details.html#mlguide-aspect-deployment",
        "details.html#mlguide-compare-execution-model",
        "details.html#mlguide-compare-serialization",
        "#mlguide-framework-pytorch",
    }
    details = BeautifulSoup((out / "details.html").read_text(), "html.parser")
    index = BeautifulSoup(html, "html.parser")
    ids = {"details.html": {t["id"] for t in details.find_all(id=True)}}
    ids[""] = {t["id"] for t in index.find_all(id=True)}
    for href in hrefs:
        page, anchor = href.split("#")
        assert anchor in ids[page], href
    # an event no page explains is not a link
    tf_milestones = [
        g for g in root.iter(f"{SVG}g") if g.get("data-date") == "2017-02-15"
    ]  # TensorFlow 1.0: no TensorFlow card on these pages
    assert tf_milestones and not list(tf_milestones[0].iter(f"{SVG}a"))
    # the per-aspect strip: two lanes, deployment history only
    strip_root = check_geometry(strip)
    assert {d for d, _ in drawn_events(strip_root)} == {
        h.date.isoformat()
        for f in ("pytorch", "tensorflow")
        for h in GUIDE.position(f, "deployment").history
        if h.date
    }
    assert len(set(re.findall(r'id="([^"]+)"', full + strip))) == 4  # ids unique on the page


@pytest.mark.sphinx
def test_singlehtml_links_are_fragments(make_app: Any, tmp_path: Path) -> None:
    """singlehtml: every event link is a fragment that exists on the page."""
    out, warnings = build(make_app, tmp_path, "singlehtml")
    assert warnings == ""
    html = (out / "index.html").read_text()
    ids = {t["id"] for t in BeautifulSoup(html, "html.parser").find_all(id=True)}
    hrefs = [a.attrib["href"] for s in svgs(html) for a in ET.fromstring(s).iter(f"{SVG}a")]
    assert hrefs
    for href in hrefs:
        assert href.startswith("#") and href[1:] in ids, href


@pytest.mark.sphinx
def test_text_builder_lists_every_event_in_date_order(make_app: Any, tmp_path: Path) -> None:
    """Text builder: no SVG, every event listed in date order."""
    out, warnings = build(make_app, tmp_path, "text")
    assert warnings == ""
    text = (out / "index.txt").read_text()
    assert "<svg" not in text
    full = text.split("How the frameworks changed", 1)[1].split("Deployment, for two", 1)[0]
    flat = " ".join(full.replace("*", "").split())
    names = {f.id: f.name for f in GUIDE.frameworks}
    for framework, date, label in dated_entries(GUIDE):
        pattern = rf"{date} — {re.escape(names[framework])}( [\d.]+)?: {re.escape(label)}"
        assert re.search(pattern, flat, flags=re.IGNORECASE), (date, label)
    dates = re.findall(r"^\* \*\*(\d{4}-\d\d-\d\d)\*\*", full, flags=re.MULTILINE)
    assert dates == sorted(dates) and len(dates) >= len(GUIDE.frameworks)
    assert "2019-09-30 — TensorFlow 2.0.0: TensorFlow 2.0: eager by default" in flat


@pytest.mark.sphinx
def test_latex_builder_gets_the_list(make_app: Any, tmp_path: Path) -> None:
    """LaTeX builder: the list of events, no SVG."""
    out, warnings = build(make_app, tmp_path, "latex")
    assert warnings == ""
    tex = next(out.glob("*.tex")).read_text()
    assert "TorchServe launched" in tex and "<svg" not in tex


BAD = """\
---
orphan: true
---
# Bad timelines

```{mlguide:timeline}
:frameworks: pytorh, jax
```

```{mlguide:timeline}
:from: 2019-13-01
:to: someday
```

```{mlguide:timeline}
:frameworks: jax
:from: 2030-01-01
```

```{mlguide:timeline}
:from: 2024-01-01
:to: 2020-01-01
```

After the bad timelines the page goes on.
"""


def fence_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if "{mlguide:timeline}" in line]


@pytest.mark.sphinx
def test_bad_options_warn_with_location_and_subtype(make_app: Any, tmp_path: Path) -> None:
    """Bad timeline options are warnings with file:line and a subtype."""
    out, warnings = build(make_app, tmp_path, "html", {"bad.md": BAD})
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    unknown, dates, _empty, reversed_ = fence_lines(BAD)
    expected = [
        (
            unknown,
            "unknown framework 'pytorh' in :frameworks:; did you mean 'pytorch'?",
            "unknown-id",
        ),
        (dates, "invalid date '2019-13-01' for :from:", "option"),
        (dates, "invalid date 'someday' for :to:", "option"),
        (reversed_, ":from: 2024-01-01 is after :to: 2020-01-01; showing every date", "option"),
    ]
    for line_no, text, subtype in expected:
        matching = [
            line
            for line in lines
            if f"bad.md:{line_no}:" in line and text in line and f"[mlguide.{subtype}]" in line
        ]
        assert matching, f"no warning at line {line_no}: {text!r} [{subtype}] in:\n{warnings}"
    assert len(lines) == len(expected), warnings
    html = (out / "bad.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    message = soup.select_one("p.mlguide-timeline-empty")
    assert message is not None
    assert message.get_text() == "No dated events for JAX since 2030-01-01."
    assert len(svgs(html)) == 3  # the other three still draw what they can
    assert "After the bad timelines the page goes on." in html
    jax_only = ET.fromstring(svgs(html)[0])  # 'pytorh' dropped: JAX alone
    names = [text_of(t) for t in jax_only.iter(f"{SVG}text") if t.get("class") == "tl-name"]
    assert names == ["JAX"]


@pytest.mark.sphinx
def test_undated_entries_warn_and_are_left_out(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each undated entry gives one located [mlguide.undated] warning per timeline showing it."""
    guide = with_undated(GUIDE)
    monkeypatch.setattr(base_module, "get_guide", lambda env: guide)
    out, warnings = build(make_app, tmp_path, "html")
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    index = (ROOTS / "test-timeline" / "index.md").read_text()
    full, strip = fence_lines(index)
    label = GUIDE.position("pytorch", "deployment").history[2].label
    milestone = GUIDE.framework("tensorflow").milestones[1].label
    history_warning = (
        f"framework 'pytorch', aspect 'deployment', history[2] {label!r} has no date; "
        "left out of the timeline"
    )
    milestone_warning = (
        f"framework 'tensorflow', milestones[1] {milestone!r} has no date; left out of the timeline"
    )
    expected = [(full, milestone_warning), (full, history_warning), (strip, history_warning)]
    for line_no, text in expected:
        assert any(
            f"index.md:{line_no}:" in line and text in line and "[mlguide.undated]" in line
            for line in lines
        ), f"no warning at line {line_no}: {text!r} in:\n{warnings}"
    assert len(lines) == len(expected), warnings
    for markup in svgs((out / "index.html").read_text()):
        texts = {norm(text_of(t)) for t in ET.fromstring(markup).iter(f"{SVG}text")}
        assert norm(label) not in texts and norm(milestone) not in texts


def test_one_fact_one_event() -> None:
    """A release recorded both as a milestone and as an aspect's history entry is one event
    (linked to the aspect): one event per lane on each of these days."""
    events, _ = collect_events(GUIDE, GUIDE.framework_ids, GUIDE.aspect_ids)
    for framework, day in (
        ("jax", "2026-07-16"),
        ("pytorch", "2017-01-19"),
        ("tensorflow", "2019-09-30"),
        ("tensorflow", "2025-08-13"),
    ):
        same = [e for e in events if e.framework == framework and e.date.isoformat() == day]
        assert len(same) == 1, (framework, day, [e.label for e in same])
        assert same[0].milestone and same[0].aspect is not None


def test_a_framework_with_only_its_releases_still_has_events(tmp_path: Path) -> None:
    """A framework with no milestones and no history (a project's, described by its card
    alone) gets its first and latest release as events; a release on a day the framework
    already has an event adds nothing."""
    import tomli_w

    source = {
        "title": "Handbook",
        "url": "https://example.org/handbook",
        "publisher": "Example Org",
        "accessed": dt.date(2026, 11, 20),
        "kind": "documentation",
    }
    framework = {
        "id": "inhouse",
        "name": "In-house",
        "summary": "Ours.",
        "creator": "Example Org",
        "governance": "Example Org",
        "first_release": {"version": "0.1", "date": dt.date(2024, 5, 2), "sources": [source]},
        "latest": {"version": "1.4", "date": dt.date(2026, 10, 1), "sources": [source]},
        "license": "MIT",
        "repository": "https://example.org/code",
        "homepage": "https://example.org/",
        "implementation_languages": ["Rust"],
        "api_languages": ["Python"],
        "platforms": ["Linux"],
        "sources": [source],
    }
    positions = {a.id: {"unknown": "not researched"} for a in GUIDE.aspects}
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "inhouse.toml").write_text(
        tomli_w.dumps({"framework": framework, "positions": positions}), encoding="utf-8"
    )
    guide = mlguide.load_uncached([tmp_path])
    events, _ = collect_events(guide, ["inhouse"], guide.aspect_ids)
    assert [(e.date, e.label, e.version, e.milestone) for e in events] == [
        (dt.date(2024, 5, 2), "First public release", "0.1", True),
        (dt.date(2026, 10, 1), "Latest release", "1.4", True),
    ]
    # a bundled framework: its first release is already a milestone on that day, so no
    # second event appears there
    pytorch = guide.framework("pytorch")
    events, _ = collect_events(guide, ["pytorch"], guide.aspect_ids)
    first = [e for e in events if e.date == pytorch.first_release.date]
    assert len(first) == 1 and first[0].aspect == "origin"  # the data's own event


def test_a_vertical_line_stops_short_of_each_label() -> None:
    """The grid and the as-of line skip every label they would cross, keeping a clearance of
    LINE_CLEARANCE: a box just clear of the line does not cut it, one just touching it does."""
    from mlguide.sphinxext.timeline.svg import LINE_CLEARANCE, line_gaps

    label = Box(10.0, 40.0, 30.0, 10.0)  # x 10..40, y 40..50
    assert line_gaps(25.0, 0.0, 100.0, [label]) == [
        (0.0, 40.0 - LINE_CLEARANCE),
        (50.0 + LINE_CLEARANCE, 100.0),
    ]
    # just outside the clearance on either side: the line runs on
    assert line_gaps(40.0 + LINE_CLEARANCE + 0.01, 0.0, 100.0, [label]) == [(0.0, 100.0)]
    assert line_gaps(10.0 - LINE_CLEARANCE - 0.01, 0.0, 100.0, [label]) == [(0.0, 100.0)]
    # just inside it: cut
    assert len(line_gaps(40.0 + LINE_CLEARANCE - 0.01, 0.0, 100.0, [label])) == 2
    # two labels overlapping in height make one gap
    other = Box(20.0, 45.0, 10.0, 20.0)
    assert line_gaps(25.0, 0.0, 100.0, [other, label]) == [
        (0.0, 40.0 - LINE_CLEARANCE),
        (65.0 + LINE_CLEARANCE, 100.0),
    ]


def test_no_grid_or_as_of_line_runs_through_a_label() -> None:
    """In the whole picture, no segment of a grid line or of the dashed as-of line crosses
    the box of any text (the real data, whose as-of line ran through several labels)."""
    root = ET.fromstring(picture(GUIDE))
    boxes = [box_of(t) for t in root.iter(f"{SVG}text") if t.get("class") != "tl-year"]
    crossings = []
    for path in root.iter(f"{SVG}path"):
        if path.get("class") not in ("tl-grid", "tl-asof"):
            continue
        for segment in re.findall(r"M([\d.]+),([\d.]+)V([\d.]+)", path.get("d", "")):
            x, a, b = (float(v) for v in segment)
            for box in boxes:
                if box.x < x < box.right and a < box.bottom and b > box.y:
                    crossings.append((path.get("class"), x, box))
    assert crossings == []


@pytest.mark.sphinx
def test_a_framework_without_events_gets_no_lane_but_a_line(make_app: Any, tmp_path: Path) -> None:
    """An aspect's timeline draws a lane only for the frameworks with a dated change on it;
    the others are named in one line under the picture (no empty lane)."""
    aspect = next(
        a.id
        for a in GUIDE.aspects
        if 0
        < sum(bool(GUIDE.position(f, a.id).history) for f in GUIDE.framework_ids)
        < len(GUIDE.framework_ids)
    )
    with_events = [
        f.id for f in GUIDE.frameworks if any(e.date for e in GUIDE.position(f.id, aspect).history)
    ]
    without = [f.name for f in GUIDE.frameworks if f.id not in with_events]
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "mlguide.sphinxext"]\n', "utf-8")
    (src / "index.md").write_text(
        f"# Changes\n\n```{{mlguide:timeline}}\n:aspects: {aspect}\n```\n", "utf-8"
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    (markup,) = svgs(html)
    root = ET.fromstring(markup)
    lane_ids = [
        cls.removeprefix("tl-fw-")
        for g in root.iter(f"{SVG}g")
        if "tl-lane" in g.get("class", "").split()
        for cls in g.get("class", "").split()
        if cls.startswith("tl-fw-")
    ]
    assert lane_ids == with_events
    title = GUIDE.aspect(aspect).title
    soup = BeautifulSoup(html, "html.parser")
    line = soup.select_one("p.mlguide-timeline-empty")
    assert line is not None
    assert " ".join(line.get_text().split()) == (
        f"No dated events for {', '.join(without)} on {title}."
    )
