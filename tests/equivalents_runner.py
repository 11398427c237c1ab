"""Run API-equivalent cells of one framework in this interpreter and report each one.

Usage: ``python -P equivalents_runner.py CELLS.json RESULTS.json``

``CELLS.json`` holds ``{"imports": "...", "cells": [{"id", "setup", "code", "check"}, ...]}``.
The imports run once (a framework's import is the slow part, which is why the cells of one
framework share a process); every cell then runs ``setup``, ``code`` and ``check`` in a
namespace of its own, with ``tmp`` (a fresh empty folder) and ``np`` (NumPy) defined. After
every cell the results so far are written to ``RESULTS.json``, so a crash of the interpreter
still reports every cell before it. This file imports nothing from mlguide: it runs inside the
frameworks' environment exactly as a reader would paste the code.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import FrameType

#: No cell may take longer than this (seconds): nothing hangs. The runner's own test
#: lowers it with MLGUIDE_EQUIVALENT_TIMEOUT.
CELL_TIMEOUT = 300


class CellTimeout(Exception):
    pass


def _timeout() -> int:
    return int(os.environ.get("MLGUIDE_EQUIVALENT_TIMEOUT", CELL_TIMEOUT))


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CellTimeout(f"the cell ran for more than {_timeout()} s")


def run_cell(imports: dict[str, object], cell: dict[str, str], workdir: Path) -> dict[str, object]:
    try:
        import numpy as np
    except ImportError:  # only the runner's own test runs without it
        np = None

    tmp = workdir / cell["id"]
    tmp.mkdir()
    namespace: dict[str, object] = {**imports, "np": np, "tmp": tmp, "__name__": "__cell__"}
    result: dict[str, object] = {"id": cell["id"], "ok": False, "phase": "setup", "error": ""}
    started = time.perf_counter()
    signal.alarm(_timeout())
    try:
        for phase in ("setup", "code", "check"):
            result["phase"] = phase
            source = cell.get(phase) or ""
            exec(compile(source, f"<{cell['id']} {phase}>", "exec"), namespace)
        result["ok"] = True
        result["phase"] = ""
    except BaseException as exc:  # a cell's SystemExit or KeyboardInterrupt is its failure
        result["error"] = "".join(traceback.format_exception(exc)[-12:])
        result["exception"] = type(exc).__name__
    finally:
        signal.alarm(0)
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def main(cells_path: str, results_path: str) -> int:
    spec = json.loads(Path(cells_path).read_text(encoding="utf-8"))
    out = Path(results_path).resolve()  # before the chdir below
    signal.signal(signal.SIGALRM, _alarm)
    workdir = Path(tempfile.mkdtemp(prefix="mlguide-equivalents-"))
    results: list[dict[str, object]] = []

    try:
        os.chdir(workdir)  # anything a cell writes by a relative path lands here
        imports: dict[str, object] = {}
        started = time.perf_counter()
        exec(compile(spec["imports"], "<imports>", "exec"), imports)
        imports.pop("__builtins__", None)
        import_seconds = round(time.perf_counter() - started, 3)
        for cell in spec["cells"]:
            results.append(run_cell(imports, cell, workdir))
            report = {"import_seconds": import_seconds, "results": results}
            out.write_text(json.dumps(report), encoding="utf-8")
        if not spec["cells"]:
            out.write_text(json.dumps({"import_seconds": import_seconds, "results": []}))
    finally:
        os.chdir("/")
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
