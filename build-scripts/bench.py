#!/usr/bin/env python3
"""Benchmarks for mlguide. Each prints a table of medians; none of them is a test.

    python build-scripts/bench.py load        # import mlguide + load() vs bare python
    python build-scripts/bench.py extension   # compare directive on 1x, 4x, 16x synthetic data
    python build-scripts/bench.py guide       # HTML build: cold, and after editing one page
    python build-scripts/bench.py pdf         # our PDF builder vs sphinx-simplepdf
    python build-scripts/bench.py pdf-scale   # PDF time and peak memory on 1x, 4x, 16x data
    python build-scripts/bench.py text-layout # PDF layout cost of long data text (limits lifted)
    python build-scripts/bench.py pathological  # every hostile input of the tests, timed
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

    import mlguide
    from tests.synthetic import write_synthetic

    # the child's own peak resident set, reported by a parent that runs only it
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    rows = []
    first: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 4, 16):
            project = Path(tmp) / f"x{factor}"
            project.mkdir()
            data = write_synthetic(factor, project / "data")
            # One chapter per copy of the aspects, each with its compare panels, so that no
            # page passes the panel limit of a page (the build would leave directives out).
            ids = [a.id for a in mlguide.load_uncached([data], package_data=False).aspects]
            per_copy = len(ids) // factor
            chapters = []
            for copy in range(factor):
                chunk = " ".join(ids[copy * per_copy : (copy + 1) * per_copy])
                (project / f"part{copy + 1}.md").write_text(
                    f"# Part {copy + 1}\n\n```{{mlguide:compare}}\n:aspects: {chunk}\n```\n"
                )
                chapters.append(f"part{copy + 1}")
            toctree = "```{toctree}\n" + "\n".join(chapters) + "\n```\n"
            (project / "index.md").write_text(
                f"# Synthetic {factor}x\n\n```{{mlguide:matrix}}\n```\n\n{toctree}"
            )
            (project / "conf.py").write_text(
                'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
                f'project = "bench"\nmlguide_package_data = False\nmlguide_data_dirs = ["{data}"]\n'
            )
            times, peaks = [], []
            for _ in range(args.builds):
                out = project / "_build"
                shutil.rmtree(out, ignore_errors=True)
                started = time.perf_counter()
                # -W: a directive left out or any other warning fails the benchmark
                command = [sys.executable, "-m", "sphinx", "-q", "-E", "-W", "-b", "mlguide-pdf"]
                result = subprocess.run(
                    [sys.executable, "-c", probe, *command, str(project), str(out)],
                    capture_output=True,
                    text=True,
                    check=False,
                    cwd=ROOT,
                )
                if result.returncode:
                    raise SystemExit(f"pdf-scale: the {factor}x build failed:\n{result.stderr}")
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
    print(
        "pdf-scale: matrix + one compare chapter per copy of the aspects, synthetic data, "
        f"{args.builds} builds each, medians"
    )
    table(
        rows,
        ("data", "pages", "build", "peak RSS", "time/page", "vs 1x", "RSS/page", "vs 1x"),
    )


# --- pathological inputs: every one bounded --------------------------------------------------

#: sphinx-build with the loader's text limits lifted, to measure what the limits keep out.
_UNLIMITED_SPHINX = (
    "import re, sys\n"
    "import mlguide.integrity as rules\n"
    "rules.MAX_TEXT_CHARS = rules.MAX_RUN_CHARS = 10**9\n"
    "rules._RUN = re.compile('(?!)')\n"
    "from sphinx.cmd.build import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


def _text_project(base: Path, text: str, data: Path, snippet: str | None = None) -> Path:
    """A project whose page shows one aspect side by side, PyTorch's details being ``text``
    (a copy of ``data``), and with ``snippet``, the first example with PyTorch's snippet
    being ``snippet``."""
    copy = base / "data"
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("__pycache__"))
    page = "# Cost\n\n```{mlguide:aspect} deployment\n```\n"
    if snippet is not None:
        (copy / "examples" / "tensors-autodiff" / "pytorch.py").write_text(snippet, "utf-8")
        page += "\n```{mlguide:examples}\n:examples: tensors-autodiff\n```\n"
    path = copy / "frameworks" / "pytorch.toml"
    toml = path.read_text(encoding="utf-8")
    start = toml.index('details = """', toml.index("[positions.deployment]"))
    end = toml.index('"""', start + len('details = """')) + 3
    path.write_text(toml[:start] + f'details = "{text}"' + toml[end:], encoding="utf-8")
    src = base / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        'project = "cost"\nmlguide_package_data = False\n'
        f"mlguide_data_dirs = [{str(copy)!r}]\nmlguide_pdf_filename = 'cost.pdf'\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(page, encoding="utf-8")
    return src


