"""What the command line prints, character for character, in-process (so that mutation testing
sees it): the help of each command, ``--version``, ``show`` as text and JSON, the listings in
each format, ``schema`` and ``init``, the exact one-line errors, and what happens when standard
error or standard output cannot be written. Expected values are written out here from the
fixture files, not computed by mlguide."""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

import mlguide
from mlguide import cli
from mlguide.cli import main
from tests.conftest import MINIMAL_DATA, RICH_DATA
from tests.expected import release_variants
from tests.test_cli import run

TF_FILE = MINIMAL_DATA / "frameworks" / "tensorflow.toml"


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """An 80-column terminal for the text output, 100 for argparse's help."""
    monkeypatch.setenv("COLUMNS", "80")


def odd_tensorflow(directory: Path) -> Path:
    """A data directory replacing TensorFlow's profile with one whose first release has a
    version but no known date, and whose latest release has neither."""
    text = TF_FILE.read_text("utf-8")
    replaced = text.replace(
        "[framework.first_release]\ndate = 2015-11-09",
        '[framework.first_release]\nversion = "0.5.0"\ndate = "unknown"',
    ).replace(
        '[framework.latest]\nversion = "2.21.0"\ndate = 2026-03-06',
        '[framework.latest]\ndate = "unknown"',
    )
    assert replaced.count('"unknown"') == 2 and 'version = "2.21.0"' not in replaced
    (directory / "frameworks").mkdir(parents=True)
    (directory / "frameworks" / "tensorflow.toml").write_text(replaced, "utf-8")
    return directory


def origin_patch(directory: Path, origin: str) -> Path:
    """A data directory that changes only TensorFlow's origin summary (positions-only file)."""
    patch = directory / "frameworks"
    patch.mkdir(parents=True)
    (patch / "tensorflow.toml").write_text(
        f'[positions.origin]\nsummary = "{origin}"\n[[positions.origin.sources]]\n'
        'title = "Test source"\nurl = "https://example.org/mlguide-test/origin"\n'
        'publisher = "mlguide tests"\naccessed = 2026-11-26\nprimary = true\n',
        "utf-8",
    )
    return directory


@pytest.fixture
def fixture_guide(tmp_path: Path) -> mlguide.Guide:
    """The minimal data, the rich additions (PyTorch's deployment unknown) and the odd
    TensorFlow profile."""
    odd = odd_tensorflow(tmp_path / "odd")
    return mlguide.load_uncached([MINIMAL_DATA, RICH_DATA, odd], package_data=False)


# -- help and version ---------------------------------------------------------------------

HELP = """\
usage: mlguide [-h] [--version] [--data DIR] COMMAND ...

A sourced comparison of TensorFlow, PyTorch, JAX and Keras 3.

positional arguments:
  COMMAND
    frameworks
               list the frameworks
    aspects    list the aspects of comparison
    show       show one framework's profile and positions
    compare    compare two or more frameworks
    claims     the classic claims and what is true today
    recommend  which framework to use, by reader profile
    examples   list the code examples (ids for the examples directive)
    equivalents
               list the API equivalents (ids for the equivalents directive)
    speed      measured speed: a recorded run of the framework benchmark
    export     export the whole dataset as JSON
    schema     print the JSON Schema of the data files
    check      validate a data directory (every problem, each located)
    init       write a starter data directory (guide.toml, a framework, an aspect)
    diff       what changed between two editions of the data

options:
  -h, --help   show this help message and exit
  --version    show program's version number and exit
  --data DIR   extra data directory adding or overriding entries (repeatable)

Run 'mlguide COMMAND --help' for a command's options.
"""

