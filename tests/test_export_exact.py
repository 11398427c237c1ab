"""The exports, character for character, on the small test datasets: the JSON-ready dict, the
CSV and the Markdown of a comparison, the text helpers, the whole-guide dict and the schema's
title. Expected values are written out here from the fixture files, not computed by mlguide."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import mlguide
from mlguide.export import guide_to_dict, markdown_cell, to_json
from tests.conftest import MINIMAL_DATA, RICH_DATA

EQUIVALENTS_DATA = Path(__file__).parent / "fixtures" / "equivalents-data"

TF_DEPLOYMENT = "TensorFlow Serving serves SavedModels over gRPC and REST."
TF_DEPLOYMENT_DETAILS = (
    "TensorFlow Serving loads SavedModels and serves them over gRPC and REST, with model "
    "versioning.\n"
)
SERVING = {
    "title": "TensorFlow Serving",
    "url": "https://www.tensorflow.org/tfx/guide/serving",
    "publisher": "Google",
    "accessed": "2026-11-26",
    "kind": None,  # the fixture gives the older `primary` flag alone
    "primary": True,
}
TF_ORIGIN = (
    "Built by Google Brain as the successor to DistBelief; open-sourced in November 2015 "
    "under Apache 2.0."
)
PT_ORIGIN = (
    "Created at Facebook AI Research as the Python successor to Lua Torch; PyTorch Foundation "
    "since 2022."
)


@pytest.fixture(scope="module")
def rich() -> mlguide.Guide:
    """The minimal data with the rich additions: PyTorch's deployment position is unknown,
    deployment has a verdict led by TensorFlow, origin has no verdict."""
    return mlguide.load_uncached([MINIMAL_DATA, RICH_DATA], package_data=False)


def test_comparison_dict_names_every_field(rich: mlguide.Guide) -> None:
    """The comparison dict has exactly these keys and values: the as-of date, the frameworks
    by id and name, each aspect's title, question and verdict, and each position without its
    framework and aspect ids but with the framework's name."""
    data = rich.compare("tensorflow", "pytorch", aspects=["deployment"]).to_dict()
    assert mlguide.export.to_json(data) == mlguide.export.to_json(
        {
            "as_of": "2026-11-26",
            "frameworks": [
                {"id": "tensorflow", "name": "TensorFlow"},
                {"id": "pytorch", "name": "PyTorch"},
            ],
            "aspects": [
                {
                    "id": "deployment",
                    "title": "Deployment and serving",
                    "question": "How do you serve a trained model?",
                    "verdict": {
                        "leaders": ["tensorflow"],
                        "headline": None,
                        "summary": "TensorFlow Serving is the longer-standing server.",
                        "sources": [SERVING],
                    },
                    "positions": {
                        "tensorflow": {
                            "framework_name": "TensorFlow",
                            "summary": TF_DEPLOYMENT,
                            "details": TF_DEPLOYMENT_DETAILS,
                            "unknown": None,
                            "history": [],
                            "sources": [SERVING],
                            "assessed": True,
                        },
                        "pytorch": {
                            "framework_name": "PyTorch",
                            "summary": None,
                            "details": "",
                            "unknown": "not yet researched for this test",
                            "history": [],
                            "sources": [],
                            "assessed": True,
                        },
                    },
                }
            ],
        }
    )


def test_comparison_dict_gives_null_for_an_aspect_without_verdict(rich: mlguide.Guide) -> None:
    """An aspect with no verdict exports ``"verdict": null``, not an empty verdict."""
    data = rich.compare("tensorflow", "pytorch", aspects=["origin"]).to_dict()
    assert data["aspects"][0]["verdict"] is None
    assert data["aspects"][0]["title"] == "Origin and governance"


def test_comparison_csv_exactly(rich: mlguide.Guide) -> None:
    """The CSV: the header row, one row per framework, empty cells for what is absent (no
    summary, no unknown, no sources), newline line ends and a quoted multi-line cell."""
    text = rich.compare("tensorflow", "pytorch", aspects=["deployment"]).to_csv()
    assert text == (
        "aspect,aspect_title,framework,framework_name,summary,unknown,assessed,details,sources\n"
        f'deployment,Deployment and serving,tensorflow,TensorFlow,{TF_DEPLOYMENT},,true,"'
        f'{TF_DEPLOYMENT_DETAILS}",https://www.tensorflow.org/tfx/guide/serving\n'
        "deployment,Deployment and serving,pytorch,PyTorch,,not yet researched for this test,"
        "true,,\n"
    )


