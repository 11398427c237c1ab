"""The checks ``mlguide check`` runs once the data has loaded: the typed facts against the
collected snapshot, and the rules an edition keeps.

Loading already refuses malformed data (:mod:`mlguide.loader`, :mod:`mlguide.integrity`).
These checks list *every* problem they find, each one a :class:`~mlguide.errors.DataError`
naming file and field, so that a maintainer sees all the drift in one run:

* **versions**: each typed version of a framework with a tracked package (``latest``,
  ``first_release``, milestones, positions' history, claims' ``since``) is a release of that
  package in the snapshot; a typed date beside it is that release's first upload; ``latest``
  is the latest release at the as-of date (:func:`mlguide.releases.latest_release`);
* **extras**: every ``pip install name[extra]`` in the data's text and the code examples
  names an extra that the package's current release declares;
* **history**: every history entry (positions' history and frameworks' milestones) cites a
  source of its own;
* **one as-of date**: no data file states an as-of date but ``guide.toml``'s ``as_of``;
* **collection**: every tracked package has a snapshot, collected no more than
  :data:`COLLECTION_GRACE_DAYS` days after the as-of date and not before the newest release
  the data names for it.

They are checks, not load errors, so that a project building on the bundled data keeps
building when a new edition (with a newer snapshot) arrives; the bundled data's own tests
run them and expect none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlguide.datadir import DataDir, parse_toml, scan, text_of
from mlguide.errors import DataError, closest
from mlguide.model import HistoryEntry, Release, VersionRef
from mlguide.model_snapshot import PackageSnapshot, snapshot_file
from mlguide.releases import latest_release

if TYPE_CHECKING:
    from mlguide.guide import Guide

__all__ = [
    "COLLECTION_GRACE_DAYS",
    "check_data",
    "collection_problems",
    "extra_problems",
    "history_problems",
    "normalized_name",
    "pip_extras",
    "second_as_of_problems",
    "version_problems",
]

#: How many days after the as-of date the snapshot may have been collected: the facts are
#: checked on the as-of date, and a collection a few days later cannot have seen much more.
COLLECTION_GRACE_DAYS = 3

#: How messages name the package's own data directory (as :func:`mlguide.load` does).
PACKAGE_DATA_SHOWN = "mlguide/data"


def check_data(
    extra_dirs: Sequence[str | Path] = (), *, package_data: bool = True, strict: bool = False
) -> tuple[Guide, list[DataError]]:
    """Load the data (read fresh, not from the cache) and run every check on it.

    :param strict: refuse a framework without a position on every aspect (see
        :func:`mlguide.load`).
    :returns: the guide and every problem found, in the order of the rules above.
    :raises DataError: the data does not load at all (a :class:`~mlguide.errors.DataErrors`
        lists every problem loading found).
    """
    from mlguide.loader import DATA_FILES, PACKAGE_DATA, load_uncached

    guide = load_uncached(extra_dirs, package_data=package_data, strict=strict)
    scanned = [scan(PACKAGE_DATA, DATA_FILES, PACKAGE_DATA_SHOWN)] if package_data else []
    scanned += [scan(Path(d), DATA_FILES) for d in extra_dirs]
    places = _Places(scanned)
    problems = [
        *version_problems(guide, places),
        *extra_problems(guide, places),
        *history_problems(guide),
        *second_as_of_problems(scanned),
        *collection_problems(guide),
    ]
    return guide, problems


class _Places:
    """Where entries of list files sit in their own files (``claims[3]``), read from the
    files themselves, so that a message names the place a maintainer edits."""

    def __init__(self, scanned: Sequence[DataDir]) -> None:
        self.index: dict[tuple[str, str, str], int] = {}
        self.snippets: dict[str, str] = {}
        for directory in scanned:
            for name, key in _LIST_FILES.items():
                if name not in directory.files:
                    continue
                shown = directory.shown(name)
                raw = parse_toml(directory.files[name], shown).get(key, [])
                for position, entry in enumerate(raw if isinstance(raw, list) else []):
                    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                        self.index[shown, key, entry["id"]] = position
            for relative in directory.matching("examples/<path>.py"):
                self.snippets[directory.shown(relative)] = text_of(
                    directory.files[relative], directory.shown(relative)
                )

    def where(self, shown: str, key: str, entry_id: str) -> str:
        position = self.index.get((shown, key, entry_id))
        return f"{key}[{position}]" if position is not None else f"{key}[id={entry_id!r}]"


_LIST_FILES = {
    "aspects.toml": "aspects",
    "claims.toml": "claims",
    "recommendations.toml": "recommendations",
    "examples.toml": "examples",
    "equivalents.toml": "equivalents",
}


# --- versions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Typed:
    """A version the data types, with the date beside it, and where it is written."""

    framework: str
    version: str | None
    date: dt.date | None
    file: str
    where: str


def _typed_versions(guide: Guide, places: _Places) -> Iterator[_Typed]:
    for fw in guide.frameworks:
        file = guide.origin("framework", fw.id)
        for name, release in (("latest", fw.latest), ("first_release", fw.first_release)):
            yield _Typed(fw.id, release.version, release.date, file, f"framework.{name}")
        for i, entry in enumerate(fw.milestones):
            yield _Typed(fw.id, entry.version, entry.date, file, f"framework.milestones[{i}]")
    for position in guide.positions:
        file = guide.origin("position", f"{position.framework}/{position.aspect}")
        for i, entry in enumerate(position.history):
            where = f"positions.{position.aspect}.history[{i}]"
            yield _Typed(position.framework, entry.version, entry.date, file, where)
    for claim in guide.claims:
        if claim.since is not None:
            file = guide.origin("claim", claim.id)
            where = places.where(file, "claims", claim.id) + ".since"
            since = claim.since
            yield _Typed(since.framework, since.version, since.date, file, where)


def _snapshot_of(guide: Guide, framework_id: str) -> PackageSnapshot | None:
    package = guide.framework_package(framework_id)
    if package is None:
        return None
    return guide.package_snapshot(package.name, package.index)


def _described(snapshot: PackageSnapshot) -> str:
    index = "PyPI" if snapshot.index == "pypi" else "npm"
    return f"{snapshot.name} on {index} (collected {snapshot.collected.isoformat()})"


def version_problems(guide: Guide, places: _Places) -> Iterator[DataError]:
    """Typed versions and their dates against the framework's package in the snapshot."""
    as_of = guide.info.as_of
    for typed in _typed_versions(guide, places):
        snapshot = _snapshot_of(guide, typed.framework)
        if snapshot is None or typed.version is None:
            continue
        releases = {r.version: r for r in snapshot.releases}
        release = releases.get(typed.version)
        if release is None:
            hint = closest(typed.version, list(releases))
            yield DataError(
                typed.file,
                f"{typed.where}.version",
                f"{typed.version!r} is not a release of {_described(snapshot)}"
                + (f"; did you mean {hint!r}?" if hint else ""),
            )
            continue
        if typed.date is not None and release.date is not None and typed.date != release.date:
            yield DataError(
                typed.file,
                f"{typed.where}.date",
                f"{typed.date.isoformat()} is not the release date of {typed.version}: "
                f"{_described(snapshot)} gives {release.date.isoformat()} (its first upload)",
            )
        if typed.where == "framework.latest":
            newest = latest_release(snapshot.releases, as_of)
            if newest is not None and newest.version != typed.version:
                when = f", released {newest.date.isoformat()}" if newest.date else ""
                yield DataError(
                    typed.file,
                    "framework.latest.version",
                    f"{typed.version!r} is not the latest release at the as-of date "
                    f"{as_of.isoformat()}: {_described(snapshot)} has {newest.version}{when}",
                )


