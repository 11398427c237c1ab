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


def test_the_book_leaves_the_changes_to_their_own_pdf(guide_pdf_dir: Path) -> None:
    """The book does not print the changes (they quote the bottom line and the verdicts the
    book prints already); its home page's link to them goes to the page on the site."""
    from tests.conftest import GUIDE_BASEURL

    reader = pypdf.PdfReader(guide_pdf_dir / "mlguide-guide.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Changes from edition 2026.12.0" not in text
    uris = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert f"{GUIDE_BASEURL.rstrip('/')}/what-changed.html" in uris
