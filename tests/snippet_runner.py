"""Runs a code example the way the snippet and migration tests do: a fresh interpreter, on
CPU, with every cache under a work folder, so that a run can neither read nor leave state."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["TIMEOUT", "failure_report", "files_left", "run_snippet"]

TIMEOUT = 300
#: What a framework itself may leave in the temporary directory (not the snippet's files).
FRAMEWORK_TMP_CACHES = ("torchinductor_",)


def run_snippet(path: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run one snippet file in a fresh interpreter, on CPU, with every cache under workdir.

    ``-P`` keeps the snippet's folder off ``sys.path``: ``jax.py`` must not shadow ``jax``.
    """
    cwd, tmp = workdir / "cwd", workdir / "tmp"
    cwd.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "CUDA_VISIBLE_DEVICES": "",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "TMPDIR": str(tmp),
        "KERAS_HOME": str(workdir / "keras-home"),
        "TORCHINDUCTOR_CACHE_DIR": str(workdir / "inductor-cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("KERAS_BACKEND", None)  # the Keras snippets choose their own backend
    return subprocess.run(
        [sys.executable, "-P", str(path)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def failure_report(result: subprocess.CompletedProcess[str]) -> str:
    """The end of a failed run's output, for an assertion message."""
    stderr = "\n".join(result.stderr.splitlines()[-60:])
    stdout = "\n".join(result.stdout.splitlines()[-20:])
    return f"exit status {result.returncode}\n--- stderr (end) ---\n{stderr}\n--- stdout (end) ---\n{stdout}"


def files_left(workdir: Path) -> list[str]:
    """What a run left in its working and temporary folders, besides the frameworks' caches."""
    return [
        path.relative_to(workdir).as_posix()
        for path in sorted((workdir / "cwd").iterdir()) + sorted((workdir / "tmp").iterdir())
        if not path.name.startswith(FRAMEWORK_TMP_CACHES)
    ]
