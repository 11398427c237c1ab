"""The migration directive and the equivalents directive's migration view (``:from:`` and
``:to:``) on real Sphinx builds: HTML and text, options, and located warnings."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

import mlguide
from mlguide.sphinxext.migration import migration_block
from tests.conftest import MINIMAL_DATA, ROOTS
from tests.test_equivalents_directive import EQUIVALENTS_DATA

pytestmark = pytest.mark.sphinx

MIGRATION_DATA = Path(__file__).parent / "fixtures" / "migration-data"
os.environ["MLGUIDE_TEST_MIGRATIONS"] = str(MIGRATION_DATA)
SCRIPT = (MIGRATION_DATA / "examples" / "migrations" / "route.py").read_text(encoding="utf-8")


def build(
    make_app: Any, tmp_path: Path, builder: str, pages: dict[str, str] | None = None, **conf: Any
) -> tuple[Path, str]:
    """Build a copy of the migration test root (pages replaced or added); output, warnings."""
    src = tmp_path / "migration"
    shutil.copytree(ROOTS / "test-migration", src)
    for name, text in (pages or {}).items():
        (src / name).write_text(text, encoding="utf-8")
    app = make_app(builder, srcdir=src, confoverrides=conf, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def test_html_route(make_app: Any, tmp_path: Path) -> None:
    """A route: its anchor, summary (Markdown), concept table headed by where the reader
    leaves and arrives, a note and citations under each counterpart, the pitfalls, and the
    script exactly as the file holds it; no versions line for a project's own routes."""
    out, warnings = build(make_app, tmp_path, "html")
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    route = soup.select_one("#mlguide-migration-tf-to-torch")
    assert route is not None
    assert route.select_one("p em").get_text() == "Markdown"
    table = route.select_one("table.mlguide-migration-concepts")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["TensorFlow", "PyTorch"]
    for code in table.select("code"):  # a name's parts, with break points between them
        code.string = code.get_text("")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")
    ]
    assert rows[0][0] == "tf.function"
    assert rows[0][1].startswith("torch.compile Both compile on request. [")
    assert rows[1][0] == "SavedModel"
    assert rows[1][1].startswith("torch.export [")  # no note: the citations alone
    pitfalls = route.select("ul.mlguide-migration-pitfalls > li")
    assert [li.select_one("em").get_text() for li in pitfalls] == ["transposed"]
    titles = [p.get_text() for p in route.select("p.rubric.mlguide-migration-title")]
    assert titles == ["Concept by concept", "Pitfalls", "The route, run"]
    assert route.select_one("pre").get_text() == SCRIPT
    assert route.select_one(".mlguide-verified") is None


def test_no_example_leaves_the_script_out(make_app: Any, tmp_path: Path) -> None:
    """``:no-example:`` keeps the concepts and leaves out the run (a route without pitfalls
    has no pitfalls heading either)."""
    out, _ = build(make_app, tmp_path, "html")
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    route = soup.select_one("#mlguide-migration-torch-to-tf")
    titles = [p.get_text() for p in route.select("p.rubric.mlguide-migration-title")]
    assert titles == ["Concept by concept"]
    assert route.select_one("pre") is None


def test_the_migration_view_of_the_equivalents(make_app: Any, tmp_path: Path) -> None:
    """``:from: pytorch`` and ``:to: tensorflow``: two columns in that order, labelled, only
    the rows PyTorch has code for, and no notes (they compare every framework)."""
    out, _ = build(make_app, tmp_path, "html")
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    table = soup.select_one("table.mlguide-equivalents-route")
    head = [p.get_text() for p in table.select("thead .mlguide-equiv-fw")]
    assert head == ["PyTorch (from)", "TensorFlow (to)"]
    rows = [tr["id"] for tr in table.select("tr.mlguide-equiv-row")]
    assert rows == [f"mlguide-equivalent-{r}" for r in ("matmul", "gradient", "onnx")]
    assert table.select(".mlguide-equiv-note") == []


def test_text_builder_renders_everything(make_app: Any, tmp_path: Path) -> None:
    """The text builder gets the whole route: headings, both columns, pitfalls and script."""
    out, warnings = build(make_app, tmp_path, "text")
    assert warnings == ""
    text = (out / "index.txt").read_text()
    for expected in (
        "TensorFlow",
        "tf.function",
        "torch.compile",
        "Both compile on request.",
        "Kernels are *transposed*.",
        "The route, run",
        "total = sum(range(4))",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("directive", "subtype", "message"),
    [
        (
            "```{mlguide:migration} tf-to-toch\n```",
            "unknown-id",
            "unknown migration route 'tf-to-toch'; did you mean 'tf-to-torch'?",
        ),
        (
            "```{mlguide:migration}\n```",
            "argument",
            "the mlguide:migration directive needs a migration route id",
        ),
        (
            "```{mlguide:equivalents}\n:from: pytorch\n```",
            "option",
            ":to: is missing or empty: the migration view needs both :from: and :to:; showing every framework",
        ),
        (
            "```{mlguide:equivalents}\n:from: pytorch\n:to: tensorflw\n```",
            "unknown-id",
            "unknown framework 'tensorflw' in :to:; did you mean 'tensorflow'?; showing every framework",
        ),
        (
            "```{mlguide:equivalents}\n:from: pytorch\n:to: pytorch\n```",
            "option",
            ":from: and :to: both name 'pytorch'; showing every framework",
        ),
        (
            "```{mlguide:equivalents}\n:from: pytorch\n:to: tensorflow\n:frameworks: pytorch\n```",
            "option",
            ":frameworks: is ignored when :from: and :to: are given",
        ),
        (
            "```{mlguide:equivalents}\n:rows: global-seed\n:from: pytorch\n:to: tensorflow\n```",
            "empty",
            "no chosen row has code for 'pytorch'; nothing to show",
        ),
    ],
    ids=["unknown-route", "no-route", "half-route", "unknown-end", "same-ends", "both", "no-rows"],
)
def test_warnings_are_located(
    make_app: Any, tmp_path: Path, directive: str, subtype: str, message: str
) -> None:
    """A bad argument or option is one warning at the directive's page and line, type
    mlguide and its subtype; the build goes on."""
    page = f"# Bad\n\n{directive}\n"
    _, warnings = build(make_app, tmp_path, "html", {"index.md": page})
    lines = [strip_colors(line) for line in warnings.splitlines() if line.strip()]
    assert len(lines) == 1, warnings
    assert lines[0].endswith(f"index.md:3: WARNING: {message} [mlguide.{subtype}]")


def test_data_without_routes_warns(make_app: Any, tmp_path: Path) -> None:
    """Data that holds no routes: the directive says so and renders nothing."""
    _, warnings = build(
        make_app,
        tmp_path,
        "html",
        mlguide_data_dirs=[str(MINIMAL_DATA), str(EQUIVALENTS_DATA)],
    )
    assert (
        "the data has no migration routes (migrations.toml); nothing to show [mlguide.empty]"
        in warnings
    )


def test_the_versions_line_names_each_version() -> None:
    """With versions given (the package's own routes), the run ends with them, in order."""
    guide = mlguide.load_uncached([MINIMAL_DATA, MIGRATION_DATA], package_data=False)
    block = migration_block(guide, "tf-to-torch", {"torch": "2.13.0", "python": "3.11.7"})
    line = block.children[-1]
    assert (
        line.astext()
        == "The test suite runs this script, and it passed with torch 2.13.0, python 3.11.7."
    )
    without = migration_block(guide, "tf-to-torch", {}, example=False)
    assert "The route, run" not in without.astext()
