"""The matrix and the cards read well in the common Sphinx themes: measured in Chromium from
element geometry, no matrix cell overlaps its neighbour or overflows its box, long inline
code stays inside its cell or card, and no word in a cell is broken across lines. At phone
width the matrix is one card per aspect, each summary under its framework's name."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.browser import checks
from tests.conftest import MINIMAL_DATA, ROOTS

pytestmark = [
    pytest.mark.browser,
    # sphinx-book-theme 1.x still reads a transform's ``app`` (deprecated in Sphinx 9)
    pytest.mark.filterwarnings(r"ignore:'sphinx_book_theme\.\S+\.app' is deprecated"),
]

THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme")
LONG_CODE = "torch.utils.tensorboard.writer.SummaryWriter"

# Geometry of every matrix cell and every inline code element, measured in the page.
MEASURE = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.right]; };
  const rows = [...document.querySelectorAll("table.mlguide-matrix tr")].map((tr) =>
    [...tr.children].map((cell) => ({
      box: box(cell), scroll: cell.scrollWidth, client: cell.clientWidth,
      text: cell.textContent.trim().slice(0, 40)})));
  const codes = [...document.querySelectorAll(
      "table.mlguide-matrix code, .mlguide-panel code, .sd-card code")].map((code) => {
    const holder = code.closest("td, th, .sd-card");
    return {code: box(code), holder: box(holder), text: code.textContent.slice(0, 40)};
  });
  const frame = document.querySelector(".mlguide-matrix-frame");
  const cards = [...document.querySelectorAll("table.mlguide-matrix > tbody > tr")].map((tr) => {
    const row = tr.getBoundingClientRect();
    const cells = [...tr.children].map((td) => td.getBoundingClientRect());
    const labels = [...tr.querySelectorAll("p.mlguide-matrix-label")]
      .filter((p) => p.getBoundingClientRect().height > 0).map((p) => p.textContent);
    return {
      text: tr.textContent.trim().slice(0, 40),
      inside: cells.every((c) => c.left >= row.left - 1 && c.right <= row.right + 1),
      stacked: cells.every((c, i) => i === 0 || c.top >= cells[i - 1].bottom - 1),
      labels,
    };
  });
  // ours that reach past the window's right edge, unless a scrolling box of theirs holds them
  const wide = [...document.querySelectorAll('[class*="mlguide-"]')].filter((el) => {
    if (el.getBoundingClientRect().right <= innerWidth + 1) return false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return false;
    }
    return true;
  }).map((el) => el.className).slice(0, 3);
  return {rows, codes, cards, heads: [...document.querySelectorAll("table.mlguide-matrix th")]
    .map((th) => th.textContent.trim()), framed: !!frame, wide};
}"""


@pytest.fixture(scope="module")
def long_code_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An extra data directory whose PyTorch position carries a long module path in code."""
    extra = tmp_path_factory.mktemp("long-code")
    (extra / "frameworks").mkdir()
    (extra / "frameworks" / "pytorch.toml").write_text(
        f'[positions.visualization]\nsummary = "Logs through `{LONG_CODE}` to TensorBoard."\n'
        'sources = [{ title = "t", url = "https://example.org/tb", publisher = "p", '
        "accessed = 2026-11-26, primary = true }]\n"
    )
    return extra


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", [1280, 800, 390])
def test_matrix_and_cards_fit_in_theme(
    make_app: Any, tmp_path: Path, chromium: Any, long_code_data: Path, theme: str, width: int
) -> None:
    """In each theme and window width: no word in a matrix cell is broken across lines and
    nothing of ours reaches past the window's edge (the themes' own bars are theirs). As a table (1280, 800 px): cells in a row do not
    overlap, no cell's content is wider than the cell, and every inline code element lies
    inside its cell or card. As cards (390 px): each row's cells stack inside the card, every
    summary under its column's name."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-rest", src)
    app = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={
            "html_theme": theme,
            "mlguide_data_dirs": [str(MINIMAL_DATA), str(long_code_data)],
        },
    )
    app.build()
    page = chromium.new_page(viewport={"width": width, "height": 900})
    try:
        problems = []
        for name in ("index.html", "aspects.html", "frameworks.html"):
            page.goto((Path(app.outdir) / name).as_uri())
            found = page.evaluate(MEASURE)
            split, _ = checks.split_word_problems(page)
            problems += [f"{name}: {p}" for p in split]
            if found["wide"]:
                problems.append(f"{name}: past the window's right edge: {found['wide']}")
            if name == "index.html":
                assert found["rows"] and found["framed"], "no matrix (in its frame) on the page"
                assert any(LONG_CODE[:30] in c["text"] for c in found["codes"])
            if width < 600:  # cards
                for card in found["cards"]:
                    if not (card["inside"] and card["stacked"]):
                        problems.append(f"{name}: card {card['text']!r} is not one column")
                    if card["labels"] != found["heads"][1:]:
                        problems.append(f"{name}: card {card['text']!r} labels {card['labels']}")
                continue
            for row in found["rows"]:
                for left, right in itertools.pairwise(row):
                    if left["box"][1] > right["box"][0] + 1:
                        problems.append(
                            f"{name}: cells overlap: {left['text']!r} / {right['text']!r}"
                        )
                for cell in row:
                    if cell["scroll"] > cell["client"] + 1:
                        problems.append(f"{name}: cell overflows: {cell['text']!r}")
            for code in found["codes"]:
                (c_left, c_right), (h_left, h_right) = code["code"], code["holder"]
                if c_left < h_left - 1 or c_right > h_right + 1:
                    problems.append(f"{name}: code outside its box: {code['text']!r}")
        assert problems == [], "\n".join(problems[:10])
    finally:
        page.close()
