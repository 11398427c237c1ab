"""The pictures' text wrapping and layout stay bounded whatever the input: no loop without
progress, no cost that grows with the square of a word, no column too narrow for a word."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from mlguide.sphinxext.drawing.graph import GraphEdge, GraphNode, layout_graph
from mlguide.sphinxext.drawing.measure import PRINT, SCREEN, wrap
from tests.conftest import MINIMAL_DATA
from tests.test_hostile_data_values import write_lineage
from tests.test_hostile_snippets import within

# --- wrap ---------------------------------------------------------------------------------


def test_a_character_wider_than_the_line_gets_a_line_of_its_own() -> None:
    """A one-character word wider than the whole line (a column squeezed to nothing) is put
    on a line of its own; it used to loop forever trying to cut it."""
    with within(5):
        assert wrap("W", 3, 12, bold=True) == ["W"]


def test_a_line_narrower_than_nothing_still_advances() -> None:
    """A negative width (more gutters than room) cuts a word into single characters."""
    with within(5):
        assert wrap("abc de", -10, 12) == ["a", "b", "c", "d", "e"]


def test_a_word_of_12000_characters_is_cut_in_bounded_time() -> None:
    """The framework name that hung the timeline (12,000 characters, no space) is cut
    quickly; every piece fits and together they are the word."""
    word = "x" * 12_000
    with within(5):
        lines = wrap(word, 90, 12, bold=True, face=PRINT)
    assert "".join(lines) == word
    assert max(PRINT.width(line, 12, True) for line in lines) <= 90


def test_a_word_exactly_as_wide_as_the_line_is_not_cut() -> None:
    """Just inside: a word whose width equals the line's is one line."""
    width = SCREEN.width("lineage", 12)
    assert wrap("lineage", width, 12) == ["lineage"]


def test_a_word_a_hair_wider_than_the_line_is_cut() -> None:
    """Just outside: the same word with a line narrower by a hundredth of a pixel is cut, its
    first piece one character short."""
    width = SCREEN.width("lineage", 12)
    assert wrap("lineage", width - 0.01, 12) == ["lineag", "e"]


# --- the lineage picture ------------------------------------------------------------------


def chain(count: int) -> tuple[list[GraphNode], list[GraphEdge]]:
    """``count`` projects, each leading to the next."""
    nodes = [GraphNode(id=f"n{i}", name=f"Project {i}") for i in range(count)]
    edges = [GraphEdge(f"n{i}", f"n{i + 1}", "became") for i in range(count - 1)]
    return nodes, edges


def test_seven_columns_fit_the_asked_width() -> None:
    """Just inside the minimum column width: seven columns share 760 px (74.3 px each)."""
    layout = layout_graph(*chain(7))
    assert layout.width == 760
    assert min(n.box.w for n in layout.nodes) == pytest.approx((760 - 24 - 6 * 36) / 7)


def test_eight_columns_widen_the_picture() -> None:
    """Just outside: eight columns would be 60.5 px each; they get the minimum, 72 px, and
    the picture grows wider instead (a page scales it, a screen scrolls it)."""
    layout = layout_graph(*chain(8))
    assert min(n.box.w for n in layout.nodes) == 72
    assert layout.width == 24 + 7 * 36 + 8 * 72


def test_a_chain_of_14_projects_is_laid_out_in_bounded_time() -> None:
    """The reported case: 14 projects in a chain (columns under one character wide) used to
    never finish; now every column is at least 72 px and every name fits its box."""
    with within(10):
        layout = layout_graph(*chain(14))
    assert all(n.box.w >= 72 for n in layout.nodes)
    for placed in layout.nodes:
        assert placed.name.box.right <= placed.box.right


def test_a_chain_of_2000_projects_does_not_recurse() -> None:
    """Columns are found without recursion: a chain longer than Python's recursion limit is
    laid out (it used to raise RecursionError)."""
    with within(30):
        layout = layout_graph(*chain(2000))
    assert len({n.box.x for n in layout.nodes}) == 2000


def test_lineage_chain_of_14_builds(make_app: Any, tmp_path: Path) -> None:
    """The whole build with a 14-node lineage chain finishes and draws every project."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    path = write_lineage(data, [("a", "b"), ("b", "c"), ("c", "d")])
    text = path.read_text(encoding="utf-8")
    more = "".join(f'[[nodes]]\nid = "n{i}"\nname = "N{i}"\n\n' for i in range(10))
    links = "".join(
        f'[[links]]\nsource = "{s}"\ntarget = "{t}"\nkind = "became"\nlabel = "x"\n'
        'sources = [{ title = "T", url = "https://example.org/t", publisher = "P", '
        'accessed = 2026-01-01, kind = "documentation" }]\n\n'
        for s, t in [("d", "n0"), *[(f"n{i}", f"n{i + 1}") for i in range(9)]]
    )
    path.write_text(more + text + links, encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        f"mlguide_package_data = False\nmlguide_data_dirs = [{str(data)!r}]\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Lineage\n\n```{mlguide:lineage}\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    with within(60):
        app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert html.count('class="gr-box') == 14


# --- the timeline -------------------------------------------------------------------------


def test_timeline_title_of_20000_characters_builds_in_bounded_time(
    make_app: Any, tmp_path: Path
) -> None:
    """A 20,000-character ``:title:`` without a space (84 s at 10,000 before) is wrapped in
    bounded time."""
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-timeline", src)
    (src / "index.md").write_text(
        "# Timeline\n\n```{mlguide:timeline}\n:frameworks: pytorch\n:title: "
        + "T" * 20_000
        + "\n```\n",
        encoding="utf-8",
    )
    (src / "details.md").unlink()
    app = make_app("html", srcdir=src, freshenv=True)
    with within(60):
        app.build()
    assert "TTTT" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
