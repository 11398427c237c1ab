"""Reads the TOML data files, validates them, merges extra directories and checks references.

A data directory holds::

    guide.toml              facts about the dataset (title, as-of date, framework order)
    aspects.toml            [[aspects]]
    claims.toml             [[claims]]
    recommendations.toml    [[recommendations]]
    examples.toml           [[examples]] (snippets under examples/)
    equivalents.toml        [imports] and [[equivalents]] (API equivalents, code per framework)
    lineage.toml            [[nodes]] and [[links]]: where each framework came from
    migrations.toml         [[migrations]]: routes between frameworks (scripts under examples/)
    frameworks/<id>.toml    [framework] and [positions.<aspect-id>]
    packages.toml           [[packages]]: the packages build-scripts/collect reads
    releases/<index>/...    what the indexes said about them (written by the collector)
    measurements/<id>.toml  a recorded run of build-scripts/bench-frameworks (measured speed)

Every file is optional in an extra directory. Entries of a later directory replace entries
of an earlier one with the same id; within one directory an id may appear only once.
"""

from __future__ import annotations

import contextlib
import functools
import reprlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mlguide import cache
from mlguide.datadir import DataDir, parse_toml, scan, text_of
from mlguide.errors import DataError, DataErrors, closest
from mlguide.guide import Guide
from mlguide.integrity import check_code, check_dates, check_sources, check_values
from mlguide.lineage import LineageFile, find_cycle
from mlguide.model import (
    Aspect,
    AspectsFile,
    BottomLine,
    Claim,
    ClaimsFile,
    Example,
    ExamplesFile,
    Framework,
    FrameworkFile,
    GuideFile,
    GuideInfo,
    Position,
    PositionEntry,
    Recommendation,
    RecommendationsFile,
)
from mlguide.model_equivalents import Equivalent, EquivalentsFile
from mlguide.model_measurements import MeasuredRun, check_run
from mlguide.model_migrations import Migration, MigrationsFile
from mlguide.model_snapshot import PackagesFile, PackageSnapshot, TrackedPackage
from mlguide.shorten import shown as shown_value
from mlguide.snapshot import PACKAGES_FILE, SNAPSHOT_FILES, Snapshot

__all__ = ["DATA_FILES", "PACKAGE_DATA", "load", "load_uncached"]

#: The dataset shipped inside the package.
PACKAGE_DATA = Path(__file__).parent / "data"

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

_M = TypeVar("_M")


#: Every kind of file a data directory may hold, with the class its content validates as
#: (``None``: read elsewhere, e.g. snippets). Any other file is an error naming these.
DATA_FILES: dict[str, type[Any] | None] = {
    "guide.toml": GuideFile,
    "aspects.toml": AspectsFile,
    "claims.toml": ClaimsFile,
    "recommendations.toml": RecommendationsFile,
    "examples.toml": ExamplesFile,
    "equivalents.toml": EquivalentsFile,
    "lineage.toml": LineageFile,
    "migrations.toml": MigrationsFile,
    "frameworks/<id>.toml": FrameworkFile,
    "measurements/<id>.toml": MeasuredRun,
    "examples/<path>.py": None,  # snippet files (Snippet.file)
    "examples/verified-with.toml": None,  # mlguide.examples_meta
    PACKAGES_FILE: PackagesFile,  # mlguide.snapshot reads these three
    SNAPSHOT_FILES["pypi"]: PackageSnapshot,
    SNAPSHOT_FILES["npm"]: PackageSnapshot,
}


