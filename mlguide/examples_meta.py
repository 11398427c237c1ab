"""The versions the code examples were last run against.

``examples/verified-with.toml`` in the package data records them. ``build-scripts/verify-snippets``
runs every snippet in the ``snippets`` tox environment and then rewrites the file from that
environment with :func:`write_verified`; a test there fails when the file and the environment
disagree. The guide shows :func:`verified_versions` beside the examples.
"""

from __future__ import annotations

import datetime as dt
import platform
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

from mlguide.loader import PACKAGE_DATA

__all__ = [
    "VERIFIED_WITH",
    "installed_versions",
    "verified_date",
    "verified_versions",
    "write_verified",
]

#: The file that records the versions.
VERIFIED_WITH = PACKAGE_DATA / "examples" / "verified-with.toml"

#: What ``[versions]`` records: key, then the distributions to try in order.
FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "tensorflow": ("tensorflow-cpu", "tensorflow"),
    "torch": ("torch",),
    "jax": ("jax",),
    "jaxlib": ("jaxlib",),
    "keras": ("keras",),
}
#: What ``[libraries]`` records: the other packages the snippets import.
LIBRARIES = ("tensorboard", "tensorboardX", "optax", "orbax-checkpoint", "grain", "ai-edge-litert")


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def verified_versions(path: Path = VERIFIED_WITH) -> dict[str, str]:
    """Python and framework versions the examples were verified with.

    :returns: e.g. ``{"tensorflow": "2.21.0", "torch": "2.13.0", ..., "python": "3.11.7"}``
    """
    return {str(key): str(value) for key, value in _read(path)["versions"].items()}


def verified_date(path: Path = VERIFIED_WITH) -> dt.date:
    """The day the examples were last verified."""
    value = _read(path)["verified"]
    if not isinstance(value, dt.date):
        raise ValueError(f"{path}: `verified` must be a date such as 2026-11-26")
    return value


def _version(*distributions: str) -> str:
    for name in distributions:
        try:
            # A local label such as "+cpu" names the build, not the release.
            return metadata.version(name).split("+")[0]
        except metadata.PackageNotFoundError:
            continue
    raise metadata.PackageNotFoundError(" or ".join(distributions))


def installed_versions() -> dict[str, dict[str, str]]:
    """The versions installed in the running environment, as verified-with.toml records them.

    :raises importlib.metadata.PackageNotFoundError: a framework or library is not installed.
    """
    versions = {key: _version(*names) for key, names in FRAMEWORKS.items()}
    versions["python"] = platform.python_version()
    return {
        "versions": versions,
        "libraries": {name: _version(name) for name in LIBRARIES},
    }


def write_verified(path: Path = VERIFIED_WITH, today: dt.date | None = None) -> str:
    """Rewrite verified-with.toml from the running environment; returns the text written."""
    lines = [
        "# Written by build-scripts/verify-snippets from the snippets tox environment after",
        "# every code example passed there. Do not edit by hand.",
        f"verified = {(today or dt.date.today()).isoformat()}",
    ]
    for table, versions in installed_versions().items():
        lines += ["", f"[{table}]"]
        lines += [f'{name} = "{version}"' for name, version in versions.items()]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text
