"""The ``measurements`` directive: a recorded run of the framework benchmark as charts, tables,
the variants' descriptions and the run's conditions, every figure taken from the run's data
file (``measurements/<id>.toml``), none typed.

The charts are a picture node like the timeline's: HTML builders and the PDF builder get one
SVG per workload (measured in the face of that output; one per workload so that a printed
page can break between them), every other builder the same figures as a list. Unlike the
wider pictures, a chart is drawn narrow enough for a phone's column with no text under
11 px, so narrow screens keep the chart rather than its text view (``mlguide-screen.css``).
Tables, variants and conditions are plain docutils nodes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.measurements import (
    conditions,
    format_bytes,
    format_ratio,
    format_seconds,
    format_spread,
    rows,
)
from mlguide.model_measurements import MeasuredRun, MeasuredWorkload, Measurement, Spread
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.drawing.measure import face_for
from mlguide.sphinxext.measured.layout import SMALLEST_TEXT, Bar, Chart, layout_chart
from mlguide.sphinxext.measured.svg import chart_svg
from mlguide.sphinxext.nodes import PictureNode, fact_list

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders import Builder

    import mlguide

__all__ = ["PARTS", "MeasurementsDirective", "caveats", "chart_data", "mlguide_measured"]

#: What the directive can show, in the order given to ``:show:``.
PARTS = ("chart", "cpu-chart", "first-step-chart", "table", "variants", "conditions")
#: What each chart part draws.
MEASURES = {"chart": "step", "cpu-chart": "cpu", "first-step-chart": "first-step"}
DEFAULT_PARTS = ("chart", "table", "conditions")


class mlguide_measured(PictureNode):
    """Charts of a recorded run; renders itself for the builder that writes it.

    Attributes: ``charts`` (plain data: title, subtitle and bars of each chart), ``colors``
    (framework colours by id), ``uid``. Its children are the same figures as a list.
    """

    css_class = "mlguide-measured"
    smallest_text = SMALLEST_TEXT

    def svg(self, builder: Builder) -> str:
        face = face_for(builder.name)
        out = []
        for index, chart in enumerate(self["charts"]):
            data = Chart(
                title=chart["title"],
                subtitle=chart["subtitle"],
                bars=tuple(Bar(**bar) for bar in chart["bars"]),
            )
            out.append(
                chart_svg(layout_chart(data, face), f"{self['uid']}-{index}", self["colors"])
            )
        return "".join(out)


def _workload_title(run: MeasuredRun, workload_id: str) -> str:
    workload = run.workload(workload_id)
    return f"{workload.title}: {workload.parameters:,} parameters, batch {workload.batch}"


def chart_data(run: MeasuredRun, workloads: Sequence[str], measure: str) -> list[Chart]:
    """One chart per workload: each variant's median as a multiple of the fastest, with the
    quickest and slowest trial. ``measure`` is ``"step"`` (on the clock), ``"cpu"`` (CPU
    time per step) or ``"first-step"``."""
    picks: dict[str, Callable[[Measurement], Spread]] = {
        "step": lambda m: m.step,
        "cpu": lambda m: m.step_cpu,
        "first-step": lambda m: m.first_step,
    }
    pick = picks[measure]
    trials = run.run.trials
    if measure == "step":
        what = (
            f"Training step time on the clock, median of {trials} trials, as a multiple of the "
            "fastest; whiskers: the quickest and slowest trial."
        )
    elif measure == "cpu":
        what = (
            f"CPU time per training step, median of {trials} trials, as a multiple of the "
            "least; whiskers: the least and most of a trial."
        )
    else:
        what = (
            "Time from building the model to the end of its first step (tracing and "
            f"compilation included), median of {trials} trials, as a multiple of the quickest."
        )
    charts = []
    for workload_id in workloads:
        results = run.results_for(workload_id)
        if not results:
            continue
        fastest = min(pick(r).median for r in results)
        bars = []
        for result in results:
            spread = pick(result)
            variant = run.variant(result.variant)
            ratio = spread.median / fastest
            bars.append(
                Bar(
                    label=variant.label,
                    framework=variant.framework,
                    ratio=ratio,
                    low=spread.low / fastest,
                    high=spread.high / fastest,
                    value=f"{format_ratio(ratio)}  {format_seconds(spread.median)}",
                )
            )
        charts.append(Chart(_workload_title(run, workload_id), what, tuple(bars)))
    return charts


def caveats(guide: mlguide.Guide, run: MeasuredRun) -> list[str]:
    """What the run's own conditions say about its figures (the page adds the general
    caveats in prose)."""
    info = run.run
    gpu_runs = [r.id for r in guide.measurements if r.run.device == "gpu"]
    if info.device == "cpu":
        elsewhere = (
            f"the GPU figures are in the run{'s' if len(gpu_runs) > 1 else ''} "
            f"{', '.join(gpu_runs)}"
            if gpu_runs
            else "no GPU run is recorded, so nothing here says how the frameworks compare on one"
        )
        out = [f"CPU only: {elsewhere}."]
    else:
        out = [
            f"On a GPU ({info.device_name}): peak memory is that of the device, not the process."
        ]
    out.append(
        f"{info.threads} CPU thread{'s' if info.threads > 1 else ''} per framework, each "
        "process pinned to as many CPUs: frameworks that spread a step over more threads "
        "would compare differently with more."
    )
    start, end = info.load_start[0], info.load_end[0]
    out.append(
        f"A shared machine ({info.cores} logical cores): its one-minute load average was "
        f"{start:.2f} when the run started and {end:.2f} when it ended. The interleaved order "
        "spreads busy spells over every variant; the whiskers and ranges show what remained."
    )
    out.append(
        f"Each figure is the median of {info.trials} trials in fresh processes with empty "
        "compiler caches, so the first step includes each framework's compilation from scratch."
    )
    return out


#: A cell: its text, or a median and the range under it.
Cell = str | tuple[str, str]


def _grid(
    head: Sequence[str],
    widths: Sequence[int],
    body: Sequence[tuple[Sequence[Cell], Sequence[int]]],
) -> nodes.table:
    """A table: a header row, then rows of cells, those at the given indexes marked as the
    best of their column (the fastest). A median's range goes on a line of its own (narrow
    columns, on a phone and on paper)."""
    table = nodes.table(classes=["mlguide-measured-table", f"mlguide-measured-{len(head)}"])
    group = nodes.tgroup(cols=len(head))
    table += group
    # widths in characters, as the text builder reads them (HTML sizes columns itself)
    group.extend(nodes.colspec(colwidth=w) for w in widths)

    def row(cells: Sequence[Cell], best: Sequence[int] = ()) -> nodes.row:
        out = nodes.row()
        for index, cell in enumerate(cells):
            if isinstance(cell, str):
                para = nodes.paragraph("", cell)
            else:
                median, spread = cell
                para = nodes.paragraph("", median + " ")
                para += nodes.inline("", f"({spread})", classes=["mlguide-measured-range"])
            out += nodes.entry("", para, classes=["mlguide-measured-best"] if index in best else [])
        return out

    group += nodes.thead("", row(head))
    group += nodes.tbody("", *(row(cells, best) for cells, best in body))
    return table


def _tables(run: MeasuredRun, workload_id: str, shared: bool) -> nodes.Element:
    """One workload's figures in two tables: the steady state (step time on the clock and
    in CPU time, throughput), then start-up, memory and loss."""
    info = run.run
    steps = 1 + info.warmup_steps + info.timed_steps
    items = rows(run, workload_id)
    x = "\N{MULTIPLICATION SIGN}"
    steady = _grid(
        (
            "Variant",
            "Step time (range)",
            f"{x} fastest",
            "CPU time (range)",
            f"{x} least CPU",
            "Samples/s",
        ),
        (16, 16, 9, 16, 9, 10),
        [
            (
                (
                    item.variant.label,
                    (format_seconds(item.step.median), format_spread(item.step)),
                    format_ratio(item.ratio),
                    (format_seconds(item.step_cpu.median), format_spread(item.step_cpu)),
                    format_ratio(item.cpu_ratio),
                    f"{item.throughput:,.0f}",
                ),
                [
                    i
                    for i, best in (
                        (1, item.ratio),
                        (2, item.ratio),
                        (3, item.cpu_ratio),
                        (4, item.cpu_ratio),
                    )
                    if best == 1.0
                ],
            )
            for item in items
        ],
    )
    memory = "Peak memory" + (" (process RSS)" if info.memory == "process-rss" else " (device)")
    start = _grid(
        ("Variant", "Import", "First step", memory, f"Loss after {steps} steps"),
        (16, 10, 12, 14, 12),
        [
            (
                (
                    item.variant.label,
                    format_seconds(item.result.imports.median),
                    format_seconds(item.first_step.median),
                    format_bytes(item.result.peak_memory.median),
                    f"{item.final_loss:.4f}",
                ),
                [2] if item.first_step_ratio == 1.0 else [],
            )
            for item in items
        ],
    )
    title = nodes.rubric("", _workload_title(run, workload_id), classes=["mlguide-measured-title"])
    workload = run.workload(workload_id)
    text = f"{workload.model}. Data: {workload.data}."
    if not shared:
        text += f" {_training(workload)}."
    about = nodes.paragraph("", text, classes=["mlguide-measured-about"])
    return nodes.container("", title, about, steady, start, classes=["mlguide-measured-block"])


def _training(workload: MeasuredWorkload) -> str:
    """``float32, SGD with learning rate 0.01``."""
    return f"{workload.dtype}, {workload.optimizer} with learning rate {workload.learning_rate:g}"


def _tables_intro(run: MeasuredRun, workloads: Sequence[str]) -> tuple[nodes.paragraph, bool]:
    """What every table shares, said once (a book says each thing once): how the times were
    taken and, when every workload trains alike, how; and whether they all do."""
    trainings = {_training(run.workload(w)) for w in workloads}
    shared = len(trainings) == 1
    text = (
        f"Times per step are medians of {run.run.trials} trials, with the quickest and slowest "
        "trial in brackets; the fastest of each measure is in bold."
    )
    if shared:
        text = f"Every model: {next(iter(trainings))}. {text}"
    return nodes.paragraph("", text, classes=["mlguide-measured-about"]), shared


def _variants(guide: mlguide.Guide, run: MeasuredRun) -> nodes.Element:
    items = nodes.definition_list(classes=["mlguide-measured-variants"])
    for variant in run.variants:
        framework = guide.framework(variant.framework).name
        text = variant.how
        if variant.settings:
            resolved = ", ".join(f"{k} = {v}" for k, v in variant.settings.items())
            text += f" (resolved at run time: {resolved})"
        items += nodes.definition_list_item(
            "",
            nodes.term("", f"{variant.label} ({framework})"),
            nodes.definition("", nodes.paragraph("", text)),
        )
    return items


def _conditions(guide: mlguide.Guide, run: MeasuredRun) -> nodes.Element:
    fields = nodes.field_list(classes=["mlguide-measured-conditions"])
    for label, value in conditions(run):
        body: list[nodes.Node]
        if label == "Command":
            body = [nodes.literal("", value)]
        elif label == "Settings" and run.run.settings:
            # as code: typography must not touch them (a "--" flag is no dash)
            body = []
            for name, setting in run.run.settings.items():
                if body:
                    body.append(nodes.Text("; "))
                body.append(nodes.literal("", f"{name} = {setting}"))
        else:
            body = [nodes.Text(value)]
        fields += nodes.field(
            "",
            nodes.field_name("", label),
            nodes.field_body("", nodes.paragraph("", "", *body)),
        )
    notes = nodes.bullet_list(classes=["mlguide-measured-caveats"])
    for caveat in caveats(guide, run):
        notes += nodes.list_item("", nodes.paragraph("", caveat))
    return nodes.container("", fields, notes, classes=["mlguide-measured-run"])


class MeasurementsDirective(MlguideDirective):
    """A recorded run of ``build-scripts/bench-frameworks``: argument, the run's id (default:
    the first recorded run); options ``:show:`` (any of ``chart``, ``first-step-chart``,
    ``table``, ``variants``, ``conditions``, in the order shown; default ``chart, table,
    conditions``) and ``:workloads:`` (ids; default all)."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "show": directives.unchanged,
        "workloads": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        guide = self.guide
        known_runs = [r.id for r in guide.measurements]
        if not known_runs:
            self.warn(
                "the data records no measurements (build-scripts/bench-frameworks writes them); "
                "nothing to show",
                "empty",
            )
            return []
        if self.arguments:
            run_id = self.one_id("measurement run", known_runs)
            if run_id is None:
                return []
        else:
            run_id = known_runs[0]
        run = guide.measurement(run_id)
        workload_ids = [w.id for w in run.workloads]
        chosen = self.id_list("workloads", "workload", workload_ids, workload_ids)
        parts = self.id_list("show", "part", PARTS, DEFAULT_PARTS)
        out: list[nodes.Node] = []
        for part in parts:
            if part in MEASURES:
                out.append(self._charts(guide, run, chosen, MEASURES[part]))
            elif part == "table":
                shown = [w for w in chosen if run.results_for(w)]
                intro, shared = _tables_intro(run, shown)
                out += [intro, *(_tables(run, w, shared) for w in shown)]
            elif part == "variants":
                out.append(_variants(guide, run))
            else:
                out.append(_conditions(guide, run))
        return [nodes.container("", *out, classes=["mlguide-measurements"])]

    def _charts(
        self, guide: mlguide.Guide, run: MeasuredRun, workloads: Sequence[str], measure: str
    ) -> mlguide_measured:
        charts = chart_data(run, workloads, measure)
        items = []
        for chart in charts:
            para = nodes.paragraph()
            para += nodes.strong("", chart.title)
            para += nodes.Text(
                ": " + ", ".join(f"{bar.label} {bar.value}" for bar in chart.bars) + "."
            )
            items.append(para)
        slug = re.sub(r"[^a-z0-9]+", "-", self.env.docname.lower()).strip("-")
        uid = f"mlguide-measured-{slug}-{self.env.new_serialno('mlguide-measured')}"
        node = mlguide_measured(
            "",
            fact_list(items, charts[0].subtitle if charts else None, "mlguide-measured-chart"),
            charts=[
                {
                    "title": c.title,
                    "subtitle": c.subtitle,
                    "bars": [dataclasses.asdict(bar) for bar in c.bars],
                }
                for c in charts
            ],
            colors={f.id: f.color for f in guide.frameworks},
            uid=uid,
            ids=[uid],
        )
        self.set_source_info(node)
        return node