def load(
    *extra_dirs: str | Path | Sequence[str | Path], package_data: bool = True, strict: bool = False
) -> Guide:
    """Load the guide's data: the package's own dataset plus any extra directories.

    The result is cached per set of directories, so repeated calls cost nothing; another
    process reads it from the on-disk cache (``MLGUIDE_CACHE_DIR``, ``MLGUIDE_CACHE=0``).

    A framework that has no position on an aspect (a project's framework written before the
    bundled data gained the aspect, say) is loaded as *not assessed* there
    (:attr:`Guide.gaps` lists them), unless ``strict``.

    :param extra_dirs: directories whose files add frameworks, aspects and other entries,
        or replace entries with the same id; later directories win. A list or tuple of
        directories counts as its directories, in order.
    :param package_data: include the dataset shipped with mlguide (default true).
    :param strict: refuse a framework without a position on every aspect (as the bundled
        data's own tests do).
    :raises DataError: a file is malformed or the data is inconsistent; the message names
        the file and the field (:class:`~mlguide.DataErrors` when there are several
        problems: its ``errors`` lists each one).
    """
    dirs = tuple(_resolved(d) for d in _flattened(extra_dirs))
    guide = _load_cached(dirs, package_data)
    if strict:
        _refuse_gaps(guide)
    return guide


def _flattened(dirs: Iterable[str | Path | Sequence[str | Path]]) -> list[str | Path]:
    """Directories given one by one or as a list (``load(["a", "b"])``), in order."""
    out: list[str | Path] = []
    for item in dirs:
        if isinstance(item, (list, tuple)):
            out.extend(item)
        elif isinstance(item, (str, Path)):
            out.append(item)
        else:
            raise TypeError(
                f"a data directory is a str or Path (or a list of them), not {type(item).__name__}"
            )
    return out


def _resolved(directory: str | Path) -> Path:
    try:
        return Path(directory).resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        raise DataError(str(directory), "", f"cannot resolve the data directory: {exc}") from None


@functools.lru_cache(maxsize=16)
def _load_cached(dirs: tuple[Path, ...], package_data: bool) -> Guide:
    scanned = _scan_all(dirs, package_data)
    key = None
    if cache.cache_dir() is not None:
        key = cache.cache_key(
            (f"{d.root}/{name}", data) for d in scanned for name, data in sorted(d.files.items())
        )
        guide = cache.read(key)
        if isinstance(guide, Guide):
            return guide
    guide = _build(scanned)
    if key is not None:
        cache.write(key, guide)
    return guide


def load_uncached(
    extra_dirs: Sequence[str | Path] = (), *, package_data: bool = True, strict: bool = False
) -> Guide:
    """Like :func:`load`, but always reads the files again (for checkers and tests)."""
    guide = _build(_scan_all([Path(d) for d in _flattened(extra_dirs)], package_data))
    if strict:
        _refuse_gaps(guide)
    return guide


def _scan_all(dirs: Iterable[Path], package_data: bool) -> list[DataDir]:
    # the package's own files may be hard links (installers such as uv link from a cache)
    scanned = (
        [scan(PACKAGE_DATA, DATA_FILES, "mlguide/data", hard_links=True)] if package_data else []
    )
    scanned += [scan(d, DATA_FILES) for d in dirs]
    if not scanned:
        raise DataError("(no data)", "", "no data directory given")
    return scanned


def _build(scanned: Sequence[DataDir]) -> Guide:
    """Every directory's files, then the references between them; every problem is collected
    and reported together. References are checked only once every file reads cleanly (a
    broken file would make each reference to it a second, misleading problem)."""
    merged = _Merged()
    for directory in scanned:
        merged.add_directory(directory)
    merged.problems.raise_any()
    return merged.build()


def _refuse_gaps(guide: Guide) -> None:
    """A strict load: every framework needs a position on every aspect."""
    problems = _Problems()
    for fw_id, aspect_ids in guide.gaps.items():
        fw_file = guide.origin("framework", fw_id)
        for aspect_id in aspect_ids:
            hint = ""
            aspect_file = guide.origin("aspect", aspect_id)
            if Path(aspect_file).parent != Path(fw_file).parent.parent:
                # the aspect came from another directory: say where, and where to fix
                hint = (
                    f"; the aspect {aspect_id!r} comes from {aspect_file}: give "
                    f"{fw_id!r} a position on it in frameworks/{fw_id}.toml beside it"
                )
            problems.add(
                DataError(
                    fw_file,
                    f"positions.{aspect_id}",
                    "missing: every framework needs a position on every aspect "
                    f'(or `unknown = "reason"`){hint}',
                )
            )
    problems.raise_any()


