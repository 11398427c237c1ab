"""The parent process: trials of every variant on every workload, each in a fresh process,
interleaved; the checks that prove the models are the same; the results file.

Each trial runs every variant once, in the listed order rotated by the trial's number (trial 2
starts with the second variant), so that a slow spell of a shared machine does not fall on one
framework. After the first trial the harness checks, per workload, that every variant built
a model with the workload's parameter count and that the first losses agree within
:data:`mlguide.model_measurements.LOSS_TOLERANCE`; it stops there (exit status 1) when they do
not. The results file is then validated by mlguide's own loader before it is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_frameworks import conditions, spec, toml_out

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "build-scripts" / "bench-frameworks"
PACKAGE_DATA = ROOT / "mlguide" / "data"
DEFAULT_OUTPUT = ROOT / "build" / "bench-frameworks"
#: Trials of a reference run (``--reference``).
REFERENCE_TRIALS = 5


class HarnessError(Exception):
    """The run cannot go on: one line saying why (exit status 1)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench-frameworks",
        description=(
            "Train the same small models in TensorFlow, PyTorch, JAX and Keras 3 (each way "
            "of running them in its own process, interleaved over trials) and write the "
            "figures to a results file that mlguide loads."
        ),
    )
    parser.add_argument(
        "--reference",
        action="store_true",
        help=(
            "the guide's reference run: reference sizes, "
            f"{REFERENCE_TRIALS} trials, written into mlguide/data/measurements/"
        ),
    )
    parser.add_argument("--size", choices=sorted(spec.SIZES), default="reference")
    parser.add_argument("--trials", type=int, default=3, help="trials (default: %(default)s)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="CPU threads per framework (default: %(default)s)",
    )
    parser.add_argument(
        "--variants", help="comma-separated variant ids (default: all): " + _ids(spec.VARIANTS)
    )
    parser.add_argument(
        "--workloads", help="comma-separated workload ids (default: all): " + _ids(spec.WORKLOADS)
    )
    parser.add_argument(
        "--isolate",
        choices=("workload", "variant"),
        default="workload",
        help=(
            "a fresh process for each workload of each variant (default), or one per variant "
            "for all its workloads (faster; later workloads find the framework warm)"
        ),
    )
    parser.add_argument(
        "--output",
        type=Path,
        help=(
            "data directory to write measurements/<id>.toml into "
            f"(default: {DEFAULT_OUTPUT.relative_to(ROOT)}; with --reference: mlguide/data)"
        ),
    )
    parser.add_argument(
        "--id",
        help=(
            "the run's id (default: reference-<device> with --reference, local-<device> for "
            "another run at the reference size, <size>-<device> otherwise)"
        ),
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds one process may take (default: %(default)s)",
    )
    return parser


def _ids(items: Sequence[Any]) -> str:
    return ", ".join(item.id for item in items)


def _chosen(given: str | None, items: Sequence[Any], kind: str) -> list[Any]:
    if not given:
        return list(items)
    known = {item.id: item for item in items}
    chosen = []
    for part in (p.strip() for p in given.split(",")):
        if part not in known:
            raise HarnessError(f"unknown {kind} {part!r} (choose from {_ids(items)})")
        if known[part] not in chosen:
            chosen.append(known[part])
    return chosen


def schedule(
    variants: Sequence[spec.Variant],
    workloads: Sequence[spec.Workload],
    trials: int,
    isolate: str,
) -> list[tuple[int, spec.Variant, list[str]]]:
    """Every process of the run, in order: ``(trial, variant, workload ids)``. Trial ``t``
    rotates the variants (and the workloads) by ``t``."""
    out = []
    for trial in range(trials):
        shift_v, shift_w = trial % len(variants), trial % len(workloads)
        order = list(variants[shift_v:]) + list(variants[:shift_v])
        ids = [w.id for w in workloads]
        ids = ids[shift_w:] + ids[:shift_w]
        for variant in order:
            if isolate == "variant":
                out.append((trial, variant, ids))
            else:
                out += [(trial, variant, [w]) for w in ids]
    return out


