"""Rules the loader applies beyond the types: what ``mlguide check`` and every load enforce.

Per file (:func:`check_values`): a value's type is the one the model declares, with no
conversion (``"no"`` is not ``False``, ``20240101`` is not a date); text holds no control
characters other than newline and tab; a list of ids or names holds each entry once.

Per dataset (:func:`check_dates`, :func:`check_sources`): the as-of date is not in the
future, no date is after the as-of date, and each URL is cited with one title, publisher
and kind everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from mlguide.errors import DataError
from mlguide.model import UNKNOWN_DATE

__all__ = ["CONTROL_CHARS", "check_dates", "check_sources", "check_text", "check_values"]

#: Control characters no text may hold: C0 (but tab and newline), DEL and C1.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def check_text(text: str, shown: str, where: str) -> None:
    """Refuse a control character (other than newline and tab) in ``text``."""
    bad = CONTROL_CHARS.search(text)
    if bad:
        raise DataError(
            shown,
            where,
            f"control character U+{ord(bad.group()):04X} at position {bad.start() + 1} "
            "(text may hold newlines and tabs, no other control characters)",
        )


def check_values(raw: Any, value: Any, shown: str, path: str = "") -> None:
    """Compare a file's TOML values with what validation made of them (see the module doc)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(raw, dict):
            for item in dataclasses.fields(value):
                if item.init and item.name in raw:
                    check_values(
                        raw[item.name], getattr(value, item.name), shown, _join(path, item.name)
                    )
        return
    if isinstance(value, dict):
        if isinstance(raw, dict):
            for key, sub in value.items():
                if key in raw:
                    check_values(raw[key], sub, shown, _join(path, str(key)))
        return
    if isinstance(value, (list, tuple)):
        if not isinstance(raw, (list, tuple)):
            raise DataError(shown, path, f"expected an array, got {_type_name(raw)} {raw!r}")
        seen: dict[Any, int] = {}
        for index, (raw_item, item) in enumerate(zip(raw, value, strict=False)):
            check_values(raw_item, item, shown, f"{path}[{index}]")
            if isinstance(item, str):
                if item in seen:
                    raise DataError(
                        shown,
                        f"{path}[{index}]",
                        f"{item!r} is listed twice (also at [{seen[item]}])",
                    )
                seen[item] = index
        return
    if value is None and raw == UNKNOWN_DATE:
        return  # an unknown date: TOML has no null (see mlguide.model.MaybeDate)
    if type(raw) is not type(value):
        raise DataError(
            shown,
            path,
            f"expected {_type_name(value)}, got {_type_name(raw)} {raw!r} "
            "(values are not converted)",
        )
    if isinstance(raw, str):
        check_text(raw, shown, path)


# --- dataset rules ------------------------------------------------------------------------


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every value below a data class, list or dict, with its field path."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for item in dataclasses.fields(node):
            if item.init:
                yield from _walk(getattr(node, item.name), _join(path, item.name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _walk(item, _join(path, str(key)))
    else:
        yield path, node
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        yield path, node


#: An entry of the dataset: (object, file it came from, its path in that file).
Entry = tuple[Any, str, str]


def check_dates(as_of: dt.date, info_file: str, entries: Iterable[Entry]) -> None:
    """No date after the as-of date, and the as-of date not after today."""
    today = dt.date.today()
    if as_of > today:
        raise DataError(info_file, "guide.as_of", f"{as_of} is in the future (today is {today})")
    for obj, shown, base in entries:
        for where, value in _walk(obj, base):
            if isinstance(value, dt.date) and value > as_of:
                raise DataError(
                    shown, where, f"{value} is after the data's as-of date {as_of} ({info_file})"
                )


def check_sources(entries: Iterable[Entry]) -> None:
    """Each URL is cited with one title, publisher and kind everywhere."""
    from mlguide.model import Source

    first: dict[str, tuple[Source, str, str]] = {}
    for obj, shown, base in entries:
        for where, value in _walk(obj, base):
            if not isinstance(value, Source):
                continue
            if value.url not in first:
                first[value.url] = (value, shown, where)
                continue
            seen, seen_file, seen_where = first[value.url]
            for name in ("title", "publisher", "kind", "primary"):
                if getattr(seen, name) != getattr(value, name):
                    raise DataError(
                        shown,
                        f"{where}.{name}",
                        f"{getattr(value, name)!r} differs from {getattr(seen, name)!r} for "
                        f"the same URL in {seen_file}: {seen_where}.{name} "
                        "(one URL, one title, publisher and kind)",
                    )