class _Problems:
    """Problems found so far, each a located :class:`DataError`."""

    def __init__(self) -> None:
        self.found: list[DataError] = []

    def add(self, error: DataError) -> None:
        self.found.extend(error.errors if isinstance(error, DataErrors) else [error])

    @contextlib.contextmanager
    def collecting(self) -> Iterator[None]:
        """Run one independent check; a problem it raises is recorded, and the load goes on."""
        try:
            yield
        except DataError as exc:
            self.add(exc)

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise DataErrors(self.found)


# --- reading one file ---------------------------------------------------------------


def _read(directory: DataDir, relative: str, model: type[_M]) -> _M:
    shown = directory.shown(relative)
    return _validate(parse_toml(directory.files[relative], shown), model, shown)


def _validate(raw: Any, model: type[_M], shown: str) -> _M:
    from pydantic import ValidationError

    try:
        result: _M = _adapter(model).validate_python(raw)
    except ValidationError as exc:
        raise _data_error(shown, exc) from None
    check_values(raw, result, shown)
    return result


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(model: type[_M]) -> TypeAdapter[_M]:
    """The pydantic validator of one data class, built on first use."""
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def _location(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            text += " (key)"
        else:
            text += f".{part}" if text else str(part)
    return text


def _field_names() -> set[str]:
    """Every field name of every data class (to suggest one for a misspelt key)."""
    import dataclasses

    from mlguide import lineage, model, model_equivalents, model_migrations

    # the typed files' classes (the snapshot is written by the collector, not by hand)
    return {
        item.name
        for module in (model, model_equivalents, model_migrations, lineage)
        for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls)
        for item in dataclasses.fields(cls)
    }


#: How a wrong value appears in an error: shortened, so that a long string or a deep list
#: still makes a short message.
_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxlist, _SHOWN.maxdict = 2, 4, 4
_SHOWN.maxstring = _SHOWN.maxother = 60


def _data_error(shown: str, exc: ValidationError) -> DataError:
    """Every problem pydantic found in one file, each located (a :class:`DataErrors` when
    there are several), unknown keys first."""
    # A misspelt key also makes the real key "missing" at the same place; the misspelling is
    # the useful report. (pydantic reports dataclass fields as "unexpected_keyword_argument"
    # and "missing")
    rank = {"unexpected_keyword_argument": 0, "missing": 2}
    errors = sorted(exc.errors(include_url=False), key=lambda e: rank.get(e["type"], 1))
    unknown_keys: dict[tuple[Any, ...], list[str]] = {}
    for error in errors:
        if error["type"] == "unexpected_keyword_argument":
            unknown_keys.setdefault(tuple(error["loc"])[:-1], []).append(str(error["loc"][-1]))

    def misspelt(error: Any) -> bool:
        """A missing key that an unknown key beside it misspells."""
        loc = tuple(error["loc"])
        keys = unknown_keys.get(loc[:-1], [])
        return error["type"] == "missing" and any(closest(k, [str(loc[-1])]) for k in keys)

    found = [_one_error(shown, error) for error in errors if not misspelt(error)]
    return found[0] if len(found) == 1 else DataErrors(found)


def _one_error(shown: str, error: Any) -> DataError:
    # Every union in the model is ``X | None``, which pydantic reports without a member's
    # type name, so the path is the data's own keys (``positions.Bad_Id``, capitals and all).
    loc = tuple(error["loc"])
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "unexpected_keyword_argument":
        key = str(loc[-1])
        # a field of another kind (``task`` in a framework file) is no suggestion for itself
        suggestion = closest(key, _field_names() - {key})
        message = "unknown key" + (f"; did you mean {suggestion!r}?" if suggestion else "")
    elif kind == "missing":
        message = "required field is missing"
    elif "input" in error and kind.endswith("_type"):
        message += f" (got {type(error['input']).__name__} {_SHOWN.repr(error['input'])})"
    return DataError(shown, _location(loc), message)


# --- merging directories ------------------------------------------------------------

_T = TypeVar("_T", Aspect, Claim, Recommendation, Example, Equivalent)

