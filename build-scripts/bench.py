#!/usr/bin/env python3
"""Benchmarks for mlguide. Each prints a table of medians; none of them is a test.

    python build-scripts/bench.py load        # import mlguide + load() vs bare python
    python build-scripts/bench.py all         # every benchmark

Figures are medians of repeated runs measured side by side (interleaved) in one run, because
the machines are noisy; compare ratios, not absolute times, across machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES: dict[str, Callable[[argparse.Namespace], None]] = {}


def bench(func: Callable[[argparse.Namespace], None]) -> Callable[[argparse.Namespace], None]:
    BENCHES[func.__name__.removeprefix("bench_")] = func
    return func


def time_commands(
    commands: dict[str, Sequence[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, list[float]]:
    """Run each command ``runs`` times, interleaved, and return wall times in seconds."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return times


def table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> None:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print()


@bench
def bench_load(args: argparse.Namespace) -> None:
    """`import mlguide; mlguide.load()` against `python -c pass` (target: at most +150 ms)."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MLGUIDE_CACHE_DIR": cache}
        subprocess.run([py, "-c", "import mlguide; mlguide.load()"], check=True, env=env)  # warm
        times = time_commands(
            {
                "python -c pass": [py, "-c", "pass"],
                "import mlguide; load() (cache warm)": [py, "-c", "import mlguide; mlguide.load()"],
                "import mlguide; load() (MLGUIDE_CACHE=0)": [
                    py,
                    "-c",
                    "import mlguide; mlguide.load()",
                ],
            },
            args.runs,
            env=env,
        )
    # the third command must not use the cache: rerun it alone with the cache off
    times["import mlguide; load() (MLGUIDE_CACHE=0)"] = time_commands(
        {"x": [py, "-c", "import mlguide; mlguide.load()"]},
        args.runs,
        env={**os.environ, "MLGUIDE_CACHE": "0"},
    )["x"]
    base = statistics.median(times["python -c pass"])
    rows = []
    for name, values in times.items():
        med = statistics.median(values)
        rows.append((name, f"{med * 1000:.0f} ms", f"{(med - base) * 1000:+.0f} ms"))
    print(f"load: {args.runs} runs each, medians")
    table(rows, ("command", "median", "above bare python"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "which", nargs="*", default=["all"], help=f"benchmarks: {', '.join(BENCHES)} or all"
    )
    parser.add_argument("--runs", type=int, default=21, help="repetitions per command")
    args = parser.parse_args()
    names = list(BENCHES) if "all" in args.which else args.which
    for name in names:
        BENCHES[name](args)


if __name__ == "__main__":
    main()
