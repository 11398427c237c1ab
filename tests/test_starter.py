"""``mlguide init`` and the data author's reference page."""

from __future__ import annotations

import dataclasses
import filecmp
import io
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import mlguide
from mlguide import model
from mlguide.cli import main

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "source" / "_examples" / "starter-data"
REFERENCE = REPO / "source" / "library" / "data-files.md"


def test_init_writes_a_directory_that_checks_and_builds(tmp_path: Path) -> None:
    """``mlguide init DIR`` exits 0; ``mlguide check DIR`` then passes (as an addition to the
    bundled data), and a Sphinx project using it builds warning-free and shows its framework
    and aspect."""
    target = tmp_path / "my-data"
    out = io.StringIO()
    assert main(["init", str(target)], stdout=out) == 0
    assert "wrote 7 files" in out.getvalue()
    check = io.StringIO()
    assert main(["check", str(target)], stdout=check) == 0
    assert check.getvalue().startswith(f"{target}: ok (5 frameworks")
    project = tmp_path / "project"
    project.mkdir()
    (project / "conf.py").write_text(
        f'extensions = ["mlguide.sphinxext"]\nproject = "Starter"\nmlguide_data_dirs = [{str(target)!r}]\n'
    )
    (project / "index.rst").write_text(
        "Starter\n=======\n\n.. mlguide:aspect:: team-support\n\n.. mlguide:framework:: my-framework\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-W",
            "-b",
            "text",
            str(project),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env=os.environ,
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "index.txt").read_text()
    assert "TODO: the position in a phrase that fits a table cell." in " ".join(text.split())
    assert "My Framework" in text


def test_init_refuses_a_directory_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing, non-empty directory is left alone: exit 2 and one line saying why."""
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 2
    assert f"mlguide init: {tmp_path} already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_the_shipped_example_is_what_init_writes_and_it_checks(tmp_path: Path) -> None:
    """The example directory shown in the docs is exactly a fresh ``mlguide init`` (so it
    cannot drift; after a data change, delete it and run ``mlguide init`` on it again), and
    it passes the loader."""
    main(["init", str(tmp_path / "fresh")], stdout=io.StringIO())
    fresh = sorted(p.relative_to(tmp_path / "fresh") for p in (tmp_path / "fresh").rglob("*.toml"))
    shipped = sorted(p.relative_to(SHIPPED) for p in SHIPPED.rglob("*.toml"))
    assert shipped == fresh
    _, mismatch, errors = filecmp.cmpfiles(
        SHIPPED, tmp_path / "fresh", [str(p) for p in fresh], shallow=False
    )
    assert mismatch == [] and errors == []
    guide = mlguide.load_uncached([SHIPPED])
    assert "my-framework" in guide.framework_ids and "team-support" in guide.aspect_ids


def _fields(cls: type, seen: set[type]) -> set[str]:
    """Every field name of a data class and of the data classes inside it (walked here)."""
    if cls in seen:
        return set()
    seen.add(cls)
    names = set()
    for item in dataclasses.fields(cls):
        names.add(item.name)
        hint = typing.get_type_hints(cls)[item.name]
        for inner in _inner_types(hint):
            if dataclasses.is_dataclass(inner):
                names |= _fields(inner, seen)
    return names


def _inner_types(hint: object) -> list[type]:
    found: list[type] = []
    if isinstance(hint, type):
        found.append(hint)
    for arg in typing.get_args(hint):
        found += _inner_types(arg)
    return found


def test_reference_page_names_every_field_and_limit() -> None:
    """The reference page names every field of every kind of data file, the limits the
    loader enforces, and how to write an unknown date."""
    page = REFERENCE.read_text()
    seen: set[type] = set()
    names: set[str] = set()
    for file_model in (
        model.GuideFile,
        model.AspectsFile,
        model.FrameworkFile,
        model.ClaimsFile,
        model.RecommendationsFile,
        model.ExamplesFile,
    ):
        names |= _fields(file_model, seen)
    # a file's top-level keys are table headers: `[guide]`, `[[claims]]`, `[positions.<id>]`
    missing = sorted(n for n in names if f"`{n}`" not in page and f"[{n}" not in page)
    assert missing == [], f"not in {REFERENCE.name}: {missing}"
    assert f"at most **{model.SUMMARY_MAX_CHARS}** characters" in page
    assert f"at most **{model.LABEL_MAX_CHARS}** characters" in page
    for limit in (model.HEADLINE_MAX_CHARS, model.REASON_MAX_CHARS, model.BOTTOM_LINE_MAX_CHARS):
        assert f"at most **{limit}** characters" in page
    assert 'date = "unknown"' in page
    assert "mlguide init DIR" in page