#: The kind of entry each list file holds (``replaced`` names entries ``kind:id``).
_KINDS = {
    "aspects": "aspect",
    "claims": "claim",
    "recommendations": "recommendation",
    "examples": "example",
    "equivalents": "equivalent",
    "migrations": "migration",
}


class _Merged:
    """Entries gathered from the directories so far, with the file each came from.

    Problems are collected in :attr:`problems` (one per independent check) rather than
    raised, so that a run reports them all.
    """

    def __init__(self) -> None:
        self.problems = _Problems()
        self.info: GuideInfo | None = None
        self.info_file = ""
        self.frameworks: dict[str, tuple[Framework, str]] = {}
        self.positions: dict[str, dict[str, tuple[PositionEntry, str]]] = {}
        self.aspects: dict[str, tuple[Aspect, str]] = {}
        self.claims: dict[str, tuple[Claim, str]] = {}
        self.recommendations: dict[str, tuple[Recommendation, str]] = {}
        self.examples: dict[str, tuple[Example, str]] = {}
        self.example_dirs: dict[str, Path] = {}
        self.example_files: dict[str, DataDir] = {}
        self.snippet_sources: dict[str, str] = {}
        self.where: dict[tuple[str, str], str] = {}
        self.equivalents: dict[str, tuple[Equivalent, str]] = {}
        self.imports: dict[str, tuple[str, str]] = {}
        self.pending_extensions: list[tuple[str, FrameworkFile, str]] = []
        self.lineage: tuple[LineageFile, str] = (LineageFile(), "")
        self.bottom_line: tuple[BottomLine, str] | None = None
        self.migrations: dict[str, tuple[Migration, str]] = {}
        #: the data directory each migration route (and so its example script) came from
        self.migration_files: dict[str, DataDir] = {}
        #: entries a later directory replaced: ``kind:id`` -> (earlier file, later file)
        self.replaced: dict[str, tuple[str, str]] = {}
        self.snapshot = Snapshot()
        self.measurements: dict[str, tuple[MeasuredRun, str]] = {}

    def add_directory(self, directory: DataDir) -> None:
        if "guide.toml" in directory.files:
            with self.problems.collecting():
                self._add_info(directory)
        for name, key, model, into in (
            ("aspects.toml", "aspects", AspectsFile, self.aspects),
            ("claims.toml", "claims", ClaimsFile, self.claims),
            ("recommendations.toml", "recommendations", RecommendationsFile, self.recommendations),
            ("examples.toml", "examples", ExamplesFile, self.examples),
            ("migrations.toml", "migrations", MigrationsFile, self.migrations),
        ):
            with self.problems.collecting():
                content = self._add_list(directory, name, model, key, into)
                if key == "recommendations" and content and content.bottom_line is not None:
                    # a later directory's bottom line replaces an earlier one
                    self.bottom_line = (content.bottom_line, directory.shown(name))
                if key == "examples" and content is not None:
                    for example in content.examples:
                        self.example_dirs[example.id] = directory.root / "examples"
                        self.example_files[example.id] = directory
                if key == "migrations" and content is not None:
                    for route in content.migrations:
                        self.migration_files[route.id] = directory
        if "equivalents.toml" in directory.files:
            with self.problems.collecting():
                shown = directory.shown("equivalents.toml")
                data = _read(directory, "equivalents.toml", EquivalentsFile)
                self._register(shown, data.equivalents, "equivalents", self.equivalents)
                self.imports.update({fw: (code, shown) for fw, code in data.imports.items()})
        self._add_frameworks(directory)
        if "lineage.toml" in directory.files:  # a later directory's lineage replaces one
            with self.problems.collecting():
                shown = directory.shown("lineage.toml")
                self.lineage = (_read(directory, "lineage.toml", LineageFile), shown)
        with self.problems.collecting():  # packages.toml and releases/ (mlguide.snapshot)
            self.snapshot.add(directory, _read)
        for relative in directory.matching("measurements/<id>.toml"):
            with self.problems.collecting():
                self._add_measurement(directory, relative)

    def _add_info(self, directory: DataDir) -> None:
        shown = directory.shown("guide.toml")
        raw = parse_toml(directory.files["guide.toml"], shown)
        if self.info is not None and isinstance(raw.get("guide"), dict):
            # a later guide.toml overrides field by field: what it leaves out (the
            # framework order, say) stays as the earlier directory had it; its other
            # keys stay too, so that validation reports them instead of losing them
            raw = {**raw, "guide": {**_fields(self.info), **raw["guide"]}}
        self.info = _validate(raw, GuideFile, shown).guide
        self.info_file = shown

    def _add_measurement(self, directory: DataDir, relative: str) -> None:
        """A recorded run, in a file named by its id; a later directory's run replaces one
        with the same id. (A run is dated when it was measured, which may be after the
        data's as-of date: it measures the pinned versions, it states no fact of that day.)"""
        shown = directory.shown(relative)
        stem = relative.removeprefix("measurements/").removesuffix(".toml")
        run = _read(directory, relative, MeasuredRun)
        if run.id != stem:
            raise DataError(shown, "run.id", f"id {run.id!r} does not match the file name {stem!r}")
        check_run(run, shown)
        if run.id in self.measurements:
            self._note_replaced(f"measurement:{run.id}", self.measurements[run.id][1], shown)
        self.measurements[run.id] = (run, shown)

    def _add_list(
        self,
        directory: DataDir,
        name: str,
        model: type[Any],
        key: str,
        into: dict[str, tuple[Any, str]],
    ) -> Any:
        """Read one list file into ``into``; returns the file's content (``None`` if absent)."""
        if name not in directory.files:
            return None
        shown = directory.shown(name)
        content = _read(directory, name, model)
        self._register(shown, getattr(content, key), key, into)
        return content

    def _register(
        self, shown: str, entries: Sequence[Any], key: str, into: dict[str, tuple[Any, str]]
    ) -> None:
        """Add one file's entries by id (an id may appear only once in a file), recording
        where each sits in its file and which entries of earlier directories it replaces."""
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.id in seen:
                raise DataError(
                    shown,
                    f"{key}[{index}].id",
                    f"duplicate id {shown_value(entry.id)} (already used by "
                    f"{key}[{seen[entry.id]}])",
                )
            seen[entry.id] = index
        for index, entry in enumerate(entries):
            if entry.id in into:
                self._note_replaced(f"{_KINDS[key]}:{entry.id}", into[entry.id][1], shown)
            into[entry.id] = (entry, shown)
            self.where[key, entry.id] = f"{key}[{index}]"

    def _note_replaced(self, key: str, earlier: str, later: str) -> None:
        if earlier != later:
            first = self.replaced.get(key, (earlier, later))[0]
            self.replaced[key] = (first, later)

    def _add_frameworks(self, directory: DataDir) -> None:
        # one file per id in a directory: the id must match the file's name
        for relative in directory.matching("frameworks/<id>.toml"):
            with self.problems.collecting():
                self._add_framework(directory, relative)

    def _add_framework(self, directory: DataDir, relative: str) -> None:
        shown = directory.shown(relative)
        stem = relative.removeprefix("frameworks/").removesuffix(".toml")
        data = _read(directory, relative, FrameworkFile)
        if data.framework is None:
            self.pending_extensions.append((stem, data, shown))
            return
        fw = data.framework
        if fw.id != stem:
            raise DataError(
                shown,
                "framework.id",
                f"id {shown_value(fw.id)} does not match the file name {stem!r}",
            )
        if fw.id in self.frameworks:
            self._note_replaced(f"framework:{fw.id}", self.frameworks[fw.id][1], shown)
        self.frameworks[fw.id] = (fw, shown)
        self.positions[fw.id] = {a: (p, shown) for a, p in data.positions.items()}

    def _check_snippet(self, example_id: str, file: str, shown: str, where: str) -> str:
        """A snippet is a regular UTF-8 file inside its data directory's ``examples/``; its
        text, as the directory scan read it (the only read: see :mod:`mlguide.datadir`)."""
        directory = self.example_files[example_id]
        relative = f"examples/{file}"
        if relative not in directory.files:
            raise DataError(shown, where, f"no such snippet file {file!r}")
        text = text_of(directory.files[relative], directory.shown(relative))
        check_code(text, directory.shown(relative))
        return text

    def _check_migrations(self, fw_ids: Sequence[str]) -> None:
        """A route names known frameworks and an example script beside its file."""
        for route_id, (route, shown) in self.migrations.items():
            at = self.where["migrations", route_id]
            for i, fw_id in enumerate(route.frameworks):
                if fw_id not in self.frameworks:
                    with self.problems.collecting():
                        _unknown(shown, f"{at}.frameworks[{i}]", "framework", fw_id, fw_ids)
            with self.problems.collecting():
                # the same rules as a snippet's, in the route's own directory
                self.example_files[f"migration:{route_id}"] = self.migration_files[route_id]
                code = self._check_snippet(
                    f"migration:{route_id}", route.example, shown, f"{at}.example"
                )
                self.snippet_sources[f"migration:{route_id}"] = code

    def _origins(self, fw_ids: Sequence[str]) -> dict[str, str]:
        origins = {f"framework:{f}": self.frameworks[f][1] for f in fw_ids}
        for fw_id in fw_ids:
            for aspect_id, (_, shown) in self.positions[fw_id].items():
                origins[f"position:{fw_id}/{aspect_id}"] = shown
        for kind, table in (
            ("aspect", self.aspects),
            ("claim", self.claims),
            ("recommendation", self.recommendations),
            ("example", self.examples),
            ("migration", self.migrations),
        ):
            for entry_id, (_, shown) in table.items():
                origins[f"{kind}:{entry_id}"] = shown
        return origins

    def _entries(self) -> list[tuple[Any, str, str]]:
        """Every entry with its file and path in that file, for the dataset rules."""
        entries: list[tuple[Any, str, str]] = []
        for fw, shown in self.frameworks.values():
            entries.append((fw, shown, "framework"))
        for by_aspect in self.positions.values():
            for aspect_id, (entry, shown) in by_aspect.items():
                entries.append((entry, shown, f"positions.{aspect_id}"))
        tables: tuple[tuple[str, dict[str, tuple[Any, str]]], ...] = (
            ("aspects", self.aspects),
            ("claims", self.claims),
            ("recommendations", self.recommendations),
            ("examples", self.examples),
            ("migrations", self.migrations),
        )
        for key, table in tables:
            for entry_id, (item, shown) in table.items():
                entries.append((item, shown, self.where[key, entry_id]))
        for row_id, (row, shown) in self.equivalents.items():
            entries.append((row, shown, self.where["equivalents", row_id]))
        lineage, shown = self.lineage
        if shown:
            entries.append((lineage, shown, ""))
        if self.bottom_line is not None:
            entries.append((self.bottom_line[0], self.bottom_line[1], "bottom_line"))
        return entries

    def _apply_extensions(self) -> None:
        """Positions-only framework files: add or replace positions of known frameworks."""
        for stem, data, shown in self.pending_extensions:
            with self.problems.collecting():
                if stem not in self.frameworks:
                    hint = closest(stem, self.frameworks)
                    raise DataError(
                        shown,
                        "framework",
                        f"no [framework] table, and no framework {stem!r} to add positions to"
                        + (f"; did you mean {hint!r}?" if hint else ""),
                    )
                for aspect_id, entry in data.positions.items():
                    if aspect_id in self.positions[stem]:
                        earlier = self.positions[stem][aspect_id][1]
                        self._note_replaced(f"position:{stem}/{aspect_id}", earlier, shown)
                    self.positions[stem][aspect_id] = (entry, shown)

    def _placed_positions(self, fw_ids: Sequence[str], aspect_ids: Sequence[str]) -> list[Position]:
        """Every framework's position on every aspect, aspect by aspect; a framework with no
        position on an aspect gets one that is not assessed (:attr:`Guide.gaps`)."""
        for fw_id in fw_ids:
            for aspect_id, (_, shown) in self.positions[fw_id].items():
                if aspect_id not in self.aspects:
                    with self.problems.collecting():
                        _unknown(shown, f"positions.{aspect_id}", "aspect", aspect_id, aspect_ids)
        positions: list[Position] = []
        for aspect_id in aspect_ids:
            for fw_id in fw_ids:
                if aspect_id in self.positions[fw_id]:
                    entry = self.positions[fw_id][aspect_id][0]
                    fields = _fields(entry)
                else:
                    fields = {"assessed": False}
                positions.append(Position(framework=fw_id, aspect=aspect_id, **fields))
        return positions

    def build(self) -> Guide:
        if self.info is None:
            raise DataError("guide.toml", "", "no data directory has a guide.toml")
        self._apply_extensions()
        fw_ids = _ordered(self.frameworks, self.info.frameworks, self.info_file)
        aspect_ids = list(self.aspects)
        positions = self._placed_positions(fw_ids, aspect_ids)
        collecting = self.problems.collecting

        # a location is the entry's place in its own file (``self.where``), not in the merge
        for aspect_id, (aspect, shown) in self.aspects.items():
            if aspect.verdict:
                for i, leader in enumerate(aspect.verdict.leaders):
                    if leader not in self.frameworks:
                        with collecting():
                            at = self.where["aspects", aspect_id]
                            where = f"{at}.verdict.leaders[{i}]"
                            _unknown(shown, where, "framework", leader, fw_ids)
        for claim_id, (claim, shown) in self.claims.items():
            at = self.where["claims", claim_id]
            with collecting():
                self._check_aspects(shown, at, claim.aspects, aspect_ids)
            if claim.since and claim.since.framework not in self.frameworks:
                with collecting():
                    where = f"{at}.since.framework"
                    _unknown(shown, where, "framework", claim.since.framework, fw_ids)
        for rec_id, (rec, shown) in self.recommendations.items():
            at = self.where["recommendations", rec_id]
            with collecting():
                self._check_aspects(shown, at, rec.aspects, aspect_ids)
            for i, pick in enumerate(rec.picks):
                if pick not in self.frameworks:
                    with collecting():
                        _unknown(shown, f"{at}.picks[{i}]", "framework", pick, fw_ids)
        for example_id, (example, shown) in self.examples.items():
            at = self.where["examples", example_id]
            with collecting():
                self._check_aspects(shown, at, example.aspects, aspect_ids)
            for i, snippet in enumerate(example.snippets):
                where = f"{at}.snippets[{i}]"
                if snippet.framework not in self.frameworks:
                    with collecting():
                        _unknown(
                            shown, f"{where}.framework", "framework", snippet.framework, fw_ids
                        )
                with collecting():
                    code = self._check_snippet(example.id, snippet.file, shown, f"{where}.file")
                    self.snippet_sources[f"{example.id}/{snippet.framework}"] = code
        self._check_equivalents(fw_ids)
        self._check_migrations(fw_ids)
        for run, shown in self.measurements.values():
            for index, variant in enumerate(run.variants):
                if variant.framework not in self.frameworks:
                    with collecting():
                        _unknown(
                            shown,
                            f"variants[{index}].framework",
                            "framework",
                            variant.framework,
                            fw_ids,
                        )
        entries = self._entries()
        with collecting():
            check_dates(self.info.as_of, self.info_file, entries)
        with collecting():
            check_sources(entries)
        lineage = LineageFile()
        with collecting():
            lineage = self._checked_lineage(fw_ids)
        packages: tuple[TrackedPackage, ...] = ()
        snapshot: tuple[PackageSnapshot, ...] = ()
        with collecting():
            packages, snapshot = self.snapshot.checked(fw_ids)
        self.problems.raise_any()
        return Guide(
            info=self.info,
            frameworks=tuple(self.frameworks[f][0] for f in fw_ids),
            aspects=tuple(a for a, _ in self.aspects.values()),
            positions=tuple(positions),
            claims=tuple(c for c, _ in self.claims.values()),
            recommendations=tuple(r for r, _ in self.recommendations.values()),
            bottom_line=self.bottom_line[0] if self.bottom_line else None,
            examples=tuple(e for e, _ in self.examples.values()),
            lineage=lineage,
            example_dirs={k: str(v) for k, v in self.example_dirs.items()},
            snippet_sources=self.snippet_sources,
            origins={**self._origins(fw_ids), **self.snapshot.origins()},
            equivalents=tuple(e for e, _ in self.equivalents.values()),
            equivalent_imports={fw: code for fw, (code, _) in self.imports.items()},
            replaced=self.replaced,
            migrations=tuple(m for m, _ in self.migrations.values()),
            migration_dirs={m: str(d.root / "examples") for m, d in self.migration_files.items()},
            packages=packages,
            snapshot=snapshot,
            measurements=tuple(run for run, _ in self.measurements.values()),
        )

    def _check_equivalents(self, fw_ids: list[str]) -> None:
        for fw_id, (_, shown) in self.imports.items():
            if fw_id not in self.frameworks:
                with self.problems.collecting():
                    _unknown(shown, f"imports.{fw_id} (key)", "framework", fw_id, fw_ids)
        for row_id, (row, shown) in self.equivalents.items():
            seen: dict[str, int] = {}
            for i, cell in enumerate(row.cells):
                where = f"{self.where['equivalents', row_id]}.cells[{i}].framework"
                with self.problems.collecting():
                    if cell.framework not in self.frameworks:
                        _unknown(shown, where, "framework", cell.framework, fw_ids)
                    if cell.framework in seen:
                        raise DataError(
                            shown,
                            where,
                            f"framework {cell.framework!r} has two cells in row {row.id!r} "
                            f"(also cells[{seen[cell.framework]}])",
                        )
                seen[cell.framework] = i

    def _checked_lineage(self, fw_ids: list[str]) -> LineageFile:
        """The lineage, its references checked: link ends, frameworks, sourced years."""
        lineage, shown = self.lineage
        ids: dict[str, int] = {}
        for index, node in enumerate(lineage.nodes):
            if node.id in ids:
                raise DataError(shown, f"nodes[{index}].id", f"duplicate id {node.id!r}")
            ids[node.id] = index
            if node.framework is not None and node.framework not in fw_ids:
                _unknown(shown, f"nodes[{index}].framework", "framework", node.framework, fw_ids)
            if (node.year is not None or node.note) and not node.sources:
                raise DataError(shown, f"nodes[{index}].sources", "a year or note needs a source")
        for index, link in enumerate(lineage.links):
            for end in ("source", "target"):
                if getattr(link, end) not in ids:
                    _unknown(shown, f"links[{index}].{end}", "node", getattr(link, end), list(ids))
        cycle = find_cycle(lineage)
        if cycle is not None:
            index, around = cycle
            raise DataError(
                shown,
                f"links[{index}]",
                f"the links make a cycle: {' → '.join(around)} (a lineage runs from earlier "
                "projects to later ones)",
            )
        return lineage

    @staticmethod
    def _check_aspects(shown: str, where: str, used: Sequence[str], known: Sequence[str]) -> None:
        for i, aspect_id in enumerate(used):
            if aspect_id not in known:
                _unknown(shown, f"{where}.aspects[{i}]", "aspect", aspect_id, known)


def _fields(entry: Any) -> dict[str, Any]:
    import dataclasses

    return {item.name: getattr(entry, item.name) for item in dataclasses.fields(entry)}


def _ordered(frameworks: dict[str, Any], order: Sequence[str], shown: str) -> list[str]:
    for index, fw_id in enumerate(order):
        if fw_id not in frameworks:
            _unknown(shown, f"guide.frameworks[{index}]", "framework", fw_id, list(frameworks))
    return list(order) + sorted(f for f in frameworks if f not in order)


def _unknown(shown: str, where: str, kind: str, given: str, known: Sequence[str]) -> None:
    hint = closest(given, known)
    raise DataError(
        shown,
        where,
        f"unknown {kind} {shown_value(given)}" + (f"; did you mean {hint!r}?" if hint else ""),
    )
