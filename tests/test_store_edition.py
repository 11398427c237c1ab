"""build-scripts/store-edition, run as a maintainer runs it: it stores a checked, newer, changed
edition and refuses anything else, one line saying why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "build-scripts" / "store-edition"


def store(data: Path, editions: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(data), "--editions", str(editions)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=REPO,
    )


def bump(data: Path, version: str) -> None:
    path = data / "guide.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('data_version = "2026.11.0"', f'data_version = "{version}"'), encoding="utf-8"
    )


def test_first_edition_is_stored_and_storing_again_is_a_no_op(
    data_copy: Path, tmp_path: Path
) -> None:
    """An empty folder: the edition is written as <data version>.json, an export of the
    data; the same command again changes nothing and succeeds."""
    editions = tmp_path / "editions"
    result = store(data_copy, editions)
    assert result.returncode == 0, result.stderr
    written = editions / "2026.11.0.json"
    assert json.loads(written.read_text(encoding="utf-8"))["info"]["data_version"] == "2026.11.0"
    again = store(data_copy, editions)
    assert again.returncode == 0
    assert "already holds this edition" in again.stdout


def test_a_changed_edition_needs_a_newer_version(data_copy: Path, tmp_path: Path) -> None:
    """Changed data under the stored version is refused (bump it); one version up is stored
    and the output counts the changes since the last edition."""
    editions = tmp_path / "editions"
    assert store(data_copy, editions).returncode == 0
    path = data_copy / "frameworks" / "pytorch.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('name = "PyTorch"', 'name = "PyTorch 2"')
    )
    refused = store(data_copy, editions)
    assert refused.returncode == 1
    assert "holds another edition 2026.11.0: bump data_version" in refused.stderr
    bump(data_copy, "2026.11.1")
    stored = store(data_copy, editions)
    assert stored.returncode == 0, stored.stderr
    assert "changes since 2026.11.0" in stored.stdout
    assert (editions / "2026.11.1.json").is_file()


def test_an_older_version_or_no_change_is_refused(data_copy: Path, tmp_path: Path) -> None:
    """A version below the newest stored one, and a new version with nothing changed."""
    editions = tmp_path / "editions"
    assert store(data_copy, editions).returncode == 0
    bump(data_copy, "2026.10.9")
    older = store(data_copy, editions)
    assert older.returncode == 1
    assert "data version 2026.10.9 is not newer than the stored 2026.11.0" in older.stderr
    (editions / "2026.11.0.json").rename(editions / "2026.10.0.json")
    same = store(data_copy, editions)
    assert same.returncode == 1
    assert "nothing changed since 2026.10.0; no new edition" in same.stderr


def test_data_that_fails_the_checks_is_not_stored(data_copy: Path, tmp_path: Path) -> None:
    """A history entry without a source: refused with the check's first problem."""
    path = data_copy / "frameworks" / "pytorch.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[positions.origin.history]]")
    cut = text.index("sources = [", start)
    end = text.index("]\n", cut) + 2
    path.write_text(text[:cut] + text[end:], encoding="utf-8")
    result = store(data_copy, tmp_path / "editions")
    assert result.returncode == 1
    assert "`mlguide check` finds 1 problems; the first:" in result.stderr
    assert "positions.origin.history[0]: a history entry cites its own source" in result.stderr
    assert not (tmp_path / "editions").exists()
