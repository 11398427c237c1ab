"""The measured-speed table: what a recorded run says, workload by workload, derived from its
figures (never typed) and written as a dict, CSV, Markdown or plain text.

Each row is one variant on one workload: the steady-state step time on the clock (median over
the trials, with the lowest and highest) and its ratio to the fastest variant of that
workload, the same in CPU time, the throughput it gives, the time to the first finished
step (and its ratio to the quickest), the import time, the peak memory and the losses. The
guide's page, the CLI and the exports all read these rows, so a figure reads the same
everywhere.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mlguide.errors import MlguideError
from mlguide.model_measurements import (
    MeasuredRun,
    MeasuredVariant,
    MeasuredWorkload,
    Measurement,
    Spread,
)

if TYPE_CHECKING:
    from mlguide.guide import Guide

__all__ = [
    "CSV_COLUMNS",
    "MeasuredRow",
    "conditions",
    "format_bytes",
    "format_duration",
    "format_ratio",
    "format_seconds",
    "format_spread",
    "rows",
    "run_output",
    "run_to_csv",
    "run_to_dict",
    "run_to_markdown",
    "run_to_text",
]


@dataclass(frozen=True)
class MeasuredRow:
    """One variant on one workload, with everything the guide shows of it."""

    workload: MeasuredWorkload
    variant: MeasuredVariant
    result: Measurement
    ratio: float
    """Median step time over the fastest variant's (1.0 for the fastest)."""
    cpu_ratio: float
    """Median CPU time per step over the variant with the least's."""
    first_step_ratio: float
    """Median time to the first step over the quickest variant's."""

    @property
    def step(self) -> Spread:
        return self.result.step

    @property
    def step_cpu(self) -> Spread:
        return self.result.step_cpu

    @property
    def first_step(self) -> Spread:
        return self.result.first_step

    @property
    def throughput(self) -> float:
        """Samples per second at the median step time."""
        return self.workload.batch / self.result.step.median

    @property
    def first_loss(self) -> float:
        return statistics.median(self.result.first_loss)

    @property
    def final_loss(self) -> float:
        return statistics.median(self.result.final_loss)


def rows(run: MeasuredRun, workload_id: str) -> list[MeasuredRow]:
    """The rows of one workload, in the run's order of variants."""
    workload = run.workload(workload_id)
    steps = run.ratios(workload_id)
    cpus = run.ratios(workload_id, lambda m: m.step_cpu)
    firsts = run.ratios(workload_id, lambda m: m.first_step)
    return [
        MeasuredRow(
            workload=workload,
            variant=run.variant(result.variant),
            result=result,
            ratio=steps[result.variant],
            cpu_ratio=cpus[result.variant],
            first_step_ratio=firsts[result.variant],
        )
        for result in run.results_for(workload_id)
    ]


