"""Exports are safe by construction: Markdown passes no raw HTML, CSV runs no formulas."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

import mlguide
from mlguide.cli import main


def _hostile(data: Path) -> mlguide.Guide:
    """The minimal data with HTML, a pipe and formula prefixes in its text."""
    path = data / "frameworks" / "pytorch.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('name = "PyTorch"', 'name = "Py|Torch"', 1)
    start = text.index('summary = "', text.index("[positions.origin]")) + len('summary = "')
    end = text.index('"\n', start)
    text = text[:start] + "<script>alert(1)</script> `a<b>`" + text[end:]
    path.write_text(text, encoding="utf-8")
    other = data / "frameworks" / "tensorflow.toml"
    text = other.read_text(encoding="utf-8")
    start = text.index('summary = "', text.index("[positions.origin]")) + len('summary = "')
    end = text.index('"\n', start)
    text = text[:start] + "=HYPERLINK(1)" + text[end:]
    other.write_text(text, encoding="utf-8")
    return mlguide.load_uncached([data], package_data=False)


def test_markdown_escapes_raw_html(data_copy: Path) -> None:
    """A ``<script>`` in a summary comes out as entities; inline code keeps its text."""
    markdown = _hostile(data_copy).compare("tensorflow", "pytorch").to_markdown()
    assert "<script>" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; `a<b>`" in markdown


def test_markdown_pipe_in_a_name_does_not_break_the_table(data_copy: Path) -> None:
    """A ``|`` in a framework name is escaped, so every row has the header's cell count."""
    markdown = _hostile(data_copy).compare("tensorflow", "pytorch").to_markdown()
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert "Py\\|Torch" in rows[0]
    counts = {line.replace("\\|", "").count("|") for line in rows}
    assert counts == {5}  # Aspect, TensorFlow, PyTorch, Verdict: four cells, five bars


def test_csv_neutralises_formula_prefixes(data_copy: Path) -> None:
    """A cell starting with ``=`` gets a leading quote; ordinary cells are unchanged."""
    table = _hostile(data_copy).compare("tensorflow", "pytorch").to_csv()
    rows = list(csv.DictReader(io.StringIO(table)))
    origin = next(r for r in rows if r["aspect"] == "origin" and r["framework"] == "tensorflow")
    assert origin["summary"].startswith("'=HYPERLINK(")
    assert not any(value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())
    assert rows[0]["aspect"] == "origin"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cell_quotes_each_formula_prefix(prefix: str) -> None:
    """Each character a spreadsheet reads as a formula start is neutralised."""
    from mlguide.export import csv_cell

    assert csv_cell(f"{prefix}1+1") == f"'{prefix}1+1"
    assert csv_cell("1+1") == "1+1"


def test_cli_markdown_and_csv_listings_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI's Markdown and CSV listings use the same escaping as the API."""
    data_copy = tmp_path / "full"
    shutil.copytree(mlguide.PACKAGE_DATA, data_copy, ignore=shutil.ignore_patterns("__pycache__"))
    _hostile(data_copy)
    assert main(["--data", str(data_copy), "frameworks", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "Py\\|Torch" in markdown and "| Py|Torch" not in markdown
    assert main(["--data", str(data_copy), "compare", "tensorflow", "pytorch", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert any(r["summary"].startswith("'=HYPERLINK(") for r in rows)
