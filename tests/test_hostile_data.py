"""Hostile and odd data directories: every problem is one located DataError, nothing hangs."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import tempfile
import tomllib
from pathlib import Path

import pytest

import mlguide
from mlguide.cli import main
from tests.conftest import MINIMAL_DATA


@pytest.fixture
def full_copy(tmp_path: Path) -> Path:
    """A private copy of the package's dataset (it has examples and snippets)."""
    target = tmp_path / "full"
    shutil.copytree(mlguide.PACKAGE_DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def error_for(data: Path, *, timeout: float = 20) -> str:
    """The one-line message of loading ``data`` alone, which must come within ``timeout``
    seconds (an alarm interrupts a read that blocks). In this process, so that mutation
    testing sees which tests run the loader."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"loading {data} did not finish in {timeout} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with pytest.raises(mlguide.DataError) as info:
            mlguide.load_uncached([data], package_data=False)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    message = str(info.value)
    assert "\n" not in message
    return message


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- what the directory holds -------------------------------------------------------------


def test_fifo_among_frameworks_is_refused_without_hanging(data_copy: Path) -> None:
    """A FIFO in frameworks/ is an error naming it (reading it would block forever)."""
    os.mkfifo(data_copy / "frameworks" / "evil.toml")
    message = error_for(data_copy)
    assert message.startswith(f"{data_copy}/frameworks/evil.toml: is a FIFO")


def test_fifo_in_place_of_aspects_is_not_skipped(data_copy: Path) -> None:
    """A FIFO named aspects.toml is refused by name, not silently skipped."""
    (data_copy / "aspects.toml").unlink()
    os.mkfifo(data_copy / "aspects.toml")
    assert error_for(data_copy).startswith(f"{data_copy}/aspects.toml: is a FIFO")


def test_socket_is_refused(data_copy: Path) -> None:
    """A Unix socket in the data directory is an error naming it."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(data_copy / "claims.sock"))
        assert error_for(data_copy).startswith(f"{data_copy}/claims.sock: is a socket")


def test_unreadable_frameworks_folder_is_an_error(tmp_path: Path) -> None:
    """An unreadable frameworks/ folder is an error, not an empty folder (``ok (0 ...)``)."""
    shared = Path(tempfile.mkdtemp(dir=tmp_path.anchor + "tmp"))  # traversable by anyone
    try:
        shared.chmod(0o755)
        data = shared / "data"
        shutil.copytree(MINIMAL_DATA, data)
        (data / "frameworks").chmod(0o000)
        mlguide.load_uncached([MINIMAL_DATA], package_data=False)  # imports done as ourselves
        as_root = os.geteuid() == 0
        if as_root:
            os.seteuid(65534)  # root reads anything: check as an ordinary user
        try:
            with pytest.raises(mlguide.DataError) as info:
                mlguide.load_uncached([data], package_data=False)
        finally:
            if as_root:
                os.seteuid(0)
        assert str(info.value) == f"{data}/frameworks: cannot read directory: Permission denied"
    finally:
        (shared / "data" / "frameworks").chmod(0o755)
        shutil.rmtree(shared)


def test_unknown_file_at_the_root_is_an_error_naming_the_kinds(data_copy: Path) -> None:
    """A notes.toml at the root is an error that names it and the kinds accepted."""
    (data_copy / "notes.toml").write_text("x = 1\n")
    message = error_for(data_copy)
    assert message.startswith(f"{data_copy}/notes.toml: not a kind of file mlguide reads")
    assert "guide.toml" in message and "frameworks/<id>.toml" in message


def test_unknown_file_in_a_subfolder_is_an_error(data_copy: Path) -> None:
    """A stray file under frameworks/ (not a .toml) is not silently ignored."""
    (data_copy / "frameworks" / "README.md").write_text("notes\n")
    assert error_for(data_copy).startswith(
        f"{data_copy}/frameworks/README.md: not a kind of file mlguide reads"
    )


def test_dangling_symlink_is_an_error(data_copy: Path) -> None:
    """A symbolic link to nothing is an error naming it and its target."""
    (data_copy / "frameworks" / "ghost.toml").symlink_to(data_copy / "nowhere.toml")
    message = error_for(data_copy)
    assert message == (
        f"{data_copy}/frameworks/ghost.toml: broken symbolic link (to {data_copy}/nowhere.toml)"
    )


def test_symlink_loop_as_the_data_directory_is_an_error(tmp_path: Path) -> None:
    """A data directory that is a symbolic link loop gives a DataError, not a traceback."""
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop")
    with pytest.raises(mlguide.DataError, match="loop"):
        mlguide.load(loop, package_data=False)


def test_snippet_symlink_out_of_the_data_directory_is_refused(full_copy: Path) -> None:
    """A snippet that is a link to /etc/passwd is refused: nothing outside is published."""
    snippet = next((full_copy / "examples").rglob("*.py"))
    snippet.unlink()
    snippet.symlink_to("/etc/passwd")
    relative = snippet.relative_to(full_copy)
    assert error_for(full_copy) == (
        f"{full_copy}/{relative}: symbolic link to /etc/passwd, outside the data directory "
        "(only files inside it are read)"
    )


def test_symlink_inside_the_data_directory_is_read(full_copy: Path) -> None:
    """A link to another file inside the same data directory is fine."""
    snippet = next((full_copy / "examples").rglob("*.py"))
    copy = full_copy / "examples" / "shared-copy.py"
    snippet.rename(copy)
    snippet.symlink_to(copy)
    guide = mlguide.load_uncached([full_copy], package_data=False)
    assert guide.examples


def test_hidden_files_and_pycache_are_skipped(full_copy: Path) -> None:
    """Editor and VCS files (hidden) and __pycache__ folders are not data and not errors."""
    (full_copy / ".gitignore").write_text("*\n")
    (full_copy / "examples" / "__pycache__").mkdir(exist_ok=True)
    (full_copy / "examples" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert mlguide.load_uncached([full_copy], package_data=False).frameworks


# --- what a file holds --------------------------------------------------------------------


def test_non_utf8_bytes_are_a_data_error(data_copy: Path) -> None:
    """Latin-1 bytes give a DataError naming the file and the line, not UnicodeDecodeError."""
    path = data_copy / "aspects.toml"
    path.write_bytes(path.read_bytes().replace(b"Origin", b"Orig\xefn", 1))
    assert error_for(data_copy).startswith(f"{path}: not UTF-8 text: byte 0xef on line ")


def test_byte_order_mark_is_named(data_copy: Path) -> None:
    """A UTF-8 BOM is reported as such, not as 'Invalid statement'."""
    path = data_copy / "guide.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert error_for(data_copy) == (
        f"{path}: starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
    )


def test_deep_nesting_is_a_data_error(data_copy: Path) -> None:
    """100,000 nested arrays give a DataError, not a RecursionError."""
    path = data_copy / "claims.toml"
    path.write_text("claims = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert error_for(data_copy) == f"{path}: invalid TOML: nested too deeply"


def test_escape_character_in_text_is_refused(data_copy: Path) -> None:
    """An ESC (terminal escape) in a summary is refused with the field's path."""
    path = data_copy / "frameworks" / "pytorch.toml"
    edit(path, 'name = "PyTorch"', 'name = "PyTorch\\u001b]0;pwned\\u0007"')
    assert error_for(data_copy) == (
        f"{path}: framework.name: control character U+001B at position 8 "
        "(text may hold newlines and tabs, no other control characters)"
    )


def test_bell_in_a_source_title_is_refused(data_copy: Path) -> None:
    """Control characters are refused in nested text too (a claim source's title)."""
    path = data_copy / "claims.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('title = "', text.index("[[claims.sources]]")) + len('title = "')
    path.write_text(text[:start] + "x\\u0007" + text[start:], encoding="utf-8")
    assert error_for(data_copy) == (
        f"{path}: claims[0].sources[0].title: control character U+0007 at position 2 "
        "(text may hold newlines and tabs, no other control characters)"
    )


def test_repeated_framework_id_in_guide_order_is_refused(data_copy: Path) -> None:
    """guide.frameworks naming a framework twice is an error, not a duplicated framework."""
    path = data_copy / "guide.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("frameworks = [")
    end = text.index("]", start)
    path.write_text(
        text[:start] + 'frameworks = ["pytorch", "tensorflow", "pytorch"]' + text[end + 1 :],
        encoding="utf-8",
    )
    assert error_for(data_copy) == (
        f"{path}: guide.frameworks[2]: 'pytorch' is listed twice (also at [0])"
    )


def test_repeated_pick_in_a_recommendation_is_refused(data_copy: Path) -> None:
    """Any id list (here a recommendation's picks) holds each id once."""
    path = data_copy / "recommendations.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("picks = [")
    end = text.index("]", start)
    path.write_text(
        text[:start] + 'picks = ["pytorch", "pytorch"]' + text[end + 1 :], encoding="utf-8"
    )
    assert error_for(data_copy).endswith(".picks[1]: 'pytorch' is listed twice (also at [0])")


def test_string_for_a_boolean_is_not_coerced(data_copy: Path) -> None:
    """``primary = "no"`` is an error, not silently False."""
    path = data_copy / "aspects.toml"
    edit(path, 'group = "Background"\nclassic = true', 'group = "Background"\nclassic = "no"')
    assert error_for(data_copy) == (
        f"{path}: aspects[0].classic: expected a boolean, got a string 'no' "
        "(values are not converted)"
    )


def test_integer_for_a_date_is_not_coerced(data_copy: Path) -> None:
    """An integer for a date is an error, not a date counted in seconds since 1970."""
    path = data_copy / "guide.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("as_of = ")
    end = text.index("\n", start)
    path.write_text(text[:start] + "as_of = 1732579200" + text[end:], encoding="utf-8")
    assert error_for(data_copy) == (
        f"{path}: guide.as_of: expected a date, got an integer 1732579200 "
        "(values are not converted)"
    )


def test_string_for_a_date_is_not_coerced(data_copy: Path) -> None:
    """A quoted date (a string) is an error: TOML has a date type for dates."""
    path = data_copy / "guide.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("as_of = ") + len("as_of = ")
    end = text.index("\n", start)
    path.write_text(text[:start] + f'"{text[start:end]}"' + text[end:], encoding="utf-8")
    assert error_for(data_copy).startswith(f"{path}: guide.as_of: expected a date, got a string")


# --- dataset rules (what the integrity tests check) ---------------------------------------


def _set_as_of(data: Path, value: str) -> None:
    path = data / "guide.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("as_of = ")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"as_of = {value}" + text[end:], encoding="utf-8")


def test_as_of_date_in_the_future_is_refused(data_copy: Path) -> None:
    """The data cannot describe a day that has not come."""
    _set_as_of(data_copy, "2999-01-01")
    assert error_for(data_copy).startswith(
        f"{data_copy / 'guide.toml'}: guide.as_of: 2999-01-01 is in the future"
    )


def test_latest_release_after_as_of_is_refused(data_copy: Path) -> None:
    """A latest release dated after the as-of date is an error naming the field."""
    _set_as_of(data_copy, "2000-01-02")
    assert error_for(data_copy) == (
        f"{data_copy / 'frameworks' / 'pytorch.toml'}: framework.first_release.date: "
        f"2017-01-19 is after the data's as-of date 2000-01-02 ({data_copy / 'guide.toml'})"
    )


def test_same_url_with_another_title_is_refused(data_copy: Path) -> None:
    """One URL is cited with one title everywhere; the second form is named with the first."""
    path = data_copy / "frameworks" / "pytorch.toml"
    text = path.read_text(encoding="utf-8")
    url_at = text.index('url = "', text.index("[[framework.sources]]"))
    url = text[url_at + 7 : text.index('"', url_at + 7)]
    title_at = text.index('title = "', text.index("[[framework.sources]]"))
    other = data_copy / "frameworks" / "tensorflow.toml"
    other_text = other.read_text(encoding="utf-8")
    block = other_text.index("[[framework.sources]]")
    other.write_text(
        other_text[:block]
        + "[[framework.sources]]\n"
        + f'title = "A different title"\nurl = "{url}"\npublisher = "X"\n'
        + "accessed = 2000-01-01\nprimary = true\n\n"
        + other_text[block:],
        encoding="utf-8",
    )
    assert title_at
    message = error_for(data_copy)
    assert "differs from" in message and "for the same URL in" in message


def test_check_command_reports_a_data_error_in_one_line(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``mlguide check`` on a directory with an unknown file exits 2 with one line."""
    (data_copy / "broken.toml").write_text("x = 1\n")
    assert main(["check", str(data_copy), "--alone"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"mlguide: error: {data_copy}/broken.toml: not a kind of file")


def test_a_lineage_date_after_as_of_names_its_place(full_copy: Path) -> None:
    """A source of the lineage file dated after the as-of date: the error gives the lineage
    file, the source's place in it and the guide.toml the date comes from."""
    as_of = tomllib.loads((full_copy / "guide.toml").read_text("utf-8"))["guide"]["as_of"]
    lineage = full_copy / "lineage.toml"
    # the first node's first source, whatever day it was read
    first = re.search(r"accessed = \d{4}-\d{2}-\d{2}, kind", lineage.read_text("utf-8"))
    assert first is not None, "test setup: lineage.toml cites no dated source"
    edit(lineage, first.group(), "accessed = 2999-01-01, kind")
    assert error_for(full_copy) == (
        f"{full_copy / 'lineage.toml'}: nodes[0].sources[0].accessed: 2999-01-01 is after the "
        f"data's as-of date {as_of} ({full_copy / 'guide.toml'})"
    )


def test_invalid_toml_in_guide_toml_names_the_file(data_copy: Path) -> None:
    """guide.toml that is not TOML: its path, then where the parser stopped."""
    edit(data_copy / "guide.toml", "frameworks = [", "frameworks = [[")
    assert error_for(data_copy) == (
        f"{data_copy / 'guide.toml'}: invalid TOML: Unclosed array (at line 8, column 1)"
    )