def test_comparison_csv_separates_source_urls_by_one_space(data_copy: Path) -> None:
    """A position with two sources lists both URLs in one cell, separated by a space."""
    path = data_copy / "frameworks" / "tensorflow.toml"
    text = path.read_text(encoding="utf-8")
    second = (
        "\n[[positions.deployment.sources]]\n"
        'title = "TFX"\nurl = "https://www.tensorflow.org/tfx"\n'
        'publisher = "Google"\naccessed = 2026-11-26\nprimary = true\n'
    )
    path.write_text(text + second, encoding="utf-8")
    guide = mlguide.load_uncached([data_copy], package_data=False)
    table = guide.compare("tensorflow", "pytorch", aspects=["deployment"]).to_csv()
    rows = list(csv.DictReader(io.StringIO(table)))
    assert rows[0]["framework"] == "tensorflow"
    assert (
        rows[0]["sources"].endswith(" https://www.tensorflow.org/tfx")
        and rows[0]["sources"].count(" ") == 1
    )


def test_comparison_markdown_exactly(rich: mlguide.Guide) -> None:
    """The Markdown table: the as-of line, a blank line, the header and its rule, one row per
    aspect with "Unknown: reason" for an unknown position, the verdict or "No verdict", and a
    final newline."""
    text = rich.compare("tensorflow", "pytorch", aspects=["deployment", "origin"]).to_markdown()
    assert text == (
        "Compared as of 2026-11-26.\n"
        "\n"
        "| Aspect | TensorFlow | PyTorch | Verdict |\n"
        "|---|---|---|---|\n"
        f"| Deployment and serving | {TF_DEPLOYMENT} | Unknown: not yet researched for this "
        "test | TensorFlow Serving is the longer-standing server. |\n"
        f"| Origin and governance | {TF_ORIGIN} | {PT_ORIGIN} | No verdict |\n"
    )


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a | b", "a \\| b"),
        ("x & <y>", "x &amp; &lt;y&gt;"),
        ("use `a<b` then\n  `c|d` & go", "use `a<b` then `c\\|d` &amp; go"),
        ("no code at all", "no code at all"),
    ],
)
def test_markdown_cell(text: str, cell: str) -> None:
    """One cell: whitespace collapsed to single spaces, ``&``, ``<`` and ``>`` escaped outside
    code spans, code spans kept as they are, every ``|`` escaped, nothing repeated."""
    assert markdown_cell(text) == cell


def test_to_json_indents_by_two_and_keeps_non_ascii() -> None:
    """JSON text is indented by two spaces, keeps non-ASCII characters and ends in a
    newline; ``indent=None`` gives one line."""
    assert to_json({"name": "Jäx", "n": [1]}) == '{\n  "name": "Jäx",\n  "n": [\n    1\n  ]\n}\n'
    assert to_json({"a": 1}, indent=None) == '{"a": 1}\n'


def test_guide_dict_carries_the_imports_per_framework() -> None:
    """The exported guide keeps the equivalents' import lines per framework as a plain
    mapping under ``equivalent_imports``."""
    guide = mlguide.load_uncached([MINIMAL_DATA, EQUIVALENTS_DATA], package_data=False)
    data = guide_to_dict(guide)
    assert data["equivalent_imports"] == {
        "tensorflow": "import tensorflow as tf",
        "pytorch": "import torch",
    }
    assert "example_dirs" not in data and "origins" not in data


def test_schema_title_and_description() -> None:
    """The JSON Schema names itself and says what null means."""
    schema = mlguide.schema()
    assert schema["title"] == "mlguide data files"
    assert schema["description"] == (
        "Schema of the TOML files in an mlguide data directory. Each file name maps to one "
        "definition (see x-mlguide-files). null always means unknown, never 'no'."
    )


def test_to_json_writes_a_date_as_iso_text() -> None:
    """A value JSON has no type for, such as a date, is written as its text (ISO for a date)
    instead of failing."""
    import datetime as dt

    assert to_json({"as_of": dt.date(2026, 11, 26)}, indent=None) == '{"as_of": "2026-11-26"}\n'
