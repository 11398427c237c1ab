"""Reading the tracked packages (``packages.toml``) and the collected snapshot
(``releases/<index>/<name>.toml``) from data directories, for the loader.

A later directory's entry replaces an earlier one for the same package (index and name), as
for every other kind of entry. The rules checked here are the ones every load enforces: a
snapshot file holds the package its path names, a package is listed once per file, and a
package's ``framework`` names a framework of the guide, at most one package per framework.
What the snapshot says about the typed data is checked by ``mlguide check``
(:mod:`mlguide.checks`), not here: a new edition of the bundled data must not stop a
project's build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mlguide.datadir import DataDir
from mlguide.errors import DataError, closest
from mlguide.model_snapshot import PackagesFile, PackageSnapshot, TrackedPackage, snapshot_file

__all__ = ["PACKAGES_FILE", "SNAPSHOT_FILES", "Snapshot"]

#: The kind of file listing the tracked packages.
PACKAGES_FILE = "packages.toml"
#: The kinds of snapshot file, by index (patterns as ``mlguide.loader.DATA_FILES`` writes them).
SNAPSHOT_FILES = {"pypi": "releases/pypi/<id>.toml", "npm": "releases/npm/<path>.toml"}

#: Reads one file of a directory and validates it as a class (``mlguide.loader._read``).
Reader = Callable[[DataDir, str, type[Any]], Any]


class Snapshot:
    """The tracked packages and the snapshots gathered from the directories so far, each
    with the file it came from."""

    def __init__(self) -> None:
        self.packages: dict[tuple[str, str], tuple[TrackedPackage, str, int]] = {}
        self.snapshots: dict[tuple[str, str], tuple[PackageSnapshot, str]] = {}

    def add(self, directory: DataDir, read: Reader) -> None:
        """Add one directory's ``packages.toml`` and snapshot files."""
        if PACKAGES_FILE in directory.files:
            shown = directory.shown(PACKAGES_FILE)
            listed: PackagesFile = read(directory, PACKAGES_FILE, PackagesFile)
            seen: dict[tuple[str, str], int] = {}
            for index, package in enumerate(listed.packages):
                key = (package.index, package.name)
                if key in seen:
                    raise DataError(
                        shown,
                        f"packages[{index}].name",
                        f"{package.index} package {package.name!r} is listed twice "
                        f"(also packages[{seen[key]}])",
                    )
                seen[key] = index
                self.packages[key] = (package, shown, index)
        for index_name, pattern in SNAPSHOT_FILES.items():
            for relative in directory.matching(pattern):
                shown = directory.shown(relative)
                snapshot: PackageSnapshot = read(directory, relative, PackageSnapshot)
                expected = snapshot_file(snapshot.index, snapshot.name)
                if snapshot.index != index_name or relative != expected:
                    raise DataError(
                        shown,
                        "name" if snapshot.index == index_name else "index",
                        f"the file holds {snapshot.index} package {snapshot.name!r}, which "
                        f"belongs in {expected}",
                    )
                self.snapshots[snapshot.index, snapshot.name] = (snapshot, shown)

    def checked(
        self, frameworks: Sequence[str]
    ) -> tuple[tuple[TrackedPackage, ...], tuple[PackageSnapshot, ...]]:
        """The packages (in the order listed) and snapshots (by index, then name), once every
        package's ``framework`` is known to name a framework of the guide, once."""
        owner: dict[str, str] = {}
        for package, shown, index in self.packages.values():
            fw_id = package.framework
            if fw_id is None:
                continue
            where = f"packages[{index}].framework"
            if fw_id not in frameworks:
                hint = closest(fw_id, frameworks)
                raise DataError(
                    shown,
                    where,
                    f"unknown framework {fw_id!r}" + (f"; did you mean {hint!r}?" if hint else ""),
                )
            if fw_id in owner:
                raise DataError(
                    shown,
                    where,
                    f"framework {fw_id!r} already has its package ({owner[fw_id]}); a "
                    "framework's releases come from one package",
                )
            owner[fw_id] = f"{package.index} {package.name!r}"
        packages = tuple(p for p, _, _ in self.packages.values())
        snapshots = tuple(s for _, (s, _) in sorted(self.snapshots.items()))
        return packages, snapshots

    def origins(self) -> dict[str, str]:
        """The file each snapshot and the package list came from, as ``Guide.origins``
        records entries (``snapshot:<index>/<name>``, ``package:<index>/<name>``)."""
        found = {f"snapshot:{i}/{n}": shown for (i, n), (_, shown) in self.snapshots.items()}
        found.update({f"package:{i}/{n}": shown for (i, n), (_, shown, _) in self.packages.items()})
        return found
