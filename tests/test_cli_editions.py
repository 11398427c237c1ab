"""The command line across editions and in one run: ``check`` lists every problem (up to a
stated cap) and notes a framework's missing positions (errors with ``--strict``); ``--data``
may follow the command; an empty ``--aspects`` is refused; the example and equivalents ids are
listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mlguide
from mlguide.cli import MAX_LISTED
from tests.test_cli_promises import _inhouse, run


def _aspects_with_bad_keys(folder: Path, count: int) -> Path:
    """A data directory whose aspects.toml holds ``count`` aspects, each with an unknown key:
    ``count`` problems in one file."""
    folder.mkdir()
    entries = [
        f'[[aspects]]\nid = "extra-{i}"\ntitle = "Extra {i}"\nquestion = "Q?"\n'
        f'group = "G"\ncolour = "red"\n'
        for i in range(count)
    ]
    (folder / "aspects.toml").write_text("\n".join(entries), encoding="utf-8")
    return folder


def test_check_lists_every_problem_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Problems in two files, each on a line of its own, located (file and field), then how
    many there were; exit status 2 and nothing on standard output."""
    data = _aspects_with_bad_keys(tmp_path / "data", 2)
    framework = _inhouse(tmp_path / "other") / "frameworks" / "inhouse.toml"
    text = framework.read_text(encoding="utf-8").replace('license = "Proprietary"', "license = 3")
    (data / "frameworks").mkdir()
    (data / "frameworks" / "inhouse.toml").write_text(text, encoding="utf-8")
    code, out, err = run(["check", str(data)], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"mlguide: error: {data / 'aspects.toml'}: aspects[0].colour: unknown key; did you "
        "mean 'color'?",
        f"mlguide: error: {data / 'aspects.toml'}: aspects[1].colour: unknown key; did you "
        "mean 'color'?",
        f"mlguide: error: {data / 'frameworks' / 'inhouse.toml'}: framework.license: Input "
        "should be a valid string (got int 3)",
        f"mlguide check: 3 problems in {data}",
    ]


@pytest.mark.parametrize("count", [MAX_LISTED, MAX_LISTED + 1], ids=["at-cap", "one-over"])
def test_check_lists_up_to_its_cap_and_says_how_many_it_left_out(
    count: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exactly the cap of problems: all listed, nothing said left out; one more: the cap
    listed and the one left out counted."""
    data = _aspects_with_bad_keys(tmp_path / "data", count)
    code, _, err = run(["check", str(data), "--alone"], capsys)
    lines = err.splitlines()
    assert code == 2
    assert sum(line.startswith("mlguide: error: ") for line in lines) == MAX_LISTED
    more = count - MAX_LISTED
    tail = f" (the first {MAX_LISTED} listed; {more} more not shown)" if more else ""
    assert lines[-1] == f"mlguide check: {count} problems in {data}{tail}"


def test_check_notes_missing_positions_and_strict_refuses_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A framework with no position on two aspects: ``check`` passes with one note per
    missing position; ``check --strict`` fails naming both."""
    aspects = [a.id for a in mlguide.load().aspects]
    data = _inhouse(tmp_path / "data", aspects=aspects[:-2])
    file = data / "frameworks" / "inhouse.toml"
    code, out, err = run(["check", str(data)], capsys)
    assert (code, err) == (0, "")
    notes = [line for line in out.splitlines() if line.startswith("note: ")]
    assert notes == [
        f"note: {file}: positions.{aspect}: no position, shown as not assessed (--strict "
        "makes this an error)"
        for aspect in aspects[-2:]
    ]
    code, out, err = run(["check", str(data), "--strict"], capsys)
    assert (code, out) == (2, "")
    assert [line.split(": missing")[0] for line in err.splitlines()[:-1]] == [
        f"mlguide: error: {file}: positions.{aspect}" for aspect in aspects[-2:]
    ]


@pytest.mark.parametrize(
    "args",
    [["frameworks", "-f", "json"], ["show", "inhouse"], ["compare", "inhouse", "jax"]],
    ids=["frameworks", "show", "compare"],
)
def test_data_may_follow_the_command(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``mlguide COMMAND --data DIR`` prints what ``mlguide --data DIR COMMAND`` prints."""
    extra = str(_inhouse(tmp_path / "extra"))
    before = run(["--data", extra, *args], capsys)
    after = run([*args, "--data", extra], capsys)
    assert before[0] == 0 and after == before
    assert "In-house Net" in after[1]


@pytest.mark.parametrize("given", ["", ",", " , "], ids=["empty", "comma", "spaces"])
def test_an_empty_aspect_list_is_refused(given: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``--aspects ''`` does not silently mean every aspect: exit status 2, one line."""
    code, out, err = run(["compare", "tensorflow", "pytorch", "-a", given], capsys)
    assert (code, out, err) == (2, "", "mlguide compare: --aspects: no aspect ids given\n")


@pytest.mark.parametrize("command", ["examples", "equivalents"])
def test_example_and_equivalent_ids_are_listed(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``mlguide examples`` and ``mlguide equivalents`` list every id the directives take,
    in the data's order, with the frameworks each covers."""
    guide = mlguide.load()
    code, out, _ = run([command, "-f", "json"], capsys)
    items = json.loads(out)
    rows = guide.examples if command == "examples" else guide.equivalents
    assert code == 0 and [item["id"] for item in items] == [row.id for row in rows]
    names = {f.id: f.name for f in guide.frameworks}
    if command == "examples":
        assert list(items[0]) == ["id", "title", "frameworks", "description"]
        expected = [s.framework for s in guide.examples[0].snippets]
    else:
        assert list(items[0]) == ["id", "task", "group", "frameworks"]
        expected = [c.framework for c in guide.equivalents[0].cells]
    assert set(items[0]["frameworks"].split(", ")) == {names[f] for f in expected}
