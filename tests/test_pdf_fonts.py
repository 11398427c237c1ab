"""The PDF builder names each font it lacks, and how to get it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_DATA, ROOTS

pytestmark = pytest.mark.pdf

# fontconfig with only the DejaVu faces: the print theme's own fonts are then missing
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def test_missing_fonts_are_named_with_where_to_get_them(tmp_path: Path) -> None:
    """With fontconfig limited to DejaVu, the build warns once per missing font (type
    mlguide.font), naming the family and the package or site that has it, and still writes
    the PDF; with the system's fonts (the build scripts install them) it does not warn."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    (src / "hostile.md").write_text("# Nothing hostile\n\nText.\n")
    (src / "wide.md").write_text("# Wide\n\nText.\n")
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(cache=tmp_path / "fc-cache"))

    def build(out: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "mlguide-pdf", str(src), str(out)],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "MLGUIDE_TEST_DATA": str(MINIMAL_DATA), **extra_env},
        )

    limited = build(tmp_path / "limited", {"FONTCONFIG_FILE": str(conf)})
    assert limited.returncode == 0, limited.stderr
    lines = [line for line in limited.stderr.splitlines() if "[mlguide.font]" in line]
    assert len(lines) == 3, limited.stderr
    for family, package in (
        ("Charis SIL", "fonts-sil-charis"),
        ("Inter", "fonts-inter"),
        ("JetBrains Mono", "fonts-jetbrains-mono"),
    ):
        assert any(f"the font '{family}' is not installed" in x and package in x for x in lines)
    assert (tmp_path / "limited" / "test.pdf").is_file()

    full = build(tmp_path / "full", {})
    assert full.returncode == 0, full.stderr
    assert "[mlguide.font]" not in full.stderr
