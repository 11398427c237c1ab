"""mlguide: a sourced, typed comparison of deep-learning frameworks.

Load the data and compare::

    import mlguide

    guide = mlguide.load()
    table = guide.compare("tensorflow", "pytorch", aspects=["deployment"])
    print(table.to_markdown())

Importing this package imports nothing from Sphinx or WeasyPrint; the Sphinx extension lives
in :mod:`mlguide.sphinxext` and is imported only by Sphinx.
"""

from __future__ import annotations

from typing import Any

from mlguide.errors import ArgumentError, DataError, DataErrors, MlguideError, UnknownIdError
from mlguide.guide import Comparison, Guide
from mlguide.loader import PACKAGE_DATA, load, load_uncached
from mlguide.model import (
    Aspect,
    Claim,
    Example,
    Framework,
    GuideInfo,
    HistoryEntry,
    Position,
    Recommendation,
    Release,
    Source,
    Verdict,
)
from mlguide.model_equivalents import Equivalent, EquivalentCell

__version__ = "0.1.0"

__all__ = [
    "PACKAGE_DATA",
    "ArgumentError",
    "Aspect",
    "Claim",
    "Comparison",
    "DataError",
    "DataErrors",
    "Equivalent",
    "EquivalentCell",
    "Example",
    "Framework",
    "Guide",
    "GuideInfo",
    "HistoryEntry",
    "MlguideError",
    "Position",
    "Recommendation",
    "Release",
    "Source",
    "UnknownIdError",
    "Verdict",
    "__version__",
    "load",
    "load_uncached",
    "schema",
]


def schema() -> dict[str, Any]:
    """JSON Schema of the data files (one definition per kind of file).

    :returns: a JSON-ready dict; ``x-mlguide-files`` maps each file name to its definition.
    """
    from mlguide.json_schema import schema as _schema

    return _schema()
