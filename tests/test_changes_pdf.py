"""The printable "What changed" (mlguide-changes.pdf), as the guide's own build writes it: a
page (two columns, the lesser changes run together) that a reader of the last printed
edition reads first."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

pytestmark = pytest.mark.pdf


def test_what_changed_puts_the_essentials_on_its_first_page(guide_pdf_dir: Path) -> None:
    """Its first page names both editions and starts the verdicts, picks and summaries (what
    the handout shows); the releases and the details follow, in that order. This edition's
    own changes are there: the release-health summaries, JAX 0.12.1."""
    reader = pypdf.PdfReader(guide_pdf_dir / "mlguide-changes.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Changes from edition 2026.12.0 (facts as of 2026-12-01) to edition" in first
    for heading in ("Verdicts (", "Picks for each reader (", "Summaries ("):
        assert heading in first
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    order = [text.index(h) for h in ("Verdicts (", "Summaries (", "Releases (", "Details (")]
    assert order == sorted(order)
    for framework in ("TensorFlow", "PyTorch", "JAX", "Keras 3"):
        assert f"{framework} on Release cadence and maintenance health: now" in text
    assert "JAX, latest release: now “0.12.1 (2026-11-18)” (was “0.12.0.1 (2026-10-21)”)" in text


def test_the_book_holds_the_same_page(guide_pdf_dir: Path) -> None:
    """The book has the chapter too, opening with the same changes."""
    reader = pypdf.PdfReader(guide_pdf_dir / "mlguide-guide.pdf")
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    starts = [i for i, p in enumerate(pages) if "Changes from edition 2026.12.0" in p]
    assert len(starts) == 1
    chapter = " ".join(pages[starts[0] : starts[0] + 2])
    assert chapter.index("Verdicts (") < chapter.index("Summaries (")
    assert "Verdict on Release cadence and maintenance health, headline:" in chapter
