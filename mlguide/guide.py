"""The loaded guide: look-ups by id, comparisons and the list of sources."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

from mlguide.errors import ArgumentError, UnknownIdError
from mlguide.lineage import LineageFile
from mlguide.model import (
    PYDANTIC_CONFIG,
    Aspect,
    BottomLine,
    Claim,
    Example,
    Framework,
    GuideInfo,
    Position,
    Recommendation,
    Source,
)
from mlguide.model_equivalents import Equivalent
from mlguide.model_measurements import MeasuredRun
from mlguide.model_migrations import Migration
from mlguide.model_snapshot import PackageSnapshot, TrackedPackage
from mlguide.releases import ReleaseFacts, release_facts

__all__ = ["Comparison", "Guide"]


@dataclass(frozen=True, kw_only=True)
class Guide:
    """The whole comparison, validated and cross-checked. Obtain one with :func:`mlguide.load`.

    Collections keep the data's order: frameworks in the guide's presentation order, aspects
    as listed in ``aspects.toml``.
    """

    __pydantic_config__ = PYDANTIC_CONFIG

    info: GuideInfo
    """Title, as-of date and version of the dataset."""
    frameworks: tuple[Framework, ...]
    """Every framework, in presentation order."""
    aspects: tuple[Aspect, ...]
    """Every aspect, in presentation order."""
    positions: tuple[Position, ...]
    """Every framework's position on every aspect, aspect by aspect."""
    claims: tuple[Claim, ...] = ()
    """The classic claims with today's verdicts."""
    recommendations: tuple[Recommendation, ...] = ()
    """The decision guide, by reader profile."""
    bottom_line: BottomLine | None = None
    """The guide's answer in one sentence; ``None`` when the data gives none."""
    examples: tuple[Example, ...] = ()
    """Code tasks shown side by side."""
    lineage: LineageFile = field(default_factory=LineageFile)
    """Where each framework came from: projects and the links between them."""
    example_dirs: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Folder each example's snippet files live in, by example id (not exported; read-only)."""
    snippet_sources: Mapping[str, str] = field(default_factory=dict, repr=False)
    """The code of every snippet as the load read it, by ``example-id/framework-id``, and of
    every migration route's script, by ``migration:route-id`` (not exported; read-only).
    Rendering shows this text and never reads the data directory again, so a file changed,
    swapped or removed after the load changes nothing."""
    equivalents: tuple[Equivalent, ...] = ()
    """API equivalents: everyday operations, one or two lines of code per framework."""
    equivalent_imports: Mapping[str, str] = field(default_factory=dict)
    """The import lines the equivalents' code assumes, by framework id (read-only)."""
    packages: tuple[TrackedPackage, ...] = ()
    """The packages whose releases the collector reads (``packages.toml``)."""
    snapshot: tuple[PackageSnapshot, ...] = ()
    """What the package indexes said about them when collected (``releases/``; not
    exported: :meth:`releases` gives the facts derived from it)."""
    measurements: tuple[MeasuredRun, ...] = ()
    """Recorded runs of the framework benchmark (``measurements/<id>.toml``)."""
    origins: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    """The data file each entry came from, by ``kind:id`` (``position:<fw>/<aspect>``), for
    messages about the data's text (not exported; read-only)."""
    replaced: Mapping[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)
    """Entries a later data directory replaced, by ``kind:id`` (``aspect:quantization``,
    ``position:pytorch/deployment``): the earlier file and the file that replaced it (not
    exported; read-only)."""
    migrations: tuple[Migration, ...] = ()
    """Routes from one framework (or major version) to another, each with a tested script."""
    migration_dirs: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Folder each route's example script lives in, by route id (not exported; read-only)."""

    _frameworks: Mapping[str, Framework] = field(init=False, repr=False, compare=False)
    _aspects: Mapping[str, Aspect] = field(init=False, repr=False, compare=False)
    _positions: Mapping[tuple[str, str], Position] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Sequences given as lists become tuples and mappings read-only views, so that no
        # caller can change a guide that load() hands to every later caller too.
        for name in _SEQUENCES:
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in _MAPPINGS:
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        # a cache stores pairs as lists
        object.__setattr__(
            self, "replaced", MappingProxyType({k: tuple(v) for k, v in self.replaced.items()})
        )
        # Indexes for look-ups by id; derived from the tuples, so excluded from comparisons.
        _index(self, "_frameworks", {f.id: f for f in self.frameworks})
        _index(self, "_aspects", {a.id: a for a in self.aspects})
        _index(self, "_positions", {(p.framework, p.aspect): p for p in self.positions})

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only views do not pickle: the cache stores the fields and rebuilds the guide.
        state = {
            name: getattr(self, name) for name in (*_SEQUENCES, "info", "lineage", "bottom_line")
        }
        return (_rebuild, (state, {name: dict(getattr(self, name)) for name in _MAPPINGS}))

    # --- look-ups ---------------------------------------------------------------

    @property
    def as_of(self) -> Any:
        """The day the data describes (a :class:`datetime.date`)."""
        return self.info.as_of

    def framework(self, framework_id: str) -> Framework:
        """The framework with this id.

        :raises UnknownIdError: no such framework; the error suggests the closest id.
        """
        try:
            return self._frameworks[framework_id]
        except KeyError:
            raise UnknownIdError("framework", framework_id, self._frameworks) from None

    def aspect(self, aspect_id: str) -> Aspect:
        """The aspect with this id.

        :raises UnknownIdError: no such aspect; the error suggests the closest id.
        """
        try:
            return self._aspects[aspect_id]
        except KeyError:
            raise UnknownIdError("aspect", aspect_id, self._aspects) from None

    def position(self, framework_id: str, aspect_id: str) -> Position:
        """The position of one framework on one aspect.

        :raises UnknownIdError: the framework or the aspect does not exist.
        """
        self.framework(framework_id)
        self.aspect(aspect_id)
        return self._positions[(framework_id, aspect_id)]

    def positions_on(
        self, aspect_id: str, frameworks: Iterable[str] | None = None
    ) -> list[Position]:
        """Positions on one aspect, one per framework (all frameworks unless given)."""
        ids = self.framework_ids if frameworks is None else list(frameworks)
        return [self.position(f, aspect_id) for f in ids]

    def claim(self, claim_id: str) -> Claim:
        """The classic claim with this id."""
        return _find(self.claims, claim_id, "claim")

    def recommendation(self, recommendation_id: str) -> Recommendation:
        """The recommendation with this id."""
        return _find(self.recommendations, recommendation_id, "recommendation")

    def example(self, example_id: str) -> Example:
        """The code example with this id."""
        return _find(self.examples, example_id, "example")

    def equivalent(self, equivalent_id: str) -> Equivalent:
        """The API equivalent (a row of the API table) with this id."""
        return _find(self.equivalents, equivalent_id, "equivalent")

    def package_snapshot(self, name: str, index: str = "pypi") -> PackageSnapshot | None:
        """What the index said about a package when it was collected; ``None`` when the
        data holds no snapshot of it."""
        for snapshot in self.snapshot:
            if snapshot.name == name and snapshot.index == index:
                return snapshot
        return None

    def framework_package(self, framework_id: str) -> TrackedPackage | None:
        """The package whose releases are the framework's, or ``None`` when none is
        tracked.

        :raises UnknownIdError: no such framework.
        """
        self.framework(framework_id)
        for package in self.packages:
            if package.framework == framework_id:
                return package
        return None

    def releases(self, framework_id: str) -> ReleaseFacts | None:
        """The framework's release facts at the as-of date, derived from the collected
        snapshot (see :mod:`mlguide.releases`): latest release, releases in the twelve months
        to the as-of date, Python range and platforms with wheels. ``None`` when the data
        tracks no package for it, or holds no snapshot of that package.

        :raises UnknownIdError: no such framework.
        """
        package = self.framework_package(framework_id)
        if package is None:
            return None
        snapshot = self.package_snapshot(package.name, package.index)
        return None if snapshot is None else release_facts(snapshot, self.info.as_of)

    def measurement(self, run_id: str) -> MeasuredRun:
        """The recorded benchmark run with this id."""
        return _find(self.measurements, run_id, "measurement run")

    def origin(self, kind: str, entry_id: str) -> str:
        """The data file an entry came from (``"the data"`` when not known)."""
        return self.origins.get(f"{kind}:{entry_id}", "the data")

    def snippet_path(self, example_id: str, framework_id: str) -> Path:
        """Path of the snippet file of one example for one framework."""
        example = self.example(example_id)
        for snippet in example.snippets:
            if snippet.framework == framework_id:
                return Path(self.example_dirs[example_id]) / snippet.file
        raise UnknownIdError(
            "framework",
            framework_id,
            [s.framework for s in example.snippets],
            f" in example {example_id!r}",
        )

    def snippet_code(self, example_id: str, framework_id: str) -> str:
        """Source code of the snippet of one example for one framework, as read at load.

        :raises UnknownIdError: no such example, or it has no snippet for the framework.
        :raises LookupError: the guide was built without the snippets' code.
        """
        self.snippet_path(example_id, framework_id)  # the ids exist (or a clear error)
        try:
            return self.snippet_sources[f"{example_id}/{framework_id}"]
        except KeyError:
            raise LookupError(
                f"this guide holds no code for the {framework_id!r} snippet of example "
                f"{example_id!r} (a guide from mlguide.load() has every snippet's code)"
            ) from None

    def migration(self, migration_id: str) -> Migration:
        """The migration route with this id."""
        return _find(self.migrations, migration_id, "migration route")

    def migration_script_path(self, migration_id: str) -> Path:
        """Path of a route's example script (the file the tests run)."""
        route = self.migration(migration_id)
        return Path(self.migration_dirs[migration_id]) / route.example

    def migration_script(self, migration_id: str) -> str:
        """Source code of a route's example script, as read at load (like a snippet's).

        :raises LookupError: the guide was built without the scripts' code.
        """
        self.migration(migration_id)  # the id exists (or a clear error)
        try:
            return self.snippet_sources[f"migration:{migration_id}"]
        except KeyError:
            raise LookupError(
                f"this guide holds no code for migration route {migration_id!r} (a guide "
                "from mlguide.load() has every script's code)"
            ) from None

    @property
    def gaps(self) -> dict[str, tuple[str, ...]]:
        """The aspects each framework has no position on (shown as not assessed), by
        framework id, in presentation order; empty when every position is given."""
        gaps: dict[str, list[str]] = {}
        for position in self.positions:
            if not position.assessed:
                gaps.setdefault(position.framework, []).append(position.aspect)
        return {f: tuple(gaps[f]) for f in self.framework_ids if f in gaps}

    @property
    def framework_ids(self) -> list[str]:
        """Ids of all frameworks, in presentation order."""
        return list(self._frameworks)

    @property
    def aspect_ids(self) -> list[str]:
        """Ids of all aspects, in presentation order."""
        return list(self._aspects)

    # --- derived views ----------------------------------------------------------

    def sources(self) -> list[Source]:
        """Every source cited in the data, once each (by URL), in order of first citation."""
        seen: dict[str, Source] = {}
        for source in _iter_sources(self):
            seen.setdefault(source.url, source)
        return list(seen.values())

    def compare(
        self,
        *frameworks: str,
        aspects: Sequence[str] | None = None,
    ) -> Comparison:
        """Compare frameworks aspect by aspect.

        :param frameworks: framework ids; all frameworks when none are given.
        :param aspects: aspect ids; all aspects when ``None``.
        :raises UnknownIdError: an id is unknown (the error suggests the closest one).
        :raises ArgumentError: an id is given twice, or ``aspects`` is empty (a
            :class:`ValueError` too).
        """
        if isinstance(aspects, str):
            raise ArgumentError(f"aspects must be a list of ids, not a string ({aspects!r})")
        fw_ids = list(frameworks) or self.framework_ids
        aspect_ids = self.aspect_ids if aspects is None else list(aspects)
        for kind, ids in (("framework", fw_ids), ("aspect", aspect_ids)):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ArgumentError(
                    f"{kind} given more than once: {', '.join(dupes)} (compare each {kind} once)"
                )
            if not ids:
                raise ArgumentError(f"no {kind}s to compare (aspects=None compares every aspect)")
        return Comparison(
            as_of=self.info.as_of.isoformat(),
            frameworks=tuple(self.framework(f) for f in fw_ids),
            aspects=tuple(self.aspect(a) for a in aspect_ids),
            positions=tuple(self.position(f, a) for a in aspect_ids for f in fw_ids),
        )


