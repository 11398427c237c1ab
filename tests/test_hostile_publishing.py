"""What an HTML build publishes and links: PDFs from ``mlguide_pdf_dir`` read as untrusted
files, handout links relative to their own page, singlehtml links with one fragment, and PDF
file names and print hints that cannot break the build or the text."""

from __future__ import annotations

import os
import tracemalloc
import zlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup

from mlguide.sphinxext.downloads import pdf_page_count
from mlguide.sphinxext.pdf.documents import PdfConfigError, documents
from mlguide.sphinxext.pdf.printtext import add_print_hints
from tests.conftest import MINIMAL_DATA

pytestmark = pytest.mark.sphinx

#: What a published PDF's object streams may inflate to while its pages are counted.
MAX_INFLATED = 16 * 2**20


def tiny_pdf(pages: int) -> bytes:
    """A file with a PDF's page tree (all that page counting reads)."""
    return (
        b"%%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count %d >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%%%EOF\n" % pages
    )


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A project publishing ``notes.pdf`` from ``pdf/`` (not yet there), with ``pages``."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        'project = "Notes"\nmlguide_package_data = False\n'
        f"mlguide_data_dirs = [{str(MINIMAL_DATA)!r}]\n"
        'mlguide_pdf_filename = "notes.pdf"\nmlguide_pdf_dir = "pdf"\n',
        encoding="utf-8",
    )
    (src / "pdf").mkdir()
    for name, text in pages.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    return src


DOWNLOADS = {"index.md": "# Notes\n\n```{mlguide:downloads}\n```\n"}


def build(make_app: Any, src: Path, builder: str = "html") -> tuple[Path, str]:
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


# --- mlguide_pdf_dir is untrusted ---------------------------------------------------------


def test_symlink_in_the_pdf_dir_is_not_published(make_app: Any, tmp_path: Path) -> None:
    """``pdf/notes.pdf -> /etc/passwd``: nothing is copied into the site, and a warning names
    the link (it used to publish the password file as notes.pdf)."""
    src = site(tmp_path, DOWNLOADS)
    (src / "pdf" / "notes.pdf").symlink_to("/etc/passwd")
    out, warnings = build(make_app, src)
    assert not (out / "notes.pdf").exists()
    assert (
        f"mlguide_pdf_dir: {src / 'pdf' / 'notes.pdf'}: not read: a symbolic link; not "
        "published [mlguide.pdf-dir]"
    ) in warnings


def test_hard_link_in_the_pdf_dir_is_not_published(make_app: Any, tmp_path: Path) -> None:
    """A hard link in the PDF folder (another name for a file anywhere) is not published."""
    src = site(tmp_path, DOWNLOADS)
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(tiny_pdf(3))
    os.link(outside, src / "pdf" / "notes.pdf")
    out, warnings = build(make_app, src)
    assert not (out / "notes.pdf").exists()
    assert "not read: it has 2 hard links (it could be any file); not published" in warnings


def test_plain_pdf_in_the_pdf_dir_is_published_and_counted(make_app: Any, tmp_path: Path) -> None:
    """Just inside: a regular file with one link is copied into the site and its pages are
    counted on the downloads list."""
    src = site(tmp_path, DOWNLOADS)
    (src / "pdf" / "notes.pdf").write_bytes(tiny_pdf(3))
    out, warnings = build(make_app, src)
    assert (out / "notes.pdf").read_bytes() == tiny_pdf(3)
    assert "3 pages" in (out / "index.html").read_text(encoding="utf-8")
    assert "WARNING" not in warnings


