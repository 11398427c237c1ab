""" "Sources on this page" lists the sources cited on its own page, on every builder: in
singlehtml and the PDF too, where every page is part of one document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import ROOTS

pytestmark = pytest.mark.sphinx


def _numbers(bibliography: Tag) -> list[int]:
    return [
        int(re.match(r"\[(\d+)\]", li.get_text(strip=True)).group(1))
        for li in bibliography.select("li")
    ]  # type: ignore[union-attr]


def _build(make_app: Any, tmp_path: Path, builder: str) -> tuple[Path, Any]:
    src = tmp_path / builder
    shutil.copytree(ROOTS / "test-rest", src)
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    # (a second app in one test re-registers Sphinx's own nodes: a harness message, not ours)
    warnings = [w for w in app.warning.getvalue().splitlines() if "is already registered" not in w]
    assert warnings == []
    return Path(app.outdir), app


@pytest.mark.parametrize("builder", ["singlehtml", "mlguide-pdf"])
def test_page_bibliography_lists_only_its_pages_sources(
    make_app: Any, tmp_path: Path, builder: str
) -> None:
    """The aspects page's "Sources on this page" holds the same numbers in the one-document
    builds as on the aspects page of the multi-page site (built here too), fewer than the
    whole guide's list; every citation link lands on an entry in the document."""
    site, _ = _build(make_app, tmp_path, "html")
    page = BeautifulSoup((site / "aspects.html").read_text(), "html.parser")
    (expected_list,) = page.select("ul.mlguide-bibliography")
    expected = _numbers(expected_list)

    out, app = _build(make_app, tmp_path, builder)
    if builder == "singlehtml":
        html = (out / "index.html").read_text()
    else:
        staged = Path(app.doctreedir) / "mlguide-pdf-html"
        html = next(staged.glob(".*.html")).read_text()
    soup = BeautifulSoup(html, "html.parser")
    lists = soup.select("ul.mlguide-bibliography")
    # the root's whole-guide list, and the aspects page's own list
    whole = max(lists, key=lambda ul: len(ul.select("li")))
    own = [ul for ul in lists if ul is not whole]
    assert [_numbers(ul) for ul in own] == [expected]
    assert len(expected) < len(_numbers(whole))
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    hrefs = [str(a["href"]) for a in soup.select("a.mlguide-cite")]
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)
