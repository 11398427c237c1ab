"""Incremental builds follow the data: adding, editing or removing a data file rebuilds the
pages that use the data and no other, and a rebuild with nothing changed reports nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_DATA, ROOTS

pytestmark = pytest.mark.sphinx

READ = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")


def build(src: Path, out: Path, data: Path) -> tuple[list[str], str]:
    """An HTML build in a subprocess (as a user runs it); the pages it read, and its log."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MLGUIDE_TEST_DATA": str(data)},
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return sorted(READ.findall(result.stdout)), result.stdout + result.stderr


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    src, data = tmp_path / "src", tmp_path / "data"
    shutil.copytree(ROOTS / "test-incremental", src)
    shutil.copytree(MINIMAL_DATA, data)
    return src, tmp_path / "out", data


def test_rebuild_with_nothing_changed_reads_nothing(project: tuple[Path, Path, Path]) -> None:
    """The second build reads no page and reports no configuration change."""
    src, out, data = project
    first, _ = build(src, out, data)
    assert first == ["index", "plain", "roles"]
    again, log = build(src, out, data)
    assert again == []
    assert "configuration has changed" not in log
    assert "no targets are out of date" in log or "0 added, 0 changed, 0 removed" in log


def test_added_edited_and_removed_data_files_rebuild_the_pages_that_use_data(
    project: tuple[Path, Path, Path],
) -> None:
    """A new framework file, an edit to it and its removal each rebuild the pages with a
    directive or role (index, roles), never the plain page; the site shows the change."""
    src, out, data = project
    build(src, out, data)
    new = data / "frameworks" / "newfw.toml"
    text = (data / "frameworks" / "pytorch.toml").read_text()
    new.write_text(
        text.replace('id = "pytorch"', 'id = "newfw"').replace('name = "PyTorch"', 'name = "Newfw"')
    )
    read, _ = build(src, out, data)
    assert read == ["index", "roles"]
    assert "Newfw" in (out / "index.html").read_text()

    new.write_text(new.read_text().replace('name = "Newfw"', 'name = "Renamedfw"'))
    read, _ = build(src, out, data)
    assert read == ["index", "roles"]
    assert "Renamedfw" in (out / "index.html").read_text()

    new.unlink()
    read, _ = build(src, out, data)
    assert read == ["index", "roles"]
    assert "Renamedfw" not in (out / "index.html").read_text()
