"""What source/library/cli.md and the README promise of the `mlguide` command, each exercised:
`check DIR` succeeding, the listing formats and their fields, `export -o`, `--data` adding to
every command, and the last of several data directories winning."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import mlguide
from mlguide.cli import main
from tests.conftest import MINIMAL_DATA

#: The fields each listing prints, in order (source/library/cli.md's reference table).
FIELDS = {
    "frameworks": ["id", "name", "latest", "summary"],
    "aspects": ["id", "title", "group", "question"],
    "claims": ["id", "claim", "verdict", "why"],
    "recommend": ["id", "profile", "picks", "reason", "advice"],
}

SOURCE = {
    "title": "In-house handbook",
    "url": "https://example.org/handbook",
    "publisher": "Example Corp",
    "accessed": dt.date(2026, 11, 20),
    "primary": True,
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _inhouse(folder: Path, name: str = "In-house Net", aspects: list[str] | None = None) -> Path:
    """A data directory adding a framework `inhouse`, unknown on every aspect."""
    ids = aspects if aspects is not None else [a.id for a in mlguide.load().aspects]
    release = {"version": "1.0", "date": dt.date(2025, 1, 1), "sources": [SOURCE]}
    framework = {
        "id": "inhouse",
        "name": name,
        "summary": "Our own framework.",
        "creator": "Example Corp",
        "governance": "Example Corp",
        "first_release": release,
        "latest": release,
        "license": "Proprietary",
        "repository": "https://example.org/inhouse",
        "homepage": "https://example.org/inhouse",
        "implementation_languages": ["Python"],
        "api_languages": ["Python"],
        "platforms": ["Linux"],
        "sources": [SOURCE],
    }
    positions = {aspect: {"unknown": "not assessed yet"} for aspect in ids}
    (folder / "frameworks").mkdir(parents=True)
    text = tomli_w.dumps({"framework": framework, "positions": positions})
    (folder / "frameworks" / "inhouse.toml").write_text(text, encoding="utf-8")
    return folder


def test_check_succeeds_with_exit_0_and_a_count(capsys: pytest.CaptureFixture[str]) -> None:
    """`mlguide check DIR --alone` on good data: exit 0 and one line counting what it found."""
    code, out, err = run(["check", str(MINIMAL_DATA), "--alone"], capsys)
    assert (code, err) == (0, "")
    assert out == f"{MINIMAL_DATA}: ok (2 frameworks, 5 aspects, 10 positions, 1 claims)\n"


def test_check_adds_the_directory_to_the_package_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --alone the directory is checked as an addition: the package's four frameworks
    plus the one it adds."""
    extra = _inhouse(tmp_path / "extra")
    code, out, err = run(["check", str(extra)], capsys)
    aspects = len(mlguide.load().aspects)
    assert (code, err) == (0, "")
    assert out.startswith(f"{extra}: ok (5 frameworks, {aspects} aspects, {5 * aspects} positions")


