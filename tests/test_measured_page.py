"""The measured-speed page: the ``measurements`` directive's charts (every text measured in its
face and inside the picture, nothing overlapping, bars in proportion), its tables, variants
and conditions on real Sphinx builds (HTML, text and the PDF builder), its warnings, and the
rule that no timing is typed into the guide's prose.

Figures come from the fixture run (tests/fixtures/measurements-data); the expected strings are
worked out by hand from that file.
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from bs4 import BeautifulSoup

import mlguide
from mlguide.sphinxext.directives import DIRECTIVES
from mlguide.sphinxext.drawing.geometry import Box
from mlguide.sphinxext.drawing.measure import PRINT, SCREEN, Face
from mlguide.sphinxext.measured import (
    Bar,
    Chart,
    MeasurementsDirective,
    chart_data,
    chart_svg,
    layout_chart,
)
from mlguide.sphinxext.measured.layout import LABEL_SIZE, SUB_SIZE, TITLE_SIZE, VALUE_SIZE, WIDTH
from tests.conftest import ROOTS
from tests.fonts import face_of, font_width
from tests.pdfwords import text_over_text

FIXTURE = Path(__file__).parent / "fixtures" / "measurements-data"
os.environ["MLGUIDE_TEST_MEASUREMENTS"] = str(FIXTURE)
SVG = "{http://www.w3.org/2000/svg}"
SIZES = {"title": (TITLE_SIZE, True), "sub": (SUB_SIZE, False), "label": (LABEL_SIZE, False)}
SIZES["value"] = (VALUE_SIZE, False)
X, DASH, MU = "\N{MULTIPLICATION SIGN}", "\N{EN DASH}", "\N{MICRO SIGN}"
PAGE = Path(__file__).resolve().parent.parent / "source" / "measured-speed.md"
#: Front matter of an extra page that is in no table of contents.
ORPHAN = "---\norphan: true\n---\n\n"


@pytest.fixture(scope="module")
def run() -> mlguide.model_measurements.MeasuredRun:
    return mlguide.load_uncached([FIXTURE]).measurement("sample-cpu")


def check_chart(markup: str) -> ET.Element:
    """Parse one chart's SVG and check its geometry; returns the root.

    Each text's lines fit the box it declares (widths from the font files of the face the SVG
    declares) and lie inside the picture; no two texts overlap, and no text overlaps a bar.
    """
    root = ET.fromstring(markup)
    face = face_of(markup)
    view = Box(*(float(v) for v in root.attrib["viewBox"].split()))
    texts: list[tuple[Box, str]] = []
    for element in root.iter(f"{SVG}text"):
        kind = element.attrib["class"].removeprefix("mc-")
        size, bold = SIZES[kind]
        box = Box(*(float(v) for v in element.attrib["data-box"].split()))
        assert box.inside(view), (kind, box, view)
        for span in element.iter(f"{SVG}tspan"):
            line = "".join(span.itertext())
            assert font_width(face, line, size, bold) <= box.w + 0.02, (line, box)
        texts.append((box, "".join(element.itertext())))
    bars = [
        Box(*(float(rect.attrib[k]) for k in ("x", "y", "width", "height")))
        for rect in root.iter(f"{SVG}rect")
    ]
    for bar in bars:
        assert bar.inside(view)
    for i, (box, words) in enumerate(texts):
        for other, other_words in texts[i + 1 :]:
            assert not box.overlaps(other), (words, other_words)
        for bar in bars:
            assert not box.overlaps(bar), (words, bar)
    return root


# --- the chart, without Sphinx --------------------------------------------------------------


def test_the_directive_is_registered() -> None:
    """``mlguide:measurements`` is one of the extension's directives."""
    assert DIRECTIVES["measurements"] is MeasurementsDirective


