"""Links in a PDF to pages it does not print: a book that leaves a chapter out (``exclude``)
still sends its reader to that chapter, on the site when the project has an address, and
prints the link's text alone when it has none. A link to a page the PDF prints stays inside
the PDF."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from tests.conftest import MINIMAL_DATA
from tests.test_pdf import normalise, sphinx_pdf

pytestmark = pytest.mark.pdf

BASE = "https://notes.example.org/docs/"

PAGES = {
    "index.md": (
        "# Notes\n\nSee [the printed chapter](printed.md), [the changes](changes.md) and "
        "[a section of them](changes.md#newer-facts).\n\n"
        "```{toctree}\nprinted\nchanges\n```\n"
    ),
    "printed.md": "# Printed chapter\n\nThis chapter is in the book.\n",
    "changes.md": "# Changes\n\nNOT-IN-THE-BOOK.\n\n## Newer facts\n\nText.\n",
}


def _build(root: Path, baseurl: str) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        'project = "Notes"\nmlguide_package_data = False\n'
        f"mlguide_data_dirs = [{str(MINIMAL_DATA)!r}]\nhtml_baseurl = {baseurl!r}\n"
        "myst_heading_anchors = 2\n"
        'mlguide_pdf_documents = [{"start": "index", "filename": "book.pdf", '
        '"exclude": ["changes"]}]\n',
        encoding="utf-8",
    )
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    result = sphinx_pdf(src, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out" / "book.pdf"


def _links(pdf: Path) -> tuple[list[str], int, str]:
    """The PDF's web links, its count of links within the file, and its text."""
    reader = pypdf.PdfReader(pdf)
    uris: list[str] = []
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            elif action is not None or "/Dest" in annotation.get_object():
                internal += 1
    return uris, internal, normalise(" ".join(p.extract_text() for p in reader.pages))


@pytest.fixture(scope="module")
def with_address(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], int, str]:
    return _links(_build(tmp_path_factory.mktemp("with-address"), BASE))


@pytest.fixture(scope="module")
def without_address(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], int, str]:
    return _links(_build(tmp_path_factory.mktemp("without-address"), ""))


def test_a_link_to_a_left_out_page_goes_to_the_site(
    with_address: tuple[list[str], int, str],
) -> None:
    """The page and its section, each at the site's address; the page itself is not printed."""
    uris, _, text = with_address
    assert f"{BASE}changes.html" in uris
    assert f"{BASE}changes.html#newer-facts" in uris
    assert "NOT-IN-THE-BOOK" not in text


def test_a_link_to_a_printed_page_stays_in_the_pdf(
    with_address: tuple[list[str], int, str],
) -> None:
    """Just inside the PDF: the chapter it prints is linked within the file, not on the web."""
    uris, internal, text = with_address
    assert not any("printed" in uri for uri in uris)
    assert internal >= 1
    assert "This chapter is in the book." in text


def test_without_an_address_a_left_out_page_is_named_not_linked(
    without_address: tuple[list[str], int, str],
) -> None:
    """No address: the links' words stay, and nothing points off the page."""
    uris, internal, text = without_address
    assert uris == []
    assert internal >= 1  # the printed chapter's link
    assert "See the printed chapter, the changes and a section of them." in text