def format_seconds(seconds: float) -> str:
    """Three significant digits in a unit that keeps them readable: ``"571 us"`` (with a
    micro sign), ``"12.3 ms"``, ``"2.31 s"``."""
    seconds = float(f"{seconds:.3g}")  # rounded first: 0.0009996 s is 1.00 ms, not 1000 µs
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("\N{MICRO SIGN}s", 1e-6)):
        if seconds >= scale or scale == 1e-6:
            value = seconds / scale
            digits = 2 if value < 10 else 1 if value < 100 else 0
            return f"{value:.{digits}f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def format_duration(seconds: float) -> str:
    """``"42 s"``, ``"27 min 5 s"``, ``"1 h 3 min"``."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


#: Between a ratio and its unit, and between the ends of a spread.
TIMES, DASH = "\N{MULTIPLICATION SIGN}", "\N{EN DASH}"


def format_ratio(ratio: float) -> str:
    """Three significant digits and a multiplication sign: 1.00, 12.3 or 123 times."""
    digits = 2 if ratio < 10 else 1 if ratio < 100 else 0
    return f"{ratio:.{digits}f}{TIMES}"


def format_bytes(mib: float) -> str:
    """``"612 MiB"``, ``"1.4 GiB"``."""
    return f"{mib / 1024:.1f} GiB" if mib >= 1024 else f"{mib:.0f} MiB"


def format_spread(spread: Spread) -> str:
    """The lowest and highest of the trials (``"1.20`` en dash ``1.31 ms"``), in one unit
    when they share it."""
    low, high = format_seconds(spread.low), format_seconds(spread.high)
    low_value, low_unit = low.split(" ")
    high_value, high_unit = high.split(" ")
    if low_unit == high_unit:
        return f"{low_value}{DASH}{high_value} {high_unit}"
    return f"{low}{DASH}{high}"


#: The columns of the CSV export, one row per workload and variant.
CSV_COLUMNS = (
    "run",
    "workload",
    "variant",
    "framework",
    "step_median_s",
    "step_min_s",
    "step_max_s",
    "step_ratio",
    "step_cpu_median_s",
    "step_cpu_min_s",
    "step_cpu_max_s",
    "step_cpu_ratio",
    "throughput_per_s",
    "first_step_median_s",
    "first_step_min_s",
    "first_step_max_s",
    "first_step_ratio",
    "import_median_s",
    "peak_memory_median_mib",
    "first_loss",
    "final_loss",
)


def _row_dict(run: MeasuredRun, row: MeasuredRow) -> dict[str, Any]:
    return {
        "run": run.id,
        "workload": row.workload.id,
        "variant": row.variant.id,
        "framework": row.variant.framework,
        "step_median_s": row.step.median,
        "step_min_s": row.step.low,
        "step_max_s": row.step.high,
        "step_ratio": row.ratio,
        "step_cpu_median_s": row.step_cpu.median,
        "step_cpu_min_s": row.step_cpu.low,
        "step_cpu_max_s": row.step_cpu.high,
        "step_cpu_ratio": row.cpu_ratio,
        "throughput_per_s": row.throughput,
        "first_step_median_s": row.first_step.median,
        "first_step_min_s": row.first_step.low,
        "first_step_max_s": row.first_step.high,
        "first_step_ratio": row.first_step_ratio,
        "import_median_s": row.result.imports.median,
        "peak_memory_median_mib": row.result.peak_memory.median,
        "first_loss": row.first_loss,
        "final_loss": row.final_loss,
    }


def run_to_dict(run: MeasuredRun) -> dict[str, Any]:
    """The run as JSON-ready data: its conditions as recorded, then each workload with its
    derived rows (medians, spreads, ratios, throughput)."""
    from mlguide.export import to_data

    return {
        "run": to_data(run.run),
        "variants": [to_data(variant) for variant in run.variants],
        "workloads": [
            {
                **to_data(workload),
                "rows": [_row_dict(run, row) for row in rows(run, workload.id)],
            }
            for workload in run.workloads
        ],
    }


def run_to_csv(run: MeasuredRun) -> str:
    """One CSV row per workload and variant (:data:`CSV_COLUMNS`), times in seconds."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for workload in run.workloads:
        for row in rows(run, workload.id):
            writer.writerow(_row_dict(run, row))
    return out.getvalue()


def conditions(run: MeasuredRun) -> list[tuple[str, str]]:
    """The run's conditions as ``(label, value)`` pairs, in reading order."""
    info = run.run
    device = "CPU only" if info.device == "cpu" else f"GPU: {info.device_name}"
    load = ", ".join(f"{x:.2f}" for x in info.load_start)
    load_end = ", ".join(f"{x:.2f}" for x in info.load_end)
    return [
        ("Run", f"{info.title} ({info.id}), {info.date.isoformat()}"),
        ("Device", device),
        ("CPU", f"{info.cpu}, {info.cores} logical cores, {info.memory_gib:g} GiB memory"),
        ("CPU features", ", ".join(info.cpu_flags) or "not reported"),
        ("Threads", f"{info.threads} per framework (the process pinned to as many CPUs)"),
        ("Settings", "; ".join(f"{k} = {v}" for k, v in info.settings.items()) or "none"),
        ("System", f"{info.os}; Python {info.python}"),
        ("Versions", ", ".join(f"{name} {version}" for name, version in info.versions.items())),
        (
            "Trials",
            f"{info.trials}; {info.warmup_steps} warm-up steps, then {info.timed_steps} timed "
            f"steps each; {info.order}",
        ),
        ("Load average", f"{load} at the start, {load_end} at the end (1, 5, 15 minutes)"),
        ("Duration", format_duration(info.duration_s)),
        ("Command", info.command),
    ]


