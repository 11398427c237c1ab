"""Conversions of the data to JSON, CSV and Markdown (the JSON Schema of the data files is
:mod:`mlguide.json_schema`).

The text exports are safe by construction:

* Markdown: ``<``, ``>`` and ``&`` outside inline code become HTML entities, so no raw HTML
  from the data reaches a Markdown renderer; ``|`` is escaped everywhere, so a cell cannot
  break the table.
* CSV: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'``, so a spreadsheet shows it as text instead of running it as a formula
  (CSV injection); every other cell is written as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlguide.guide import Comparison, Guide

__all__ = [
    "comparison_to_csv",
    "comparison_to_dict",
    "comparison_to_markdown",
    "csv_cell",
    "guide_to_dict",
    "markdown_cell",
    "to_data",
    "to_json",
]

CSV_COLUMNS = (
    "aspect",
    "aspect_title",
    "framework",
    "framework_name",
    "summary",
    "unknown",
    "assessed",
    "details",
    "sources",
)


def to_json(data: Any, indent: int | None = 2) -> str:
    """JSON text with non-ASCII kept readable and a final newline."""
    return json.dumps(data, indent=indent, ensure_ascii=False, default=str) + "\n"


def to_data(obj: Any, exclude: set[str] | None = None) -> Any:
    """Any model object (or list of them) as JSON-ready data: dates as ISO strings."""
    from pydantic import TypeAdapter

    return TypeAdapter(type(obj)).dump_python(obj, mode="json", exclude=exclude)


def guide_to_dict(guide: Guide) -> dict[str, Any]:
    """The whole dataset as a JSON-ready dict (what ``mlguide export`` writes)."""
    data: dict[str, Any] = to_data(
        guide,
        exclude={
            "example_dirs",
            "snippet_sources",
            "origins",
            "equivalent_imports",
            "replaced",
            "migration_dirs",
            "snapshot",
        },
    )
    # a read-only view, which pydantic does not serialize: its plain copy
    data["equivalent_imports"] = dict(guide.equivalent_imports)
    # the snapshot itself is package data; what is exported is what the guide derives from it
    data["releases"] = {
        fw_id: facts.to_dict()
        for fw_id in guide.framework_ids
        if (facts := guide.releases(fw_id)) is not None
    }
    return data


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as a JSON-ready dict, aspect by aspect."""
    names = {f.id: f.name for f in comparison.frameworks}
    aspects = []
    for aspect, positions in comparison.rows():
        aspects.append(
            {
                "id": aspect.id,
                "title": aspect.title,
                "question": aspect.question,
                "verdict": to_data(aspect.verdict) if aspect.verdict else None,
                "positions": {
                    p.framework: {
                        "framework_name": names[p.framework],
                        **to_data(p, exclude={"framework", "aspect"}),
                    }
                    for p in positions
                },
            }
        )
    return {
        "as_of": comparison.as_of,
        "frameworks": [{"id": f.id, "name": f.name} for f in comparison.frameworks],
        "aspects": aspects,
    }


def comparison_to_csv(comparison: Comparison) -> str:
    """One row per aspect and framework; source URLs separated by spaces."""
    names = {f.id: f.name for f in comparison.frameworks}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for aspect, positions in comparison.rows():
        for p in positions:
            writer.writerow(
                csv_cell(cell)
                for cell in (
                    aspect.id,
                    aspect.title,
                    p.framework,
                    names[p.framework],
                    p.summary or "",
                    p.unknown or "",
                    "true" if p.assessed else "false",
                    p.details,
                    " ".join(s.url for s in p.sources),
                )
            )
    return out.getvalue()


#: What a spreadsheet reads as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a formula prefix gets a leading ``'``."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_cell(text: str) -> str:
    """Text as one table cell: one line, pipes escaped, HTML escaped outside inline code."""
    text = " ".join(text.split())
    parts: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_escape_html(text[last : match.start()]))
        parts.append(match.group(0))  # a code span shows its text as it is
        last = match.end()
    parts.append(_escape_html(text[last:]))
    return "".join(parts).replace("|", "\\|")


def comparison_to_markdown(comparison: Comparison) -> str:
    """A GitHub-flavoured Markdown table of summaries, with the verdict per aspect."""
    head = ["Aspect", *(f.name for f in comparison.frameworks), "Verdict"]
    lines = [
        f"Compared as of {comparison.as_of}.",
        "",
        "| " + " | ".join(markdown_cell(h) for h in head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    for aspect, positions in comparison.rows():
        cells = [aspect.title]
        for p in positions:
            cells.append(p.cell_text)
        cells.append(aspect.verdict.summary if aspect.verdict else "No verdict")
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
