"""One process's measurement: one variant trains one or more workloads; the figures go to a
JSON file for the parent.

The parent sets the environment before this process starts (``KERAS_BACKEND``, thread
variables, a fresh compiler cache); here the CPU affinity is narrowed to the thread count,
the framework is imported (timed), its thread pools are set, and each workload is built and
trained: the time from building the model to the end of the first step (tracing and
compilation included), then each later step's time (warm-up steps first, then the timed
ones) on the clock and in CPU time (the process's, every thread), the first loss, the loss
on the first batch after training, and the peak memory.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import resource
import time
from pathlib import Path
from typing import Any

from bench_frameworks import spec

__all__ = ["PERTURB_FACTOR", "PERTURB_VARIABLE", "main"]

#: The test hook: this environment variable names a variant whose initial weights are
#: perturbed (first array scaled by :data:`PERTURB_FACTOR`), which the first-loss check
#: must catch.
PERTURB_VARIABLE = "MLGUIDE_BENCH_PERTURB"
PERTURB_FACTOR = 1.01


def _narrow_affinity(threads: int) -> list[int]:
    """Run on ``threads`` of the CPUs this process may use (all of them when it has fewer)."""
    allowed = sorted(os.sched_getaffinity(0))
    chosen = allowed[:threads]
    if len(chosen) < len(allowed):
        os.sched_setaffinity(0, chosen)
    return chosen


def _measure(
    impl: Any, variant: spec.Variant, workload: str, size: spec.Size, perturb: bool
) -> dict[str, Any]:
    values = spec.weights(workload, size)
    if perturb:
        values = spec.perturbed(values, PERTURB_FACTOR)
    x, y = spec.batches(workload, size)
    total = 1 + size.warmup_steps + size.timed_steps
    ends: list[float] = []
    cpu_ends: list[float] = []
    losses: list[float] = []

    def record(loss: float) -> None:
        ends.append(time.perf_counter())
        cpu_ends.append(time.process_time())
        losses.append(loss)

    start = time.perf_counter()
    trainer = impl.build(workload, size, values, x, y, variant.options)
    trainer.train(total, record)
    if len(ends) != total:
        raise RuntimeError(f"{variant.id}/{workload}: {len(ends)} steps ran, {total} expected")
    steps = [later - earlier for earlier, later in itertools.pairwise(ends)]
    cpu_steps = [later - earlier for earlier, later in itertools.pairwise(cpu_ends)]
    return {
        "workload": workload,
        "parameters": int(trainer.parameters),
        "expected_parameters": spec.parameter_count(workload, size),
        "first_step_s": ends[0] - start,
        "step_s": steps[size.warmup_steps :],
        "step_cpu_s": cpu_steps[size.warmup_steps :],
        "first_loss": losses[0],
        "final_loss": trainer.loss_on(0),
        "settings": dict(getattr(trainer, "settings", {})),
    }


def main(variant_id: str, workloads: list[str], size_name: str, threads: int, out: Path) -> int:
    variant = next(v for v in spec.VARIANTS if v.id == variant_id)
    size = spec.SIZES[size_name]
    cpus = _narrow_affinity(threads)
    perturb = os.environ.get(PERTURB_VARIABLE) == variant.id
    before = time.perf_counter()
    impl = importlib.import_module(f"bench_frameworks.{variant.module}")
    import_s = time.perf_counter() - before
    threads_set = impl.configure(threads)
    kind, name = impl.device()
    measured = [_measure(impl, variant, w, size, perturb) for w in workloads]
    peak_device = impl.peak_device_memory()
    report = {
        "variant": variant.id,
        "version": impl.version(),
        "import_s": import_s,
        "threads": threads,
        "cpus": cpus,
        "threads_set": threads_set,
        "device": kind,
        "device_name": name,
        # Linux reports the peak resident set size in KiB
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_device_mib": None if peak_device is None else peak_device / 2**20,
        "perturbed": perturb,
        "results": measured,
    }
    out.write_text(json.dumps(report), encoding="utf-8")
    return 0