def _pdf_seconds(text: str, *, unlimited: bool = False, snippet: str | None = None) -> float:
    """Wall time of a PDF build of :func:`_text_project` over the package's data."""
    with tempfile.TemporaryDirectory() as tmp:
        src = _text_project(Path(tmp), text, ROOT / "mlguide" / "data", snippet)
        code = _UNLIMITED_SPHINX if unlimited else "from sphinx.cmd.build import main; main()"
        env = {**os.environ, "MLGUIDE_CACHE": "0"}  # a guide outside the limits is never cached
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", code, "-q", "-b", "mlguide-pdf", str(src), f"{tmp}/out"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=ROOT,
        )
        if result.returncode:
            raise SystemExit(f"PDF build failed:\n{result.stderr}")
        return time.perf_counter() - start


#: Texts of a position's details, by name: (what it is, the text for ``n`` characters).
TEXTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "words": ("ordinary words", lambda n: ("word " * (n // 5 + 1))[: n - 1] + "x"),
    "one run": ("one run without a space", lambda n: "x" * n),
    "runs of 29": ("runs of 29 letters", lambda n: ("x" * 29 + " ") * (n // 30)),
    "runs of 999": ("runs of 999 letters", lambda n: ("x" * 999 + " ") * (n // 1000)),
}


@bench
def bench_text_layout(args: argparse.Namespace) -> None:
    """Where WeasyPrint's layout of data text turns super-linear (the loader's limits lifted
    for the measurement): PDF build time of one aspect side by side for the four frameworks,
    PyTorch's details replaced by each kind of text at each length, minus the build without
    it. What the text limits of mlguide.integrity are set from."""
    sizes = [int(n) for n in args.sizes.split(",")]
    base = statistics.median(_pdf_seconds("x", unlimited=True) for _ in range(args.builds))
    rows = []
    for what, make in TEXTS.values():
        for n in sizes:
            times = [_pdf_seconds(make(n), unlimited=True) for _ in range(args.builds)]
            rows.append((what, f"{n:,}", f"{statistics.median(times):.2f} s",
                         f"{statistics.median(times) - base:+.2f} s"))  # fmt: skip
    print(f"text-layout: PDF builds, {args.builds} of each, medians; without the text {base:.2f} s")
    table(rows, ("text", "characters", "build", "added"))


def _timed(func: Callable[[], object]) -> tuple[float, str]:
    """Seconds ``func`` takes and what it gave (or raised), in words."""
    start = time.perf_counter()
    try:
        outcome = str(func())
    except Exception as exc:  # the outcome is part of the report
        outcome = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - start, outcome


@bench
def bench_pathological(args: argparse.Namespace) -> None:
    """Each pathological input of the hostile-input tests, timed: every one must end in a
    few seconds (a result or a located refusal), none hang."""
    sys.path.insert(0, str(ROOT))
    import zlib

    import mlguide
    from mlguide.integrity import (
        LONG_WORD_CHARS,
        MAX_CODE_CHARS,
        MAX_CODE_LINE_CHARS,
        MAX_LONG_WORD_CHARS,
        MAX_PARAGRAPH_CHARS,
        MAX_TEXT_CHARS,
    )
    from mlguide.sphinxext.downloads import pdf_page_count
    from mlguide.sphinxext.drawing.graph import GraphEdge, GraphNode, layout_graph
    from mlguide.sphinxext.drawing.measure import PRINT, wrap

    minimal = ROOT / "tests" / "fixtures" / "minimal-data"

    def chain(count: int) -> str:
        nodes = [GraphNode(id=f"n{i}", name=f"Project {i}") for i in range(count)]
        edges = [GraphEdge(f"n{i}", f"n{i + 1}", "became") for i in range(count - 1)]
        return f"{layout_graph(nodes, edges).width:.0f} px wide"

    def refused(make: Callable[[Path], None]) -> Callable[[], object]:
        def run() -> object:
            # in memory where there is /dev/shm (deep folders are slow on disk); removed with
            # rm, which does not recurse as shutil.rmtree does
            shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
            tmp = Path(tempfile.mkdtemp(dir=shm))
            try:
                data = tmp / "data"
                shutil.copytree(minimal, data)
                make(data)
                return len(mlguide.load_uncached([data], package_data=False).frameworks)
            finally:
                subprocess.run(["rm", "-rf", str(tmp)], check=True)

        return run

    def long_details(data: Path) -> None:
        path = data / "frameworks" / "pytorch.toml"
        text = path.read_text(encoding="utf-8")
        start = text.index('details = """', text.index("[positions.deployment]"))
        end = text.index('"""', start + len('details = """')) + 3
        path.write_text(text[:start] + f'details = "{"[" * 100_000}"' + text[end:])

    def nested(data: Path) -> None:
        fds = [os.open(data, os.O_RDONLY | os.O_DIRECTORY)]
        for _ in range(1500):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
        for fd in fds:
            os.close(fd)

    def bomb() -> object:
        packer = zlib.compressobj(9)
        block = bytes(2**20)
        body = b"".join(packer.compress(block) for _ in range(200)) + packer.flush()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bomb.pdf"
            path.write_bytes(
                b"%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode >>\n"
                b"stream\n" + body + b"\nendstream\nendobj\n"
            )
            return pdf_page_count(path)

    def timeline_title() -> object:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "src"
            src.mkdir()
            (src / "conf.py").write_text(
                'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n', "utf-8"
            )
            (src / "index.md").write_text(
                "# T\n\n```{mlguide:timeline}\n:frameworks: pytorch\n:title: "
                + "T" * 20_000
                + "\n```\n",
                encoding="utf-8",
            )
            sphinx(["-b", "html", str(src), f"{tmp}/out"])
            return "built"

    cases: list[tuple[str, Callable[[], object]]] = [
        ("wrap a 12,000-character word", lambda: len(wrap("x" * 12_000, 90, 12, True, PRINT))),
        ("wrap a character wider than its line", lambda: wrap("W", 3, 12)),
        ("lineage chain of 14 projects", lambda: chain(14)),
        ("lineage chain of 2,000 projects", lambda: chain(2000)),
        ('details = "[" * 100000 (load)', refused(long_details)),
        ("1,500 nested folders (load)", refused(nested)),
        ("PDF whose object stream inflates to 200 MB", bomb),
        ("timeline :title: of 20,000 characters (HTML build)", timeline_title),
    ]
    rows = []
    for name, func in cases:
        runs = [_timed(func) for _ in range(args.builds)]
        outcome = runs[0][1]
        outcome = outcome if len(outcome) <= 70 else outcome[:50] + " … " + outcome[-17:]
        rows.append((name, f"{statistics.median(t for t, _ in runs):.3f} s", outcome))
    # whole builds at the limits: the worst text a field may hold, and the largest snippet
    base = statistics.median(_pdf_seconds("x", unlimited=False) for _ in range(args.builds))
    long_words = " ".join(["w" * (LONG_WORD_CHARS + 1)] * (MAX_LONG_WORD_CHARS // 25))
    at_limit = long_words + " " + TEXTS["words"][1](MAX_PARAGRAPH_CHARS - len(long_words) - 1)
    paragraphs = MAX_TEXT_CHARS // MAX_PARAGRAPH_CHARS
    # written into a TOML basic string: "\\n" is a newline there
    in_paragraphs = "\\n\\n".join(
        [TEXTS["words"][1](MAX_PARAGRAPH_CHARS - 2)] * (paragraphs - 1)
        + [TEXTS["words"][1](MAX_PARAGRAPH_CHARS)]
    )
    for name, text in (
        (f"PDF: details at the limit (a paragraph of {MAX_PARAGRAPH_CHARS:,} characters, "
         f"{MAX_LONG_WORD_CHARS:,} of them in long words)", at_limit),
        (f"PDF: details of {MAX_PARAGRAPH_CHARS:,} characters in words of {LONG_WORD_CHARS}",
         " ".join(["w" * LONG_WORD_CHARS] * (MAX_PARAGRAPH_CHARS // (LONG_WORD_CHARS + 1)))),
        (f"PDF: details of {MAX_TEXT_CHARS:,} characters of words in {paragraphs} paragraphs",
         in_paragraphs),
    ):  # fmt: skip
        times = [_pdf_seconds(text, unlimited=False) for _ in range(args.builds)]
        rows.append(
            (
                name,
                f"{statistics.median(times):.2f} s",
                f"{statistics.median(times) - base:+.2f} s over {base:.2f} s",
            )
        )
    code = ("x" * (MAX_CODE_LINE_CHARS - 1) + "\n") * (MAX_CODE_CHARS // MAX_CODE_LINE_CHARS)
    base = statistics.median(_pdf_seconds("x", snippet="x = 1\n") for _ in range(args.builds))
    times = [_pdf_seconds("x", snippet=code) for _ in range(args.builds)]
    rows.append((
        f"PDF: a snippet at the limit ({len(code):,} characters, lines of {MAX_CODE_LINE_CHARS})",
        f"{statistics.median(times):.2f} s",
        f"{statistics.median(times) - base:+.2f} s over {base:.2f} s",
    ))  # fmt: skip
    print(f"pathological: {args.builds} runs of each, medians")
    table(rows, ("input", "time", "outcome"))


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
        "--sizes",
        default="1000,2000,4000,8000,16000",
        help="text-layout: text lengths to measure (comma-separated)",
    )
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
