"""The command line under hostile and odd conditions: one line and exit 2, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_DATA


def run(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """``python -m mlguide ARGS`` in a child process (bytes out, 60 s at most)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "mlguide", *args],
        capture_output=kwargs.pop("capture_output", True),
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
        **kwargs,
    )


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """The stderr of a failed run, checked to be one line and no traceback."""
    err = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, err)
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err.strip()


def test_dangling_symlink_in_extra_data_is_one_line(tmp_path: Path) -> None:
    """A broken link in a --data directory: one line naming it, exit 2, for every command."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    (data / "frameworks" / "gone.toml").symlink_to(tmp_path / "missing.toml")
    for command in ("frameworks", "show", "export"):
        extra = ["pytorch"] if command == "show" else []
        err = one_line_error(run("--data", str(data), command, *extra))
        assert err.startswith(f"mlguide: error: {data}/frameworks/gone.toml: broken symbolic")


def test_symlink_loop_given_as_data_is_one_line(tmp_path: Path) -> None:
    """--data pointing at a symbolic link loop is one line and exit 2."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    err = one_line_error(run("--data", str(tmp_path / "loop"), "frameworks"))
    assert err.startswith(f"mlguide: error: {tmp_path / 'loop'}: ")
    assert "loop" in err.removeprefix(f"mlguide: error: {tmp_path / 'loop'}: ")


def test_export_to_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    """``export -o`` into a folder that does not exist names the file and the reason."""
    target = tmp_path / "nowhere" / "x.json"
    assert one_line_error(run("export", "-o", str(target))) == (
        f"mlguide: error: cannot write {target}: No such file or directory"
    )


def test_export_to_a_directory_is_one_line(tmp_path: Path) -> None:
    """``export -o`` naming a directory is one line and exit 2."""
    assert one_line_error(run("export", "-o", str(tmp_path))) == (
        f"mlguide: error: cannot write {tmp_path}: Is a directory"
    )


def test_export_to_a_full_device_is_one_line() -> None:
    """``export -o /dev/full`` reports the full device in one line."""
    assert one_line_error(run("export", "-o", "/dev/full")) == (
        "mlguide: error: cannot write /dev/full: No space left on device"
    )


def test_stdout_on_a_full_device_is_one_line() -> None:
    """Standard output on /dev/full: one line on stderr, exit 2, no second error at exit."""
    with Path("/dev/full").open("wb") as full:
        result = run("show", "keras", stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert one_line_error(result) == (
        "mlguide: error: cannot write the output: No space left on device"
    )


def test_closed_stdout_is_one_line() -> None:
    """With standard output closed the command says so in one line and exits 2."""
    result = subprocess.run(
        [sys.executable, "-m", "mlguide", "show", "keras"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert one_line_error(result) == "mlguide: error: standard output is closed"


def test_output_piped_into_a_closed_reader_ends_quietly() -> None:
    """A reader that stops early (``| head -c 1``) ends the command quietly with exit 0."""
    with subprocess.Popen(
        [sys.executable, "-m", "mlguide", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(1)
        process.stdout.close()
        err = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
    assert err == ""


def test_negative_width_is_a_usage_error() -> None:
    """``--width -5`` is refused with the least width, not a traceback from textwrap."""
    err = one_line_error(run("compare", "tensorflow", "pytorch", "--width", "-5"))
    assert err == "mlguide compare: --width -5 is too narrow for 2 frameworks (at least 24)"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_terminal_that_cannot_encode_gets_replacements(encoding: str) -> None:
    """On an ASCII or Latin-1 terminal, characters it cannot show are replaced, not fatal."""
    result = run("compare", "jax", "keras", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    text = result.stdout.decode(encoding)
    assert "Compared as of" in text
    if encoding == "ascii":
        assert "?" in text  # the data's non-ASCII punctuation (dashes, quotes) became '?'


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    """An escape sequence in a directory name that ``check`` echoes is stripped from stdout."""
    data = tmp_path / "data\x1b]0;pwned\x07"
    shutil.copytree(MINIMAL_DATA, data)
    result = run("check", str(data), "--alone")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "\x1b" not in out and "\x07" not in out
    assert out.startswith(f"{tmp_path}/data]0;pwned: ok (2 frameworks")


def test_control_characters_never_reach_stderr(tmp_path: Path) -> None:
    """An error naming a path with an escape sequence shows it without the control bytes."""
    data = tmp_path / "data\x1b[2J"
    err = one_line_error(run("check", str(data)))
    assert "\x1b" not in err
    assert err == f"mlguide: error: {tmp_path}/data[2J: data directory does not exist"
