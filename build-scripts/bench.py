#!/usr/bin/env python3
"""Benchmarks for mlguide. Each prints a table of medians; none of them is a test.

    python build-scripts/bench.py load        # import mlguide + load() vs bare python
    python build-scripts/bench.py extension   # compare directive on 1x, 4x, 16x synthetic data
    python build-scripts/bench.py guide       # HTML build: cold, and after editing one page
    python build-scripts/bench.py pdf         # our PDF builder vs sphinx-simplepdf
    python build-scripts/bench.py pdf-scale   # PDF time and peak memory on 1x, 4x, 16x data
    python build-scripts/bench.py all         # every benchmark

Run it through tox (``tox run -e bench -- all``): that environment also has sphinx-simplepdf,
which nothing else installs.

Figures are medians of repeated runs measured side by side (interleaved) in one run, because
the machines are noisy; compare ratios, not absolute times, across machines.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    BENCHES[func.__name__.removeprefix("bench_").replace("_", "-")] = func
    return func


def time_commands(
    commands: dict[str, Sequence[str]],
    runs: int,
    env: dict[str, str] | None = None,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, list[float]]:
    """Run each command ``runs`` times, interleaved, and return wall times in seconds.

    ``envs`` gives a command its own environment (by name); the others get ``env``.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            run_env = (envs or {}).get(name, env)
            subprocess.run(cmd, check=True, env=run_env, stdout=subprocess.DEVNULL)
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
    """`import mlguide; mlguide.load()` against `python -c pass` (target: at most +150 ms).

    Measured as an installed wheel runs: with bytecode compiled (pip compiles it at install;
    ``PYTHONDONTWRITEBYTECODE``, which tox sets, would make every run compile every module).
    ``--against DIR`` adds the same command run from another checkout of mlguide (for example
    an older commit in a git worktree), interleaved with the others.
    """
    py = sys.executable
    code = "import mlguide; mlguide.load()"
    trees = {"this checkout": ROOT}
    if args.against:
        trees[f"checkout {args.against.name}"] = args.against.resolve()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for tree in trees.values():
        subprocess.run([py, "-m", "compileall", "-q", str(tree / "mlguide")], check=True, env=env)
    with tempfile.TemporaryDirectory() as cache:
        commands: dict[str, Sequence[str]] = {"python -c pass": [py, "-c", "pass"]}
        envs: dict[str, dict[str, str]] = {"python -c pass": env}
        for label, tree in trees.items():
            # the checkout first on sys.path, ahead of whatever mlguide is installed
            tree_env = {**env, "PYTHONPATH": str(tree), "MLGUIDE_CACHE_DIR": f"{cache}/{label}"}
            subprocess.run([py, "-c", code], check=True, env=tree_env)  # warm the cache
            for name, extra in (("cache warm", {}), ("MLGUIDE_CACHE=0", {"MLGUIDE_CACHE": "0"})):
                key = f"{label}: {code} ({name})"
                commands[key] = [py, "-c", code]
                envs[key] = {**tree_env, **extra}
        times = time_commands(commands, args.runs, envs=envs)
    base = statistics.median(times["python -c pass"])
    rows = []
    for name, values in times.items():
        med = statistics.median(values)
        rows.append((name, f"{med * 1000:.0f} ms", f"{(med - base) * 1000:+.0f} ms"))
    print(f"load: {args.runs} runs of each command, interleaved, medians")
    table(rows, ("command", "median", "above bare python"))


def sphinx(
    args: list[str], env: dict[str, str] | None = None, quiet: bool = True
) -> subprocess.CompletedProcess[str]:
    """One sphinx-build run in a subprocess (quiet), failing loudly."""
    env = dict(env or os.environ)
    # sphinx-simplepdf runs the `weasyprint` command, which lives beside this interpreter
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *(["-q"] if quiet else []), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if result.returncode:
        raise SystemExit(f"sphinx-build {' '.join(args)} failed:\n{result.stderr}")
    return result


