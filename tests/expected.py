"""Expected values read straight from the TOML data files, independently of mlguide's code."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any


def _toml(path: Path) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(path.read_text(encoding="utf-8"))


def verdict_texts(*data_dirs: Path) -> dict[str, str]:
    """Each claim's verdict as a reader sees it, by claim id, from the raw files (later
    directories win): the verdict word, "outdated since NAME VERSION (DATE)", or
    "partly holds: CAVEAT"."""
    names: dict[str, str] = {}
    claims: dict[str, dict] = {}  # type: ignore[type-arg]
    for root in data_dirs:
        for path in sorted((root / "frameworks").glob("*.toml")):
            framework = _toml(path).get("framework")
            if framework:
                names[framework["id"]] = framework["name"]
        if (root / "claims.toml").is_file():
            claims.update({c["id"]: c for c in _toml(root / "claims.toml")["claims"]})
    texts = {}
    for claim_id, claim in claims.items():
        since = claim.get("since")
        if claim["verdict"] == "partly-holds":
            texts[claim_id] = f"partly holds: {' '.join(claim['caveat'].split())}"
            continue
        if since is None:
            label = claim["verdict"].replace("-", " ")
        else:
            when = f" ({since['date'].isoformat()})" if "date" in since else ""
            name = names.get(since["framework"], since["framework"])
            label = f"outdated since {name} {since['version']}{when}"
        texts[claim_id] = f"{label}: {claim['caveat']}" if "caveat" in claim else label
    return texts


def release_variants(release: Any) -> list[Any]:
    """``release`` (a dated release without a version) as the four things a release may
    say: version and date, the date alone, the version alone, neither."""
    return [
        dataclasses.replace(release, version=version, date=date)
        for version, date in (
            ("0.1.6", release.date),
            (None, release.date),
            ("0.1.6", None),
            (None, None),
        )
    ]
