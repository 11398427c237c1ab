"""The JSON Schema rejects what ``mlguide check`` rejects, wherever a schema can say it: ids,
https URLs, lengths, colours, date formats, required fields, unknown keys, empty lists and the
summary-or-unknown rule. Each case breaks one file of a copy of the minimal dataset; the
loader must reject it, and so must ``jsonschema`` with the file's own definition."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import mlguide

PYTORCH = "frameworks/pytorch.toml"
CASES = [
    # (what, file, text to replace or a regular expression of whole lines, replacement);
    # each breaks one rule and nothing else (no unknown key sneaks in)
    ("missing required field", PYTORCH, 'license = "BSD-3-Clause"\n', ""),
    ("wrong type", PYTORCH, 'platforms = ["Linux"', 'platforms = "Linux" #'),
    ("unknown key", PYTORCH, "homepage =", "homepag ="),
    (
        "http URL",
        PYTORCH,
        'url = "https://pytorch.org/blog/a-year-in/"',
        'url = "http://pytorch.org/"',
    ),
    (
        "URL without host",
        PYTORCH,
        'url = "https://pytorch.org/blog/a-year-in/"',
        'url = "https://"',
    ),
    ("empty summary", PYTORCH, r'^summary = "Created at.*$', 'summary = "   "'),
    ("summary too long", PYTORCH, r'^summary = "Created at.*$', f'summary = "{"x" * 121}"'),
    ("label too long", PYTORCH, 'label = "PyTorch Foundation formed"', f'label = "{"y" * 49}"'),
    ("bad id", "aspects.toml", 'id = "origin"', 'id = "Origin_1"'),
    ("bad colour", PYTORCH, 'color = "#d43c26"', 'color = "red"'),
    ("bad date", PYTORCH, "date = 2017-01-19", 'date = "January 2017"'),
    ("empty list", "recommendations.toml", 'picks = ["pytorch", "tensorflow"]', "picks = []"),
    ("neither summary nor unknown", PYTORCH, r'^summary = "Created at.*\n', ""),
    ("bad version", PYTORCH, 'version = "2.15.0"', 'version = "two"'),
]
DEFINITION = {
    PYTORCH: "FrameworkFile",
    "aspects.toml": "AspectsFile",
    "recommendations.toml": "RecommendationsFile",
}


def _as_json(value: Any) -> Any:
    """TOML values as an editor hands them to a JSON Schema: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(definition: str) -> jsonschema.protocols.Validator:
    schema = mlguide.schema()
    wrapped = {**schema, "$ref": f"#/$defs/{definition}"}
    cls = jsonschema.validators.validator_for(wrapped)
    return cls(wrapped, format_checker=cls.FORMAT_CHECKER)


def test_the_shipped_data_passes_the_schema() -> None:
    """Every file of the bundled dataset is valid against its definition (no false alarms)."""
    root = Path(mlguide.PACKAGE_DATA)
    for path in sorted((root / "frameworks").glob("*.toml")):
        errors = list(
            _validator("FrameworkFile").iter_errors(_as_json(tomllib.loads(path.read_text())))
        )
        assert errors == [], f"{path.name}: {errors[0].message}" if errors else ""
    for name, definition in (
        ("aspects.toml", "AspectsFile"),
        ("claims.toml", "ClaimsFile"),
        ("guide.toml", "GuideFile"),
        ("recommendations.toml", "RecommendationsFile"),
        ("examples.toml", "ExamplesFile"),
    ):
        errors = list(
            _validator(definition).iter_errors(_as_json(tomllib.loads((root / name).read_text())))
        )
        assert errors == [], f"{name}: {errors[0].message}" if errors else ""


def test_unknown_date_is_written_as_unknown(data_copy: Path) -> None:
    """TOML has no null: ``date = "unknown"`` loads as an unknown date and passes the schema."""
    path = data_copy / PYTORCH
    path.write_text(path.read_text().replace("date = 2017-01-19", 'date = "unknown"', 1))
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert guide.framework("pytorch").first_release.date is None
    assert (
        list(_validator("FrameworkFile").iter_errors(_as_json(tomllib.loads(path.read_text()))))
        == []
    )


@pytest.mark.parametrize(("what", "file", "old", "new"), CASES, ids=[c[0] for c in CASES])
def test_schema_rejects_what_check_rejects(
    data_copy: Path, what: str, file: str, old: str, new: str
) -> None:
    """The broken file fails the loader (as ``mlguide check`` does) and the JSON Schema."""
    path = data_copy / file
    text = path.read_text()
    if old in text:
        broken = text.replace(old, new, 1)
    else:
        broken = re.sub(old, new, text, count=1, flags=re.MULTILINE)
    assert broken != text, f"test setup: {old!r} not in {file}"
    path.write_text(broken)
    with pytest.raises(mlguide.DataError):
        mlguide.load_uncached([data_copy], package_data=False)
    errors = list(
        _validator(DEFINITION[file]).iter_errors(_as_json(tomllib.loads(path.read_text())))
    )
    assert errors, f"the schema accepts a file with {what}"


def test_the_schema_accepts_what_check_accepts_an_overlay_guide_toml(tmp_path: Path) -> None:
    """The starter ``guide.toml`` that ``mlguide init`` writes (a title alone: the rest comes
    from the bundled data) passes ``check`` and the schema; a misspelt key in it fails both."""
    from mlguide.starter import write_starter

    write_starter(tmp_path / "starter")
    raw = tomllib.loads((tmp_path / "starter" / "guide.toml").read_text())
    assert set(raw["guide"]) == {"title"}
    mlguide.load_uncached([tmp_path / "starter"])
    assert list(_validator("GuideFile").iter_errors(_as_json(raw))) == []
    raw["guide"]["titel"] = "typo"
    assert [list(e.absolute_path) for e in _validator("GuideFile").iter_errors(raw)] == [["guide"]]


def test_an_error_inside_framework_is_located_at_its_field(data_copy: Path) -> None:
    """A wrong value in the ``[framework]`` table is reported at its own field
    (``framework.license``) with a type message, not as one ``anyOf`` mismatch of the table."""
    path = data_copy / PYTORCH
    raw = _as_json(
        tomllib.loads(path.read_text().replace('license = "BSD-3-Clause"', "license = 3"))
    )
    errors = list(_validator("FrameworkFile").iter_errors(raw))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [
        (["framework", "license"], "type")
    ]
    assert "valid under any of the given schemas" not in errors[0].message