_SEQUENCES = (
    "frameworks",
    "aspects",
    "positions",
    "claims",
    "recommendations",
    "examples",
    "equivalents",
    "migrations",
    "packages",
    "snapshot",
    "measurements",
)
_MAPPINGS = (
    "example_dirs",
    "snippet_sources",
    "equivalent_imports",
    "origins",
    "replaced",
    "migration_dirs",
)


def _index(guide: Guide, name: str, items: dict[Any, Any]) -> None:
    object.__setattr__(guide, name, MappingProxyType(items))


def _rebuild(state: dict[str, Any], mappings: dict[str, Any]) -> Guide:
    return Guide(**state, **mappings)


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """Some frameworks compared on some aspects; converts to dict, JSON, CSV and Markdown."""

    as_of: str
    """As-of date of the data (ISO format)."""
    frameworks: tuple[Framework, ...]
    """The frameworks compared, in the order asked for."""
    aspects: tuple[Aspect, ...]
    """The aspects compared, in the order asked for."""
    positions: tuple[Position, ...]
    """One position per aspect and framework, aspect by aspect."""

    def position(self, framework_id: str, aspect_id: str) -> Position:
        """The position of one compared framework on one compared aspect."""
        for position in self.positions:
            if position.framework == framework_id and position.aspect == aspect_id:
                return position
        raise UnknownIdError("framework/aspect pair", f"{framework_id}/{aspect_id}", [])

    def rows(self) -> list[tuple[Aspect, tuple[Position, ...]]]:
        """Aspect by aspect, the positions of the compared frameworks in order."""
        width = len(self.frameworks)
        return [
            (aspect, self.positions[i * width : (i + 1) * width])
            for i, aspect in enumerate(self.aspects)
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: every aspect with each framework's summary, details and sources."""
        from mlguide import export

        return export.comparison_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """The comparison as JSON text (see :meth:`to_dict`)."""
        from mlguide import export

        return export.to_json(self.to_dict(), indent=indent)

    def to_csv(self) -> str:
        """One CSV row per aspect and framework, with summary, details and source URLs."""
        from mlguide import export

        return export.comparison_to_csv(self)

    def to_markdown(self) -> str:
        """A Markdown table: aspects as rows, frameworks as columns, plus the verdict."""
        from mlguide import export

        return export.comparison_to_markdown(self)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _find(items: Sequence[_T], item_id: str, kind: str) -> _T:
    for item in items:
        if item.id == item_id:
            return item
    raise UnknownIdError(kind, item_id, [i.id for i in items])


def _iter_sources(node: Any) -> Iterable[Source]:
    if isinstance(node, Source):
        yield node
    elif dataclasses.is_dataclass(node):
        for item in dataclasses.fields(node):
            if item.init:
                yield from _iter_sources(getattr(node, item.name))
    elif isinstance(node, tuple):  # a guide holds no source in a mapping
        for item in node:
            yield from _iter_sources(item)
