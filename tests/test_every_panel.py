"""singlehtml and EPUB get every panel written out, labelled, with no radio inputs; the
HTML site keeps its interactive tabs."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from tests.conftest import MINIMAL_DATA, ROOTS

pytestmark = pytest.mark.sphinx

GUIDE = mlguide.load_uncached([MINIMAL_DATA], package_data=False)


def _build(make_app: Any, tmp_path: Path, builder: str) -> Path:
    src = tmp_path / builder / "src"
    shutil.copytree(ROOTS / "test-rest", src)
    app = make_app(
        builder,
        srcdir=src,
        freshenv=True,
        confoverrides={"version": "1", "copyright": "2026, tests"},
    )
    app.build()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


def _pages(out: Path, builder: str) -> list[BeautifulSoup]:
    if builder == "epub":
        (book,) = out.glob("*.epub")
        with zipfile.ZipFile(book) as archive:
            return [
                BeautifulSoup(archive.read(n).decode(), "html.parser")
                for n in archive.namelist()
                if n.endswith(".xhtml") and not n.endswith("nav.xhtml")
            ]
    return [BeautifulSoup((out / "index.html").read_text(), "html.parser")]


@pytest.mark.parametrize("builder", ["singlehtml", "epub"])
def test_every_panel_is_written_out_labelled(make_app: Any, tmp_path: Path, builder: str) -> None:
    """No radio input and no sphinx-design tab-set; the compare directive's aspects each
    appear as a labelled panel, every framework's panel inside."""
    pages = _pages(_build(make_app, tmp_path, builder), builder)
    assert all(not page.select('input[type="radio"]') for page in pages)
    assert all(not page.select(".sd-tab-set") for page in pages)
    compare = next(c for page in pages for c in page.select(".mlguide-compare"))
    labels = [
        p.get_text(strip=True)
        for p in compare.select(":scope > .mlguide-panel-item > p.mlguide-panel-label")
    ]
    assert labels == [a.title for a in GUIDE.aspects]
    for item in compare.select(":scope > .mlguide-panel-item"):
        headers = [h.get_text(strip=True) for h in item.select(".mlguide-panel .sd-card-header")]
        assert headers == [f.name for f in GUIDE.frameworks]


def test_the_html_site_keeps_its_tabs(make_app: Any, tmp_path: Path) -> None:
    """The html builder still gets interactive tabs (radio inputs, sphinx-design tab-sets)."""
    page = _pages(_build(make_app, tmp_path, "html"), "html")[0]
    assert page.select(".mlguide-compare.sd-tab-set")
    assert page.select('input[type="radio"]')