COMMAND_HELP = {
    "compare": """\
usage: mlguide compare [-h] [--data DIR] [--aspects IDS] [--width WIDTH]
                       [--format {text,json,csv,markdown}]
                       FRAMEWORK [FRAMEWORK ...]

positional arguments:
  FRAMEWORK             framework ids

options:
  -h, --help            show this help message and exit
  --data DIR            extra data directory adding or overriding entries (repeatable)
  --aspects IDS, -a IDS
                        comma-separated aspect ids (default: all)
  --width WIDTH         table width (default: the terminal's)
  --format {text,json,csv,markdown}, -f {text,json,csv,markdown}
                        output format (default: text)
""",
    "show": """\
usage: mlguide show [-h] [--data DIR] [--format {text,json}] framework

positional arguments:
  framework             framework id, e.g. pytorch

options:
  -h, --help            show this help message and exit
  --data DIR            extra data directory adding or overriding entries (repeatable)
  --format {text,json}, -f {text,json}
                        output format (default: text)
""",
    "check": """\
usage: mlguide check [-h] [--alone] [--strict] directory

positional arguments:
  directory   directory of data files to check

options:
  -h, --help  show this help message and exit
  --alone     check the directory on its own, not as an addition to the package data
  --strict    a framework without a position on an aspect is an error, not a note
""",
    "export": """\
usage: mlguide export [-h] [--data DIR] [--output FILE]

options:
  -h, --help            show this help message and exit
  --data DIR            extra data directory adding or overriding entries (repeatable)
  --output FILE, -o FILE
                        write to FILE instead of stdout
""",
    "speed": """\
usage: mlguide speed [-h] [--data DIR] [--format {text,json,csv,markdown}] [run]

positional arguments:
  run                   run id (default: the first recorded run)

options:
  -h, --help            show this help message and exit
  --data DIR            extra data directory adding or overriding entries (repeatable)
  --format {text,json,csv,markdown}, -f {text,json,csv,markdown}
                        output format (default: text)
""",
    "init": """\
usage: mlguide init [-h] directory

positional arguments:
  directory   where to write it (absent or empty)

options:
  -h, --help  show this help message and exit
""",
}


def test_help_names_every_command_and_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``mlguide --help`` reads as written out here: the program's name and purpose, each
    command with what it does, the options and the pointer to each command's help."""
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == HELP


