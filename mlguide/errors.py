"""Errors the library raises for bad data and unknown ids, each a single readable line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from mlguide.shorten import one_line, shown

__all__ = ["ArgumentError", "DataError", "DataErrors", "MlguideError", "UnknownIdError", "closest"]


class MlguideError(Exception):
    """Base class of every error mlguide raises on purpose."""


class DataError(MlguideError):
    """A data file is malformed, or the data as a whole is inconsistent.

    ``str(error)`` is one line: ``file: field.path: what is wrong``, its line breaks
    escaped and its middle cut when long (a path or a key can come from anywhere).
    """

    def __init__(self, file: str, location: str, message: str) -> None:
        self.file = file
        self.location = location
        self.message = message
        where = f"{file}: {location}" if location else file
        super().__init__(one_line(f"{where}: {message}"))


class DataErrors(DataError):
    """Several problems in the data, each a located :class:`DataError` (``errors``).

    ``str(error)`` is the first problem and how many more there are; ``file``, ``location``
    and ``message`` are the first problem's (``message`` with the count), so code that reads
    one :class:`DataError` reads this one too. ``mlguide check`` lists them all.
    """

    def __init__(self, errors: Sequence[DataError]) -> None:
        self.errors = tuple(errors)
        first, more = self.errors[0], len(self.errors) - 1
        files = {e.file for e in self.errors}
        where = "in this file" if files == {first.file} else f"in {len(files)} files"
        plural = "s" if more > 1 else ""
        super().__init__(
            first.file, first.location, f"{first.message} (and {more} more problem{plural} {where})"
        )


class ArgumentError(MlguideError, ValueError):
    """A call's arguments are wrong though each id exists (an id given twice, none at all);
    the message says which and what to give instead."""


class UnknownIdError(MlguideError, LookupError):
    """An id names no framework, aspect, claim or other entry; suggests the closest one."""

    def __init__(self, kind: str, given: str, known: Iterable[str], within: str = "") -> None:
        """``within`` says where the id was looked up (``" in example 'x'"``), if not in
        the whole guide."""
        self.kind = kind
        self.given = given
        self.known = tuple(known)
        self.suggestion = closest(given, self.known)
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        known_ids = ", ".join(self.known)
        super().__init__(
            one_line(f"unknown {kind} {shown(given)}{within}{hint} (known: {known_ids})")
        )

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return str(self.args[0])


#: Longest value :func:`closest` compares with the known ids.
_LONGEST_GUESS = 200


def closest(given: str, known: Iterable[str]) -> str | None:
    """The known id most like ``given``, or ``None`` when nothing is close (or ``given`` is
    too long to be a misspelt id: comparing it would cost time for nothing)."""
    known = list(known)
    if len(given) > _LONGEST_GUESS:
        return None
    matches = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = given.lower()
    for candidate in known:
        if lowered and (lowered in candidate or candidate in lowered):
            return candidate
    return None
