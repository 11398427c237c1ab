"""The printable "What changed" (mlguide-changes.pdf), as the guide's own build writes it: one
page that a reader of the last printed edition reads first."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

pytestmark = pytest.mark.pdf


def test_what_changed_prints_on_one_page(guide_pdf_dir: Path) -> None:
    """One page, naming both editions, with this edition's changes: the release-health
    verdict and summaries before the releases (JAX 0.12.1), and the details last."""
    reader = pypdf.PdfReader(guide_pdf_dir / "mlguide-changes.pdf")
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Changes from edition 2026.12.0 (facts as of 2026-12-01) to edition" in text
    for framework in ("TensorFlow", "PyTorch", "JAX", "Keras 3"):
        assert f"{framework} on Release cadence and maintenance health: now" in text
    order = [text.index(h) for h in ("Verdicts (", "Summaries (", "Releases (", "Details (")]
    assert order == sorted(order)
    assert "JAX, latest release: now “0.12.1 (2026-11-18)” (was “0.12.0.1 (2026-10-21)”)" in text


def test_the_book_holds_the_same_page(guide_pdf_dir: Path) -> None:
    """The book has the chapter too, with the same first change."""
    reader = pypdf.PdfReader(guide_pdf_dir / "mlguide-guide.pdf")
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    chapter = [p for p in pages if "Changes from edition 2026.12.0" in p]
    assert len(chapter) == 1
    assert "Verdict on Release cadence and maintenance health: now" in chapter[0]
