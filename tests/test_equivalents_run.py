"""Every API-equivalent cell runs, against real TensorFlow, PyTorch, JAX and Keras, on CPU.

Run with ``tox -e snippets``. The cells of one framework run in one interpreter (importing
TensorFlow alone takes seconds), all four interpreters at once; each cell is still reported
by its own test, named for its row and framework. A cell passes when its set-up, its code and
its check (the assertions of what the row says) all ran without an exception.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import mlguide

pytestmark = pytest.mark.snippets

GUIDE = mlguide.load_uncached()
RUNNER = Path(__file__).with_name("equivalents_runner.py")
#: Extra environment per framework's interpreter (the Keras cells choose the JAX backend).
ENVIRONMENT = {"keras": {"KERAS_BACKEND": "jax"}}
TIMEOUT = 1200
#: A cell made wrong on purpose, run after the real cells of its framework: it must fail.
BROKEN_ROW = "reshape"
BROKEN = "broken-reshape"

CELLS = [
    pytest.param(row.id, cell.framework, id=f"{row.id}-{cell.framework}")
    for row in GUIDE.equivalents
    for cell in row.cells
    if cell.code is not None
]


def _spec(framework: str) -> dict[str, Any]:
    cells = [
        {"id": row.id, "setup": cell.setup, "code": cell.code, "check": cell.check}
        for row in GUIDE.equivalents
        if (cell := row.cell(framework)) is not None and cell.code is not None
    ]
    broken = GUIDE.equivalent(BROKEN_ROW).cell(framework)
    if broken is not None and broken.code is not None:
        assert "(3, -1)" in broken.code, "the reshape row changed: update BROKEN_ROW"
        wrong = replace(broken, code=broken.code.replace("(3, -1)", "(4, -1)"))
        cells.append({"id": BROKEN, "setup": wrong.setup, "code": wrong.code, "check": wrong.check})
    return {"imports": GUIDE.equivalent_imports.get(framework, ""), "cells": cells}


def run_cells(
    specs: dict[str, dict[str, Any]], workdir: Path
) -> dict[str, dict[str, Any] | subprocess.CompletedProcess[str]]:
    """Run each framework's cells in its own interpreter, all at once; the report per
    framework, or the finished process when it wrote none."""
    processes = {}
    for framework, spec in specs.items():
        folder = workdir / framework
        (folder / "tmp").mkdir(parents=True)
        (folder / "cells.json").write_text(json.dumps(spec), encoding="utf-8")
        env = {
            **os.environ,
            "CUDA_VISIBLE_DEVICES": "",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "TMPDIR": str(folder / "tmp"),
            "KERAS_HOME": str(folder / "keras-home"),
            "TORCHINDUCTOR_CACHE_DIR": str(folder / "inductor-cache"),
            "PYTHONDONTWRITEBYTECODE": "1",
            **ENVIRONMENT.get(framework, {}),
        }
        if framework not in ENVIRONMENT:
            env.pop("KERAS_BACKEND", None)
        processes[framework] = subprocess.Popen(
            [sys.executable, "-P", str(RUNNER), "cells.json", str(folder / "results.json")],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    reports: dict[str, dict[str, Any] | subprocess.CompletedProcess[str]] = {}
    for framework, process in processes.items():
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        results = workdir / framework / "results.json"
        if results.is_file():
            reports[framework] = json.loads(results.read_text(encoding="utf-8"))
        else:
            reports[framework] = subprocess.CompletedProcess(
                process.args, process.returncode, stdout, stderr
            )
    return reports


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every framework's cells, run once for the whole module."""
    frameworks = sorted({cell.framework for row in GUIDE.equivalents for cell in row.cells})
    return run_cells({f: _spec(f) for f in frameworks}, tmp_path_factory.mktemp("equivalents"))


def _result(reports: dict[str, Any], framework: str, cell_id: str) -> dict[str, Any]:
    report = reports[framework]
    if isinstance(report, subprocess.CompletedProcess):
        pytest.fail(
            f"the {framework} interpreter reported nothing (exit status {report.returncode}):\n"
            + "\n".join(report.stderr.splitlines()[-30:])
        )
    for result in report["results"]:
        if result["id"] == cell_id:
            return dict(result)
    done = [r["id"] for r in report["results"]]
    pytest.fail(
        f"the {framework} interpreter stopped before this cell (it finished {done[-1:] or 'none'})"
    )


@pytest.mark.parametrize(("row_id", "framework"), CELLS)
def test_equivalent_cell_runs(row_id: str, framework: str, reports: dict[str, Any]) -> None:
    """The cell's code ran and its check (what the row says it does) held."""
    result = _result(reports, framework, row_id)
    assert result["ok"], f"failed in its {result['phase']}:\n{result['error']}"


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch", "jax", "keras"])
def test_a_broken_cell_fails(framework: str, reports: dict[str, Any]) -> None:
    """A reshape to the wrong shape fails its check: these tests can fail, in every
    framework's interpreter."""
    result = _result(reports, framework, BROKEN)
    assert not result["ok"]
    assert result["phase"] == "check"
    assert result["exception"] == "AssertionError"


def test_the_runner_reports_an_error_and_a_hang_per_cell(tmp_path: Path) -> None:
    """An exception in one cell is that cell's failure, with its phase; the next cell still
    runs; a cell that never ends is stopped by the per-cell timeout."""
    import tests.equivalents_runner as runner

    spec = {
        "imports": "import math",
        "cells": [
            {"id": "raises", "setup": "", "code": "math.sqrt(-1)", "check": "assert True"},
            {
                "id": "fine",
                "setup": "a = 2",
                "code": "b = math.sqrt(a * 8)",
                "check": "assert b == 4",
            },
            {"id": "hangs", "setup": "import time", "code": "time.sleep(5)", "check": "assert 1"},
        ],
    }
    (tmp_path / "cells.json").write_text(json.dumps(spec), encoding="utf-8")
    env = {**os.environ, "MLGUIDE_EQUIVALENT_TIMEOUT": "1"}
    subprocess.run(
        [sys.executable, "-P", str(RUNNER), "cells.json", "results.json"],
        cwd=tmp_path,
        env=env,
        check=True,
        timeout=60,
    )
    results = {r["id"]: r for r in json.loads((tmp_path / "results.json").read_text())["results"]}
    assert results["raises"]["ok"] is False and results["raises"]["phase"] == "code"
    assert results["raises"]["exception"] == "ValueError"
    assert results["fine"]["ok"] is True
    assert results["hangs"]["exception"] == "CellTimeout"
    assert runner.CELL_TIMEOUT >= 60  # the default leaves room for a slow first compile
