"""Shared fixtures: copies of the package data to break on purpose, and Sphinx test roots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mlguide

ROOTS = Path(__file__).parent / "roots"
#: A small, stable dataset (two frameworks, the five classic aspects) for tests that break data.
MINIMAL_DATA = Path(__file__).parent / "fixtures" / "minimal-data"
#: Added over MINIMAL_DATA for the snapshots: an unknown position, history, verdicts with and
#: without leaders, and claims that hold, are outdated and were wrong.
RICH_DATA = Path(__file__).parent / "fixtures" / "rich-data"
# The test roots' conf.py read their data directory from here (sphinx.testing copies roots).
os.environ["MLGUIDE_TEST_DATA"] = str(MINIMAL_DATA)
os.environ["MLGUIDE_TEST_RICH_DATA"] = str(RICH_DATA)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots (tests/roots/test-*/)."""
    return ROOTS


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the minimal dataset, safe to edit."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture(scope="session")
def guide() -> mlguide.Guide:
    """The package's dataset, freshly validated (not from the cache)."""
    return mlguide.load_uncached()


#: The address the real guide's PDFs are built for in the tests (a reserved example domain).
GUIDE_BASEURL = "https://guide.example.org/mlguide/"


@pytest.fixture(scope="session")
def guide_pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide's PDFs (the handout, what changed, the book and the developers'
    reference), built once in a subprocess with the PDF builder as a user runs it (-n -W:
    warnings fail the build), SOURCE_DATE_EPOCH fixed, for a site at :data:`GUIDE_BASEURL`."""
    repo = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("guide-pdf")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "mlguide-pdf",
            "-n",
            "-W",
            "--keep-going",
            "-c",
            str(repo / "conf"),
            str(repo / "source"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        # published at an address, as build-scripts/guide does for a site: the colophons
        # print it, and the handout a QR code for it
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764115200", "MLGUIDE_BASEURL": GUIDE_BASEURL},
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written == [
        "mlguide-changes.pdf",
        "mlguide-guide.pdf",
        "mlguide-handout.pdf",
        "mlguide-reference.pdf",
    ], "the four PDFs, nothing else"
    return out


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One Chromium for every browser test module (Playwright's sync API allows one instance
    per thread, so each module starting its own would fail)."""
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, SETUP_HINT

    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing ({CHROMIUM}): {SETUP_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run these tests with tox run -e browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