_HEAD = (
    "Variant",
    "Step",
    "Spread",
    f"{TIMES} fastest",
    "CPU/step",
    f"{TIMES} CPU",
    "Samples/s",
    "First step",
    "Memory",
    "Loss after",
)


def _cells(row: MeasuredRow) -> tuple[str, ...]:
    return (
        row.variant.label,
        format_seconds(row.step.median),
        format_spread(row.step),
        format_ratio(row.ratio),
        format_seconds(row.step_cpu.median),
        format_ratio(row.cpu_ratio),
        f"{row.throughput:,.0f}",
        format_seconds(row.first_step.median),
        format_bytes(row.result.peak_memory.median),
        f"{row.final_loss:.4f}",
    )


def _workload_line(workload: MeasuredWorkload, run: MeasuredRun) -> str:
    return (
        f"{workload.title}: {workload.parameters:,} parameters, batch {workload.batch}, "
        f"{run.run.timed_steps} timed steps"
    )


def run_to_markdown(run: MeasuredRun) -> str:
    """A Markdown table per workload, then the conditions."""
    from mlguide.export import markdown_cell

    lines = [f"Measured speed: {run.run.title}, {run.run.date.isoformat()}", ""]
    for workload in run.workloads:
        lines += [f"**{markdown_cell(_workload_line(workload, run))}**", ""]
        lines.append("| " + " | ".join(_HEAD) + " |")
        lines.append("|" + "|".join(["---"] + ["--:"] * (len(_HEAD) - 1)) + "|")
        for row in rows(run, workload.id):
            lines.append("| " + " | ".join(markdown_cell(c) for c in _cells(row)) + " |")
        lines.append("")
    lines += [f"- {label}: {markdown_cell(value)}" for label, value in conditions(run)]
    return "\n".join(lines) + "\n"


def run_to_text(run: MeasuredRun, width: int = 100) -> str:
    """Plain-text tables that fit ``width`` columns: the right-most columns are left out
    when the terminal is too narrow for them (the variant and its ratio always stay), and
    headings and conditions wrap."""
    import textwrap

    def wrapped(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False)

    out = [*wrapped(f"Measured speed: {run.run.title}, {run.run.date.isoformat()}"), ""]
    for workload in run.workloads:
        table = [_HEAD, *(_cells(row) for row in rows(run, workload.id))]
        widths = [max(len(line[i]) for line in table) for i in range(len(_HEAD))]
        keep = _fitting(widths, width)
        out += wrapped(_workload_line(workload, run))
        for line in table:
            cells = [line[i].ljust(widths[i]) if i == 0 else line[i].rjust(widths[i]) for i in keep]
            out.append("  ".join(cells).rstrip())
        out.append("")
    for label, value in conditions(run):
        out += wrapped(f"{label}: {value}", "    ")
    return "\n".join(out) + "\n"


def _fitting(widths: Sequence[int], width: int) -> list[int]:
    """Which columns fit: the variant and the ratio first, then the others in order."""
    order = [0, 3, 5, 1, 4, 2, 6, 7, 8, 9]
    keep: list[int] = []
    used = 0
    for index in order:
        need = widths[index] + (2 if keep else 0)
        if keep and len(keep) >= 2 and used + need > width:
            continue
        keep.append(index)
        used += need
    return sorted(keep)


def run_output(guide: Guide, run_id: str | None, fmt: str, width: int) -> str:
    """What ``mlguide speed`` prints: one run (the first recorded unless ``run_id``
    names one) as text, JSON, CSV or Markdown.

    :raises MlguideError: the data records no run, or none with this id.
    """
    if run_id is None:
        if not guide.measurements:
            raise MlguideError(
                "the data records no measurements (run build-scripts/bench-frameworks)"
            )
        run = guide.measurements[0]
    else:
        run = guide.measurement(run_id)
    if fmt == "json":
        from mlguide.export import to_json

        return to_json(run_to_dict(run))
    if fmt == "csv":
        return run_to_csv(run)
    if fmt == "markdown":
        return run_to_markdown(run)
    return run_to_text(run, width)