def object_stream(inflated: bytes) -> bytes:
    """A PDF whose one object stream inflates to ``inflated`` (compressed in pieces, so that
    a large one costs little memory to make)."""
    packer = zlib.compressobj(9)
    view = memoryview(inflated)
    body = b"".join(packer.compress(view[i : i + 2**20]) for i in range(0, len(view), 2**20))
    body += packer.flush()
    return (
        b"%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def test_page_count_of_an_inflation_bomb_is_bounded(tmp_path: Path) -> None:
    """An object stream inflating to 200 MB: counting gives up at the limit, keeping memory
    low (it used to inflate it all: 6.4 GB for a 3 GB one)."""
    from mlguide.sphinxext.downloads import PageCountError

    path = tmp_path / "bomb.pdf"
    path.write_bytes(object_stream(bytes(200 * 2**20)))
    tracemalloc.start()
    try:
        with pytest.raises(PageCountError) as info:
            pdf_page_count(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(info.value) == "its object streams inflate to more than 16 MiB"
    assert peak < 3 * MAX_INFLATED


def test_page_count_at_the_inflation_limit_is_read(tmp_path: Path) -> None:
    """Just inside: an object stream inflating to exactly the limit is read (pages found)."""
    tree = b"<< /Type /Pages /Kids [] /Count 7 >>"
    path = tmp_path / "full.pdf"
    path.write_bytes(object_stream(tree + b" " * (MAX_INFLATED - len(tree))))
    assert pdf_page_count(path) == 7


def test_page_count_one_byte_past_the_limit_gives_up(tmp_path: Path) -> None:
    """Just outside: one byte more than the limit and counting gives up."""
    tree = b"<< /Type /Pages /Kids [] /Count 7 >>"
    from mlguide.sphinxext.downloads import PageCountError

    path = tmp_path / "over.pdf"
    path.write_bytes(object_stream(tree + b" " * (MAX_INFLATED - len(tree) + 1)))
    with pytest.raises(PageCountError):
        pdf_page_count(path)


def test_inflation_bomb_in_the_pdf_dir_is_a_located_warning(make_app: Any, tmp_path: Path) -> None:
    """On the downloads list the bomb's pages are left out with a warning at the directive,
    and the build goes on."""
    src = site(tmp_path, DOWNLOADS)
    (src / "pdf" / "notes.pdf").write_bytes(object_stream(bytes(MAX_INFLATED + 1)))
    out, warnings = build(make_app, src)
    assert (
        f"index.md:3: WARNING: {src / 'pdf' / 'notes.pdf'}: pages not counted: its object "
        "streams inflate to more than 16 MiB [mlguide.pdf-pages]"
    ) in warnings
    assert " pages" not in (out / "index.html").read_text(encoding="utf-8").split("notes.pdf")[-1]


# --- links relative to their page -----------------------------------------------------------

NESTED = {
    "index.md": "# Notes\n\n{mlguide:handout}`The notes <notes.pdf>`\n\n"
    "```{toctree}\nchapter/part\n```\n",
    "chapter/part.md": "# Part\n\n{mlguide:handout}`The notes <notes.pdf>`\n",
}


def test_handout_link_on_a_nested_page_climbs_to_the_root(make_app: Any, tmp_path: Path) -> None:
    """A handout link on ``chapter/part`` points at ``../notes.pdf``, where the site has it
    (not ``notes.pdf``, which is computed from the root)."""
    src = site(tmp_path, NESTED)
    (src / "pdf" / "notes.pdf").write_bytes(tiny_pdf(1))
    out, _ = build(make_app, src)
    soup = BeautifulSoup((out / "chapter" / "part.html").read_text("utf-8"), "html.parser")
    (link,) = soup.select("a.mlguide-download")
    assert link["href"] == "../notes.pdf"
    assert (out / "chapter" / link["href"]).resolve() == (out / "notes.pdf").resolve()


def test_handout_link_on_the_root_page_is_beside_it(make_app: Any, tmp_path: Path) -> None:
    """Just inside: on the root page the same link is ``notes.pdf``."""
    src = site(tmp_path, NESTED)
    (src / "pdf" / "notes.pdf").write_bytes(tiny_pdf(1))
    out, _ = build(make_app, src)
    soup = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert [a["href"] for a in soup.select("a.mlguide-download")] == ["notes.pdf"]


SECTIONS = {
    "index.md": "# Notes\n\n```{toctree}\nchapter\n```\n\nSee {ref}`the second section <second>`.\n",
    "chapter.md": "# Chapter\n\n## First section\n\nText.\n\n(second)=\n## Second section\n",
}


def test_singlehtml_reference_to_another_page_has_one_fragment(
    make_app: Any, tmp_path: Path
) -> None:
    """singlehtml: a reference to a section of another page is ``#second``, an id on the
    page. Sphinx 9 writes ``#document-chapter#second``; the repair keeps exactly what follows
    the second ``#`` (no character more or less)."""
    src = site(tmp_path, SECTIONS)
    out, _ = build(make_app, src, "singlehtml")
    soup = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    (link,) = [a for a in soup.find_all("a") if a.get_text() == "the second section"]
    assert link["href"] == "#second"
    assert soup.find(id="second") is not None


# --- PDF file names -----------------------------------------------------------------------


def config(filename: str) -> Any:
    """The configuration values the PDF documents are read from, with one file name."""
    return SimpleNamespace(
        mlguide_pdf_documents=[{"start": "index", "filename": filename}],
        mlguide_pdf_filename="",
        root_doc="index",
        project="Notes",
        author="",
        release="",
        version="",
        **{
            f"mlguide_pdf_{key}": value
            for key, value in {
                "title": "",
                "subtitle": "",
                "author": "",
                "version": "",
                "header": "",
                "paper": "A4",
                "orientation": "portrait",
            }.items()
        },
    )


@pytest.mark.parametrize(
    "filename",
    ["a\x00.pdf", "a\n.pdf", "notes\u202e.pdf", "a\t.pdf"],
    ids=["null", "newline", "bidi-override", "tab"],
)
def test_pdf_file_name_with_an_invisible_character_is_refused(filename: str) -> None:
    """A null byte (which crashed the build with ``embedded null byte``), a newline (which was
    accepted), a bidirectional override or a tab: a configuration error naming the entry."""
    with pytest.raises(PdfConfigError) as info:
        documents(config(filename))
    assert str(info.value) == (
        f"mlguide_pdf_documents[0]: filename {filename!r} must be a plain file name ending in "
        ".pdf (no folder), without control or invisible characters, such as 'guide.pdf'"
    )


def test_pdf_file_name_of_300_characters_is_refused() -> None:
    """A 300-character file name (``OSError: File name too long`` before) is a configuration
    error giving its length in bytes and the limit, the name itself shortened."""
    with pytest.raises(PdfConfigError) as info:
        documents(config("n" * 296 + ".pdf"))
    message = str(info.value)
    assert message.endswith("is 300 bytes long (UTF-8); a PDF's file name has at most 200")
    assert len(message) < 200


def test_pdf_file_name_of_201_bytes_is_refused() -> None:
    """Just outside: 201 bytes (a two-byte letter and 199 ASCII characters)."""
    with pytest.raises(PdfConfigError, match="is 201 bytes long"):
        documents(config("é" + "n" * 195 + ".pdf"))


def test_pdf_file_name_of_200_bytes_is_accepted() -> None:
    """Just inside: 200 bytes, with a non-ASCII letter, is a valid name."""
    name = "é" + "n" * 194 + ".pdf"
    assert len(name.encode()) == 200
    (document,) = documents(config(name))
    assert document.filename == name


# --- print hints ----------------------------------------------------------------------------


def test_a_framework_named_amp_leaves_ampersands_alone() -> None:
    """A framework named ``amp`` keeps ``&amp;`` whole (it used to become
    ``&<span>amp</span>;``, which prints as the text "&amp;")."""
    html = "<p>Q&amp;A with amp</p>"
    assert add_print_hints(html, ["amp"]) == (
        '<p>Q&amp;A with <span class="mlguide-name">amp</span></p>'
    )


@pytest.mark.parametrize("name", ["lt", "gt", "quot", "x27", "nbsp"])
def test_no_name_is_found_inside_a_character_reference(name: str) -> None:
    """Every character reference is kept whole, whatever the names: ``&lt;``, ``&#x27;``."""
    html = "<p>a &lt; b &gt; c &quot;d&quot; &#x27;e&#x27; f&nbsp;g</p>"
    assert add_print_hints(html, [name]) == html


def test_a_name_beside_a_character_reference_is_still_kept_whole() -> None:
    """Just inside: a name right after a reference (``&#x27;PyTorch``) is still wrapped."""
    assert add_print_hints("<p>&#x27;PyTorch&#x27;</p>", ["PyTorch"]) == (
        '<p>&#x27;<span class="mlguide-name">PyTorch</span>&#x27;</p>'
    )


def test_a_name_holding_an_ampersand_is_found_as_html_writes_it() -> None:
    """A name such as ``R&D`` appears in the page as ``R&amp;D``, and is found so."""
    assert add_print_hints("<p>R&amp;D</p>", ["R&D"]) == (
        '<p><span class="mlguide-name">R&amp;D</span></p>'
    )
