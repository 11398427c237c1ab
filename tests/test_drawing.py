"""The pictures' text measurement: the width tables shipped with mlguide are those of the font
files each output draws in, for every character they cover."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mlguide.sphinxext.drawing.geometry import block, text
from mlguide.sphinxext.drawing.measure import PRINT, SCREEN, Face, face_for, wrap
from tests.fonts import font_width

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = (
    "JAX 0.4.1 requires Python 3.12 · v2.0.0",
    "torch.utils.tensorboard \u2014 \u2018export\u2019 \u2192 \u201cONNX\u201d \u2026",
    "Ünïcödé Łódź façade naïve",
    "WWWWWWWWWW iiiiiiiiii 0123456789",
)


def test_shipped_tables_are_current() -> None:
    """Regenerating the tables from the installed font files changes nothing."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build-scripts" / "font-metrics.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_widths_are_the_font_files_advances(face: Face, bold: bool) -> None:
    """Each sample's width is the sum of its glyphs' advances read from the font file, rounded
    up to a thousandth of an em per glyph (never short)."""
    for sample in SAMPLES:
        expected = font_width(face.name, sample, 11, bold)
        measured = face.width(sample, 11, bold)
        assert expected <= measured < expected + 11 * 0.001 * len(sample), sample


def test_faces_differ_and_builders_pick_theirs() -> None:
    """Inter (print) is narrower than DejaVu Sans (screen); the PDF builder measures in
    Inter, every other builder in the screen face."""
    assert PRINT.width("framework milestone", 10) < SCREEN.width("framework milestone", 10)
    assert face_for("mlguide-pdf") is PRINT
    assert face_for("html") is SCREEN
    assert face_for("singlehtml") is SCREEN
    assert PRINT.family.startswith('"Inter"')
    assert SCREEN.family.startswith('"DejaVu Sans"')


def test_unknown_characters_count_a_full_em() -> None:
    """A character the tables do not cover (CJK here) counts 1 em, wider than any Latin one."""
    assert SCREEN.width("漢字", 10) == 20


def test_wrap_keeps_every_line_within_the_width() -> None:
    """Wrapped lines fit (measured from the font file), and no word is lost or reordered."""
    words = "Keras 3 runs on TensorFlow, JAX, PyTorch and OpenVINO backends supercalifragilistic"
    for face in (SCREEN, PRINT):
        lines = wrap(words, 60, 11, face=face)
        assert "".join("".join(lines).split()) == "".join(words.split())
        for line in lines:
            assert font_width(face.name, line, 11) <= 60


def test_text_and_block_boxes() -> None:
    """A text's box starts at its x and spans ascender to descender of the face; a centred
    block is centred on x."""
    one = text(10, 20, "Theano", 10, "name", face=PRINT)
    assert one.box.x == 10
    assert one.box.y == pytest.approx(20 - 9.69)
    assert one.box.h == pytest.approx(12.1)
    centred = block(100, 20, ["Theano", "TF"], 10, "name", 12, face=SCREEN, anchor="middle")
    assert centred.box.x + centred.box.w / 2 == pytest.approx(100)
