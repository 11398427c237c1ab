"""Snippets are read once, at load, as safely as data files; rendering never reads them again.

Each case changes a data directory *after* it was loaded (as a second user, a checkout or a
build script might while a build runs) and shows that what the guide publishes is what the
load read: nothing blocks, nothing from outside the directory appears, nothing crashes.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import mlguide
from mlguide import cache, loader
from tests.conftest import MINIMAL_DATA
from tests.test_hostile_data import error_for

#: The code of the two snippets of the test data (what a page must show).
PYTORCH_CODE = 'print("PYTORCH-SNIPPET-AS-LOADED")\n'
TENSORFLOW_CODE = 'print("TENSORFLOW-SNIPPET-AS-LOADED")\n'
EXAMPLES = """\
[[examples]]
id = "step"
title = "One step"
description = "The same step in each framework."
snippets = [
  { framework = "pytorch", file = "step/pytorch.py" },
  { framework = "tensorflow", file = "step/tensorflow.py" },
]
"""


def with_snippets(target: Path) -> Path:
    """The minimal dataset plus one example with a snippet per framework, at ``target``."""
    shutil.copytree(MINIMAL_DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "examples.toml").write_text(EXAMPLES, encoding="utf-8")
    (target / "examples" / "step").mkdir(parents=True)
    (target / "examples" / "step" / "pytorch.py").write_text(PYTORCH_CODE, encoding="utf-8")
    (target / "examples" / "step" / "tensorflow.py").write_text(TENSORFLOW_CODE, "utf-8")
    return target


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError when the block takes longer (an alarm interrupts a blocked
    read), instead of hanging the test run."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def examples_app(make_app: Any, tmp_path: Path, data: Path) -> Any:
    """A Sphinx app (set up: the data is loaded, nothing read yet) whose page shows the
    example of ``data``."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        f"mlguide_package_data = False\nmlguide_data_dirs = [{str(data)!r}]\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Code\n\n```{mlguide:examples}\n:examples: step\n```\n", encoding="utf-8"
    )
    return make_app("html", srcdir=src, freshenv=True)


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[tuple[Path, mlguide.Guide]]:
    """A data directory with snippets and the guide loaded from it (the in-process memo
    cleared before and after, so that no other test sees this guide)."""
    data = with_snippets(tmp_path / "data")
    loader._load_cached.cache_clear()
    yield data, mlguide.load(data, package_data=False)
    loader._load_cached.cache_clear()


def test_snippet_code_is_the_text_read_at_load(loaded: tuple[Path, mlguide.Guide]) -> None:
    """``Guide.snippet_code`` returns the bytes read at load, not the file as it is now."""
    data, guide = loaded
    (data / "examples" / "step" / "pytorch.py").write_text("print('EDITED LATER')\n")
    assert guide.snippet_code("step", "pytorch") == PYTORCH_CODE


def test_snippet_code_survives_the_directory_going_away(
    loaded: tuple[Path, mlguide.Guide],
) -> None:
    """The data directory deleted after the load: the guide still has every snippet."""
    data, guide = loaded
    shutil.rmtree(data)
    assert guide.snippet_code("step", "tensorflow") == TENSORFLOW_CODE


def test_snippet_swapped_for_a_fifo_after_load_does_not_block_the_build(
    make_app: Any, tmp_path: Path
) -> None:
    """A snippet replaced by a FIFO once the build has loaded the data: the page shows the
    code as loaded, and the build ends (it used to block forever opening the FIFO)."""
    data = with_snippets(tmp_path / "data")
    app = examples_app(make_app, tmp_path, data)
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.unlink()
    os.mkfifo(snippet)
    with within(60):
        app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "PYTORCH-SNIPPET-AS-LOADED" in html


def test_snippet_swapped_for_a_link_out_after_load_is_not_published(
    make_app: Any, tmp_path: Path
) -> None:
    """A snippet replaced by a link to /etc/passwd once the build has loaded the data: the
    page shows the code as loaded, never the file outside the data directory."""
    data = with_snippets(tmp_path / "data")
    app = examples_app(make_app, tmp_path, data)
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.unlink()
    snippet.symlink_to("/etc/passwd")
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "PYTORCH-SNIPPET-AS-LOADED" in html
    assert "root:" not in html


def test_data_directory_deleted_mid_build_still_builds(make_app: Any, tmp_path: Path) -> None:
    """The data directory removed after the data loaded: the build finishes with the code as
    loaded (it used to die with FileNotFoundError reading a snippet again)."""
    data = with_snippets(tmp_path / "data")
    app = examples_app(make_app, tmp_path, data)
    shutil.rmtree(data)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "TENSORFLOW-SNIPPET-AS-LOADED" in html


def test_hard_link_to_a_file_outside_is_refused_as_a_snippet(tmp_path: Path) -> None:
    """A snippet that is a hard link to a file outside the data directory (which no path
    check can see) is refused: a data file must have exactly one link."""
    data = with_snippets(tmp_path / "data")
    outside = tmp_path / "secret.py"
    outside.write_text("SECRET = 'from outside the data directory'\n")
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.unlink()
    os.link(outside, snippet)
    assert error_for(data) == (
        f"{snippet}: has 2 hard links; a data file must have exactly one (another link "
        "could be a file outside the data directory)"
    )


def test_snippet_whose_other_link_is_gone_is_read(tmp_path: Path) -> None:
    """Just inside the hard-link rule: a file that had a second link, now removed (one link
    again), is read as usual."""
    data = with_snippets(tmp_path / "data")
    snippet = data / "examples" / "step" / "pytorch.py"
    twin = tmp_path / "twin.py"
    os.link(snippet, twin)
    twin.unlink()
    assert snippet.stat().st_nlink == 1
    guide = mlguide.load_uncached([data], package_data=False)
    assert guide.snippet_code("step", "pytorch") == PYTORCH_CODE


def test_cached_guide_carries_the_snippets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The on-disk cache keeps the snippets' text: a guide read back from it shows the code
    without the data directory."""
    monkeypatch.setenv("MLGUIDE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MLGUIDE_CACHE", raising=False)
    data = with_snippets(tmp_path / "data")
    guide = mlguide.load_uncached([data], package_data=False)
    cache.write("0" * 64, guide)
    shutil.rmtree(data)
    again = cache.read("0" * 64)
    assert isinstance(again, mlguide.Guide)
    assert again.snippet_code("step", "pytorch") == PYTORCH_CODE


def test_migration_script_is_the_text_read_at_load(tmp_path: Path) -> None:
    """A migration route's script is read once too: ``Guide.migration_script`` returns the
    text read at load after the file is swapped for a link to /etc/passwd."""
    data = tmp_path / "data"
    shutil.copytree(mlguide.PACKAGE_DATA, data, ignore=shutil.ignore_patterns("__pycache__"))
    guide = mlguide.load_uncached([data], package_data=False)
    route = guide.migrations[0]
    script = data / "examples" / route.example
    loaded = script.read_text(encoding="utf-8")
    script.unlink()
    script.symlink_to("/etc/passwd")
    assert guide.migration_script(route.id) == loaded
