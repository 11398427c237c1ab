"""What a project configures to live across editions: ``mlguide_aspects`` by group, the
bundled data strict in its own tests, the colophon's wording and the PDFs' labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from tests.conftest import MINIMAL_DATA, ROOTS
from tests.test_hostile_config import config_error

pytestmark = pytest.mark.sphinx


def _page(make_app: Any, tmp_path: Path, body: str, **overrides: Any) -> tuple[str, str]:
    """A MyST page over the minimal data, built as HTML: its main text and the warnings."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    (src / "index.md").write_text(f"# Page\n\n{body}\n", encoding="utf-8")
    for extra in ("aspects.md", "frameworks.md"):
        (src / extra).unlink()
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    warnings = "\n".join(
        line
        for line in re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).splitlines()
        # another test's second application in this process re-registers Sphinx's nodes
        if "is already registered" not in line
    )
    return " ".join(soup.select_one("section").get_text(" ").split()), warnings


def test_the_bundled_data_loads_strictly() -> None:
    """The bundled data gives every framework a position on every aspect (the strict load
    passes), replaces nothing, and has no gaps."""
    guide = mlguide.load_uncached(strict=True)
    assert guide.gaps == {} and dict(guide.replaced) == {}


def test_aspects_may_be_fixed_by_group(make_app: Any, tmp_path: Path) -> None:
    """``mlguide_aspects`` takes a group name for its aspects, in the data's order, mixed with
    aspect ids: the matrix shows exactly those rows."""
    import tomllib

    raw = tomllib.loads((MINIMAL_DATA / "aspects.toml").read_text("utf-8"))["aspects"]
    group = raw[0]["group"]
    members = [a["title"] for a in raw if a["group"] == group]
    other = next(a for a in raw if a["group"] != group)
    text, warnings = _page(
        make_app, tmp_path, "```{mlguide:matrix}\n```", mlguide_aspects=[group, other["id"]]
    )
    assert warnings == ""
    rows = [t for t in (a["title"] for a in raw) if t in text]
    assert rows == [*members, other["title"]]
    assert len(members) >= 1 and len(rows) < len(raw)


def test_an_unknown_group_in_aspects_stops_the_build(tmp_path: Path) -> None:
    """A name that is neither an aspect id nor a group is one error with the closest name."""
    import tomllib

    group = tomllib.loads((MINIMAL_DATA / "aspects.toml").read_text("utf-8"))["aspects"][0]["group"]
    line = config_error(tmp_path, mlguide_aspects=[group + "x"])
    assert f"mlguide_aspects: unknown aspect id or group {group + 'x'!r}" in line
    assert f"did you mean {group!r}?" in line


def test_the_default_colophon_claims_nothing_about_the_guide(make_app: Any, tmp_path: Path) -> None:
    """A project that sets no ``mlguide_colophon`` gets a sentence true of any project: the
    data's version, as-of date and number of sources, and nothing about this guide's tests or
    its Sources chapter."""
    guide = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    text, warnings = _page(make_app, tmp_path, "```{mlguide:colophon}\n```")
    assert warnings == ""
    assert (
        f"every summary, verdict and pick here comes from the data (version "
        f"{guide.info.data_version}, facts as of {guide.as_of.isoformat()})"
    ) in text
    assert "tests" not in text and "Sources chapter" not in text


def test_a_project_colophon_fills_its_placeholders_and_names_unknown_ones(
    make_app: Any, tmp_path: Path
) -> None:
    """``mlguide_colophon`` is the project's own wording, with ``{as_of}``, ``{data_version}``
    and ``{source_count}`` filled in; an unknown placeholder is a located warning and stays
    as written."""
    guide = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    text, warnings = _page(
        make_app,
        tmp_path,
        "```{mlguide:colophon}\n```",
        mlguide_colophon="checked on {as_of}, {source_count} sources, {nope}.",
    )
    assert (
        f"checked on {guide.as_of.isoformat()}, {len(guide.sources())} sources, {{nope}}." in text
    )
    assert "index.md:3: WARNING: mlguide_colophon: unknown placeholder {nope}" in warnings


def test_a_pdf_is_labelled_by_its_title_unless_it_has_a_label(
    make_app: Any, tmp_path: Path
) -> None:
    """The downloads list names each PDF by its ``label``, else by its ``title`` (never a
    fixed "The handout" / "The full guide")."""
    documents = [
        {"start": "index", "filename": "a.pdf", "title": "Notes for the team"},
        {"start": "index", "filename": "b.pdf", "title": "Card", "label": "The wall card"},
    ]
    text, _ = _page(
        make_app, tmp_path, "```{mlguide:downloads}\n```", mlguide_pdf_documents=documents
    )
    assert "Notes for the team (PDF: a.pdf" in text and "The wall card (PDF: b.pdf" in text
    assert "The handout" not in text and "The full guide" not in text
