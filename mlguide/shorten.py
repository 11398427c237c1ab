"""User-supplied values as messages show them: shortened, and always on one line.

A message repeats what it is about (an id, a URL, a file name, an option's value), and that
value comes from a data file, a page, an argument or the environment: it may be a megabyte
long or hold line breaks. Every error and warning shows such values through :func:`shown`
and is finished by :func:`one_line`, so a message stays one short line whatever the input.
"""

from __future__ import annotations

import re

__all__ = ["MAX_MESSAGE", "MAX_SHOWN", "one_line", "shown"]

#: Characters of a value a message repeats (its ``repr``, quotes included, plus the length).
MAX_SHOWN = 60
#: Characters of a whole message; past this, its middle is cut.
MAX_MESSAGE = 1000

#: Characters a terminal or a log reader takes as the end of a line.
_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """``repr(value)``, cut in the middle when longer than ``limit``: ``'abc…xyz' (100,000
    characters)``. A ``repr`` escapes line breaks, so the result is one line."""
    if isinstance(value, str):
        text = repr(value)
        if len(text) <= limit:
            return text
        keep = max(limit - 4, 8)
        head, tail = value[: keep * 2 // 3], value[-(keep // 3) :]
        return f"{head + '…' + tail!r} ({len(value):,} characters)"
    text = repr(value)
    if len(text) <= limit:
        return _escape(text)
    keep = max(limit - 1, 8)
    return _escape(text[: keep * 2 // 3] + "…" + text[-(keep // 3) :])


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """``message`` with its line breaks escaped (``\\n``), its middle cut past ``limit``."""
    text = _escape(message)
    if len(text) <= limit:
        return text
    keep = max(limit - 3, 8)
    return text[: keep * 3 // 4] + " … " + text[-(keep // 4) :]


def _escape(text: str) -> str:
    return _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], text)
