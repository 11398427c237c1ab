"""A script that only looks something up pays no validation: a `mlguide.load()` answered from
the disk cache never imports pydantic (README, source/library)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CODE = (
    "import sys, mlguide\n"
    "guide = mlguide.load()\n"
    "print(guide.framework('jax').name, 'pydantic' in sys.modules)\n"
)


def _run(cache: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        check=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "MLGUIDE_CACHE"},
            "MLGUIDE_CACHE_DIR": str(cache),
            **env,
        },
    )
    return result.stdout.strip()


def test_a_cached_load_never_imports_pydantic(tmp_path: Path) -> None:
    """The first process validates (pydantic imported) and writes the cache; the second reads
    it and never imports pydantic; with MLGUIDE_CACHE=0 every process validates again."""
    cache = tmp_path / "cache"
    assert _run(cache) == "JAX True"
    assert _run(cache) == "JAX False"
    assert _run(cache, MLGUIDE_CACHE="0") == "JAX True"


def test_with_the_cache_off_nothing_is_written(tmp_path: Path) -> None:
    """MLGUIDE_CACHE=0 leaves the cache folder untouched: two loads, no file."""
    cache = tmp_path / "cache"
    assert _run(cache, MLGUIDE_CACHE="0") == "JAX True"
    assert _run(cache, MLGUIDE_CACHE="0") == "JAX True"
    assert not cache.exists() or list(cache.iterdir()) == []