@pytest.mark.parametrize("command", sorted(COMMAND_HELP))
def test_each_command_help_names_its_options_and_defaults(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command's ``--help``: its arguments, option names, metavars, help and defaults."""
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == COMMAND_HELP[command]


@pytest.mark.parametrize("command", ["frameworks", "aspects", "claims", "recommend"])
def test_listings_default_to_text_and_say_so(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert capsys.readouterr().out.endswith(
        "  --format {text,json,csv,markdown}, -f {text,json,csv,markdown}\n"
        "                        output format (default: text)\n"
    )


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"mlguide {importlib.metadata.version('mlguide')}\n"


# -- show -------------------------------------------------------------------------------------

PYTORCH_TEXT = """\
PyTorch (pytorch)
An eager-first tensor and deep-learning library for Python, with compilers for
speed and export.

created by:    Facebook AI Research (now Meta)
first release: 2017-01-19
latest:        2.15.0 (2026-10-28), as of 2026-11-26
governance:    Hosted by the PyTorch Foundation, part of the Linux Foundation,
               since September 2022.
license:       BSD-3-Clause
languages:     Python, C++ (LibTorch)
platforms:     Linux, macOS, Windows
repository:    https://github.com/pytorch/pytorch
homepage:      https://pytorch.org

Origin and governance
    Created at Facebook AI Research as the Python successor to Lua Torch;
    PyTorch Foundation since 2022.
Computational graph and execution model
    Eager (define-by-run) by default; torch.compile and torch.export capture
    graphs when asked.
Serialization and model formats
    torch.save pickles state dicts (weights-only loading by default since 2.6);
    torch.export saves graphs.
Visualization and monitoring
    Writes TensorBoard logs with torch.utils.tensorboard.
Deployment and serving
    Unknown: not yet researched for this test
"""


@pytest.mark.usefixtures("columns")
def test_show_text_reads_as_written_out_here(fixture_guide: mlguide.Guide) -> None:
    """Name and id, the summary wrapped, the facts in a 15-column key column (continuation
    lines indented to it), then each aspect's title and its position indented by four, code
    marks dropped, an unknown position as "Unknown: why"."""
    assert cli._show_text(fixture_guide, "pytorch") == PYTORCH_TEXT


@pytest.mark.usefixtures("columns")
def test_show_text_says_which_dates_and_versions_are_unknown(
    fixture_guide: mlguide.Guide,
) -> None:
    facts = cli._show_text(fixture_guide, "tensorflow").splitlines()[3:6]
    assert facts == [
        "created by:    Google Brain",
        "first release: 0.5.0 (date unknown)",
        "latest:        ? (date unknown), as of 2026-11-26",
    ]


def test_show_json_has_the_profile_and_only_this_frameworks_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``show -f json``: the profile's fields, and under ``positions`` this framework's own
    positions by aspect id, without the framework and aspect ids; indented by two, non-ASCII
    written as it is."""
    origin = "Gebaut von Google Brain — Nachfolger von DistBelief."
    patch = origin_patch(tmp_path / "patch", origin)
    status, out, err = run(["--data", str(patch), "show", "tensorflow", "-f", "json"], capsys)
    assert (status, err) == (0, "")
    assert out.startswith('{\n  "id": "tensorflow",\n  "name": "TensorFlow",\n')
    assert f'"summary": "{origin}"' in out  # not \u2014
    data = json.loads(out)
    assert data["positions"]["origin"]["summary"] == origin
    assert "framework" not in data["positions"]["origin"]
    assert "aspect" not in data["positions"]["origin"]


# -- listings ---------------------------------------------------------------------------------

FRAMEWORKS = {
    "text": """\
tensorflow
name: TensorFlow
latest: ? (date unknown)
summary: Google's end-to-end machine-learning platform, with Keras as its high-
    level API.

pytorch
name: PyTorch
latest: 2.15.0 (2026-10-28)
summary: An eager-first tensor and deep-learning library for Python, with
    compilers for speed and export.

""",
    "csv": (
        "id,name,latest,summary\n"
        "tensorflow,TensorFlow,? (date unknown),\"Google's end-to-end machine-learning "
        'platform, with Keras as its high-level API."\n'
        'pytorch,PyTorch,2.15.0 (2026-10-28),"An eager-first tensor and deep-learning library '
        'for Python, with compilers for speed and export."\n'
    ),
    "markdown": (
        "| id | name | latest | summary |\n|---|---|---|---|\n"
        "| tensorflow | TensorFlow | ? (date unknown) | Google's end-to-end machine-learning "
        "platform, with Keras as its high-level API. |\n"
        "| pytorch | PyTorch | 2.15.0 (2026-10-28) | An eager-first tensor and deep-learning "
        "library for Python, with compilers for speed and export. |\n"
    ),
}


@pytest.mark.usefixtures("columns")
@pytest.mark.parametrize("fmt", sorted(FRAMEWORKS))
def test_frameworks_listing_reads_as_written_out_here(
    fmt: str, fixture_guide: mlguide.Guide
) -> None:
    """The frameworks listing in each format (CSV lines end in ``\\n``, not ``\\r\\n``)."""
    out = io.StringIO()
    assert cli._listing(fixture_guide, "frameworks", fmt, out) == 0
    assert out.getvalue() == FRAMEWORKS[fmt]


def test_an_empty_listing_still_has_its_header(tmp_path: Path) -> None:
    """A guide without claims (possible for the library's own callers): CSV and Markdown
    still write the ``id`` header, JSON an empty list, text nothing."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("guide.toml", "aspects.toml"):
        (data / name).write_bytes((MINIMAL_DATA / name).read_bytes())
    (data / "frameworks").mkdir()
    for path in (MINIMAL_DATA / "frameworks").iterdir():
        (data / "frameworks" / path.name).write_bytes(path.read_bytes())
    guide = mlguide.load_uncached([data], package_data=False)
    assert guide.claims == ()
    written = {}
    for fmt in ("csv", "markdown", "json", "text"):
        out = io.StringIO()
        cli._listing(guide, "claims", fmt, out)
        written[fmt] = out.getvalue()
    assert written == {"csv": "id\n", "markdown": "| id |\n|---|\n", "json": "[]\n", "text": ""}


# -- schema, init, errors ---------------------------------------------------------------------


def test_schema_exits_0_with_json_indented_by_two(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["schema"], capsys)
    assert (status, err) == (0, "")
    assert out.startswith('{\n  "$defs": {\n    "')
    assert out.endswith("\n}\n")


def test_init_exits_0_and_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "starter"
    status, out, err = run(["init", str(target)], capsys)
    assert (status, err) == (0, "")
    assert out == (
        f"{target}: wrote 7 files; check them with 'mlguide check {target}', "
        "then replace each TODO\n"
    )
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "aspects.toml",
        "frameworks",
        "frameworks/jax.toml",
        "frameworks/keras.toml",
        "frameworks/my-framework.toml",
        "frameworks/pytorch.toml",
        "frameworks/tensorflow.toml",
        "guide.toml",
    ]


def test_init_into_a_directory_with_files_is_one_usage_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    status, out, err = run(["init", str(tmp_path)], capsys)
    assert (status, out) == (2, "")
    assert err.startswith("mlguide init: ") and err.count("\n") == 1, err
    assert str(tmp_path) in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["compare", "tensorflow"],
            "mlguide compare: give two or more frameworks (use 'mlguide show' for one)\n",
        ),
        (
            ["compare", "tensorflow", "pytorch", "--aspects", " , "],
            "mlguide compare: --aspects: no aspect ids given\n",
        ),
        (["export", "-o", "/nonexistent/x.json"], None),
    ],
)
def test_errors_are_these_lines(
    args: list[str], message: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    if message is None:
        message = "mlguide: error: cannot write /nonexistent/x.json: No such file or directory\n"
    status, out, err = run(args, capsys)
    assert (status, out, err) == (2, "", message)


def test_an_unwritable_stderr_loses_only_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error closed (writing raises ValueError) or full (OSError): a bad command
    still ends with status 2 and no exception."""
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stderr", closed)
    assert main(["show", "keras2"], stdout=io.StringIO()) == 2
    full = Path("/dev/full").open("w", encoding="utf-8")  # noqa: SIM115 (closed below)
    monkeypatch.setattr(sys, "stderr", full)
    assert main(["show", "keras2"], stdout=io.StringIO()) == 2
    monkeypatch.setattr(sys, "stderr", closed)
    full.buffer.raw.close()  # type: ignore[attr-defined]  # what is buffered cannot be written: drop it
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["show", "keras2"], stdout=io.StringIO()) == 2


def test_a_closed_pipe_on_stdout_ends_quietly_and_points_it_at_devnull(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Piped into a reader that has gone (``| head``): status 0, and standard output now
    writes to /dev/null, so the interpreter's last flush cannot fail again."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w", encoding="utf-8", buffering=1) as pipe:
        monkeypatch.setattr(sys, "stdout", pipe)
        assert main(["frameworks"]) == 0
        now = os.fstat(pipe.fileno())
    devnull = Path(os.devnull).stat()
    assert stat.S_ISCHR(now.st_mode) and now.st_rdev == devnull.st_rdev


def test_a_pipe_given_as_stdout_argument_is_left_alone() -> None:
    """``main(stdout=...)`` with a stream of the caller's: a closed reader ends the command
    with status 0 but the caller's stream is not repointed."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w", encoding="utf-8", buffering=1) as pipe:
        assert main(["frameworks"], stdout=pipe) == 0
        assert stat.S_ISFIFO(os.fstat(pipe.fileno()).st_mode)
        with pytest.raises(BrokenPipeError):
            pipe.write("x\n")
        # what is still buffered cannot be flushed either: drop it before closing
        pipe.buffer.raw.close()  # type: ignore[attr-defined]


# -- width ------------------------------------------------------------------------------------


def test_text_width_follows_columns_between_60_and_160(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_terminal(*_: object) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    monkeypatch.delenv("COLUMNS", raising=False)
    assert cli._width() == 100  # no terminal, no COLUMNS
    widths = {}
    for columns in ("59", "60", "61", "159", "160", "161"):
        monkeypatch.setenv("COLUMNS", columns)
        widths[columns] = cli._width()
    assert widths == {"59": 60, "60": 60, "61": 61, "159": 159, "160": 160, "161": 160}


# -- the compare table's verdict, releases, terminals ------------------------------------------


def test_a_long_verdict_wraps_under_the_row_indented_by_two() -> None:
    guide = mlguide.load_uncached([MINIMAL_DATA, RICH_DATA], package_data=False)
    text = cli._compare_text(guide.compare("pytorch", "tensorflow", aspects=["deployment"]), 45)
    assert text.splitlines()[-3:] == [
        "  Verdict: TensorFlow Serving is the longer-",
        "  standing server.",
        "--------------+---------------+--------------",
    ]


def test_a_first_release_reads_by_what_is_known(fixture_guide: mlguide.Guide) -> None:
    """Version and date; the date alone when the release had no number; a date nobody knows
    said so, with or without a version."""
    known = fixture_guide.framework("pytorch").first_release  # 2017-01-19, no version
    readings = [cli._first_release(r) for r in release_variants(known)]
    assert readings == ["0.1.6 (2017-01-19)", "2017-01-19", "0.1.6 (date unknown)", "unknown"]


def test_a_terminal_that_cannot_encode_gets_question_marks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ASCII-only standard output: what it cannot show becomes ``?`` and the command
    succeeds."""
    patch = origin_patch(tmp_path / "patch", "Gebaut von Google Brain — Nachfolger.")
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii", errors="strict", newline="\n")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    status = main(
        ["--data", str(patch), "compare", "tensorflow", "pytorch", "-a", "origin", "-f", "markdown"]
    )
    ascii_out.flush()
    assert status == 0
    assert "Gebaut von Google Brain ? Nachfolger." in raw.getvalue().decode("ascii")


def test_control_characters_in_an_error_never_reach_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A data directory named with an escape sequence and a bell: the one error line names
    it without them."""
    status, out, err = run(["--data", "/nonexistent/a\x1b[31mb\x07", "frameworks"], capsys)
    assert (status, out) == (2, "")
    assert err == "mlguide: error: /nonexistent/a[31mb: data directory does not exist\n"


# -- standard output missing, full, refusing; errors of the system -----------------------------


def test_output_goes_to_the_stream_given(capsys: pytest.CaptureFixture[str]) -> None:
    given = io.StringIO()
    assert main(["aspects", "-f", "csv"], stdout=given) == 0
    assert given.getvalue().startswith("id,title,group,question\n")
    assert capsys.readouterr() == ("", "")


def test_no_stdout_at_all_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["frameworks"]) == 2
    assert capsys.readouterr().err == "mlguide: error: standard output is closed\n"


def test_a_full_stdout_is_one_line_and_stdout_then_points_at_devnull(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    full = Path("/dev/full").open("w", encoding="utf-8")  # noqa: SIM115 (closed below)
    monkeypatch.setattr(sys, "stdout", full)
    assert main(["frameworks"]) == 2
    assert capsys.readouterr().err == (
        "mlguide: error: cannot write the output: No space left on device\n"
    )
    assert os.fstat(full.fileno()).st_rdev == Path(os.devnull).stat().st_rdev
    full.close()  # now on /dev/null: what was buffered is dropped there


def test_a_system_error_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An OSError that names a file (here: a directory that cannot be made under a file)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    status, out, err = run(["init", str(blocker / "starter")], capsys)
    assert (status, out) == (2, "")
    assert err == f"mlguide: error: {blocker / 'starter'}: Not a directory\n"


def test_a_stream_that_cannot_encode_given_by_the_caller_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A caller's own ASCII stream is not reconfigured: the text it cannot take is reported
    (the error's type and message), status 2."""
    patch = origin_patch(tmp_path / "patch", "Gebaut von Google Brain — Nachfolger.")
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", newline="\n")
    status = main(
        ["--data", str(patch), "compare", "tensorflow", "pytorch", "-a", "origin", "-f", "csv"],
        stdout=ascii_out,
    )
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "mlguide: error: UnicodeEncodeError: 'ascii' codec can't encode character '\\u2014'"
    ), err
    assert err.count("\n") == 1


class _Refusing(io.StringIO):
    """A standard output whose ``reconfigure`` fails as some wrapped streams' do."""

    def __init__(self, error: type[Exception]) -> None:
        super().__init__()
        self.error = error

    def reconfigure(self, **_: object) -> None:
        raise self.error("cannot reconfigure this stream")


@pytest.mark.parametrize("error", [ValueError, OSError])
def test_a_stdout_that_refuses_reconfigure_is_used_as_it_is(
    error: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = _Refusing(error)
    monkeypatch.setattr(sys, "stdout", stream)
    assert main(["aspects", "-f", "csv"]) == 0
    assert stream.getvalue().startswith("id,title,group,question\n")


def test_a_stdout_without_reconfigure_is_used_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()  # has no reconfigure
    assert not hasattr(stream, "reconfigure")
    monkeypatch.setattr(sys, "stdout", stream)
    assert main(["aspects", "-f", "csv"]) == 0
    assert stream.getvalue().startswith("id,title,group,question\n")


def test_a_listing_of_one_entry_has_its_header_and_row() -> None:
    """The minimal data's one claim, as CSV and Markdown (header from the only row)."""
    guide = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    claim = "TensorFlow builds static graphs, while PyTorch builds dynamic ones."
    verdict = "outdated since TensorFlow 2.0 (2019-09-30)"
    why = (
        "TensorFlow 2.0 made eager execution the default, and PyTorch 2.0 added graph capture "
        "with torch.compile. Both now run eagerly by default and compile graphs on request."
    )
    written = {}
    for fmt in ("csv", "markdown"):
        out = io.StringIO()
        cli._listing(guide, "claims", fmt, out)
        written[fmt] = out.getvalue()
    assert written == {
        "csv": f'id,claim,verdict,why\nstatic-vs-dynamic-graphs,"{claim}",{verdict},"{why}"\n',
        "markdown": (
            "| id | claim | verdict | why |\n|---|---|---|---|\n"
            f"| static-vs-dynamic-graphs | {claim} | {verdict} | {why} |\n"
        ),
    }


class _Gone(io.StringIO):
    """A standard output whose reader has gone, and whose file descriptor is ``fileno``'s
    (an exception to raise, or a number)."""

    def __init__(self, fileno: int | type[Exception], error: OSError) -> None:
        super().__init__()
        self._fileno, self._error = fileno, error

    def write(self, text: str) -> int:
        raise self._error

    def fileno(self) -> int:
        if isinstance(self._fileno, int):
            return self._fileno
        raise self._fileno("no file descriptor")


@pytest.mark.parametrize("fileno", [ValueError, OSError, -1], ids=["ValueError", "OSError", "-1"])
def test_repointing_a_gone_stdout_never_fails(
    fileno: int | type[Exception],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """After a closed pipe, standard output is pointed at /dev/null if it can be: a stream
    without a descriptor, or with one that is not open, still ends with status 0, silently."""
    monkeypatch.setattr(sys, "stdout", _Gone(fileno, BrokenPipeError(32, "Broken pipe")))
    assert main(["aspects"]) == 0
    assert capsys.readouterr().err == ""


def test_an_os_error_without_a_reason_code_says_its_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Gone(ValueError, OSError("the device went away")))
    assert main(["aspects"]) == 2
    assert capsys.readouterr().err == (
        "mlguide: error: cannot write the output: the device went away\n"
    )