# --- extras ---------------------------------------------------------------------------------

_PIP_INSTALL = re.compile(r"\bpip3?\s+install\s+([^`\n]*)")
_REQUIREMENT = re.compile(r"(?<![\w.-])([A-Za-z0-9][A-Za-z0-9._-]*)\[([^\]\n]*)\]")


def normalized_name(name: str) -> str:
    """A package or extra name as PEP 503 and PEP 685 compare them: lower case, each run of
    ``-``, ``_`` and ``.`` one hyphen."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_extras(text: str) -> list[tuple[str, str, int]]:
    """Every ``name[extra]`` that a ``pip install`` command in ``text`` asks for, as
    (package, extra, line number), names normalized; ``pip install "jax[cuda12, tpu]"``
    gives two."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for command in _PIP_INSTALL.finditer(line):
            for requirement in _REQUIREMENT.finditer(command.group(1)):
                for extra in requirement.group(2).split(","):
                    if extra.strip():
                        found.append(
                            (
                                normalized_name(requirement.group(1)),
                                normalized_name(extra.strip()),
                                number,
                            )
                        )
    return found


def _texts(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string below a data class, tuple or dict, with its field path."""
    if isinstance(node, str):
        yield path, node
    elif is_dataclass(node) and not isinstance(node, type):
        for item in fields(node):
            if item.init:
                yield from _texts(getattr(node, item.name), f"{path}.{item.name}".lstrip("."))
    elif isinstance(node, tuple):
        for index, item in enumerate(node):
            yield from _texts(item, f"{path}[{index}]")
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _texts(item, f"{path}.{key}".lstrip("."))


def _text_entries(guide: Guide, places: _Places) -> Iterator[tuple[str, str, str]]:
    """(file, field path, text) for every text of the data that a reader sees, and every
    code example (path ``line N``)."""
    for fw in guide.frameworks:
        yield from _located(guide.origin("framework", fw.id), _texts(fw, "framework"))
    for p in guide.positions:
        file = guide.origin("position", f"{p.framework}/{p.aspect}")
        entry = {name: getattr(p, name) for name in ("summary", "details", "unknown", "history")}
        yield from _located(file, _texts(entry, f"positions.{p.aspect}"))
    for kind, key, entries in (
        ("aspect", "aspects", guide.aspects),
        ("claim", "claims", guide.claims),
        ("recommendation", "recommendations", guide.recommendations),
        ("example", "examples", guide.examples),
    ):
        for item in entries:
            file = guide.origin(kind, item.id)
            yield from _located(file, _texts(item, places.where(file, key, item.id)))
    for row in guide.equivalents:
        yield from _located(
            guide.origin("equivalent", row.id), _texts(row, f"equivalents.{row.id}")
        )
    for file, code in places.snippets.items():
        yield file, "", code


def _located(file: str, texts: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    for where, text in texts:
        yield file, where, text


def extra_problems(guide: Guide, places: _Places) -> Iterator[DataError]:
    """Each ``pip install name[extra]`` against the extras the package's snapshot records."""
    snapshots = {s.name: s for s in guide.snapshot if s.index == "pypi"}
    for file, where, text in _text_entries(guide, places):
        for package, extra, line in pip_extras(text):
            location = f"{where} (line {line})" if where else f"line {line}"
            snapshot = snapshots.get(package)
            if snapshot is None:
                yield DataError(
                    file,
                    location,
                    f"`pip install {package}[{extra}]` cannot be checked: {package!r} is not a "
                    "tracked package with a snapshot (add it to packages.toml and run "
                    "build-scripts/collect)",
                )
            elif extra not in {normalized_name(e) for e in snapshot.extras}:
                declared = ", ".join(snapshot.extras) or "none"
                yield DataError(
                    file,
                    location,
                    f"`pip install {package}[{extra}]` names an extra that {package} "
                    f"{snapshot.metadata_of or ''} does not declare (it declares: {declared}; "
                    f"{_described(snapshot)})".replace("  ", " "),
                )


# --- history, as-of, collection --------------------------------------------------------------


def history_problems(guide: Guide) -> Iterator[DataError]:
    """History entries and milestones without a source of their own."""
    message = "a history entry cites its own source: give it `sources = [...]`"
    for fw in guide.frameworks:
        for i, entry in enumerate(fw.milestones):
            if not entry.sources:
                yield DataError(
                    guide.origin("framework", fw.id), f"framework.milestones[{i}]", message
                )
    for p in guide.positions:
        for i, entry in enumerate(p.history):
            if not entry.sources:
                file = guide.origin("position", f"{p.framework}/{p.aspect}")
                yield DataError(file, f"positions.{p.aspect}.history[{i}]", message)


#: An as-of date stated in text: "as of 2026-11-26", "(as-of: 2026-11-26)",
#: "as of guide.as_of (2026-11-26)".
_AS_OF = re.compile(
    r"\bas[ _-]of\b\W{0,3}(?:guide\.as_of\W{0,3})?(\d{4}-\d{2}-\d{2})", re.IGNORECASE
)
_AS_OF_KEY = re.compile(r"^\s*as_of\s*=")


def second_as_of_problems(scanned: Sequence[DataDir]) -> Iterator[DataError]:
    """A date stated as the as-of date anywhere but ``guide.toml``'s ``as_of`` key, in
    comments or text: the as-of date is stated once."""
    for directory in scanned:
        for relative, data in sorted(directory.files.items()):
            if not relative.endswith(".toml"):
                continue
            text = text_of(data, directory.shown(relative))
            for number, line in enumerate(text.splitlines(), start=1):
                if relative == "guide.toml" and _AS_OF_KEY.match(line):
                    continue
                found = _AS_OF.search(line)
                if found:
                    yield DataError(
                        directory.shown(relative),
                        f"line {number}",
                        f"states an as-of date ({found.group(1)}); the as-of date is stated "
                        "once, as `as_of` in guide.toml (say 'as of guide.as_of' or nothing)",
                    )


def _named_dates(guide: Guide) -> dict[str, dt.date]:
    """The newest date the data types beside a version of each framework, by framework."""
    newest: dict[str, dt.date] = {}

    def note(framework: str, entry: Release | HistoryEntry | VersionRef) -> None:
        if entry.version is None or entry.date is None:
            return
        if framework not in newest or entry.date > newest[framework]:
            newest[framework] = entry.date

    for fw in guide.frameworks:
        note(fw.id, fw.latest)
        note(fw.id, fw.first_release)
        for milestone in fw.milestones:
            note(fw.id, milestone)
    for p in guide.positions:
        for entry in p.history:
            note(p.framework, entry)
    for claim in guide.claims:
        if claim.since is not None:
            note(claim.since.framework, claim.since)
    return newest


def collection_problems(guide: Guide) -> Iterator[DataError]:
    """Every tracked package has a snapshot, collected near the as-of date: at most
    :data:`COLLECTION_GRACE_DAYS` days after it, and not before a release the data names."""
    as_of = guide.info.as_of
    named = _named_dates(guide)
    for package in guide.packages:
        snapshot = guide.package_snapshot(package.name, package.index)
        where = snapshot_file(package.index, package.name)
        if snapshot is None:
            yield DataError(
                guide.origin("package", f"{package.index}/{package.name}"),
                f"packages ({package.index} {package.name!r})",
                f"no snapshot ({where}): run build-scripts/collect",
            )
            continue
        file = guide.origin("snapshot", f"{package.index}/{package.name}")
        late = (snapshot.collected - as_of).days
        if late > COLLECTION_GRACE_DAYS:
            yield DataError(
                file,
                "collected",
                f"{snapshot.collected.isoformat()} is {late} days after the as-of date "
                f"{as_of.isoformat()} (at most {COLLECTION_GRACE_DAYS}): the snapshot may "
                "hold releases the data could not know; collect on the as-of date",
            )
        released = named.get(package.framework or "")
        if released is not None and snapshot.collected < released:
            yield DataError(
                file,
                "collected",
                f"{snapshot.collected.isoformat()} is before {released.isoformat()}, the "
                f"newest release the data names for {package.framework!r}: collect again",
            )
