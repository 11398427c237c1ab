"""build-scripts/check-freshness against a local copy of the package indexes (no network).

The fixture in tests/fixtures/index holds PyPI JSON for torch and tensorflow and npm JSON for
@tensorflow/tfjs, with pre-releases, a development release, a version without files and an
npm mirror timestamp, all of which must be ignored. It is served over HTTP from this machine
and the script runs as a user runs it, in a subprocess.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "build-scripts" / "check-freshness"
INDEX = Path(__file__).parent / "fixtures" / "index"

BROWSER_ASPECT = """
[[aspects]]
id = "browser"
title = "Browser and JavaScript"
question = "Can the model run in a web page?"
group = "Shipping models"
"""

TFJS_POSITION = """
[positions.browser]
summary = "TensorFlow.js; last stable release 4.22.0 (GitHub, 2024-10-21)."
sources = [
  { title = "TensorFlow.js repository", url = "https://github.com/tensorflow/tfjs", publisher = "Google", accessed = 2026-11-26, primary = true },
]
"""

PYTORCH_BROWSER = """
[positions.browser]
unknown = "Not part of this fixture."
"""


@pytest.fixture
def index(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the index fixture served on 127.0.0.1; yields (base URL, directory)."""
    root = tmp_path / "index"
    shutil.copytree(INDEX, root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The minimal dataset (TensorFlow 2.21.0, PyTorch 2.15.0) with a TF.js browser position."""
    with (data_copy / "aspects.toml").open("a") as f:
        f.write(BROWSER_ASPECT)
    with (data_copy / "frameworks" / "tensorflow.toml").open("a") as f:
        f.write(TFJS_POSITION)
    with (data_copy / "frameworks" / "pytorch.toml").open("a") as f:
        f.write(PYTORCH_BROWSER)
    return data_copy


def freshness(data: Path, base: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--data",
            str(data),
            "--index-url",
            base,
            "--npm-url",
            f"{base}/npm",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "http_proxy": "", "https_proxy": "", "no_proxy": "127.0.0.1"},
        cwd=REPO,
    )


def rows(out: str) -> dict[str, list[str]]:
    """The table's rows by package, split on runs of two or more spaces."""
    table = out.split("\n\n", maxsplit=1)[0].splitlines()[3:]
    return {cells[0]: cells for cells in (re.split(r"\s{2,}", line) for line in table)}


def test_current_data_exits_zero(data: Path, index: tuple[str, Path]) -> None:
    """Data matching the index: exit 0, one 'ok' row per package; pre-releases, dev releases,
    a file-less version and npm's mirror timestamp are all ignored."""
    result = freshness(data, index[0])
    assert result.returncode == 0, result.stderr
    assert rows(result.stdout) == {
        "tensorflow": ["tensorflow", "PyPI", "2.21.0", "2026-03-06", "2.21.0", "2026-03-06", "ok"],
        "torch": ["torch", "PyPI", "2.15.0", "2026-10-28", "2.15.0", "2026-10-28", "ok"],
        "@tensorflow/tfjs": ["@tensorflow/tfjs", "npm", "4.22.0", "-", "4.22.0", "-", "ok"],
    }
    assert "All 3 current." in result.stdout


def test_newer_stable_release_means_behind(data: Path, index: tuple[str, Path]) -> None:
    """A newer stable torch and tfjs on the indexes: exit 1 and both rows say 'behind'."""
    base, root = index
    torch = root / "pypi" / "torch" / "json"
    torch.write_text(
        torch.read_text().replace(
            '"2.99.0": []',
            '"2.16.0": [{"filename": "torch-2.16.0-cp311-cp311-manylinux_2_28_x86_64.whl", '
            '"upload_time": "2026-12-22T16:00:00", "yanked": false}]',
        )
    )
    tfjs = root / "npm" / "@tensorflow" / "tfjs"
    tfjs.write_text(tfjs.read_text().replace('"4.23.0-rc.0": {}', '"4.23.0": {}'))
    result = freshness(data, base)
    assert result.returncode == 1, result.stderr
    table = rows(result.stdout)
    assert table["torch"][4:] == ["2.16.0", "2026-12-22", "behind"]
    assert table["@tensorflow/tfjs"][4:] == ["4.23.0", "-", "behind"]
    assert table["tensorflow"][-1] == "ok"
    assert "2 of 3 behind" in result.stdout


def test_yanked_release_is_not_newest(data: Path, index: tuple[str, Path]) -> None:
    """A yanked newer release does not count: the data stays current."""
    base, root = index
    torch = root / "pypi" / "torch" / "json"
    torch.write_text(
        torch.read_text().replace(
            '"2.99.0": []',
            '"2.99.0": [{"filename": "torch-2.99.0-py3-none-any.whl", '
            '"upload_time": "2026-11-30T00:00:00", "yanked": true}]',
        )
    )
    result = freshness(data, base)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_date_for_the_same_version_is_reported(data: Path, index: tuple[str, Path]) -> None:
    """Same version, different first-upload date (as with a mirror's timestamp): exit 1."""
    toml = data / "frameworks" / "tensorflow.toml"
    toml.write_text(toml.read_text().replace("date = 2026-03-06", "date = 2026-03-10", 1))
    result = freshness(data, index[0])
    assert result.returncode == 1
    assert rows(result.stdout)["tensorflow"][-1] == "date differs"


def test_unreadable_index_exits_two_naming_the_url(data: Path, index: tuple[str, Path]) -> None:
    """A missing project on the index is an error (exit 2) that names the URL, not a pass."""
    base, root = index
    (root / "pypi" / "tensorflow" / "json").unlink()
    result = freshness(data, base)
    assert result.returncode == 2
    assert f"{base}/pypi/tensorflow/json" in result.stderr
    assert result.stdout == ""
