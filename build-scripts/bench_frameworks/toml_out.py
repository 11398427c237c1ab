"""A TOML writer for the results file: tables, arrays of tables, and values (strings, numbers,
dates, lists of them, string tables). Floats always carry a point or an exponent, so that a
reader that does not convert types (mlguide's loader) reads back the type that was written."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no TOML form here")
        text = repr(value)
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _table(name: str, table: Mapping[str, Any], header: str) -> list[str]:
    """A table's own keys, then its sub-tables (a mapping value of a plain table)."""
    lines = [header.format(name=name)]
    nested = []
    for key, value in table.items():
        if value is None:
            continue  # TOML has no null: a missing key is the model's default
        if isinstance(value, Mapping) and header.startswith("[") and not header.startswith("[["):
            nested.append((key, value))
            continue
        lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        lines += ["", f"[{name}.{_key(key)}]"]
        lines += [f"{_key(k)} = {_value(v)}" for k, v in value.items()]
    return lines


def dumps(document: Mapping[str, Any], comment: Sequence[str] = ()) -> str:
    """The document as TOML: a mapping value is a table, a list of mappings an array of
    tables; ``comment`` lines go first."""
    lines = [f"# {line}" if line else "#" for line in comment]
    for name, value in document.items():
        if lines:
            lines.append("")
        if isinstance(value, Mapping):
            lines += _table(name, value, "[{name}]")
        elif isinstance(value, Sequence) and all(isinstance(v, Mapping) for v in value):
            for index, item in enumerate(value):
                if index:
                    lines.append("")
                lines += _table(name, item, "[[{name}]]")
        else:
            lines.append(f"{_key(name)} = {_value(value)}")
    return "\n".join(lines) + "\n"
