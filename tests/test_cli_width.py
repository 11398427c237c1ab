"""`mlguide compare`: the text table fits any width from 60 to 160 with two to four frameworks,
and follows the terminal's width when `--width` is absent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import mlguide
from mlguide.cli import main

FRAMEWORKS = ("tensorflow", "pytorch", "jax", "keras")
#: What each framework's column is headed with (the display names in the package data).
NAMES = {"tensorflow": "TensorFlow", "pytorch": "PyTorch", "jax": "JAX", "keras": "Keras 3"}


def _compare(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["compare", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


@pytest.mark.parametrize("count", [2, 3, 4])
@pytest.mark.parametrize("width", [60, 61, 72, 99, 117, 160])
def test_every_line_fits_the_width(
    width: int, count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """No line is wider than --width, the header names each framework, and the table uses
    the room it is given (its rules are within a few columns of the width)."""
    frameworks = list(FRAMEWORKS[:count])
    lines = _compare([*frameworks, "--width", str(width)], capsys)
    too_wide = [line for line in lines if len(line) > width]
    assert too_wide == []
    rules = [line for line in lines if set(line) <= {"-", "+"} and line]
    header = lines[2 : lines.index(rules[0])]
    # Column edges from the rule: "-+-" separates the cells.
    pluses = [i for i, char in enumerate(rules[0]) if char == "+"]
    spans = list(zip([0] + [p + 2 for p in pluses], [p - 1 for p in pluses] + [width], strict=True))
    heads = ["".join(line[a:b].strip(" |") for line in header).replace(" ", "") for a, b in spans]
    assert heads == ["Aspect"] + [NAMES[f].replace(" ", "") for f in frameworks]
    assert rules, "the table has rules between rows"
    assert all(width - 3 * count - 1 <= len(rule) <= width for rule in rules)


def _compare_in_terminal(columns: int) -> list[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    out = subprocess.run(
        [sys.executable, "-m", "mlguide", "compare", *FRAMEWORKS],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.splitlines()


@pytest.mark.parametrize("columns", [60, 70, 130])
def test_without_width_the_table_follows_the_terminal(columns: int) -> None:
    """With no --width the table is as wide as the terminal (COLUMNS), four frameworks too."""
    lines = _compare_in_terminal(columns)
    assert max(len(line) for line in lines) <= columns
    assert max(len(line) for line in lines) >= columns - 12


def test_the_terminal_width_is_kept_between_60_and_160() -> None:
    """A terminal narrower than 60 or wider than 160 columns gets a 60- or 160-column table."""
    narrow = _compare_in_terminal(30)
    assert 60 - 12 <= max(len(line) for line in narrow) <= 60
    wide = _compare_in_terminal(300)
    assert 160 - 16 <= max(len(line) for line in wide) <= 160


def test_a_width_too_narrow_for_the_table_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--width 30 with four frameworks leaves no room for the cells: exit 2, one line naming
    the least width that works."""
    assert main(["compare", *FRAMEWORKS, "--width", "30"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "mlguide compare: --width 30 is too narrow for 4 frameworks (at least 42)\n"
    )


@pytest.mark.parametrize(
    ("width", "count", "rule_length", "first_plus"),
    [(60, 4, 57, 10), (100, 2, 100, 25), (160, 3, 159, 25), (72, 3, 72, 16)],
)
def test_the_aspect_column_takes_an_equal_share_up_to_24(
    width: int, count: int, rule_length: int, first_plus: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Columns as source/library/cli.md's table implies: after the separators, the aspect column
    gets an equal share of the room (at most 24) and the frameworks split the rest equally
    (worked out by hand: 60 columns, 4 frameworks -> 48 to share -> 9 + 4 x 9)."""
    lines = _compare([*FRAMEWORKS[:count], "--width", str(width)], capsys)
    rule = next(line for line in lines if line and set(line) <= {"-", "+"})
    assert len(rule) == rule_length
    assert rule.index("+") == first_plus
    assert rule.count("+") == count


def test_the_text_table_reads_as_written_out_here() -> None:
    """On the rich test data at 60 columns: three 18-column cells (54 after the separators,
    an equal share each), words wrapped left-aligned, an unknown position with its reason,
    the verdict indented under the row, a rule after it."""
    from mlguide.cli import _compare_text
    from tests.conftest import MINIMAL_DATA, RICH_DATA

    guide = mlguide.load_uncached([MINIMAL_DATA, RICH_DATA], package_data=False)
    text = _compare_text(guide.compare("pytorch", "tensorflow", aspects=["deployment"]), 60)
    assert text == (
        "Compared as of 2026-11-26\n"
        "\n"
        "Aspect             | PyTorch            | TensorFlow\n"
        "-------------------+--------------------+-------------------\n"
        "Deployment and     | Unknown: not yet   | TensorFlow Serving\n"
        "serving            | researched for     | serves SavedModels\n"
        "                   | this test          | over gRPC and\n"
        "                   |                    | REST.\n"
        "  Verdict: TensorFlow Serving is the longer-standing server.\n"
        "-------------------+--------------------+-------------------\n"
    )


def test_the_least_width_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """42 columns, the least for four frameworks (five 6-column cells and four separators),
    is accepted and filled exactly by the rules."""
    lines = _compare([*FRAMEWORKS, "--width", "42"], capsys)
    rules = [line for line in lines if line and set(line) <= {"-", "+"}]
    assert rules and {len(rule) for rule in rules} == {42}
    assert max(len(line) for line in lines) <= 42
