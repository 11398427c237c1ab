"""The versions the code examples were last run against.

``examples/verified-with.toml`` in the package data records them. ``build-scripts/verify-snippets``
runs every snippet in the ``snippets`` tox environment and then rewrites the file from that
environment with :func:`write_verified`, together with the exact version of every package in the
environment (:func:`write_pins`, the constraints file tox installs that environment from); tests
there fail when the file, the pins and the environment disagree. The guide shows
:func:`verified_versions` beside the examples.
"""

from __future__ import annotations

import datetime as dt
import platform
import re
import tomllib
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from mlguide.loader import PACKAGE_DATA

__all__ = [
    "VERIFIED_WITH",
    "installed_distributions",
    "installed_versions",
    "pin_drift",
    "read_pins",
    "verified_date",
    "verified_versions",
    "write_pins",
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
LIBRARIES = (
    "tensorboard",
    "tensorboardX",
    "optax",
    "orbax-checkpoint",
    "grain",
    "ai-edge-litert",
    "safetensors",
)
#: What a pin file leaves out: mlguide itself and the installers a virtual environment starts with.
UNPINNED = frozenset({"mlguide", "pip", "setuptools", "wheel"})


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


def _canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them: lower case, runs of ``-_.`` as ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_distributions() -> dict[str, str]:
    """Every distribution installed in the running environment but :data:`UNPINNED`: canonical
    name to exact version (a local label such as ``+cpu`` kept), sorted by name."""
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name and _canonical(name) not in UNPINNED:
            found.setdefault(_canonical(name), dist.version)
    return dict(sorted(found.items()))


def write_pins(path: Path, versions: Mapping[str, str], today: dt.date | None = None) -> str:
    """Write a pip constraints file pinning each distribution to its version; returns the text."""
    lines = [
        "# Exact versions of every package in the snippets tox environment (tox.ini installs it",
        "# with these as constraints). Written by build-scripts/verify-snippets together with",
        "# mlguide/data/examples/verified-with.toml after every code example passed with them;",
        f"# verified {(today or dt.date.today()).isoformat()}. Do not edit by hand.",
    ]
    lines += [f"{_canonical(name)}=={version}" for name, version in sorted(versions.items())]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def read_pins(path: Path) -> dict[str, str]:
    """The pins of a constraints file: canonical name to version.

    :raises ValueError: a line is neither a comment nor ``name==version`` (file and line named).
    """
    pins: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^=\s]+)", text)
        if match is None:
            raise ValueError(f"{path}:{number}: expected name==version, got {text!r}")
        name = _canonical(match[1])
        if name in pins:
            raise ValueError(f"{path}:{number}: {name} is pinned twice")
        pins[name] = match[2]
    return pins


def pin_drift(pins: Mapping[str, str], installed: Mapping[str, str]) -> list[str]:
    """How an environment differs from its pins, one line per package; empty when it matches."""
    lines = [
        f"{name}: pinned {version}, installed {installed[name]}"
        for name, version in pins.items()
        if name in installed and installed[name] != version
    ]
    lines += [
        f"{name}: pinned {version}, not installed"
        for name, version in pins.items()
        if name not in installed
    ]
    lines += [
        f"{name}: installed {version}, not pinned"
        for name, version in installed.items()
        if name not in pins
    ]
    return sorted(lines)
