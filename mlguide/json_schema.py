"""The JSON Schema of the data files: one definition per kind of file, chosen by file name.

A module of its own (not part of :mod:`mlguide.export`) because it reads the loader's table of
file kinds, and the loader builds the guide that the exports convert: kept apart, the library's
imports run one way only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["schema"]


def schema() -> dict[str, Any]:
    """JSON Schema of the data files: one definition per kind of file, chosen by file name."""
    from pydantic import TypeAdapter

    from mlguide.loader import DATA_FILES

    files = {name: model for name, model in DATA_FILES.items() if model is not None}
    _, top = TypeAdapter.json_schemas(
        [(name, "validation", TypeAdapter(model)) for name, model in files.items()],
        title="mlguide data files",
        description=(
            "Schema of the TOML files in an mlguide data directory. Each file name maps to one "
            "definition (see x-mlguide-files). null always means unknown, never 'no'."
        ),
    )
    top = dict(_without_null(top))
    # guide.toml may be an overlay (``mlguide init`` writes one with a title alone): the
    # loader fills what it leaves out from the directory before, so no field is required
    top["$defs"]["GuideInfo"].pop("required", None)
    top["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    top["x-mlguide-files"] = {name: f"#/$defs/{model.__name__}" for name, model in files.items()}
    return top


def _without_null(node: Any) -> Any:
    """The schema with every ``null`` alternative removed: TOML has no null, so ``None`` in
    the model means a key left out, and a ``[framework]`` table is checked against the
    framework's own definition (errors name its fields) rather than an ``anyOf``."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_null(value) for key, value in node.items()}
    choices = node.get("anyOf")
    if isinstance(choices, list) and {"type": "null"} in choices:
        rest = [choice for choice in choices if choice != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1:
            node.update({k: v for k, v in rest[0].items() if k not in node or k == "$ref"})
        else:
            node["anyOf"] = rest
        if node.get("default", 0) is None:
            del node["default"]
    return node
