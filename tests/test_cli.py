"""The `mlguide` command: readable output, machine formats, and exit status 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import mlguide
from mlguide.cli import main
from tests.expected import verdict_texts


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("width", [80, 120])
def test_compare_table_fits_the_width(
    width: int, guide: mlguide.Guide, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text table never exceeds the width and names every framework and aspect."""
    code, out, err = run(["compare", "tensorflow", "pytorch", "--width", str(width)], capsys)
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= width
    assert "TensorFlow" in out and "PyTorch" in out
    flat = " ".join(out.split())
    for aspect in guide.aspects:
        assert aspect.title.split()[0] in flat


def test_compare_json_has_every_aspect_with_sources(
    guide: mlguide.Guide, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format json gives every aspect, each framework's summary and its sources."""
    code, out, _ = run(["compare", "tensorflow", "pytorch", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [a["id"] for a in data["aspects"]] == guide.aspect_ids
    for aspect in data["aspects"]:
        for fw in ("tensorflow", "pytorch"):
            position = aspect["positions"][fw]
            expected = guide.position(fw, aspect["id"])
            assert position["summary"] == expected.summary
            assert [s["url"] for s in position["sources"]] == [s.url for s in expected.sources]


def test_compare_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """CSV parses into one row per aspect and framework; Markdown is a table."""
    _, out, _ = run(
        ["compare", "tensorflow", "pytorch", "-a", "deployment,origin", "-f", "csv"], capsys
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["aspect"], r["framework"]) for r in rows] == [
        ("deployment", "tensorflow"),
        ("deployment", "pytorch"),
        ("origin", "tensorflow"),
        ("origin", "pytorch"),
    ]
    _, out, _ = run(["compare", "tensorflow", "pytorch", "-f", "markdown"], capsys)
    assert "| Aspect | TensorFlow | PyTorch | Verdict |" in out


@pytest.mark.parametrize("command", ["frameworks", "aspects", "claims", "recommend"])
@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown"])
def test_listings(
    command: str, fmt: str, guide: mlguide.Guide, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every listing works in every format and names every entry."""
    code, out, err = run([command, "--format", fmt], capsys)
    assert (code, err) == (0, "")
    ids = {
        "frameworks": guide.framework_ids,
        "aspects": guide.aspect_ids,
        "claims": [c.id for c in guide.claims],
        "recommend": [r.id for r in guide.recommendations],
    }[command]
    for item_id in ids:
        assert item_id in out


def test_claims_show_verdicts(guide: mlguide.Guide, capsys: pytest.CaptureFixture[str]) -> None:
    """`mlguide claims` lists every claim with its verdict text."""
    _, out, _ = run(["claims", "-f", "json"], capsys)
    listed = {c["id"]: c["verdict"] for c in json.loads(out)}
    assert listed == verdict_texts(mlguide.PACKAGE_DATA)
    assert listed["static-vs-dynamic-graphs"] == "outdated since TensorFlow 2.0.0 (2019-09-30)"


def test_show_export_schema(guide: mlguide.Guide, capsys: pytest.CaptureFixture[str]) -> None:
    """show, export and schema produce what they promise."""
    _, out, _ = run(["show", "pytorch"], capsys)
    assert "PyTorch" in out and guide.framework("pytorch").license in out
    _, out, _ = run(["show", "pytorch", "-f", "json"], capsys)
    assert set(json.loads(out)["positions"]) == set(guide.aspect_ids)
    _, out, _ = run(["export"], capsys)
    exported = json.loads(out)
    assert len(exported["positions"]) == len(guide.positions)
    _, out, _ = run(["schema"], capsys)
    assert "FrameworkFile" in json.loads(out)["$defs"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["compare", "tensorflow", "pytorh"], "did you mean 'pytorch'?"),
        (["compare", "tensorflow"], "two or more frameworks"),
        (["compare", "tensorflow", "pytorch", "-a", "deploy"], "unknown aspect 'deploy'"),
        (["compare", "tensorflow", "tensorflow"], "more than once"),
        (["compare", "tensorflow", "pytorch", "-f", "xml"], "invalid choice"),
        (["show", "keras2"], "unknown framework"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
        (["--data", "/nonexistent/dir", "frameworks"], "data directory does not exist"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad usage gives exit status 2 and exactly one line on stderr."""
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert needle in err


def test_python_dash_m_and_console_script_agree() -> None:
    """`python -m mlguide` runs the same CLI (checked in a real subprocess)."""
    result = subprocess.run(
        [sys.executable, "-m", "mlguide", "compare", "tensorflow", "pytorh"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
