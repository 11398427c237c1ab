"""The text builder writes the at-a-glance matrix as a list per aspect (its columns would
be a few characters wide), with every framework's summary on a line of its own."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import mlguide
from tests.conftest import MINIMAL_DATA, ROOTS

pytestmark = pytest.mark.sphinx

GUIDE = mlguide.load_uncached([MINIMAL_DATA], package_data=False)


def test_matrix_is_a_list_per_aspect_in_text(make_app: Any, tmp_path: Path) -> None:
    """No table grid under "At a glance"; each aspect's title, then "Name: summary" for each
    framework, and who leads."""
    src = tmp_path / "rest"
    shutil.copytree(ROOTS / "test-rest", src)
    app = make_app("text", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text()
    section = text.split("At a glance", 1)[1].split("Side by side", 1)[0]
    assert "+---" not in section and "|" not in section
    flat = " ".join(section.replace('"', "").replace("`", "").replace("**", "").split())
    for aspect in GUIDE.aspects:
        assert aspect.title in flat
        for framework in GUIDE.frameworks:
            summary = GUIDE.position(framework.id, aspect.id).summary or ""
            plain = " ".join(summary.replace("`", "").split())
            assert f"{framework.name}: {plain}" in flat, (framework.id, aspect.id)
    assert flat.count("Verdict:") == len(GUIDE.aspects)
