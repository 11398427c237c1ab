"""Facts derived from the collected snapshot, not typed: a framework's latest release at the
as-of date, how many releases it made in the twelve months to that date, and the Pythons and
platforms its latest release has wheels for.

The guide shows them in the framework cards, the panels of an aspect with
``facts = "releases"`` and the CLI, and exports them; :func:`release_facts` computes them
from a :class:`~mlguide.model_snapshot.PackageSnapshot` and the as-of date, so the same
snapshot and date always give the same facts.

Rules, stated once here:

* *latest at the as-of date*: the highest version among the releases that are not yanked
  and whose first upload is on or before the as-of date;
* *the twelve months to the as-of date*: from the day after the same date a year earlier
  to the as-of date, both included (2025-12-08 to 2026-12-07); yanked releases do not count;
* *Python range*: the CPython versions the latest release has wheels for (``cp312`` ...);
  for a release with pure-Python wheels only, its ``Requires-Python``;
* *platforms*: the operating systems (and processor architectures) of its wheels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mlguide.model_snapshot import CollectedRelease, PackageSnapshot

__all__ = [
    "ReleaseFacts",
    "latest_release",
    "platforms_of",
    "python_range",
    "release_facts",
    "releases_in_year",
    "version_key",
    "year_before",
]


def version_key(version: str) -> tuple[tuple[int, ...], int, int]:
    """A sort key for final versions: ``0.12.0.1`` < ``0.12.1`` < ``0.12.1.post1``.

    Trailing zeros do not change the order (``1.0`` and ``1.0.0`` sort together, the shorter
    first, so that the order is total)."""
    post = 0
    head, sep, tail = version.partition(".post")
    if sep:
        post = int(tail or 0) + 1
    numbers = tuple(int(n) for n in re.findall(r"\d+", head))
    stripped = numbers
    while len(stripped) > 1 and stripped[-1] == 0:
        stripped = stripped[:-1]
    return stripped, post, len(numbers)


def year_before(as_of: dt.date) -> dt.date:
    """The first day of the twelve months that end on ``as_of`` (the day after the same
    date a year earlier; a 29 February counts from 1 March)."""
    try:
        same_day = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February: the year before has none
        same_day = dt.date(as_of.year - 1, 2, 28)
    return same_day + dt.timedelta(days=1)


def latest_release(releases: Iterable[CollectedRelease], as_of: dt.date) -> CollectedRelease | None:
    """The highest version released (and not yanked) on or before ``as_of``; undated
    releases (npm) count as released."""
    candidates = [r for r in releases if not r.yanked and (r.date is None or r.date <= as_of)]
    return max(candidates, key=lambda r: version_key(r.version)) if candidates else None


def releases_in_year(
    releases: Iterable[CollectedRelease], as_of: dt.date
) -> tuple[CollectedRelease, ...]:
    """The releases (not yanked) first uploaded in the twelve months to ``as_of``, oldest
    first; releases without a date are never counted."""
    start = year_before(as_of)
    counted = [
        r for r in releases if not r.yanked and r.date is not None and start <= r.date <= as_of
    ]
    return tuple(sorted(counted, key=_by_date))


def _by_date(release: CollectedRelease) -> tuple[dt.date, tuple[tuple[int, ...], int, int]]:
    assert release.date is not None
    return release.date, version_key(release.version)


_CPYTHON = re.compile(r"^cp3(\d+)(-abi3)?$")


def python_range(release: CollectedRelease) -> str | None:
    """The Pythons a release supports, as a reader reads it: ``"CPython 3.11 to 3.14"`` from
    its wheels' tags (``"CPython 3.10 and newer"`` for a stable-ABI wheel, ``cp310-abi3``),
    else ``"Python >=3.12"`` from its ``Requires-Python``; ``None`` when neither is known."""
    found = [m for t in release.python if (m := _CPYTHON.match(t))]
    if found:
        minors = sorted({int(m.group(1)) for m in found})
        low, high = f"3.{minors[0]}", f"3.{minors[-1]}"
        if any(m.group(2) for m in found):
            return f"CPython {low} and newer"
        return f"CPython {low}" if low == high else f"CPython {low} to {high}"
    if release.requires_python:
        return f"Python {release.requires_python}"
    return None


#: Operating systems by the start of a wheel's platform tag.
_SYSTEMS = (
    ("manylinux", "Linux"),
    ("musllinux", "Linux"),
    ("linux", "Linux"),
    ("macosx", "macOS"),
    ("win", "Windows"),
    ("android", "Android"),
    ("ios", "iOS"),
)
#: Architecture names as the tags spell them, and as the guide shows them.
_ARCHITECTURES = {
    "x86_64": ("x86_64",),
    "amd64": ("x86_64",),
    "aarch64": ("arm64",),
    "arm64": ("arm64",),
    "universal2": ("arm64", "x86_64"),
    "i686": ("x86",),
    "win32": ("x86",),
    "armv7l": ("armv7",),
    "ppc64le": ("ppc64le",),
    "riscv64": ("riscv64",),
    "s390x": ("s390x",),
}


def _platform(tag: str) -> tuple[str, tuple[str, ...]] | None:
    if tag == "win32":
        return "Windows", ("x86",)
    for prefix, system in _SYSTEMS:
        if tag.startswith(prefix):
            for name, shown in _ARCHITECTURES.items():
                if tag.endswith("_" + name):
                    return system, shown
            return system, ()
    return None


def platforms_of(release: CollectedRelease) -> dict[str, tuple[str, ...]]:
    """The operating systems a release has wheels for, each with its architectures, e.g.
    ``{"Linux": ("arm64", "x86_64"), "macOS": ("arm64",)}``; ``{"any": ()}`` for a
    pure-Python wheel. Systems in the order Linux, macOS, Windows, then others."""
    found: dict[str, set[str]] = {}
    for tag in release.platforms:
        if tag == "any":
            found.setdefault("any", set())
            continue
        parsed = _platform(tag)
        if parsed is not None:
            found.setdefault(parsed[0], set()).update(parsed[1])
    order = ["Linux", "macOS", "Windows", "Android", "iOS", "any"]
    return {system: tuple(sorted(found[system])) for system in order if system in found}


@dataclass(frozen=True, kw_only=True)
class ReleaseFacts:
    """A package's release facts at the guide's as-of date, derived from its snapshot."""

    index: str
    """The index the facts come from (``pypi`` or ``npm``)."""
    package: str
    """The package's name there."""
    url: str
    """Its page on the index."""
    as_of: dt.date
    """The day the facts describe."""
    collected: dt.date
    """The day the index was read."""
    latest: CollectedRelease | None
    """The latest release at the as-of date (``None`` when it has none yet)."""
    recent: tuple[CollectedRelease, ...]
    """The releases of the twelve months to the as-of date, oldest first."""
    python: str | None
    """The Pythons the latest release supports (see :func:`python_range`)."""
    platforms: dict[str, tuple[str, ...]]
    """The systems the latest release has wheels for (see :func:`platforms_of`)."""

    @property
    def year_start(self) -> dt.date:
        """The first day of the twelve months counted."""
        return year_before(self.as_of)

    @property
    def release_count(self) -> int | None:
        """How many releases the twelve months to the as-of date saw; ``None`` when the
        index gives no dates (npm)."""
        return None if self.index == "npm" else len(self.recent)

    def platforms_text(self) -> str | None:
        """``"Linux (arm64, x86_64), macOS (arm64), Windows (x86_64)"``; ``"any (pure
        Python)"`` for a pure-Python wheel; ``None`` when the release has no wheel."""
        if not self.platforms:
            return None
        parts = []
        for system, architectures in self.platforms.items():
            name = "any (pure Python)" if system == "any" else system
            parts.append(f"{name} ({', '.join(architectures)})" if architectures else name)
        return ", ".join(parts)

    def count_text(self) -> str | None:
        """``"15 releases in the 12 months to 2026-12-07"``; ``None`` for npm."""
        count = self.release_count
        if count is None:
            return None
        noun = "release" if count == 1 else "releases"
        return f"{count} {noun} in the 12 months to {self.as_of.isoformat()}"

    def to_dict(self) -> dict[str, object]:
        """The facts as JSON-ready data (what ``mlguide export`` writes per framework)."""
        latest = self.latest
        return {
            "index": self.index,
            "package": self.package,
            "url": self.url,
            "collected": self.collected.isoformat(),
            "latest": None
            if latest is None
            else {
                "version": latest.version,
                "date": latest.date.isoformat() if latest.date else None,
            },
            "releases_in_12_months": self.release_count,
            "counted_from": self.year_start.isoformat(),
            "counted_to": self.as_of.isoformat(),
            "recent_versions": [r.version for r in self.recent],
            "python": self.python,
            "platforms": {k: list(v) for k, v in self.platforms.items()},
        }


def release_facts(snapshot: PackageSnapshot, as_of: dt.date) -> ReleaseFacts:
    """The release facts of one package at ``as_of`` (see the module's doc for the rules)."""
    latest = latest_release(snapshot.releases, as_of)
    return ReleaseFacts(
        index=snapshot.index,
        package=snapshot.name,
        url=snapshot.url,
        as_of=as_of,
        collected=snapshot.collected,
        latest=latest,
        recent=releases_in_year(snapshot.releases, as_of),
        python=python_range(latest) if latest else None,
        platforms=platforms_of(latest) if latest else {},
    )
