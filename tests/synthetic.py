"""A synthetic dataset N times the size of the real one, for benchmarks and layout stress tests.

Every aspect is repeated ``factor`` times (ids suffixed ``-2``, ``-3``, ...), with each
framework's position and history copied and the history dates shifted a few days earlier per
copy (no date may pass the as-of date), so positions, panels and timeline events grow linearly
with ``factor``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import tomli_w

import mlguide
from mlguide.export import to_data

__all__ = ["write_synthetic"]


def _dates(value: Any, shift: int) -> Any:
    if isinstance(value, dict):
        return {k: _dates(v, shift) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_dates(v, shift) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        day = dt.date.fromisoformat(value)
        return day - dt.timedelta(days=shift) if shift else day
    return value


def write_synthetic(factor: int, target: Path) -> Path:
    """Write a data directory ``factor`` times the real dataset; load it with
    ``mlguide.load_uncached([target], package_data=False)``."""
    guide = mlguide.load_uncached()
    target.mkdir(parents=True, exist_ok=True)
    (target / "frameworks").mkdir(exist_ok=True)
    info = _dates(to_data(guide.info), 0)
    (target / "guide.toml").write_text(tomli_w.dumps({"guide": info}))

    def suffix(aspect_id: str, copy: int) -> str:
        return aspect_id if copy == 1 else f"{aspect_id}-{copy}"

    aspects = []
    for copy in range(1, factor + 1):
        for aspect in guide.aspects:
            data = _dates(to_data(aspect), 0)
            data["id"] = suffix(aspect.id, copy)
            if copy > 1:
                data["title"] = f"{aspect.title} ({copy})"
            aspects.append(data)
    (target / "aspects.toml").write_text(tomli_w.dumps({"aspects": aspects}))
    for framework in guide.frameworks:
        positions = {}
        for copy in range(1, factor + 1):
            for aspect in guide.aspects:
                entry = to_data(
                    guide.position(framework.id, aspect.id), {"framework", "aspect", "assessed"}
                )
                positions[suffix(aspect.id, copy)] = _dates(entry, 3 * (copy - 1))
        data = {"framework": _dates(to_data(framework), 0), "positions": positions}
        (target / "frameworks" / f"{framework.id}.toml").write_text(tomli_w.dumps(data))
    return target
