"""Bad data gives one message naming the file and the field path, and nothing else breaks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mlguide
from mlguide.cli import main


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def error_for(data: Path) -> str:
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data], package_data=False)
    message = str(info.value)
    assert "\n" not in message, "the message is one line"
    return message


def test_malformed_toml(data_copy: Path) -> None:
    """A TOML syntax error names the file and the line."""
    edit(data_copy / "aspects.toml", 'id = "origin"', 'id = "origin')
    message = error_for(data_copy)
    assert message.startswith(f"{data_copy / 'aspects.toml'}: invalid TOML")
    assert re.search(r"line \d+", message)


def test_missing_required_field(data_copy: Path) -> None:
    """A missing required field is named by its full path."""
    edit(data_copy / "frameworks" / "pytorch.toml", 'license = "BSD-3-Clause"\n', "")
    assert error_for(data_copy) == (
        f"{data_copy / 'frameworks' / 'pytorch.toml'}: framework.license: required field is missing"
    )


def test_wrong_type(data_copy: Path) -> None:
    """A value of the wrong type names the field and shows what was given."""
    edit(data_copy / "frameworks" / "pytorch.toml", 'platforms = ["Linux"', 'platforms = "Linux" #')
    message = error_for(data_copy)
    assert "frameworks/pytorch.toml: framework.platforms: " in message
    assert "'Linux'" in message


def test_unknown_key_suggests_the_field(data_copy: Path) -> None:
    """A misspelt key is reported as unknown, with the closest field name."""
    edit(data_copy / "frameworks" / "pytorch.toml", "homepage =", "homepag =")
    message = error_for(data_copy)
    assert (
        "frameworks/pytorch.toml: framework.homepag: unknown key; did you mean 'homepage'?"
        in message
    )


def test_duplicate_id(data_copy: Path) -> None:
    """An id used twice in one file is reported with both places."""
    path = data_copy / "aspects.toml"
    edit(path, 'id = "serialization"', 'id = "origin"')
    message = error_for(data_copy)
    assert re.search(
        r"aspects\.toml: aspects\[\d+\]\.id: duplicate id 'origin' \(already used by aspects\[0\]\)",
        message,
    )


def test_position_on_unknown_aspect(data_copy: Path) -> None:
    """A position keyed by an unknown aspect id suggests the closest aspect."""
    edit(
        data_copy / "frameworks" / "pytorch.toml", "[positions.deployment]", "[positions.deploymnt]"
    )
    edit(
        data_copy / "frameworks" / "pytorch.toml",
        "[[positions.deployment.",
        "[[positions.deploymnt.",
        count=99,
    )
    message = error_for(data_copy)
    assert (
        "frameworks/pytorch.toml: positions.deploymnt: unknown aspect 'deploymnt'; did you mean 'deployment'?"
        in message
    )


def test_positions_for_unknown_framework(data_copy: Path, tmp_path: Path) -> None:
    """Positions added for a framework that does not exist suggest the closest framework."""
    extra = tmp_path / "extra" / "frameworks"
    extra.mkdir(parents=True)
    (extra / "pytorh.toml").write_text('[positions.origin]\nunknown = "not yet researched"\n')
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy, extra.parent], package_data=False)
    assert "pytorh.toml: framework: " in str(info.value)
    assert "did you mean 'pytorch'?" in str(info.value)


def test_reference_to_unknown_framework(data_copy: Path) -> None:
    """A recommendation picking an unknown framework names the field and the closest id."""
    edit(data_copy / "recommendations.toml", 'picks = ["pytorch"', 'picks = ["pytorchh"')
    message = error_for(data_copy)
    assert re.search(
        r"recommendations\.toml: recommendations\[\d+\]\.picks\[0\]: unknown framework 'pytorchh'; did you mean 'pytorch'\?",
        message,
    )


def test_source_url_not_https(data_copy: Path) -> None:
    """An http:// source is refused, and the message gives the index of the source."""
    edit(
        data_copy / "frameworks" / "pytorch.toml",
        'url = "https://github.com/pytorch/serve"',
        'url = "http://github.com/pytorch/serve"',
    )
    message = error_for(data_copy)
    assert re.search(
        r"frameworks/pytorch\.toml: positions\.deployment\.sources\[\d+\]\.url: URL must be an absolute https:// address",
        message,
    )


def test_empty_summary(data_copy: Path) -> None:
    """A blank summary is refused."""
    path = data_copy / "frameworks" / "tensorflow.toml"
    text = path.read_text()
    start = text.index("[positions.deployment]")
    line_start = text.index("summary = ", start)
    line_end = text.index("\n", line_start)
    path.write_text(text[:line_start] + 'summary = "   "' + text[line_end:])
    assert error_for(data_copy).endswith(
        "tensorflow.toml: positions.deployment.summary: must not be empty"
    )


def test_summary_too_long(data_copy: Path) -> None:
    """A summary longer than a table cell allows is refused with the limit."""
    path = data_copy / "frameworks" / "tensorflow.toml"
    text = path.read_text()
    start = text.index("[positions.deployment]")
    line_start = text.index("summary = ", start)
    line_end = text.index("\n", line_start)
    path.write_text(text[:line_start] + f'summary = "{"x" * 200}"' + text[line_end:])
    message = error_for(data_copy)
    assert "tensorflow.toml: positions.deployment.summary: " in message
    assert str(mlguide.model.SUMMARY_MAX_CHARS) in message


def test_missing_position(data_copy: Path) -> None:
    """A framework without a position on some aspect: a strict load reports it, with how to
    say unknown; a plain load shows it as not assessed (no summary, no reason, no sources)."""
    path = data_copy / "aspects.toml"
    path.write_text(
        path.read_text()
        + '\n[[aspects]]\nid = "quantum"\ntitle = "Quantum"\nquestion = "Q?"\ngroup = "G"\n'
    )
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False, strict=True)
    message = str(info.value)
    assert "positions.quantum: missing" in message and 'unknown = "reason"' in message
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert guide.gaps == {"tensorflow": ("quantum",), "pytorch": ("quantum",)}
    position = guide.position("pytorch", "quantum")
    assert not position.assessed and not position.is_known
    assert (position.summary, position.unknown, position.sources) == (None, None, ())
    assert guide.position("pytorch", "origin").assessed


def test_extra_directory_missing(tmp_path: Path) -> None:
    """An extra data directory that does not exist is named."""
    with pytest.raises(mlguide.DataError, match="nowhere: data directory does not exist"):
        mlguide.load_uncached([tmp_path / "nowhere"])


@pytest.mark.parametrize(
    "change",
    [
        ("aspects.toml", 'id = "origin"', 'id = "origin'),
        ("frameworks/pytorch.toml", "homepage =", "homepag ="),
        ("frameworks/pytorch.toml", 'license = "BSD-3-Clause"\n', ""),
    ],
)
def test_cli_reports_bad_data_with_exit_2(
    data_copy: Path, change: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`mlguide check` turns bad data into exit status 2 and one line on stderr, no traceback."""
    file, old, new = change
    edit(data_copy / file, old, new)
    assert main(["check", "--alone", str(data_copy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("mlguide: error: ") and file in lines[0]
    assert "Traceback" not in captured.err
