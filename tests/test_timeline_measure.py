"""The timeline measures text generously: by DejaVu Sans' advance widths (the HTML pictures'
face; each glyph rounded up to a thousandth of an em), anything the tables do not cover as a
full em, so a label never takes more room than it was given."""

from __future__ import annotations

import pytest

from mlguide.sphinxext.timeline import text_width


@pytest.mark.parametrize(
    ("text", "size", "bold", "width"),
    [
        ("A", 10, False, 6.85),  # 1401 of 2048 units, rounded up
        ("A", 10, True, 7.74),
        (" ", 10, False, 3.18),
        ("~", 10, False, 8.38),
        ("A B", 10, True, 18.86),
        ("é", 10, False, 6.16),  # Latin-1 is in the tables now
        ("日本", 12, False, 24.0),
        ("\x7f", 10, False, 10.0),
        ("\t", 10, False, 10.0),
        ("Keras 3", 13, False, 49.049),  # 656+616+412+613+521+318+637 thousandths
        ("", 13, True, 0.0),
    ],
)
def test_text_width_in_pixels(text: str, size: float, bold: bool, width: float) -> None:
    """Widths from the DejaVu Sans tables (thousandths of an em) times the font size; a
    character the tables do not cover (CJK, control characters) counts one em."""
    assert text_width(text, size, bold) == pytest.approx(width)


def test_non_ascii_labels_are_never_narrower_than_ascii_ones() -> None:
    """Accented and CJK text is measured at least as wide as the widest ASCII letters."""
    assert text_width("Überblick", 12) >= text_width("Uberblick", 12)
    assert text_width("深度学习", 12) == pytest.approx(4 * 12)
