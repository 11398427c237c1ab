"""How ``{mlguide:handout}`` links and ``{mlguide:downloads}`` lists print in each output
(``tests/roots/test-pdf-links``: two PDFs that link to each other, from MyST and reST):

- a site warns about a missing PDF only when the project says where its PDFs are published
  (``mlguide_pdf_dir``), at the role's own line; otherwise an information line;
- a PDF drops a link to itself with its sentence, and prints another PDF's label and address;
  a downloads list prints the other PDFs, or nothing at all;
- text names each file once; linkcheck reports a PDF that is not published as broken.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOTS
from tests.test_pdf import normalise, pdf_text

pytestmark = pytest.mark.sphinx


def _src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf-links", src)
    return src


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_a_site_without_a_pdf_folder_builds_warning_free(make_app: Any, tmp_path: Path) -> None:
    """Built before its PDFs and with no ``mlguide_pdf_dir``: no warning (a ``-W`` build
    passes), and an information line per link saying the PDF is not published yet."""
    app = make_app("html", srcdir=_src(tmp_path), freshenv=True)
    app.build()
    assert _plain(app.warning.getvalue()) == ""
    status = _plain(app.status.getvalue())
    assert "{mlguide:handout} links to notes.pdf, which this build does not publish" in status
    assert "{mlguide:downloads} lists card.pdf, which this build does not publish" in status
    assert "check with -b linkcheck" in status


def test_a_site_with_a_pdf_folder_warns_at_each_roles_own_line(
    make_app: Any, tmp_path: Path
) -> None:
    """With ``mlguide_pdf_dir`` set and the PDFs missing: one warning per link, each at the
    line the role is written on (not the paragraph's first line), in MyST and in reST; a
    downloads entry says it is the downloads list."""
    src = _src(tmp_path)
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"mlguide_pdf_dir": "pdfs"})
    app.build()
    found = re.findall(
        r"^(\S+?):(\d+): WARNING: (\{mlguide:\w+\} (?:links to|lists) \S+), which this build "
        r"does not "
        r"publish",
        _plain(app.warning.getvalue()),
        re.MULTILINE,
    )
    located = {(Path(f).name, int(n), what) for f, n, what in found}
    assert {
        ("index.md", 3, "{mlguide:handout} links to notes.pdf"),
        ("index.md", 4, "{mlguide:handout} links to card.pdf"),
        ("rest.rst", 5, "{mlguide:handout} links to notes.pdf"),
        ("rest.rst", 6, "{mlguide:handout} links to card.pdf"),
    } <= located
    assert ("index.md", 6, "{mlguide:downloads} lists card.pdf") in located
    # published, the same links raise nothing
    (src / "pdfs").mkdir()
    for name in ("notes.pdf", "card.pdf"):
        (src / "pdfs" / name).write_bytes(b"%PDF-1.7\n")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"mlguide_pdf_dir": "pdfs"})
    app.build()
    assert "which this build does not publish" not in _plain(app.warning.getvalue())


@pytest.fixture
def pdfs(make_app: Any, tmp_path: Path) -> dict[str, str]:
    """Both PDFs, built in this process with an address for the site; their text."""
    app = make_app(
        "mlguide-pdf",
        srcdir=_src(tmp_path),
        freshenv=True,
        confoverrides={"html_baseurl": "https://example.org/team/"},
    )
    app.build()
    assert _plain(app.warning.getvalue()) == ""
    return {
        name: normalise(" ".join(pdf_text(Path(app.outdir) / name)))
        for name in ("notes.pdf", "card.pdf")
    }


def test_a_pdf_drops_its_own_link_with_its_sentence(pdfs: dict[str, str]) -> None:
    """In the notes, "Print the notes soon." is gone (the reader holds them) and the next
    sentence stands; in the card, the card's sentence about itself is gone and the next one
    stands. A sentence that also names another PDF keeps the words, without the link."""
    notes, card = pdfs["notes.pdf"], pdfs["card.pdf"]
    assert (
        "Read these online. Keep the card (https://example.org/team/card.pdf) by the phone."
        in notes
    )
    assert "Print" not in notes
    assert "Call the team." in card and "This card is" not in card
    assert (
        "then the notes on the second, and the card (https://example.org/team/card.pdf) on "
        "the third." in notes
    )


def test_a_pdf_prints_the_other_pdfs_label_and_address(pdfs: dict[str, str]) -> None:
    """A downloads list in a PDF names the other PDF by its label and address (``html_baseurl``
    plus its file name), never itself and never the site's details (pages, size)."""
    notes, card = pdfs["notes.pdf"], pdfs["card.pdf"]
    assert "Take them with you: The card (https://example.org/team/card.pdf)" in notes
    assert "The notes (https://example.org/team/notes.pdf)" not in notes
    assert "Also printed: The notes (https://example.org/team/notes.pdf)" in card
    assert "PDF:" not in notes + card


def test_without_an_address_a_pdf_prints_the_file_name(make_app: Any, tmp_path: Path) -> None:
    """With no ``html_baseurl`` the other PDF is named by its file name."""
    app = make_app("mlguide-pdf", srcdir=_src(tmp_path), freshenv=True)
    app.build()
    notes = normalise(" ".join(pdf_text(Path(app.outdir) / "notes.pdf")))
    assert "Keep the card (card.pdf) by the phone." in notes


def test_a_downloads_list_with_only_itself_prints_nothing(make_app: Any, tmp_path: Path) -> None:
    """A project with one PDF: its downloads list, lead-in included, is left out of it (no
    empty gap, no dangling "Take them with you:")."""
    app = make_app(
        "mlguide-pdf",
        srcdir=_src(tmp_path),
        freshenv=True,
        confoverrides={
            "mlguide_pdf_documents": [{"start": "index", "filename": "notes.pdf"}],
        },
    )
    app.build()
    notes = normalise(" ".join(pdf_text(Path(app.outdir) / "notes.pdf")))
    assert "Take them with you" not in notes and "Also printed" not in notes
    assert "Read these online." in notes


def test_text_names_each_pdf_file_once(make_app: Any, tmp_path: Path) -> None:
    """Text output: a role prints its words and the file name; a downloads entry its label
    and details, the file name once."""
    app = make_app("text", srcdir=_src(tmp_path), freshenv=True)
    app.build()
    index = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "the notes (notes.pdf)" in index
    line = next(line for line in index.splitlines() if "The card" in line)
    assert line.count("card.pdf") == 1, line


def test_linkcheck_reports_a_pdf_that_is_not_published(make_app: Any, tmp_path: Path) -> None:
    """``-b linkcheck`` checks each link against the folder PDFs are published from: broken
    while the PDF is missing there, working once it is in ``mlguide_pdf_dir``."""
    src = _src(tmp_path)
    (src / "pdfs").mkdir()
    (src / "pdfs" / "notes.pdf").write_bytes(b"%PDF-1.7\n")
    app = make_app(
        "linkcheck", srcdir=src, freshenv=True, confoverrides={"mlguide_pdf_dir": "pdfs"}
    )
    app.build()
    results = [
        json.loads(line)
        for line in (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    ]
    status = {Path(r["uri"]).name: r["status"] for r in results if r["uri"].endswith(".pdf")}
    assert status == {"notes.pdf": "working", "card.pdf": "broken"}
