"""The public API for scripts: load, look up, compare, convert, schema."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

import mlguide
from tests.conftest import MINIMAL_DATA


def test_import_pulls_in_neither_sphinx_nor_weasyprint() -> None:
    """`import mlguide` and `mlguide.load()` leave Sphinx, docutils and WeasyPrint unimported."""
    code = (
        "import sys, mlguide; mlguide.load(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sphinx', 'docutils', 'weasyprint', 'myst_parser', 'sphinx_design')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_load_is_cached_and_frozen() -> None:
    """Two loads return the same object, and its models refuse mutation."""
    guide = mlguide.load()
    assert mlguide.load() is guide
    with pytest.raises(dataclasses.FrozenInstanceError):
        guide.frameworks[0].name = "changed"  # type: ignore[misc]


def test_disk_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The on-disk cache gives back an equal guide, and an edit to a data file misses it."""
    from mlguide import loader

    monkeypatch.setenv("MLGUIDE_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    import shutil

    shutil.copytree(MINIMAL_DATA, data)
    loader._load_cached.cache_clear()
    first = mlguide.load(data, package_data=False)
    assert len(list((tmp_path / "cache").glob("guide-*.json"))) == 1
    loader._load_cached.cache_clear()
    second = mlguide.load(data, package_data=False)
    assert second == first and second is not first
    assert second.framework("pytorch").name == "PyTorch"
    path = data / "frameworks" / "pytorch.toml"
    path.write_text(path.read_text().replace('name = "PyTorch"', 'name = "PyTorch!"'))
    loader._load_cached.cache_clear()
    assert mlguide.load(data, package_data=False).framework("pytorch").name == "PyTorch!"
    loader._load_cached.cache_clear()


def test_lookups_and_unknown_ids(guide: mlguide.Guide) -> None:
    """Look-ups by id work, and an unknown id suggests the closest one."""
    assert guide.framework("pytorch").name == "PyTorch"
    assert guide.aspect("deployment").title
    assert guide.position("tensorflow", "deployment").framework == "tensorflow"
    with pytest.raises(mlguide.UnknownIdError, match="did you mean 'tensorflow'"):
        guide.framework("tensorflw")
    with pytest.raises(LookupError):
        guide.aspect("nope")


def test_compare_selects_and_orders(guide: mlguide.Guide) -> None:
    """compare() keeps the order asked for and rejects duplicates."""
    cmp = guide.compare("pytorch", "tensorflow", aspects=["deployment", "origin"])
    assert [f.id for f in cmp.frameworks] == ["pytorch", "tensorflow"]
    assert [a.id for a, _ in cmp.rows()] == ["deployment", "origin"]
    assert [p.framework for p in cmp.rows()[0][1]] == ["pytorch", "tensorflow"]
    with pytest.raises(ValueError, match="more than once"):
        guide.compare("pytorch", "pytorch")


def test_comparison_conversions(guide: mlguide.Guide) -> None:
    """dict, JSON, CSV and Markdown carry every selected position's summary."""
    cmp = guide.compare("tensorflow", "pytorch")
    as_dict = cmp.to_dict()
    assert json.loads(cmp.to_json()) == as_dict
    assert [a["id"] for a in as_dict["aspects"]] == guide.aspect_ids
    rows = list(csv.DictReader(io.StringIO(cmp.to_csv())))
    assert len(rows) == 2 * len(guide.aspects)
    markdown = cmp.to_markdown()
    for position in cmp.positions:
        assert position.sources or position.unknown
        text = position.summary or position.unknown or ""
        assert (
            as_dict["aspects"][guide.aspect_ids.index(position.aspect)]["positions"][
                position.framework
            ]["summary"]
            == position.summary
        )
        assert any(r["summary"] == (position.summary or "") for r in rows)
        assert " ".join(text.split()).replace("|", "\\|") in markdown


def test_sources_are_unique_by_url(guide: mlguide.Guide) -> None:
    """guide.sources() lists each cited URL once."""
    urls = [s.url for s in guide.sources()]
    assert len(urls) == len(set(urls)) > 0


def test_schema_validates_every_data_file() -> None:
    """The JSON Schema accepts every package data file and rejects an unknown key."""
    schema = mlguide.schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    root = mlguide.PACKAGE_DATA
    # examples/ holds snippet files and their verification record, not data files
    files = {
        p: p.relative_to(root).as_posix()
        for p in root.rglob("*.toml")
        if p.relative_to(root).parts[0] != "examples"
    }
    assert files
    for path, name in files.items():
        kind = name
        for folder, pattern in (
            ("frameworks/", "frameworks/<id>.toml"),
            ("measurements/", "measurements/<id>.toml"),
            ("releases/pypi/", "releases/pypi/<id>.toml"),
            ("releases/npm/", "releases/npm/<path>.toml"),
        ):
            if name.startswith(folder):
                kind = pattern
        ref = schema["x-mlguide-files"][kind]
        sub = {"$ref": ref, "$defs": schema["$defs"]}
        data = json.loads(json.dumps(tomllib.loads(path.read_text()), default=str))
        jsonschema.validate(data, sub)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"aspects": [{"id": "x", "title": "t", "question": "q", "group": "g", "bogus": 1}]},
            {"$ref": schema["x-mlguide-files"]["aspects.toml"], "$defs": schema["$defs"]},
        )


INHOUSE = """
[framework]
id = "inhouse"
name = "In-house"
summary = "Our team's own framework."
creator = "Example Corp"
governance = "Example Corp's platform team."
license = "LicenseRef-Proprietary"
repository = "https://git.example.com/ml/inhouse"
homepage = "https://docs.example.com/inhouse"
implementation_languages = ["Python"]
api_languages = ["Python"]
platforms = ["Linux"]
first_release = { date = 2024-01-01, sources = [{ title = "Changelog", url = "https://docs.example.com/changelog", publisher = "Example Corp", accessed = 2026-11-01, primary = true }] }
latest = { version = "3.1", date = 2026-10-01, sources = [{ title = "Changelog", url = "https://docs.example.com/changelog", publisher = "Example Corp", accessed = 2026-11-01, primary = true }] }
sources = [{ title = "Docs", url = "https://docs.example.com/inhouse", publisher = "Example Corp", accessed = 2026-11-01, primary = true }]
"""


def test_extra_directory_adds_and_overrides(tmp_path: Path) -> None:
    """An extra directory adds a framework with positions and replaces an aspect by id."""
    base = mlguide.load_uncached()
    extra = tmp_path / "extra"
    (extra / "frameworks").mkdir(parents=True)
    positions = "".join(f'[positions.{a}]\nunknown = "not assessed yet"\n' for a in base.aspect_ids)
    (extra / "frameworks" / "inhouse.toml").write_text(INHOUSE + positions)
    first = base.aspects[0]
    (extra / "aspects.toml").write_text(
        f'[[aspects]]\nid = "{first.id}"\ntitle = "Where it came from"\n'
        f'question = "{first.question}"\ngroup = "{first.group}"\n'
    )
    merged = mlguide.load_uncached([extra])
    assert merged.framework_ids[-1] == "inhouse"
    assert merged.position("inhouse", "deployment").unknown == "not assessed yet"
    assert merged.aspect_ids == base.aspect_ids
    assert merged.aspect(first.id).title == "Where it came from"
    assert len(merged.positions) == len(base.positions) + len(base.aspects)
