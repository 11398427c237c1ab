"""Messages stay one short line whatever they repeat, and the command line refuses what it
cannot do (a huge ``--width``) and ends quietly on Ctrl-C."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mlguide.cli import main
from tests.conftest import ROOTS


def cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``mlguide ARGS`` in this process: status, standard output and standard error."""
    out = io.StringIO()
    status = main(list(args), stdout=out)
    return status, out.getvalue(), capsys.readouterr().err


# --- the shortened value ------------------------------------------------------------------


def test_a_value_of_60_characters_is_shown_whole() -> None:
    """Just inside: a value whose ``repr`` is 60 characters is shown as it is."""
    from mlguide.shorten import shown

    value = "v" * 58
    assert shown(value) == repr(value)


def test_a_value_of_61_characters_is_cut_with_its_length() -> None:
    """Just outside: one character more and the value is cut in the middle, with its length."""
    from mlguide.shorten import shown

    assert shown("v" * 59) == f"{'v' * 37 + '…' + 'v' * 18!r} (59 characters)"


def test_a_message_of_1000_characters_is_kept_whole() -> None:
    """Just inside: a message of the longest length is unchanged."""
    from mlguide.shorten import one_line

    assert one_line("m" * 1000) == "m" * 1000


def test_a_message_of_1001_characters_is_cut_in_the_middle() -> None:
    """Just outside: one more and its middle gives way to `` … ``, start and end kept."""
    from mlguide.shorten import one_line

    cut = one_line("a" * 800 + "z" * 201)
    assert len(cut) <= 1000
    assert cut.startswith("a" * 700) and cut.endswith("z" * 200) and " … " in cut


def test_line_breaks_in_a_message_are_escaped() -> None:
    """Every kind of line break (LF, CR, the Unicode line and paragraph separators) is
    written as an escape, so a message is one line in a log and on a terminal."""
    from mlguide.shorten import one_line

    assert one_line("a\nb\rc\u2028d\u2029e") == "a\\nb\\rc\\u2028d\\u2029e"


# --- the command line ---------------------------------------------------------------------


def test_an_argument_of_131_kb_is_shown_shortened(capsys: pytest.CaptureFixture[str]) -> None:
    """``mlguide show`` with a 131,072-character id: one short line naming the id, cut, with
    its length (it used to repeat all 131 KB)."""
    status, _, err = cli("show", "q" * 131_072, capsys=capsys)
    assert status == 2
    assert err.count("\n") == 1 and len(err) < 300
    assert err.startswith("mlguide: error: unknown framework 'qqqq")
    assert "(131,072 characters)" in err


def test_an_invalid_choice_of_131_kb_is_one_short_line(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse repeats an invalid choice whole; the line is cut to at most 500 characters."""
    status, _, err = cli("frameworks", "--format", "x" * 131_072, capsys=capsys)
    assert status == 2
    assert err.count("\n") == 1 and len(err) <= 501
    assert err.startswith("mlguide frameworks: argument --format/-f: invalid choice: 'xxx")


def test_width_1000_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """Just inside: the widest table, 1,000 columns."""
    status, out, _ = cli("compare", "pytorch", "jax", "--width", "1000", capsys=capsys)
    assert status == 0
    assert max(len(line) for line in out.splitlines()) <= 1000


def test_width_1001_is_refused_with_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    """Just outside: 1,001 is refused, saying what is accepted."""
    status, out, err = cli("compare", "pytorch", "jax", "--width", "1001", capsys=capsys)
    assert (status, out) == (2, "")
    assert err == (
        "mlguide compare: --width 1001 is too wide (accepted: 24 to 1000 for 2 frameworks)\n"
    )


def test_width_of_20_digits_is_refused_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--width 99999999999999999999`` (an OverflowError traceback before) is refused."""
    status, _, err = cli("compare", "pytorch", "jax", "--width", "9" * 20, capsys=capsys)
    assert status == 2
    assert err.startswith(f"mlguide compare: --width {'9' * 20} is too wide (accepted: 24 to")


def test_width_of_a_billion_is_refused_not_out_of_memory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--width 1000000000`` (an empty "MemoryError:" before) is refused at once."""
    status, _, err = cli("compare", "pytorch", "jax", "--width", "1000000000", capsys=capsys)
    assert status == 2
    assert "is too wide (accepted: 24 to 1000 for 2 frameworks)" in err


def test_bidi_override_in_an_argument_never_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An argument holding U+202E (right-to-left override), repeated in the error, reaches
    the terminal written as an escape, never as the character itself."""
    status, _, err = cli("show", "torch\u202ehcyp", capsys=capsys)
    assert status == 2
    assert "\u202e" not in err
    assert "'torch\\u202ehcyp'" in err


CTRL_C_DURING_LOAD = """
import sys
import mlguide.loader
from mlguide.cli import main

def interrupted(*args):  # Ctrl-C pressed while the data is validated: Python raises
    raise KeyboardInterrupt  # KeyboardInterrupt there (raised here, at a known point)

mlguide.loader._build = interrupted
sys.exit(main(["frameworks"]))
"""


def test_ctrl_c_during_a_load_ends_quietly_with_130(tmp_path: Path) -> None:
    """Ctrl-C while the data loads: exit status 130, nothing on stderr (it printed a
    traceback)."""
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_DURING_LOAD],
        capture_output=True,
        text=True,
        env={**os.environ, "MLGUIDE_CACHE_DIR": str(tmp_path / "cache")},
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (130, "")


# --- Sphinx warnings ------------------------------------------------------------------------


@pytest.mark.sphinx
def test_a_layout_option_of_1_mb_is_one_short_warning(make_app: Any, tmp_path: Path) -> None:
    """``:layout:`` given a megabyte: the warning is located, names the option and shows the
    value cut, in one short line (it repeated the megabyte)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    (src / "index.md").write_text(
        "# Layout\n\n```{mlguide:aspect} origin\n:layout: " + "L" * 1_000_000 + "\n```\n",
        encoding="utf-8",
    )
    (src / "frameworks.md").write_text("# Frameworks\n", encoding="utf-8")
    (src / "aspects.md").write_text("# Aspects\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    lines = [line for line in app.warning.getvalue().splitlines() if "WARNING" in line]
    (line,) = [line for line in lines if ":layout:" in line]
    assert re.search(
        r"index\.md:3: WARNING: invalid value 'LLLL+…L+' \(1,000,000 characters\)", line
    )
    assert len(line) < 300
