"""The loader's error messages, word for word: each bad data file gives exactly this location
and this text (the field path, the closest known id, how many more problems the file has), and
the frameworks come in the order guide.toml gives, the others after it by id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mlguide
from tests.conftest import MINIMAL_DATA

PYTORCH = "frameworks/pytorch.toml"
LICENSE = 'license = "BSD-3-Clause"\n'
HOMEPAGE = 'homepage = "https://pytorch.org"\n'
CREATOR = 'creator = "Facebook AI Research (now Meta)"\n'
PLATFORMS = 'platforms = ["Linux", "macOS", "Windows"]'
ORDER = 'frameworks = ["tensorflow", "pytorch"]'
CLAIM_ASPECTS = 'aspects = ["execution-model"]'

CASES = {
    "unknown key, nothing close": (
        [(PYTORCH, 'color = "#d43c26"', 'color = "#d43c26"\nzqxv = 1')],
        PYTORCH,
        "framework.zqxv",
        "unknown key",
    ),
    "wrong type shows the value": (
        [(PYTORCH, PLATFORMS, 'platforms = "Linux"')],
        PYTORCH,
        "framework.platforms",
        "Input should be a valid tuple (got str 'Linux')",
    ),
    "list index in the path": (
        [(PYTORCH, PLATFORMS, 'platforms = ["Linux", 3]')],
        PYTORCH,
        "framework.platforms[1]",
        "Input should be a valid string (got int 3)",
    ),
    "one more problem": (
        [(PYTORCH, LICENSE, ""), (PYTORCH, HOMEPAGE, "")],
        PYTORCH,
        "framework.license",
        "required field is missing (and 1 more problem in this file)",
    ),
    "two more problems": (
        [(PYTORCH, LICENSE, ""), (PYTORCH, HOMEPAGE, ""), (PYTORCH, CREATOR, "")],
        PYTORCH,
        "framework.creator",
        "required field is missing (and 2 more problems in this file)",
    ),
    "a check's own message, without pydantic's prefix": (
        [(PYTORCH, 'color = "#d43c26"', 'color = "red"')],
        PYTORCH,
        "framework.color",
        "'red' is not a 6-digit hex colour such as '#d43c26'",
    ),
    "a bad key of a table is marked (key)": (
        [(PYTORCH, "[positions.origin]", "[positions.Bad_Id]")],
        PYTORCH,
        "positions.Bad_Id (key)",
        "'Bad_Id' is not a valid id (lower-case letters, digits and single hyphens, starting "
        "with a letter) (and 2 more problems in this file)",
    ),
    "framework order names an unknown framework": (
        [("guide.toml", ORDER, 'frameworks = ["tensorflow", "pytorchx"]')],
        "guide.toml",
        "guide.frameworks[1]",
        "unknown framework 'pytorchx'; did you mean 'pytorch'?",
    ),
    "an unknown id with nothing close gets no suggestion": (
        [("guide.toml", ORDER, 'frameworks = ["tensorflow", "qqqqqqq"]')],
        "guide.toml",
        "guide.frameworks[1]",
        "unknown framework 'qqqqqqq'",
    ),
    "claim on an unknown aspect": (
        [("claims.toml", CLAIM_ASPECTS, 'aspects = ["execution-modle"]')],
        "claims.toml",
        "claims[0].aspects[0]",
        "unknown aspect 'execution-modle'; did you mean 'execution-model'?",
    ),
    "claim dated by an unknown framework": (
        [
            (
                "claims.toml",
                'since = { framework = "tensorflow"',
                'since = { framework = "tensorflw"',
            )
        ],
        "claims.toml",
        "claims[0].since.framework",
        "unknown framework 'tensorflw'; did you mean 'tensorflow'?",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_file_gives_this_location_and_message(case: str, data_copy: Path) -> None:
    """The error names the file (its path as given), the field path and exactly this text."""
    edits, file, location, message = CASES[case]
    for name, old, new in edits:
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    assert (info.value.file, info.value.location, info.value.message) == (
        str(data_copy / file),
        location,
        message,
    )
    assert str(info.value) == f"{data_copy / file}: {location}: {message}"


def test_no_directory_at_all() -> None:
    """Neither the package data nor an extra directory: one error saying so."""
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([], package_data=False)
    assert str(info.value) == "(no data): no data directory given"


def test_no_guide_toml_anywhere(tmp_path: Path) -> None:
    """Directories without a guide.toml (and no package data): the error says none has one."""
    shutil.copytree(MINIMAL_DATA / "frameworks", tmp_path / "frameworks")
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([tmp_path], package_data=False)
    assert str(info.value) == "guide.toml: no data directory has a guide.toml"


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    """A data directory that is a loop of symbolic links is named in one error."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load(loop)
    assert info.value.file == str(loop)
    assert info.value.message.startswith("cannot resolve the data directory: ")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ('frameworks = ["pytorch", "tensorflow"]', ["pytorch", "tensorflow"]),
        ('frameworks = ["tensorflow"]', ["tensorflow", "pytorch"]),
        ("frameworks = []", ["pytorch", "tensorflow"]),
    ],
)
def test_framework_order(order: str, expected: list[str], data_copy: Path) -> None:
    """Frameworks come in guide.toml's order; those it leaves out follow, sorted by id."""
    path = data_copy / "guide.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(ORDER, order), encoding="utf-8")
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert [f.id for f in guide.frameworks] == expected
