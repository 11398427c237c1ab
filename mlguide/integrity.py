"""Rules the loader applies beyond the types: what ``mlguide check`` and every load enforce.

Per file (:func:`check_values`): a value's type is the one the model declares, with no
conversion (``"no"`` is not ``False``, ``20240101`` is not a date); text holds no control
characters other than newline and tab, and no bidirectional controls; a text is at most
:data:`MAX_TEXT_CHARS` long, in paragraphs of at most :data:`MAX_PARAGRAPH_CHARS`, with no run
of more than :data:`MAX_RUN_CHARS` characters without a space and at most
:data:`MAX_LONG_WORD_CHARS` characters in words too long for a printed column (what the PDF
lays out in bounded time); a list of ids or names holds each
entry once. Snippets (:func:`check_code`) hold no control or bidirectional characters either,
and no over-long line.

Per dataset (:func:`check_dates`, :func:`check_sources`): the as-of date is not in the
future, no date is after the as-of date, and each URL is cited with one title, publisher
and kind everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from mlguide.errors import DataError
from mlguide.model import UNKNOWN_DATE
from mlguide.shorten import shown as shown_value

__all__ = [
    "BIDI_CHARS",
    "CONTROL_CHARS",
    "LONG_WORD_CHARS",
    "MAX_CODE_CHARS",
    "MAX_CODE_LINE_CHARS",
    "MAX_LONG_WORD_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "MAX_RUN_CHARS",
    "MAX_TEXT_CHARS",
    "check_code",
    "check_dates",
    "check_sources",
    "check_text",
    "check_values",
]

#: Control characters no text may hold: C0 (but tab and newline), DEL and C1.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Bidirectional controls: the marks (ALM, LRM, RLM), embeddings and overrides (LRE .. RLO)
#: and isolates (LRI .. PDI). They make text and code display differently from what they hold
#: (CVE-2021-42574, "Trojan Source"), in a terminal as on a page; data needs none of them.
BIDI_CHARS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Longest text value, in characters (the guide's longest is about 1,200).
MAX_TEXT_CHARS = 20_000
#: Longest paragraph of a text (the text between blank lines), in characters. WeasyPrint lays
#: out a paragraph line by line, and each line it must cut inside a word costs a layout of the
#: paragraph's whole remaining text, so a paragraph's cost can grow with the square of its
#: length; text in separate paragraphs costs in proportion to its length.
MAX_PARAGRAPH_CHARS = 4_000
#: Longest run of characters without a space or line break (the guide's longest is a
#: 129-character URL).
MAX_RUN_CHARS = 1_000
#: A word longer than this does not fit a column of a panel printed side by side (four
#: frameworks on a page), and WeasyPrint must cut it.
LONG_WORD_CHARS = 24
#: Most characters a text may hold in such long words, all together. WeasyPrint lays out a
#: paragraph line by line, and each line it must cut inside a word costs a layout of the
#: paragraph's whole remaining text: the cost grows with the square of the text when it is
#: made of long words (measured with build-scripts/bench.py text-layout: 4,000 characters in
#: words of 29 letters take about three times as long as 2,000, 8,000 about four times as
#: long again), and linearly when its words fit a column (words of up to 24 letters cost
#: what ordinary words cost). The guide's texts hold at most 155 such characters.
MAX_LONG_WORD_CHARS = 1_000
#: Longest snippet, and longest line of one, in characters: a code block is laid out as one
#: paragraph too (the guide's longest snippet has about 1,500 characters, its longest line 87).
MAX_CODE_CHARS = 8_000
MAX_CODE_LINE_CHARS = 200
_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD_CHARS + 1},}}")


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
    """Refuse a control character (other than newline and tab) or a bidirectional control
    in ``text``, and text longer, or with a longer run without a space, than the PDF lays out
    in bounded time (:data:`MAX_TEXT_CHARS`, :data:`MAX_RUN_CHARS`)."""
    bad = CONTROL_CHARS.search(text)
    if bad:
        raise DataError(
            shown,
            where,
            f"control character U+{ord(bad.group()):04X} at position {bad.start() + 1} "
            "(text may hold newlines and tabs, no other control characters)",
        )
    bidi = BIDI_CHARS.search(text)
    if bidi:
        raise DataError(
            shown,
            where,
            f"bidirectional control character U+{ord(bidi.group()):04X} at position "
            f"{bidi.start() + 1} (it can make text read differently from what it holds)",
        )
    if len(text) > MAX_TEXT_CHARS:
        raise DataError(
            shown,
            where,
            f"is {len(text):,} characters long; a text field holds at most {MAX_TEXT_CHARS:,}",
        )
    start = 0
    for number, paragraph in enumerate(_PARAGRAPH_BREAK.split(text), 1):
        start = text.index(paragraph, start)
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            raise DataError(
                shown,
                where,
                f"paragraph {number} (from position {start + 1}) is {len(paragraph):,} "
                f"characters long; a paragraph holds at most {MAX_PARAGRAPH_CHARS:,} (a blank "
                "line starts a new one)",
            )
        start += len(paragraph)
    _check_runs(text, shown, where)


def _check_runs(text: str, shown: str, where: str) -> None:
    run = _RUN.search(text)
    if run:
        raise DataError(
            shown,
            where,
            f"{len(run.group()):,} characters without a space or line break from position "
            f"{run.start() + 1}; at most {MAX_RUN_CHARS:,} lay out on a page in bounded time",
        )
    long_words = list(_LONG_WORD.finditer(text))
    total = sum(len(m.group()) for m in long_words)
    if total > MAX_LONG_WORD_CHARS:
        raise DataError(
            shown,
            where,
            f"{total:,} characters in words of more than {LONG_WORD_CHARS} characters (the "
            f"first at position {long_words[0].start() + 1}); at most {MAX_LONG_WORD_CHARS:,} "
            "lay out on a page in bounded time",
        )


def check_code(code: str, shown: str) -> None:
    """A snippet's code: no control character but newline, tab, carriage return and form
    feed, no bidirectional control; at most :data:`MAX_CODE_CHARS` long, in lines of at most
    :data:`MAX_CODE_LINE_CHARS`."""
    bad = CONTROL_CHARS.search(code.replace("\r", "").replace("\f", ""))
    if bad:
        raise DataError(
            shown,
            "",
            f"control character U+{ord(bad.group()):04X} in code "
            "(a snippet may hold newlines, tabs and form feeds only)",
        )
    bidi = BIDI_CHARS.search(code)
    if bidi:
        raise DataError(
            shown,
            "",
            f"bidirectional control character U+{ord(bidi.group()):04X} in code (it can "
            "make code read differently from what runs)",
        )
    if len(code) > MAX_CODE_CHARS:
        raise DataError(
            shown,
            "",
            f"is {len(code):,} characters long; a snippet holds at most {MAX_CODE_CHARS:,}",
        )
    for number, line in enumerate(code.splitlines(), 1):
        if len(line) > MAX_CODE_LINE_CHARS:
            raise DataError(
                shown,
                "",
                f"line {number} is {len(line):,} characters long; a snippet's lines hold at "
                f"most {MAX_CODE_LINE_CHARS}",
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
    if isinstance(value, Mapping):  # a dict, or a read-only mapping once validated
        if isinstance(raw, dict):
            for key, sub in value.items():
                if key in raw:
                    check_values(raw[key], sub, shown, _join(path, str(key)))
        return
    if isinstance(value, (list, tuple)):
        if not isinstance(raw, (list, tuple)):
            raise DataError(
                shown, path, f"expected an array, got {_type_name(raw)} {shown_value(raw)}"
            )
        seen: dict[Any, int] = {}
        for index, (raw_item, item) in enumerate(zip(raw, value, strict=False)):
            check_values(raw_item, item, shown, f"{path}[{index}]")
            if isinstance(item, str):
                if item in seen:
                    raise DataError(
                        shown,
                        f"{path}[{index}]",
                        f"{shown_value(item)} is listed twice (also at [{seen[item]}])",
                    )
                seen[item] = index
        return
    if value is None and raw == UNKNOWN_DATE:
        return  # an unknown date: TOML has no null (see mlguide.model.MaybeDate)
    if type(raw) is not type(value):
        raise DataError(
            shown,
            path,
            f"expected {_type_name(value)}, got {_type_name(raw)} {shown_value(raw)} "
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
    elif isinstance(node, Mapping):
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
                        f"{shown_value(getattr(value, name))} differs from "
                        f"{shown_value(getattr(seen, name))} for "
                        f"the same URL in {seen_file}: {seen_where}.{name} "
                        "(one URL, one title, publisher and kind)",
                    )