@pytest.mark.parametrize("command", sorted(FIELDS))
def test_listing_formats_carry_their_fields(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each listing in json, csv and markdown carries exactly its documented fields, one entry
    per item; text shows each item's id on a line of its own followed by its fields."""
    guide = mlguide.load()
    count = {
        "frameworks": len(guide.frameworks),
        "aspects": len(guide.aspects),
        "claims": len(guide.claims),
        "recommend": len(guide.recommendations),
    }[command]
    _, out, _ = run([command, "-f", "json"], capsys)
    items = json.loads(out)
    assert len(items) == count
    assert all(list(item) == FIELDS[command] for item in items)
    _, out, _ = run([command, "-f", "csv"], capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == FIELDS[command]
    assert [row[0] for row in rows[1:]] == [item["id"] for item in items]
    _, out, _ = run([command, "--format", "markdown"], capsys)
    lines = out.splitlines()
    assert lines[0] == "| " + " | ".join(FIELDS[command]) + " |"
    assert lines[1] == "|" + "|".join(["---"] * len(FIELDS[command])) + "|"
    assert len(lines) == 2 + count
    assert [line.split(" | ")[0] for line in lines[2:]] == [f"| {item['id']}" for item in items]
    _, out, _ = run([command], capsys)
    blocks = out.strip("\n").split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [item["id"] for item in items]
    # the other fields follow as "field: value", continuation lines indented
    starts = [line.split(":")[0] for line in blocks[0].splitlines()[1:] if not line.startswith(" ")]
    assert starts == FIELDS[command][1:]


def test_export_to_a_file_writes_the_same_json_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export -o FILE` writes what `export` prints, and prints nothing itself."""
    _, printed, _ = run(["export"], capsys)
    target = tmp_path / "mlguide.json"
    code, out, err = run(["export", "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    written = target.read_text(encoding="utf-8")
    assert written == printed
    data = json.loads(written)
    assert [f["id"] for f in data["frameworks"]] == ["tensorflow", "pytorch", "jax", "keras"]
    assert "example_dirs" not in data


def _commands() -> list[list[str]]:
    return [
        ["frameworks", "-f", "json"],
        ["show", "inhouse"],
        ["compare", "tensorflow", "inhouse", "-f", "csv"],
        ["export"],
        ["check", str(MINIMAL_DATA), "--alone"],
    ]


@pytest.mark.parametrize("args", _commands(), ids=lambda a: a[0])
def test_data_adds_a_directory_to_every_command(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The global --data DIR option reaches every command that reads the guide: the in-house
    framework it adds is listed, shown, compared and exported (check reads its own DIR)."""
    extra = _inhouse(tmp_path / "extra")
    code, out, err = run(["--data", str(extra), *args], capsys)
    assert (code, err) == (0, "")
    if args[0] == "check":
        assert ": ok (2 frameworks" in out
    else:
        assert "In-house Net" in out


def test_the_last_of_two_data_directories_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two directories defining the same framework: the later one's entries are used, by the
    library and by the command (repeated --data, in order)."""
    first = _inhouse(tmp_path / "first", name="First Name")
    second = _inhouse(tmp_path / "second", name="Second Name")
    assert mlguide.load(first, second).framework("inhouse").name == "Second Name"
    assert mlguide.load(second, first).framework("inhouse").name == "First Name"
    _, out, _ = run(
        ["--data", str(first), "--data", str(second), "frameworks", "-f", "json"], capsys
    )
    names = {item["id"]: item["name"] for item in json.loads(out)}
    assert names["inhouse"] == "Second Name"


def test_a_later_directory_replaces_one_position_only(tmp_path: Path) -> None:
    """A framework file without [framework] in a later directory replaces the positions it
    names and keeps the rest."""
    first = _inhouse(tmp_path / "first")
    patch = tmp_path / "patch" / "frameworks"
    patch.mkdir(parents=True)
    entry: dict[str, Any] = {"summary": "Served by our gateway.", "sources": [SOURCE]}
    (patch / "inhouse.toml").write_text(tomli_w.dumps({"positions": {"deployment": entry}}))
    guide = mlguide.load(first, patch.parent)
    assert guide.position("inhouse", "deployment").summary == "Served by our gateway."
    assert guide.position("inhouse", "origin").unknown == "not assessed yet"


def test_recommend_lists_picks_by_name_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    """Each profile's picks are the frameworks' display names, in the data's order, joined by
    a comma and a space (names and order read from the raw TOML files)."""
    import tomllib

    data = mlguide.PACKAGE_DATA
    names = {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))["framework"]["name"]
        for path in (data / "frameworks").glob("*.toml")
    }
    raw = tomllib.loads((data / "recommendations.toml").read_text(encoding="utf-8"))
    expected = {r["id"]: ", ".join(names[p] for p in r["picks"]) for r in raw["recommendations"]}
    _, out, _ = run(["recommend", "-f", "json"], capsys)
    assert {item["id"]: item["picks"] for item in json.loads(out)} == expected