@bench
def bench_extension(args: argparse.Namespace) -> None:
    """The compare directive on synthetic data 1x, 4x and 16x the real dataset (linear?)."""
    sys.path.insert(0, str(ROOT))
    import mlguide
    from tests.synthetic import write_synthetic

    frameworks = len(mlguide.load().frameworks)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        projects = {}
        for factor in (0, 1, 4, 16):
            project = base / f"x{factor}"
            project.mkdir()
            data = write_synthetic(max(factor, 1), project / "data")
            body = "```{mlguide:compare}\n```\n" if factor else "Nothing to render.\n"
            (project / "index.md").write_text(f"# Synthetic {factor}x\n\n{body}")
            (project / "conf.py").write_text(
                'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
                f'project = "bench"\nmlguide_package_data = False\nmlguide_data_dirs = ["{data}"]\n'
            )
            projects[factor] = project
        times: dict[int, list[float]] = {f: [] for f in projects}
        for _ in range(args.builds):
            for factor, project in projects.items():
                out = project / "_build"
                started = time.perf_counter()
                sphinx(["-E", "-b", "html", str(project), str(out)])
                times[factor].append(time.perf_counter() - started)
        baseline = statistics.median(times[0])
        first = None
        for factor in (1, 4, 16):
            med = statistics.median(times[factor])
            panels = 13 * factor * frameworks
            per_panel = (med - baseline) / panels
            first = first or per_panel
            rows.append(
                (
                    f"{factor}x",
                    str(panels),
                    f"{med:.2f} s",
                    f"{(med - baseline):.2f} s",
                    f"{per_panel * 1000:.2f} ms",
                    f"{per_panel / first:.2f}",
                )
            )
    print(
        f"extension: compare directive, {args.builds} fresh builds each, medians; "
        f"an empty project builds in {baseline:.2f} s"
    )
    table(rows, ("data", "panels", "build", "above empty", "per panel", "per panel vs 1x"))


@bench
def bench_guide(args: argparse.Namespace) -> None:
    """The guide's HTML: a cold build, and a rebuild after editing one page."""
    cold, warm = [], []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "source"
        shutil.copytree(ROOT / "source", src)
        out = Path(tmp) / "html"
        page = src / "about.md"
        for run in range(args.builds):
            shutil.rmtree(out, ignore_errors=True)
            started = time.perf_counter()
            sphinx(["-c", str(ROOT / "conf"), "-b", "html", str(src), str(out)])
            cold.append(time.perf_counter() - started)
            page.write_text(page.read_text() + f"\nEdited for run {run}.\n")
            started = time.perf_counter()
            sphinx(["-c", str(ROOT / "conf"), "-b", "html", str(src), str(out)])
            warm.append(time.perf_counter() - started)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"guide: HTML build, {args.builds} runs each, medians")
    table(
        [
            ("cold (empty output)", f"{c:.2f} s", "1.00"),
            ("after editing one page", f"{w:.2f} s", f"{w / c:.2f}"),
        ],
        ("build", "median", "vs cold"),
    )


@bench
def bench_pdf(args: argparse.Namespace) -> None:
    """Our PDF builder against sphinx-simplepdf on the same sources; WeasyPrint's share."""
    import re

    import pypdf

    ours: list[float] = []
    theirs: list[float] = []
    inside: list[float] = []
    pages = size = their_pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.builds):
            out = Path(tmp) / f"ours-{run}"
            started = time.perf_counter()
            result = sphinx(
                [
                    "-E",
                    "-c",
                    str(ROOT / "conf"),
                    "-b",
                    "mlguide-pdf",
                    str(ROOT / "source"),
                    str(out),
                ],
                quiet=False,  # the builder's timing line is an info message
            )
            ours.append(time.perf_counter() - started)
            line = re.search(r"render ([\d.]+) s, write ([\d.]+) s", result.stdout + result.stderr)
            pdf = next(out.glob("*.pdf"))
            pages, size = len(pypdf.PdfReader(pdf).pages), pdf.stat().st_size
            if line:
                inside.append(float(line.group(1)) + float(line.group(2)))
            other = Path(tmp) / f"simplepdf-{run}"
            started = time.perf_counter()
            sphinx(
                [
                    "-E",
                    "-c",
                    str(ROOT / "conf"),
                    "-b",
                    "simplepdf",
                    "-D",
                    "extensions=myst_parser,sphinx_design,sphinx_copybutton,"
                    "sphinx.ext.autodoc,mlguide.sphinxext,sphinx_simplepdf",
                    str(ROOT / "source"),
                    str(other),
                ]
            )
            theirs.append(time.perf_counter() - started)
            their_pdf = next(other.rglob("*.pdf"))
            their_pages = len(pypdf.PdfReader(their_pdf).pages)
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"pdf: the guide, {args.builds} fresh builds each (interleaved), medians")
    table(
        [
            (
                "mlguide-pdf (ours)",
                f"{o:.1f} s",
                f"{o / t:.2f}",
                str(pages),
                f"{size / 1e6:.2f} MB",
            ),
            ("sphinx-simplepdf", f"{t:.1f} s", "1.00", str(their_pages), ""),
        ],
        ("builder", "median", "vs simplepdf", "pages", "size"),
    )
    if inside:
        share = statistics.median(inside) / o
        print(
            f"time inside WeasyPrint (render + write): {statistics.median(inside):.1f} s, "
            f"{share:.0%} of our build\n"
        )


