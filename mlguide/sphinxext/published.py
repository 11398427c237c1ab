"""The PDFs an HTML build publishes from ``mlguide_pdf_dir``, read as untrusted files.

Trust boundary (DESIGN.md, "Trust boundaries"): the folder's contents are untrusted. An
earlier build, another process or a careless copy may have left anything there, so a PDF is
published (copied into the site, counted, linked) only when it is a regular file with a
single link: a symbolic link or a hard link could be any file on the machine
(``p.pdf -> /etc/passwd``). It is opened without following a link and without blocking, and
read up to a size limit; what its compressed streams inflate to is limited where it is read
(:func:`mlguide.sphinxext.downloads.pdf_page_count`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["MAX_PDF_BYTES", "UntrustedFileError", "is_plain_file", "read_plain_file"]

#: Largest published PDF read (the guide's book is about 1 MB).
MAX_PDF_BYTES = 256 * 1024 * 1024

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class UntrustedFileError(ValueError):
    """A file of ``mlguide_pdf_dir`` that is not published; the message says why."""


def is_plain_file(path: Path) -> bool:
    """Whether ``path`` itself (not what a link points to) is a regular file with one link."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def read_plain_file(path: Path, limit: int = MAX_PDF_BYTES) -> bytes:
    """The bytes of ``path``, a regular file with one link and at most ``limit`` bytes.

    :raises UntrustedFileError: it is a link, not a regular file, has several links, is
        larger than ``limit`` or cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError as exc:
        reason = "a symbolic link" if path.is_symlink() else exc.strerror
        raise UntrustedFileError(f"not read: {reason}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UntrustedFileError("not read: not a regular file")
        if info.st_nlink != 1:
            raise UntrustedFileError(
                f"not read: it has {info.st_nlink} hard links (it could be any file)"
            )
        # read what fstat says is there (a buffer of ``limit`` would be allocated up front),
        # and one byte more: a file that grew meanwhile is refused too
        data = handle.read(min(info.st_size, limit) + 1)
    if len(data) > limit or info.st_size > limit:
        raise UntrustedFileError(f"not read: larger than {limit // (1024 * 1024)} MiB")
    if len(data) > info.st_size:
        raise UntrustedFileError("not read: it changed while it was read")
    return data
