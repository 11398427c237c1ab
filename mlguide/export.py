"""Conversions of the data to JSON, CSV and Markdown, and the JSON Schema of the data files."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlguide.guide import Comparison, Guide

__all__ = [
    "comparison_to_csv",
    "comparison_to_dict",
    "comparison_to_markdown",
    "guide_to_dict",
    "schema",
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
    data: dict[str, Any] = to_data(guide, exclude={"example_dirs", "equivalent_imports"})
    # a read-only view, which pydantic does not serialize: its plain copy
    data["equivalent_imports"] = dict(guide.equivalent_imports)
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
                (
                    aspect.id,
                    aspect.title,
                    p.framework,
                    names[p.framework],
                    p.summary or "",
                    p.unknown or "",
                    p.details,
                    " ".join(s.url for s in p.sources),
                )
            )
    return out.getvalue()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def comparison_to_markdown(comparison: Comparison) -> str:
    """A GitHub-flavoured Markdown table of summaries, with the verdict per aspect."""
    head = ["Aspect", *(f.name for f in comparison.frameworks), "Verdict"]
    lines = [
        f"Compared as of {comparison.as_of}.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    for aspect, positions in comparison.rows():
        cells = [aspect.title]
        for p in positions:
            cells.append(p.summary if p.summary is not None else f"Unknown: {p.unknown}")
        cells.append(aspect.verdict.summary if aspect.verdict else "No verdict")
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def schema() -> dict[str, Any]:
    """JSON Schema of the data files: one definition per kind of file, chosen by file name."""
    from pydantic import TypeAdapter

    from mlguide.model import (
        AspectsFile,
        ClaimsFile,
        EquivalentsFile,
        ExamplesFile,
        FrameworkFile,
        GuideFile,
        LineageFile,
        RecommendationsFile,
    )

    files = {
        "guide.toml": GuideFile,
        "aspects.toml": AspectsFile,
        "claims.toml": ClaimsFile,
        "recommendations.toml": RecommendationsFile,
        "examples.toml": ExamplesFile,
        "equivalents.toml": EquivalentsFile,
        "frameworks/<id>.toml": FrameworkFile,
        "lineage.toml": LineageFile,
    }
    _, top = TypeAdapter.json_schemas(
        [(name, "validation", TypeAdapter(model)) for name, model in files.items()],
        title="mlguide data files",
        description=(
            "Schema of the TOML files in an mlguide data directory. Each file name maps to one "
            "definition (see x-mlguide-files). null always means unknown, never 'no'."
        ),
    )
    top["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    top["x-mlguide-files"] = {name: f"#/$defs/{model.__name__}" for name, model in files.items()}
    return top