@bench
def bench_pdf_scale(args: argparse.Namespace) -> None:
    """The PDF builder on synthetic data 1x, 4x and 16x the real dataset: time and peak
    memory per page (target: at 16x within 1.5x of 1x)."""
    sys.path.insert(0, str(ROOT))
    import pypdf

    from tests.synthetic import write_synthetic

    # the child's own peak resident set, reported by a parent that runs only it
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    rows = []
    first: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 4, 16):
            project = Path(tmp) / f"x{factor}"
            project.mkdir()
            data = write_synthetic(factor, project / "data")
            body = "```{mlguide:matrix}\n```\n\n```{mlguide:compare}\n```\n"
            (project / "index.md").write_text(f"# Synthetic {factor}x\n\n{body}")
            (project / "conf.py").write_text(
                'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
                f'project = "bench"\nmlguide_package_data = False\nmlguide_data_dirs = ["{data}"]\n'
            )
            times, peaks = [], []
            for _ in range(args.builds):
                out = project / "_build"
                shutil.rmtree(out, ignore_errors=True)
                started = time.perf_counter()
                command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "mlguide-pdf"]
                result = subprocess.run(
                    [sys.executable, "-c", probe, *command, str(project), str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                times.append(time.perf_counter() - started)
                peaks.append(int(result.stdout.split()[-1]) / 1024)  # KiB -> MiB
            pages = len(pypdf.PdfReader(next(out.glob("*.pdf"))).pages)
            med_time, med_peak = statistics.median(times), statistics.median(peaks)
            per_page = (med_time / pages, med_peak / pages)
            first = first or per_page
            rows.append(
                (
                    f"{factor}x",
                    str(pages),
                    f"{med_time:.1f} s",
                    f"{med_peak:.0f} MiB",
                    f"{per_page[0] * 1000:.0f} ms",
                    f"{per_page[0] / first[0]:.2f}",
                    f"{per_page[1]:.2f} MiB",
                    f"{per_page[1] / first[1]:.2f}",
                )
            )
            # each factor as it completes (a 16x build takes long on a busy machine)
            print("pdf-scale:", "  ".join(rows[-1]), flush=True)
    print(f"pdf-scale: matrix + compare on synthetic data, {args.builds} builds each, medians")
    table(
        rows,
        ("data", "pages", "build", "peak RSS", "time/page", "vs 1x", "RSS/page", "vs 1x"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "which", nargs="*", default=["all"], help=f"benchmarks: {', '.join(BENCHES)} or all"
    )
    parser.add_argument("--runs", type=int, default=21, help="repetitions of quick commands")
    parser.add_argument("--builds", type=int, default=3, help="repetitions of whole builds")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="load: also time the mlguide of another checkout (e.g. a worktree of an old commit)",
    )
    args = parser.parse_args()
    names = list(BENCHES) if "all" in args.which else args.which
    for name in names:
        BENCHES[name](args)


if __name__ == "__main__":
    main()
