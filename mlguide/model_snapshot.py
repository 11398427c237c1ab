"""The data model of what the package indexes say: the packages the guide tracks
(``packages.toml``) and the snapshot of their releases that ``build-scripts/collect`` writes
(``releases/pypi/<name>.toml``, ``releases/npm/<name>.toml``).

The snapshot is collected, not typed: a maintainer runs the collector, which reads PyPI's
JSON API and the npm registry, and builds and tests read the files it wrote, offline. The
library derives facts from it (:mod:`mlguide.releases`) and ``mlguide check`` verifies typed
versions and extras against it (:func:`mlguide.checks.check_data`).

``None`` means unknown, as everywhere in the model: an npm release has no date (npm mirrors
stamp old versions with the day they copied them, so the collector records none).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from mlguide.model import HttpsUrl, Id, _Check, _Model

__all__ = [
    "PACKAGE_INDEXES",
    "CollectedRelease",
    "DistTag",
    "PackageIndex",
    "PackageSnapshot",
    "PackagesFile",
    "TrackedPackage",
    "snapshot_file",
]

#: The indexes the collector reads.
PackageIndex = Literal["pypi", "npm"]
PACKAGE_INDEXES: tuple[str, ...] = ("pypi", "npm")

#: A PyPI project name in its normalized form (PEP 503: lower case, runs of ``-_.`` as one
#: hyphen) or an npm package name, scoped or not.
_PACKAGE_RE = re.compile(r"^(?:@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$")
#: A final release: numbers and dots, optionally a post-release (no pre- or dev releases).
STABLE_VERSION_RE = re.compile(r"^\d+(?:\.\d+)*(?:\.post\d+)?$")


def _check_package(value: str) -> str:
    if not _PACKAGE_RE.match(value):
        raise ValueError(
            f"{value!r} is not a package name as the index spells it (lower case; a PyPI "
            "name such as 'orbax-checkpoint', an npm name such as '@tensorflow/tfjs')"
        )
    return value


def _check_stable(value: str) -> str:
    if not STABLE_VERSION_RE.match(value):
        raise ValueError(
            f"{value!r} is not a final release's version (digits and dots, optionally "
            "'.postN'; the snapshot holds no pre-releases or development releases)"
        )
    return value


PackageName = Annotated[str, _Check(_check_package, pattern=_PACKAGE_RE.pattern)]
StableVersion = Annotated[str, _Check(_check_stable, pattern=STABLE_VERSION_RE.pattern)]


def snapshot_file(index: str, name: str) -> str:
    """Where a package's snapshot lives in a data directory, e.g.
    ``releases/npm/@tensorflow/tfjs.toml`` (an npm scope is a folder)."""
    return f"releases/{index}/{name}.toml"


@dataclass(frozen=True, kw_only=True, slots=True)
class TrackedPackage(_Model):
    """A package whose releases the collector reads: a framework's own or one the data
    names (a library of its ecosystem, a runtime, a converter)."""

    index: PackageIndex
    """The index it is published on: ``pypi`` or ``npm``."""
    name: PackageName
    """Its name on that index (PyPI names in normalized form: ``orbax-checkpoint``)."""
    framework: Id | None = None
    """The framework whose releases these are: its ``latest`` release, release count,
    Python range and platforms are derived from this package."""


@dataclass(frozen=True, kw_only=True, slots=True)
class PackagesFile(_Model):
    """``packages.toml``: the packages the collector reads."""

    packages: tuple[TrackedPackage, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class CollectedRelease(_Model):
    """One final release of a package as the index lists it."""

    version: StableVersion
    """The version, as the index spells it."""
    date: dt.date | None = None
    """The day its first file was uploaded (UTC); ``None`` for npm, whose dates are not
    trusted (mirrors stamp old versions with the day they copied them)."""
    yanked: bool = False
    """Whether every file of the release was yanked (PEP 592): installers skip it."""
    requires_python: str | None = None
    """The ``Requires-Python`` its files declare, e.g. ``">=3.11"``; ``None`` when none do."""
    python: tuple[str, ...] = ()
    """The Python tags of its wheels, e.g. ``cp312`` or ``py3``; empty when it has none."""
    platforms: tuple[str, ...] = ()
    """The platform tags of its wheels, e.g. ``manylinux_2_28_x86_64``, ``macosx_12_0_arm64``,
    ``win_amd64`` or ``any`` (a pure-Python wheel); empty when it has no wheel."""


@dataclass(frozen=True, kw_only=True, slots=True)
class DistTag(_Model):
    """An npm dist-tag: a name (``latest``, ``next``) pointing at a version."""

    tag: str
    """The tag's name."""
    version: str
    """The version it points at (a pre-release for tags such as ``next``)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class PackageSnapshot(_Model):
    """``releases/<index>/<name>.toml``: what one index said about one package on the day it
    was collected. Written by ``build-scripts/collect``; not edited by hand."""

    index: PackageIndex
    """The index it was read from."""
    name: PackageName
    """The package's name on that index."""
    collected: dt.date
    """The day the index was read."""
    url: HttpsUrl
    """The package's page on the index (what a reader opens to check)."""
    metadata_of: str | None = None
    """The release whose metadata ``license``, ``license_classifiers`` and ``extras``
    record: the index's current release when collected (the index gives the metadata of
    one release per request)."""
    license: str | None = None
    """The licence that release declares: its SPDX expression, or its short licence field;
    ``None`` when it declares neither (see ``license_classifiers``)."""
    license_classifiers: tuple[str, ...] = ()
    """Its ``License ::`` trove classifiers."""
    extras: tuple[str, ...] = ()
    """The extras it declares (``pip install name[extra]``)."""
    dist_tags: tuple[DistTag, ...] = ()
    """npm's dist-tags (``latest``, ``next``, ...), by name: the version each points at."""
    releases: tuple[CollectedRelease, ...] = ()
    """Every final release with at least one file, oldest version first."""
