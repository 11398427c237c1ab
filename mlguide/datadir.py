"""A data directory's contract: which files mlguide reads from it, and how it reads them.

Only regular files of the known kinds are read (the table is ``mlguide.loader.DATA_FILES``).
A FIFO, socket or device, a symbolic link leading out of the directory or nowhere, a folder
or file that cannot be read, a file of no known kind: each is a :class:`DataError` naming it.
Hidden entries (names starting with ``.``) and ``__pycache__`` folders are skipped.
Text must be UTF-8 without a byte-order mark.

Trust boundary (DESIGN.md, "Trust boundaries"): a data directory is untrusted input. Every
file is read here, once, at load, snippets included: opened without following a link and
without blocking, checked to be a regular file with a single link (a hard link is another
name for a file anywhere on the same file system, which no path check can see), and kept
in memory. Nothing after the load reads the directory again, so a file swapped for a FIFO,
a link or nothing at all while a build runs changes nothing. Folders nest at most
:data:`MAX_DEPTH` deep, walked without recursion.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlguide.errors import DataError

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "DataDir", "parse_toml", "scan", "text_of"]

#: A data file larger than this is refused (a data file is text of a few kilobytes).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Folders nested deeper than this below the data directory are refused.
MAX_DEPTH = 16

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


@dataclass(frozen=True)
class DataDir:
    """The files of one data directory, read once: contents by relative POSIX path."""

    root: Path
    """The directory as given (used in messages)."""
    files: dict[str, bytes]
    """Every data file, by path relative to the directory (``frameworks/jax.toml``)."""
    shown_root: str
    """How messages name the directory (``data`` for the package's own dataset)."""

    def shown(self, relative: str) -> str:
        """How messages name one of the directory's files."""
        return f"{self.shown_root}/{relative}" if relative else self.shown_root

    def matching(self, pattern: str) -> list[str]:
        """The relative paths of the files of one kind, sorted."""
        regex = _regex(pattern)
        return sorted(name for name in self.files if regex.fullmatch(name))


def _regex(pattern: str) -> re.Pattern[str]:
    """``frameworks/<id>.toml`` as a regular expression: ``<path>`` spans folders."""
    parts = re.split(r"(<[a-z]+>)", pattern)
    return re.compile(
        "".join("[^/]+" if p == "<id>" else ".+" if p == "<path>" else re.escape(p) for p in parts)
    )


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def scan(
    root: Path,
    kinds: Iterable[str],
    shown_root: str | None = None,
    *,
    hard_links: bool = False,
) -> DataDir:
    """Read every data file of ``root``, enforcing the contract (see the module's doc).

    :param hard_links: accept files with several links (only for the package's own data,
        which installers may hard-link from their caches).
    """
    shown_root = shown_root or str(root)
    patterns = list(kinds)
    regexes = [_regex(p) for p in patterns]
    try:
        real = root.resolve(strict=True)
    except FileNotFoundError:
        raise DataError(shown_root, "", "data directory does not exist") from None
    except (OSError, RuntimeError) as exc:
        raise DataError(shown_root, "", f"cannot resolve the data directory: {exc}") from None
    if not real.is_dir():
        raise DataError(shown_root, "", "not a directory")
    files: dict[str, bytes] = {}

    def fail(relative: str, message: str) -> DataError:
        return DataError(f"{shown_root}/{relative}" if relative else shown_root, "", message)

    def listing(folder: Path, relative: str) -> Iterator[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as entries:
                return iter(sorted(entries, key=lambda e: e.name))
        except OSError as exc:
            raise fail(relative, f"cannot read directory: {exc.strerror}") from None

    # Depth first, in name order, without recursion: the folders being read, each with the
    # entries still to see, its path relative to the root and its depth.
    stack = [(listing(real, ""), "", 0)]
    while stack:
        entries, prefix, depth = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        relative = prefix + name
        if name.startswith(".") or name == "__pycache__":
            continue
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                try:
                    path = path.resolve(strict=True)
                except FileNotFoundError:
                    target = Path(entry.path).readlink()
                    raise fail(relative, f"broken symbolic link (to {target})") from None
                except RuntimeError:
                    raise fail(relative, "symbolic link loop") from None
                if not path.is_relative_to(real):
                    raise fail(
                        relative,
                        f"symbolic link to {path}, outside the data directory "
                        "(only files inside it are read)",
                    )
                mode = path.stat().st_mode
                if stat.S_ISDIR(mode):
                    raise fail(relative, "symbolic link to a folder (not followed)")
        except OSError as exc:
            raise fail(relative, f"cannot read: {exc.strerror}") from None
        if stat.S_ISDIR(mode):
            if depth >= MAX_DEPTH:
                raise fail(relative, f"folders nested more than {MAX_DEPTH} deep; not data")
            stack.append((listing(path, relative), relative + "/", depth + 1))
        elif not stat.S_ISREG(mode):
            raise fail(relative, f"is {_kind_of(mode)}; only regular files are read")
        elif not any(r.fullmatch(relative) for r in regexes):
            raise fail(
                relative,
                "not a kind of file mlguide reads; a data directory holds " + ", ".join(patterns),
            )
        else:
            read = _read_bytes(path, lambda m, r=relative: fail(r, m), hard_links)
            files[relative] = read

    return DataDir(root=root, files=files, shown_root=shown_root)


def _read_bytes(path: Path, fail: Any, hard_links: bool = False) -> bytes:
    """A regular file's bytes; opened without blocking, so a FIFO swapped in cannot hang,
    and refused when it has another link (unless ``hard_links``)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        mode = info.st_mode
        if not stat.S_ISREG(mode):
            raise fail(f"is {_kind_of(mode)}; only regular files are read")
        if info.st_nlink > 1 and not hard_links:
            raise fail(
                f"has {info.st_nlink} hard links; a data file must have exactly one (another "
                "link could be a file outside the data directory)"
            )
        try:  # what fstat says is there, and one byte more (a file may grow meanwhile)
            data = handle.read(min(info.st_size, MAX_FILE_BYTES) + 1)
        except OSError as exc:
            raise fail(f"cannot read file: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not a data file")
    if len(data) > info.st_size:
        raise fail("changed while it was read (it grew); read it again")
    return data


def text_of(data: bytes, shown: str) -> str:
    """The UTF-8 text of a file; a BOM or bytes that are not UTF-8 are a located error."""
    if data.startswith(codecs.BOM_UTF8):
        raise DataError(
            shown, "", "starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            shown, "", f"not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line}"
        ) from None


def parse_toml(data: bytes, shown: str) -> dict[str, Any]:
    """The TOML document in ``data``, or a located :class:`DataError`."""
    import tomllib  # only when validating: a cached load reads no TOML

    text = text_of(data, shown)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(shown, "", f"invalid TOML: {exc}") from None
    except RecursionError:
        raise DataError(shown, "", "invalid TOML: nested too deeply") from None
