"""The matrix and the cards read well in the common Sphinx themes: measured in Chromium from
element geometry, no matrix cell overlaps its neighbour or overflows its box, and long inline
code stays inside its cell or card."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL_DATA, ROOTS

pytestmark = pytest.mark.browser

THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme")
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
  return {rows, codes};
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
@pytest.mark.parametrize("width", [1280, 800])
def test_matrix_and_cards_fit_in_theme(
    make_app: Any, tmp_path: Path, chromium: Any, long_code_data: Path, theme: str, width: int
) -> None:
    """In each theme and window width: matrix cells in a row do not overlap, no cell's
    content is wider than the cell, and every inline code element lies inside its cell or
    card."""
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
            if name == "index.html":
                assert found["rows"], "no matrix on the page"
                assert any(LONG_CODE[:30] in c["text"] for c in found["codes"])
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