def _environment(variant: spec.Variant, threads: int, cache: Path) -> dict[str, str]:
    """The child's environment: the Keras backend, thread counts for every library that reads
    one, quiet TensorFlow logs, and empty compiler and configuration folders (a first step
    compiles from scratch in every trial; Keras runs with its defaults)."""
    env = dict(os.environ)
    for name in ("JAX_COMPILATION_CACHE_DIR", "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"):
        env.pop(name, None)
    env.update(thread_environment(threads))
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(SCRIPT.parent), env.get("PYTHONPATH", "")]),
            "PYTHONHASHSEED": "0",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "TORCHINDUCTOR_CACHE_DIR": str(cache / "inductor"),
            # Keras's defaults, not a keras.json of the user's (its image data format)
            "KERAS_HOME": str(cache / "keras"),
            "TRITON_CACHE_DIR": str(cache / "triton"),
        }
    )
    backend = variant.options.get("backend")
    if backend:
        env["KERAS_BACKEND"] = backend
    return env


def thread_environment(threads: int) -> dict[str, str]:
    """Environment variables that set thread counts (recorded with the run)."""
    env = {
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "OPENBLAS_NUM_THREADS": str(threads),
        "TF_NUM_INTRAOP_THREADS": str(threads),
        "TF_NUM_INTEROP_THREADS": "1",
    }
    if threads == 1:
        # XLA's CPU backend (JAX, TensorFlow XLA): no Eigen thread pool for one thread
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false"
    return env