@pytest.mark.parametrize("face", [SCREEN, PRINT], ids=["screen", "print"])
def test_chart_texts_fit_and_nothing_overlaps(run: Any, face: Face) -> None:
    """Both charts of the fixture, in both faces: every text inside, nothing overlapping,
    one bar per variant with its label and figures; a phone's width when the labels allow."""
    for chart in chart_data(run, ["mlp", "cnn"], "step"):
        layout = layout_chart(chart, face)
        root = check_chart(chart_svg(layout, "t", {"jax": "#6a4c93"}))
        assert layout.width == WIDTH
        labels = [
            "".join(t.itertext())
            for t in root.iter(f"{SVG}text")
            if "mc-label" in t.attrib["class"]
        ]
        assert labels == [bar.label for bar in chart.bars]


def test_bars_are_in_proportion_to_their_ratios(run: Any) -> None:
    """MLP: TF XLA's bar is three times JAX's (3.00 over 1.00 ms) and PyTorch's one and a half
    times; whiskers run from the quickest to the slowest trial (2 to 4 ms for XLA, relative to
    JAX's 1 ms median), and the dashed line marks 1x at the end of JAX's bar."""
    chart = chart_data(run, ["mlp"], "step")[0]
    layout = layout_chart(chart, SCREEN)
    xla, torch, jax = layout.bars
    assert xla.box.w / jax.box.w == pytest.approx(3.0, rel=1e-3)
    assert torch.box.w / jax.box.w == pytest.approx(1.5, rel=1e-3)
    x0 = layout.axis[0]
    assert (xla.whisker[0] - x0) / jax.box.w == pytest.approx(2.0, rel=1e-3)
    assert (xla.whisker[1] - x0) / jax.box.w == pytest.approx(4.0, rel=1e-3)
    assert layout.one == pytest.approx(jax.box.right, abs=0.02)
    assert [p.bar.value for p in layout.bars] == [
        f"3.00{X}  3.00 ms",
        f"1.50{X}  1.50 ms",
        f"1.00{X}  1.00 ms",
    ]


def test_the_first_step_chart_compares_the_first_steps(run: Any) -> None:
    """The first-step chart's ratios are to the quickest first step (PyTorch, 500 ms)."""
    chart = chart_data(run, ["mlp"], "first-step")[0]
    assert [(b.label, round(b.ratio, 6)) for b in chart.bars] == [
        ("TF XLA", 4.0),
        ("PyTorch eager", 1.0),
        ("JAX jit", 2.0),
    ]
    assert chart.subtitle.startswith("Time from building the model to the end of its first step")


def test_long_labels_widen_the_chart_instead_of_overlapping() -> None:
    """Labels far wider than a phone's chart allows: the chart grows, and still nothing
    overlaps; the longest bar keeps its minimum length."""
    bars = tuple(
        Bar(f"A very long variant label number {i} " * 2, "jax", 1.0 + i, 1.0 + i, 1.5 + i, f"{i}")
        for i in range(4)
    )
    layout = layout_chart(Chart("A title " * 12, "What the bars show " * 10, bars), SCREEN)
    assert layout.width > WIDTH
    check_chart(chart_svg(layout, "t", {"jax": "#6a4c93"}))


# --- through Sphinx -----------------------------------------------------------------------------


