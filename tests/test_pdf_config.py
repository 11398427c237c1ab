"""The PDF settings of source/extension.md on real WeasyPrint builds: A5 and Legal paper, and
the subtitle, author and keywords a project sets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from tests.conftest import MINIMAL_DATA, ROOTS
from tests.test_pdf import pdf_text, sphinx_pdf

pytestmark = [pytest.mark.sphinx, pytest.mark.pdf]


def _build(tmp_path: Path, *options: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    (src / "hostile.md").write_text("# Nothing hostile\n\nText.\n")
    (src / "wide.md").write_text("# Nothing wide\n\nText.\n")
    result = sphinx_pdf(
        src, tmp_path / "out", *options, env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA)}
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / "out" / "test.pdf"


def test_a5_with_the_projects_subtitle_author_and_keywords(tmp_path: Path) -> None:
    """mlguide_pdf_paper = "A5" gives 420 x 595 pt pages; mlguide_pdf_subtitle, _author and
    _keywords reach the cover and the PDF's metadata."""
    pdf = _build(
        tmp_path,
        "-D",
        "mlguide_pdf_paper=A5",
        "-D",
        "mlguide_pdf_subtitle=Our team's field notes",
        "-D",
        "mlguide_pdf_author=Platform Team",
        "-D",
        "mlguide_pdf_keywords=serving,training",
    )
    reader = pypdf.PdfReader(pdf)
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(420, 595)}
    meta = reader.metadata
    assert meta is not None
    assert meta.author == "Platform Team"
    assert meta.subject == "Our team's field notes"
    assert meta.get("/Keywords") == "serving, training"
    cover = " ".join(pdf_text(pdf)[0].split()).replace("\u2019", "'")
    assert "Our team's field notes" in cover


def test_legal_paper(tmp_path: Path) -> None:
    """mlguide_pdf_paper = "Legal" gives 612 x 1008 pt pages."""
    reader = pypdf.PdfReader(_build(tmp_path, "-D", "mlguide_pdf_paper=Legal"))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(612, 1008)}