def _run_child(
    variant: spec.Variant, workloads: list[str], size: str, threads: int, timeout: float
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-frameworks-") as tmp:
        out = Path(tmp) / "report.json"
        command = [
            sys.executable,
            str(SCRIPT),
            "_child",
            variant.id,
            ",".join(workloads),
            size,
            str(threads),
            str(out),
        ]
        try:
            done = subprocess.run(
                command,
                env=_environment(variant, threads, Path(tmp)),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise HarnessError(
                f"{variant.id} on {', '.join(workloads)} took over {timeout:g} s (--timeout)"
            ) from None
        if done.returncode != 0 or not out.exists():
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise HarnessError(
                f"{variant.id} on {', '.join(workloads)} failed (exit status "
                f"{done.returncode}):\n{tail}"
            )
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return report


def _check_trial(reports: list[dict[str, Any]], tolerance: float) -> None:
    """Same parameter count as the workload everywhere, and first losses in agreement."""
    from mlguide.model_measurements import loss_disagreement

    losses: dict[str, dict[str, float]] = {}
    for report in reports:
        for result in report["results"]:
            if result["parameters"] != result["expected_parameters"]:
                raise HarnessError(
                    f"{report['variant']} built {result['workload']} with "
                    f"{result['parameters']:,} parameters; the workload has "
                    f"{result['expected_parameters']:,}"
                )
            losses.setdefault(result["workload"], {})[report["variant"]] = result["first_loss"]
    for workload, by_variant in losses.items():
        problem = loss_disagreement(by_variant, tolerance)
        if problem:
            raise HarnessError(f"{workload}: {problem[1]}; nothing written")
    devices = {(r["device"], r["device_name"]) for r in reports}
    if len(devices) > 1:
        found = ", ".join(f"{r['variant']} on {r['device']}" for r in reports)
        raise HarnessError(
            f"the variants ran on different devices ({found}); a run compares them on one "
            "(set CUDA_VISIBLE_DEVICES= for a CPU run)"
        )


def _document(
    args: argparse.Namespace,
    run_id: str,
    variants: list[spec.Variant],
    workloads: list[spec.Workload],
    reports: list[tuple[int, dict[str, Any]]],
    started: float,
    load_start: tuple[float, float, float],
    argv: Sequence[str],
) -> dict[str, Any]:
    """The results file's content, from every child's report."""
    from mlguide.model_measurements import LOSS_TOLERANCE

    size = spec.SIZES[args.size]
    first = reports[0][1]
    device = first["device"]
    threads_set: dict[str, str] = dict(thread_environment(args.threads))
    settings: dict[str, dict[str, str]] = {}
    for _, report in reports:
        threads_set.update(report["threads_set"])
        for result in report["results"]:
            settings.setdefault(report["variant"], {}).update(result["settings"])
    figures: dict[tuple[str, str], dict[str, list[float]]] = {}
    for _, report in sorted(reports, key=lambda item: item[0]):
        memory = report["peak_device_mib"] if device == "gpu" else report["peak_rss_mib"]
        for result in report["results"]:
            entry = figures.setdefault((result["workload"], report["variant"]), {})
            for key, value in (
                ("step_s", round(statistics.median(result["step_s"]), 7)),
                ("step_cpu_s", round(statistics.median(result["step_cpu_s"]), 7)),
                ("first_step_s", round(result["first_step_s"], 4)),
                ("import_s", round(report["import_s"], 4)),
                ("peak_memory_mib", round(memory, 1)),
                ("first_loss", result["first_loss"]),
                ("final_loss", result["final_loss"]),
            ):
                entry.setdefault(key, []).append(float(value))
    isolation = "each workload of each variant" if args.isolate == "workload" else "each variant"
    return {
        "run": {
            "id": run_id,
            "title": f"{'Reference' if args.reference else args.size.capitalize()} run, "
            f"{device.upper()}",
            "date": dt.date.today(),
            "command": shlex.join(["build-scripts/bench-frameworks", *argv]),
            "duration_s": round(time.monotonic() - started, 1),
            "size": args.size,
            "trials": args.trials,
            "order": (
                f"interleaved: a fresh process for {isolation} in every trial; trial n runs "
                "the variants in the listed order, rotated to start n - 1 places later"
            ),
            "warmup_steps": size.warmup_steps,
            "timed_steps": size.timed_steps,
            "threads": args.threads,
            "device": device,
            "device_name": first["device_name"] or None,
            "memory": "device-peak" if device == "gpu" else "process-rss",
            "cpu": conditions.cpu_model(),
            "cpu_flags": conditions.cpu_flags(),
            "cores": os.cpu_count() or 1,
            "memory_gib": conditions.memory_gib(),
            "os": conditions.operating_system(),
            "python": sys.version.split()[0],
            "load_start": [round(x, 2) for x in load_start],
            "load_end": [round(x, 2) for x in os.getloadavg()],
            "loss_tolerance": LOSS_TOLERANCE,
            "settings": dict(sorted(threads_set.items())),
            "versions": conditions.versions(),
        },
        "workloads": [
            {
                "id": w.id,
                "title": w.title(size),
                "model": w.model(size),
                "data": w.data(size),
                "parameters": spec.parameter_count(w.id, size),
                "batch": w.dims(size)["batch"],
                "dtype": "float32",
                "optimizer": "SGD",
                "learning_rate": spec.LEARNING_RATE,
            }
            for w in workloads
        ],
        "variants": [
            {
                "id": v.id,
                "framework": v.framework,
                "label": v.label,
                "how": v.how,
                **({"settings": settings[v.id]} if settings.get(v.id) else {}),
            }
            for v in variants
        ],
        "results": [
            {"workload": w.id, "variant": v.id, **figures[(w.id, v.id)]}
            for w in workloads
            for v in variants
        ],
    }


def _write(document: dict[str, Any], output: Path, run_id: str) -> tuple[Path, Any]:
    """Write the run into ``output``/measurements/ once mlguide's loader, which validates it
    like every data file, has loaded it beside the package's data. The package's own runs are
    left out of that check: a run recorded before a change to the results' format must not
    stop the run that replaces it."""
    import shutil

    import mlguide
    from mlguide.errors import MlguideError

    text = toml_out.dumps(
        document,
        comment=[
            "Written by build-scripts/bench-frameworks: a recorded run of the framework",
            "benchmark, with its conditions. Do not edit by hand; rerun the command below.",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="bench-frameworks-check-") as tmp:
        check = Path(tmp) / "data"
        shutil.copytree(
            PACKAGE_DATA, check, ignore=shutil.ignore_patterns("measurements", "__pycache__")
        )
        (check / "measurements").mkdir()
        (check / "measurements" / f"{run_id}.toml").write_text(text, encoding="utf-8")
        try:
            run = mlguide.load_uncached([check], package_data=False).measurement(run_id)
        except MlguideError as exc:
            raise HarnessError(f"the results do not load: {exc}") from None
    folder = output / "measurements"
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / f".{run_id}.toml.new"
    staged.write_text(text, encoding="utf-8")
    target = folder / f"{run_id}.toml"
    staged.replace(target)
    return target, run


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        return _main(args, argv)
    except HarnessError as exc:
        print(f"bench-frameworks: {exc}", file=sys.stderr)
        return 1


def _main(args: argparse.Namespace, argv: Sequence[str]) -> int:
    if args.reference:
        args.size, args.trials = "reference", REFERENCE_TRIALS
        args.output = args.output or PACKAGE_DATA
    if args.trials < 1 or args.threads < 1:
        raise HarnessError("--trials and --threads need at least 1")
    variants = _chosen(args.variants, spec.VARIANTS, "variant")
    workloads = _chosen(args.workloads, spec.WORKLOADS, "workload")
    output = args.output or DEFAULT_OUTPUT
    load_start = os.getloadavg()
    started = time.monotonic()
    print(
        f"bench-frameworks: {len(variants)} variants x {len(workloads)} workloads x "
        f"{args.trials} trials, size {args.size}, {args.threads} thread(s); "
        f"load average {load_start[0]:.2f}",
        file=sys.stderr,
    )
    from mlguide.model_measurements import LOSS_TOLERANCE

    plan = schedule(variants, workloads, args.trials, args.isolate)
    reports: list[tuple[int, dict[str, Any]]] = []
    for number, (trial, variant, ids) in enumerate(plan, 1):
        report = _run_child(variant, ids, args.size, args.threads, args.timeout)
        reports.append((trial, report))
        for result in report["results"]:
            print(
                f"  [{number}/{len(plan)}] trial {trial + 1} {variant.id} {result['workload']}: "
                f"first step {result['first_step_s']:.2f} s, step "
                f"{statistics.median(result['step_s']) * 1000:.3f} ms",
                file=sys.stderr,
            )
        if number == len(plan) or plan[number][0] != trial:
            _check_trial([r for t, r in reports if t == trial], LOSS_TOLERANCE)
    device = reports[0][1]["device"]
    # the guide's run is reference-<device>; another run at its sizes must not take its id
    default_id = (
        f"reference-{device}"
        if args.reference
        else f"local-{device}"
        if args.size == "reference"
        else f"{args.size}-{device}"
    )
    run_id = args.id or default_id
    document = _document(args, run_id, variants, workloads, reports, started, load_start, argv)
    target, run = _write(document, output, run_id)
    print(
        f"bench-frameworks: wrote {target} in {document['run']['duration_s']:.0f} s",
        file=sys.stderr,
    )
    from mlguide.measurements import run_to_text

    print(run_to_text(run), end="")
    return 0


def child_main(argv: Sequence[str]) -> int:
    """The child's entry: ``_child VARIANT WORKLOADS SIZE THREADS OUT``."""
    from bench_frameworks import child

    variant, workloads, size, threads, out = argv
    return child.main(variant, workloads.split(","), size, int(threads), Path(out))