def build(
    make_app: Any, tmp_path: Path, builder: str, pages: dict[str, str] | None = None, **conf: Any
) -> tuple[Path, str]:
    src = tmp_path / f"src-{builder}"
    shutil.copytree(ROOTS / "test-measured", src)
    for name, text in (pages or {}).items():
        (src / name).write_text(text, encoding="utf-8")
    app = make_app(builder, srcdir=src, confoverrides=conf, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


@pytest.mark.sphinx
def test_html_shows_charts_tables_variants_and_conditions(make_app: Any, tmp_path: Path) -> None:
    """Two charts per chart part (one per workload), a table per workload with the fixture's
    figures, the variants with what they resolved, and the run's conditions with its
    command; the second directive shows the CNN's table alone."""
    out, warnings = build(make_app, tmp_path, "html")
    assert warnings == ""
    html = (out / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(svgs) == 6  # two workloads: clock, CPU time and first step
    for markup in svgs:
        check_chart(markup)
    assert len({ET.fromstring(s).attrib["aria-labelledby"] for s in svgs}) == 6
    tables = soup.select("table.mlguide-measured-table")
    assert len(tables) == 6  # two per workload, then the CNN's two again

    def cells(table: Any) -> list[list[str]]:
        return [
            [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")
        ]

    assert cells(tables[0]) == [
        [
            "TF XLA",
            f"3.00 ms (2.00{DASH}4.00 ms)",
            f"3.00{X}",
            f"2.00 ms (1.90{DASH}2.10 ms)",
            f"2.50{X}",
            "33,333",
        ],
        [
            "PyTorch eager",
            f"1.50 ms (1.40{DASH}1.60 ms)",
            f"1.50{X}",
            f"1.20 ms (1.20{DASH}1.20 ms)",
            f"1.50{X}",
            "66,667",
        ],
        [
            "JAX jit",
            f"1.00 ms (900 {MU}s{DASH}1.10 ms)",
            f"1.00{X}",
            f"800 {MU}s (800{DASH}800 {MU}s)",
            f"1.00{X}",
            "100,000",
        ],
    ]
    assert cells(tables[1]) == [
        ["TF XLA", "3.00 s", "2.00 s", "800 MiB", "1.5000"],
        ["PyTorch eager", "1.00 s", "500 ms", "300 MiB", "1.5000"],
        ["JAX jit", "750 ms", "1.00 s", "2.0 GiB", "1.5000"],
    ]
    head = [th.get_text(" ", strip=True) for th in tables[0].select("thead th")]
    assert head == [
        "Variant",
        "Step time (range)",
        f"{X} fastest",
        "CPU time (range)",
        f"{X} least CPU",
        "Samples/s",
    ]
    about = [p.get_text(" ", strip=True) for p in soup.select("p.mlguide-measured-about")]
    # what the tables share is said once, before them; each workload says its own model
    assert about[0] == (
        "Every model: float32, SGD with learning rate 0.01. Times per step are medians of 3 "
        "trials, with the quickest and slowest trial in brackets; the fastest of each measure is "
        "in bold."
    )
    assert about[1] == (
        "dense 8 to 16, ReLU, dense to 4 classes. Data: 8 standard-normal features."
    )

    head = [th.get_text(" ", strip=True) for th in tables[1].select("thead th")]
    assert head[3:] == ["Peak memory (process RSS)", "Loss after 8 steps"]  # 1 + 2 + 5 steps

    def best(table: Any) -> list[list[int]]:
        return [
            [
                i
                for i, td in enumerate(tr.select("td"))
                if "mlguide-measured-best" in td.get("class", [])
            ]
            for tr in table.select("tbody tr")
        ]

    # the fastest on the clock (JAX) and in CPU time (JAX too), the quickest first step (PyTorch)
    assert best(tables[0]) == [[], [], [1, 2, 3, 4]]
    assert best(tables[1]) == [[], [2], []]
    assert [r.get_text(strip=True) for r in soup.select("p.mlguide-measured-title")] == [
        "MLP on tabular data: 212 parameters, batch 100",
        "Small CNN on 8x8 images: 132 parameters, batch 10",
        "Small CNN on 8x8 images: 132 parameters, batch 10",
    ]
    variants = soup.select_one("dl.mlguide-measured-variants").get_text(" ", strip=True)
    assert (
        "JAX jit (JAX) JAX: the step in jax.jit (resolved at run time: donate = params)" in variants
    )
    fields = {
        dt.get_text(strip=True).rstrip(":"): dd.get_text(" ", strip=True)
        for dt, dd in zip(
            soup.select(".mlguide-measured-conditions dt"),
            soup.select(".mlguide-measured-conditions dd"),
            strict=True,
        )
    }
    assert fields["Command"] == "build-scripts/bench-frameworks --size tiny --trials 3"
    assert fields["Device"] == "CPU only"
    # settings are code: "--" stays two hyphens (typography would make it a dash)
    assert (
        fields["Settings"] == "OMP_NUM_THREADS = 1 ; XLA_FLAGS = --xla_cpu_multi_thread_eigen=false"
    )
    assert len(soup.select(".mlguide-measured-conditions dd code")) == 3  # two settings, command
    assert fields["CPU"] == "Example CPU (family 1, model 2), 2 logical cores, 8 GiB memory"
    caveats = [li.get_text(" ", strip=True) for li in soup.select(".mlguide-measured-caveats li")]
    assert caveats[0] == (
        "CPU only: no GPU run is recorded, so nothing here says how the frameworks compare on one."
    )
    assert "load average was 0.50 when the run started and 1.50 when it ended" in caveats[2]


@pytest.mark.sphinx
def test_a_recorded_gpu_run_is_named_by_the_cpu_run(make_app: Any, tmp_path: Path) -> None:
    """With a GPU run in the data as well, the CPU run's first caveat points to it instead
    of saying there is none, and the GPU run's own conditions name the GPU."""
    gpu = tmp_path / "gpu-data" / "measurements"
    gpu.mkdir(parents=True)
    text = (FIXTURE / "measurements" / "sample-cpu.toml").read_text(encoding="utf-8")
    text = text.replace('id = "sample-cpu"', 'id = "sample-gpu"').replace(
        'device = "cpu"\nmemory = "process-rss"',
        'device = "gpu"\ndevice_name = "Example GPU"\nmemory = "device-peak"',
    )
    (gpu / "sample-gpu.toml").write_text(text, encoding="utf-8")
    page = ORPHAN + "# GPU\n\n```{mlguide:measurements} sample-gpu\n:show: conditions\n```\n"
    out, warnings = build(
        make_app,
        tmp_path,
        "html",
        {"gpu.md": page},
        mlguide_data_dirs=[str(FIXTURE), str(gpu.parent)],
    )
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    first = soup.select_one(".mlguide-measured-caveats li").get_text(" ", strip=True)
    assert first == "CPU only: the GPU figures are in the run sample-gpu."
    gpu_page = BeautifulSoup((out / "gpu.html").read_text(encoding="utf-8"), "html.parser")
    assert gpu_page.select_one(".mlguide-measured-caveats li").get_text(" ", strip=True) == (
        "On a GPU (Example GPU): peak memory is that of the device, not the process."
    )
    device = gpu_page.select(".mlguide-measured-conditions dd")[1].get_text(strip=True)
    assert device == "GPU: Example GPU"


@pytest.mark.sphinx
def test_text_builder_lists_the_chart_figures(make_app: Any, tmp_path: Path) -> None:
    """A builder without SVG gets each chart's figures as a list, and the tables."""
    out, _ = build(make_app, tmp_path, "text")
    text = " ".join((out / "index.txt").read_text(encoding="utf-8").split()).replace("*", "")
    assert (
        f"MLP on tabular data: 212 parameters, batch 100: TF XLA 3.00{X} 3.00 ms, PyTorch eager "
        f"1.50{X} 1.50 ms, JAX jit 1.00{X} 1.00 ms." in text
    )
    assert (
        f"Small CNN on 8x8 images: 132 parameters, batch 10: PyTorch eager 1.00{X} 500 ms" in text
    )
    assert "33,333" in text


@pytest.mark.sphinx
@pytest.mark.parametrize(
    ("directive", "warning"),
    [
        (
            "```{mlguide:measurements} sample-cpv\n```",
            "unknown measurement run 'sample-cpv'; did you mean 'sample-cpu'?",
        ),
        (
            "```{mlguide:measurements} sample-cpu\n:show: chart, tabel\n```",
            "unknown part 'tabel' in :show:; did you mean 'table'?",
        ),
        (
            "```{mlguide:measurements} sample-cpu\n:workloads: mlp, rnn\n```",
            "unknown workload 'rnn' in :workloads:",
        ),
    ],
)
def test_bad_arguments_warn_where_they_are(
    make_app: Any, tmp_path: Path, directive: str, warning: str
) -> None:
    """A wrong run id, part or workload is a warning at the directive's line, with type
    mlguide and a suggestion; the build goes on."""
    _, warnings = build(make_app, tmp_path, "html", {"bad.md": f"{ORPHAN}# Bad\n\n{directive}\n"})
    assert re.search(rf"bad\.md:7: WARNING: {re.escape(warning)}.*\[mlguide\.", warnings), warnings


@pytest.mark.sphinx
def test_data_without_runs_warns_and_shows_nothing(make_app: Any, tmp_path: Path) -> None:
    """Data that records no run (the minimal data alone): one warning, subtype empty."""
    out, warnings = build(
        make_app,
        tmp_path,
        "html",
        mlguide_package_data=False,
        mlguide_data_dirs=[os.environ["MLGUIDE_TEST_DATA"]],
    )
    assert "the data records no measurements" in warnings
    assert "[mlguide.empty]" in warnings
    assert "mlguide-measured-table" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx
@pytest.mark.pdf
def test_pdf_prints_every_figure_without_overlap(make_app: Any, tmp_path: Path) -> None:
    """The PDF builder draws the charts in the print face and prints the tables: every
    variant's label and figures are on the page, and no glyph is drawn over another."""
    out, warnings = build(
        make_app,
        tmp_path,
        "mlguide-pdf",
        mlguide_pdf_documents=[{"start": "index", "filename": "measured.pdf"}],
    )
    assert "WARNING" not in warnings, warnings
    pdf = out / "measured.pdf"
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
        # every word inside the page (WeasyPrint clips nothing; a cell past the edge is lost)
        for page in document.pages:
            for word in page.extract_words():
                assert word["x0"] >= 0 and word["x1"] <= page.width, word["text"]
    text = " ".join(" ".join(p.split()) for p in pages)
    # an SVG's text comes out glyph by glyph, without its spaces
    squeezed = "".join(text.split())
    for expected in (
        f"(2.00{DASH}4.00 ms)",
        "TF XLA 3.00 ms 3.00",
        "build-scripts/bench-frameworks --size",
    ):
        assert expected in text, expected
    for figures in (f"TFXLA3.00{X}3.00ms", f"PyTorcheager1.50{X}1.50ms", f"JAXjit1.00{X}1.00ms"):
        assert figures in squeezed, figures
    assert text_over_text(pdf) == []


# --- the guide's own page -------------------------------------------------------------------

#: A number with a unit of time: what the page's prose must never hold.
TIMING = re.compile(r"\d\s*(?:ms|µs|us|ns|s|sec|secs|seconds?|minutes?|min|hours?)\b", re.I)


def test_no_timing_is_typed_into_the_page() -> None:
    """The measured-speed page's prose holds no timing: every figure comes from the
    directive (the data). The pattern itself catches a typed one."""
    prose = re.sub(r"```.*?```", "", PAGE.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert TIMING.findall(prose) == []
    assert TIMING.search("PyTorch took 12 ms per step") is not None
    assert TIMING.search("about 3.5 seconds") is not None


def test_the_page_shows_the_reference_run_and_is_in_the_guide() -> None:
    """Every directive on the page names the recorded reference run, and the page is in the
    guide's table of contents."""
    text = PAGE.read_text(encoding="utf-8")
    runs = re.findall(r"```\{mlguide:measurements\}\s*(\S*)", text)
    assert runs and set(runs) == {"reference-cpu"}
    assert mlguide.load().measurement("reference-cpu").run.device == "cpu"
    index = (PAGE.parent / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^measured-speed$", index, re.M)
