"""A project that is not mlguide, built as its users would build it.

``tests/roots/test-foreign`` is reStructuredText with Sphinx's default theme (alabaster), its own
title, author and release, its own data directory (a new framework, a new aspect, one replaced
position) and two PDFs. Every builder runs in a subprocess started outside the checkout, so
that the ``wheel`` tox environment (which installs the built wheel) tests what users install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

import mlguide

ROOT = Path(__file__).parent / "roots" / "test-foreign"
CHECKOUT = Path(__file__).resolve().parent.parent
BUILDERS = ("mlguide-pdf", "html", "singlehtml", "text", "epub")
EPOCH = "1764115200"

pytestmark = pytest.mark.pdf


def sphinx(
    src: Path,
    builder: str,
    out: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    quiet: bool = True,
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -n -W --keep-going`` (``-q`` unless ``quiet`` is false) in a subprocess
    whose working folder is ``src``'s parent (never the checkout, so ``import mlguide`` finds
    the installed package)."""
    doctrees = str(out.parent / f".doctrees-{out.name}")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            *(["-q"] if quiet else []),
            "-n",
            "-W",
            "--keep-going",
            "-b",
            builder,
            "-d",
            doctrees,
            *extra,
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=src.parent,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the foreign project, built with every builder: PDFs first, into the folder its
    conf.py publishes from (``_build/pdf``), then the HTML builders, text and EPUB."""
    base = tmp_path_factory.mktemp("foreign")
    src = base / "acme"
    shutil.copytree(ROOT, src)
    for builder in BUILDERS:
        out = src / "_build" / ("pdf" if builder == "mlguide-pdf" else builder)
        result = sphinx(src, builder, out)
        assert result.returncode == 0, f"{builder}:\n{result.stderr}"
        assert result.stderr == "", f"{builder} warned:\n{result.stderr}"
    return src / "_build"


def test_runs_against_the_package_this_environment_installed(tmp_path: Path) -> None:
    """Under the ``wheel`` environment (MLGUIDE_TEST_INSTALLED=1), mlguide is imported from
    site-packages, not the checkout, here and in the builds' subprocesses; elsewhere it is the
    checkout (an editable install)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import mlguide.sphinxext; print(mlguide.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    in_subprocess = Path(probe.stdout.strip()).resolve()
    here = Path(mlguide.__file__).resolve()
    assert in_subprocess == here
    if os.environ.get("MLGUIDE_TEST_INSTALLED") == "1":
        assert here.is_relative_to(Path(sysconfig.get_paths()["purelib"]).resolve()), here
        assert not here.is_relative_to(CHECKOUT), here
    else:
        assert here.is_relative_to(CHECKOUT), here


def _pdf_words(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    parts: list[str] = [page.extract_text() for page in reader.pages]
    parts += [str(value) for value in (reader.metadata or {}).values()]

    def titles(outline: list[object]) -> list[str]:
        found: list[str] = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [item.title]  # type: ignore[attr-defined]
        return found

    parts += titles(reader.outline)
    return "\n".join(parts)


def test_book_carries_the_projects_identity(project: Path) -> None:
    """The book's cover, metadata and running headers show the project's title, author and
    release, and the word "mlguide" appears nowhere: not in the text, the metadata or the
    bookmarks."""
    pdf = project / "pdf" / "acme-notes.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == "Acme Team Notes"
    assert reader.metadata.author == "Acme Platform Team"
    cover = reader.pages[0].extract_text()
    assert "Acme Team Notes" in cover and "Version 3.1" in cover
    assert "By Acme Platform Team" in cover
    for number, page in enumerate(reader.pages[1:], start=2):
        lines = page.extract_text().splitlines()
        assert any(line.endswith("Acme Team Notes") for line in lines), f"page {number}"
    assert "mlguide" not in _pdf_words(pdf).lower()


def test_second_pdf_has_its_own_title_paper_and_layout(project: Path) -> None:
    """The handout entry: its own title, subtitle and header, US Letter landscape, a title
    block instead of a cover (no "Facts as of" cover list), no contents. Its first page
    carries the title block and no running header (which names it on the pages after)."""
    pdf = project / "pdf" / "acme-oncall.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == "On-call card"
    assert reader.metadata.subject == "Who answers at night"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    first = reader.pages[0].extract_text()
    assert "On-call card" in first and "Acme on call" not in first
    staged = project / ".doctrees-pdf" / "mlguide-pdf-html" / ".acme-oncall.html"
    assert '@top-right { content: "Acme on call"; }' in staged.read_text("utf-8")
    assert re.search(r"Facts as of \d+ \w+ \d{4} · data version [\d.]+ · version 3\.1", first)
    assert "A pager rota run by the library" in _pdf_words(pdf)
    assert "Contents" not in _pdf_words(pdf)
    assert "mlguide" not in _pdf_words(pdf).lower()
    assert sorted(p.name for p in (project / "pdf").iterdir()) == [
        "acme-notes.pdf",
        "acme-oncall.pdf",
    ]


def test_project_data_is_used(project: Path) -> None:
    """The project's framework, aspect and replaced position are in the HTML site."""
    page = (project / "html" / "index.html").read_text("utf-8")
    assert "Acme Tensor" in page and "Support on call" in page
    aspects = (project / "html" / "aspects.html").read_text("utf-8")
    assert "in-house gateway in front of TorchServe" in aspects


@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_download_links_lead_to_published_pdfs(project: Path, builder: str) -> None:
    """Each handout link's href is a file in the site, a byte copy of the built PDF (no
    manual copy: the build published it from mlguide_pdf_dir)."""
    site = project / builder
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    hrefs = sorted(str(a["href"]) for a in soup.select("a.mlguide-download"))
    assert hrefs == ["acme-notes.pdf", "acme-oncall.pdf"]
    for href in hrefs:
        assert (site / href).read_bytes() == (project / "pdf" / href).read_bytes()


def test_text_and_epub_name_the_pdf_files(project: Path) -> None:
    """Builders without a site to link into name the PDF files in the text instead."""
    text = " ".join((project / "text" / "index.txt").read_text("utf-8").split())
    text = text.replace("acme- oncall", "acme-oncall")  # the text builder wraps at hyphens
    assert "Download these notes (acme-notes.pdf)" in text
    assert "the on-call card (acme-oncall.pdf)" in text
    assert list((project / "epub").glob("*.epub"))


def test_unpublished_pdf_link_warns_at_the_link(tmp_path: Path) -> None:
    """Without the PDFs built, each handout link is a located ``mlguide.handout`` warning."""
    src = tmp_path / "acme"
    shutil.copytree(ROOT, src)
    result = sphinx(src, "html", tmp_path / "html", env={"ACME_PDF_DIR": "not-built"})
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 2, result.stderr
    assert all(re.search(r"index\.rst:[67]: WARNING: .*\[mlguide\.handout\]", w) for w in warnings)
    assert "acme-notes.pdf, which this build does not publish" in result.stderr
    assert "mlguide_pdf_dir" in result.stderr


def _with_documents(tmp_path: Path, documents: str) -> Path:
    src = tmp_path / "acme"
    shutil.copytree(ROOT, src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + f"\nmlguide_pdf_documents = {documents}\n")
    return src


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        (
            '[{"start": "index", "filename": "a.pdf", "titel": "x"}]',
            "mlguide_pdf_documents[0]: unknown key 'titel'; did you mean 'title'?",
        ),
        (
            '[{"start": "index", "filename": "a.pdf"}, {"start": "oncall", "filename": "a.pdf"}]',
            "mlguide_pdf_documents[1]: file name 'a.pdf' is already used by mlguide_pdf_documents[0]",
        ),
        (
            '[{"start": "index", "filename": "a.pdf", "orientation": "sideways"}]',
            "mlguide_pdf_documents[0]: 'orientation': unknown orientation 'sideways' (known: portrait, landscape)",
        ),
        (
            '[{"start": "index", "filename": "out/a.pdf"}]',
            "mlguide_pdf_documents[0]: filename 'out/a.pdf' must be a plain file name ending in .pdf",
        ),
        ('[{"filename": "a.pdf"}]', "mlguide_pdf_documents[0]: 'start' is required"),
        ('"a.pdf"', "mlguide_pdf_documents must be a list or tuple, not str"),
    ],
)
def test_bad_pdf_documents_stop_the_build_with_one_line(
    tmp_path: Path, documents: str, message: str
) -> None:
    """A wrong mlguide_pdf_documents entry stops any build at once (exit 2) with one line
    naming the entry, and no traceback."""
    result = sphinx(_with_documents(tmp_path, documents), "text", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_start_document_is_a_located_warning(tmp_path: Path) -> None:
    """A start document that does not exist: a warning at conf.py's line with the closest
    document's name, and the other PDFs are still written."""
    src = _with_documents(
        tmp_path,
        '[{"start": "oncal", "filename": "a.pdf"}, {"start": "oncall", "filename": "b.pdf"}]',
    )
    result = sphinx(src, "mlguide-pdf", tmp_path / "out")
    lines = (src / "conf.py").read_text().splitlines()
    line = len(lines)  # the assignment appended last is the one in force
    assert f"conf.py:{line}: WARNING: mlguide_pdf_documents[0] (a.pdf)" in result.stderr
    assert "start document 'oncal' does not exist; did you mean 'oncall'?" in result.stderr
    assert "[mlguide.pdf-start]" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["b.pdf"]
