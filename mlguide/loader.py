"""Reads the TOML data files, validates them, merges extra directories and checks references.

A data directory holds::

    guide.toml              facts about the dataset (title, as-of date, framework order)
    aspects.toml            [[aspects]]
    claims.toml             [[claims]]
    recommendations.toml    [[recommendations]]
    examples.toml           [[examples]] (snippets under examples/)
    equivalents.toml        [imports] and [[equivalents]] (API equivalents, code per framework)
    lineage.toml            [[nodes]] and [[links]]: where each framework came from
    frameworks/<id>.toml    [framework] and [positions.<aspect-id>]

Every file is optional in an extra directory. Entries of a later directory replace entries
of an earlier one with the same id; within one directory an id may appear only once.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mlguide.errors import DataError, closest
from mlguide.guide import Guide
from mlguide.model import (
    Aspect,
    AspectsFile,
    Claim,
    ClaimsFile,
    Equivalent,
    EquivalentsFile,
    Example,
    ExamplesFile,
    Framework,
    FrameworkFile,
    GuideFile,
    GuideInfo,
    LineageFile,
    Position,
    PositionEntry,
    Recommendation,
    RecommendationsFile,
)

__all__ = ["PACKAGE_DATA", "load", "load_uncached"]

#: The dataset shipped inside the package.
PACKAGE_DATA = Path(__file__).parent / "data"

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

_M = TypeVar("_M")


def load(*extra_dirs: str | Path, package_data: bool = True) -> Guide:
    """Load the guide's data: the package's own dataset plus any extra directories.

    The result is cached per set of directories, so repeated calls cost nothing.

    :param extra_dirs: directories whose files add frameworks, aspects and other entries,
        or replace entries with the same id; later directories win.
    :param package_data: include the dataset shipped with mlguide (default true).
    :raises DataError: a file is malformed or the data is inconsistent; the message names
        the file and the field.
    """
    dirs = tuple(Path(d).resolve() for d in extra_dirs)
    return _load_cached(dirs, package_data)


@functools.lru_cache(maxsize=16)
def _load_cached(dirs: tuple[Path, ...], package_data: bool) -> Guide:
    roots = ([PACKAGE_DATA] if package_data else []) + list(dirs)
    cache = _cache_file(roots)
    if cache is not None:
        guide = _read_cache(cache)
        if guide is not None:
            return guide
    guide = load_uncached(dirs, package_data=package_data)
    if cache is not None:
        _write_cache(cache, guide)
    return guide


# --- the validated-data cache ---------------------------------------------------------
# Importing pydantic and validating every file costs over 100 ms per process; a script that
# only looks something up should not pay it each time. The cache holds the validated Guide
# (plain dataclasses, so reading it needs no pydantic), keyed by the versions of mlguide and
# Python and by the size and mtime of every data file and of the classes it holds: any edit
# misses it. MLGUIDE_CACHE_DIR moves it; MLGUIDE_CACHE=0 turns it off.


def _cache_dir() -> Path | None:
    if os.environ.get("MLGUIDE_CACHE", "1") == "0":
        return None
    if configured := os.environ.get("MLGUIDE_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "mlguide"


def _cache_file(roots: list[Path]) -> Path | None:
    folder = _cache_dir()
    if folder is None:
        return None
    from mlguide import __version__

    key = hashlib.sha256()
    key.update(f"{__version__}|{sys.version}".encode())
    here = Path(__file__).parent
    for code in (here / "model.py", here / "guide.py"):  # the pickled classes
        stat = code.stat()
        key.update(f"{code}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    for root in roots:
        if not root.is_dir():
            return None  # load_uncached reports the missing directory
        for path in sorted(root.rglob("*")):
            if path.suffix in (".toml", ".py") and "__pycache__" not in path.parts:
                stat = path.stat()
                key.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return folder / f"guide-{key.hexdigest()[:32]}.pickle"


def _read_cache(path: Path) -> Guide | None:
    try:
        with path.open("rb") as handle:
            # Only a file this user wrote and nobody else can change is trusted.
            stat = os.fstat(handle.fileno())
            if stat.st_uid != os.getuid() or stat.st_mode & 0o022:
                return None
            guide = pickle.load(handle)
    except Exception:  # a missing, partial or stale cache is simply rebuilt
        return None
    return guide if isinstance(guide, Guide) else None


def _write_cache(path: Path, guide: Guide) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Keep the few most recent data sets (the guide, a project's extra data, ...).
        olds = sorted(path.parent.glob("guide-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in olds[:-7]:
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(guide, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:  # a read-only home only costs speed
        pass


def load_uncached(extra_dirs: Sequence[str | Path] = (), *, package_data: bool = True) -> Guide:
    """Like :func:`load`, but always reads the files again (for checkers and tests)."""
    dirs = [PACKAGE_DATA] if package_data else []
    for extra in extra_dirs:
        path = Path(extra)
        if not path.is_dir():
            raise DataError(str(extra), "", "data directory does not exist")
        dirs.append(path)
    if not dirs:
        raise DataError("(no data)", "", "no data directory given")
    merged = _Merged()
    for directory in dirs:
        merged.add_directory(directory)
    return merged.build()


# --- reading one file ---------------------------------------------------------------


def _display(path: Path, root: Path) -> str:
    """How a data file is named in messages: a bundled file as ``mlguide/data/...`` (the
    package's own file, not one in the reader's folder), any other by its path."""
    try:
        if root == PACKAGE_DATA:
            return "mlguide/" + path.relative_to(root.parent).as_posix()
        return str(path)
    except ValueError:
        return str(path)


def _read(path: Path, model: type[_M], shown: str) -> _M:
    return _validate(_read_toml(path, shown), model, shown)


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(shown, "", f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise DataError(shown, "", f"cannot read file: {exc.strerror}") from None


def _validate(raw: Any, model: type[_M], shown: str) -> _M:
    from pydantic import ValidationError

    try:
        result: _M = _adapter(model).validate_python(raw)
        return result
    except ValidationError as exc:
        raise _data_error(shown, exc) from None


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

    from mlguide import model

    return {
        item.name
        for cls in vars(model).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls)
        for item in dataclasses.fields(cls)
    }


def _data_error(shown: str, exc: ValidationError) -> DataError:
    # A misspelt key also makes the real key "missing"; the misspelling is the useful report.
    rank = {
        "extra_forbidden": 0,
        "unexpected_keyword_argument": 0,
        "missing": 2,
        "missing_keyword_argument": 2,
    }
    errors = sorted(exc.errors(include_url=False), key=lambda e: rank.get(e["type"], 1))
    first = errors[0]
    loc = tuple(first["loc"])
    # A failed union member (``Framework | None``) reports its type name in the path.
    loc = tuple(p for p in loc if not (isinstance(p, str) and p[:1].isupper()))
    kind = first["type"]
    message = str(first["msg"]).removeprefix("Value error, ")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        key = str(loc[-1])
        suggestion = closest(key, _field_names())
        message = "unknown key" + (f"; did you mean {suggestion!r}?" if suggestion else "")
    elif kind in ("missing", "missing_keyword_argument"):
        message = "required field is missing"
    elif "input" in first and kind.endswith("_type"):
        message += f" (got {type(first['input']).__name__} {first['input']!r})"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
    return DataError(shown, _location(loc), message)


# --- merging directories ------------------------------------------------------------

_T = TypeVar("_T", Aspect, Claim, Recommendation, Example, Equivalent)


class _Merged:
    """Entries gathered from the directories so far, with the file each came from."""

    def __init__(self) -> None:
        self.info: GuideInfo | None = None
        self.info_file = ""
        self.frameworks: dict[str, tuple[Framework, str]] = {}
        self.positions: dict[str, dict[str, tuple[PositionEntry, str]]] = {}
        self.aspects: dict[str, tuple[Aspect, str]] = {}
        self.claims: dict[str, tuple[Claim, str]] = {}
        self.recommendations: dict[str, tuple[Recommendation, str]] = {}
        self.examples: dict[str, tuple[Example, str]] = {}
        self.example_dirs: dict[str, Path] = {}
        self.equivalents: dict[str, tuple[Equivalent, str]] = {}
        self.imports: dict[str, tuple[str, str]] = {}
        self.pending_extensions: list[tuple[str, FrameworkFile, str]] = []
        self.lineage: tuple[LineageFile, str] = (LineageFile(), "")

    def add_directory(self, root: Path) -> None:
        guide_path = root / "guide.toml"
        if guide_path.is_file():
            shown = _display(guide_path, root)
            raw = _read_toml(guide_path, shown)
            if self.info is not None and isinstance(raw.get("guide"), dict):
                # a later guide.toml overrides field by field: what it leaves out (the
                # framework order, say) stays as the earlier directory had it
                raw = {"guide": {**_fields(self.info), **raw["guide"]}}
            self.info = _validate(raw, GuideFile, shown).guide
            self.info_file = shown
        self._add_list(root, "aspects.toml", AspectsFile, "aspects", self.aspects)
        self._add_list(root, "claims.toml", ClaimsFile, "claims", self.claims)
        self._add_list(
            root,
            "recommendations.toml",
            RecommendationsFile,
            "recommendations",
            self.recommendations,
        )
        added = self._add_list(root, "examples.toml", ExamplesFile, "examples", self.examples)
        for example_id in added:
            self.example_dirs[example_id] = root / "examples"
        equivalents_path = root / "equivalents.toml"
        if equivalents_path.is_file():
            shown = _display(equivalents_path, root)
            data = _read(equivalents_path, EquivalentsFile, shown)
            _register(shown, data.equivalents, "equivalents", self.equivalents)
            self.imports.update({fw: (code, shown) for fw, code in data.imports.items()})
        self._add_frameworks(root)
        lineage = root / "lineage.toml"
        if lineage.is_file():  # a later directory's lineage replaces an earlier one
            shown = _display(lineage, root)
            self.lineage = (_read(lineage, LineageFile, shown), shown)

    def _add_list(
        self,
        root: Path,
        name: str,
        model: type[Any],
        key: str,
        into: dict[str, tuple[Any, str]],
    ) -> list[str]:
        path = root / name
        if not path.is_file():
            return []
        shown = _display(path, root)
        return _register(shown, getattr(_read(path, model, shown), key), key, into)

    def _add_frameworks(self, root: Path) -> None:
        folder = root / "frameworks"
        if not folder.is_dir():
            return
        ids_here: dict[str, str] = {}
        for path in sorted(folder.glob("*.toml")):
            shown = _display(path, root)
            data = _read(path, FrameworkFile, shown)
            if data.framework is None:
                self.pending_extensions.append((path.stem, data, shown))
                continue
            fw = data.framework
            if fw.id != path.stem:
                raise DataError(
                    shown,
                    "framework.id",
                    f"id {fw.id!r} does not match the file name {path.stem!r}",
                )
            if fw.id in ids_here:
                raise DataError(
                    shown, "framework.id", f"duplicate id {fw.id!r} (also in {ids_here[fw.id]})"
                )
            ids_here[fw.id] = shown
            self.frameworks[fw.id] = (fw, shown)
            self.positions[fw.id] = {a: (p, shown) for a, p in data.positions.items()}

    def build(self) -> Guide:
        if self.info is None:
            raise DataError("guide.toml", "", "no data directory has a guide.toml")
        for stem, data, shown in self.pending_extensions:
            if stem not in self.frameworks:
                hint = closest(stem, self.frameworks)
                raise DataError(
                    shown,
                    "framework",
                    f"no [framework] table, and no framework {stem!r} to add positions to"
                    + (f"; did you mean {hint!r}?" if hint else ""),
                )
            for aspect_id, entry in data.positions.items():
                self.positions[stem][aspect_id] = (entry, shown)

        fw_ids = _ordered(self.frameworks, self.info.frameworks, self.info_file)
        aspect_ids = list(self.aspects)
        positions: list[Position] = []
        for fw_id in fw_ids:
            fw_file = self.frameworks[fw_id][1]
            for aspect_id, (_, shown) in self.positions[fw_id].items():
                if aspect_id not in self.aspects:
                    _unknown(shown, f"positions.{aspect_id}", "aspect", aspect_id, aspect_ids)
            for aspect_id in aspect_ids:
                if aspect_id not in self.positions[fw_id]:
                    aspect_file = self.aspects[aspect_id][1]
                    hint = ""
                    if Path(aspect_file).parent != Path(fw_file).parent.parent:
                        # the aspect came from another directory: say where, and where to fix
                        hint = (
                            f"; the aspect {aspect_id!r} comes from {aspect_file}: give "
                            f"{fw_id!r} a position on it in frameworks/{fw_id}.toml beside it"
                        )
                    raise DataError(
                        fw_file,
                        f"positions.{aspect_id}",
                        "missing: every framework needs a position on every aspect "
                        f'(or `unknown = "reason"`){hint}',
                    )
        for aspect_id in aspect_ids:
            for fw_id in fw_ids:
                entry = self.positions[fw_id][aspect_id][0]
                positions.append(Position(framework=fw_id, aspect=aspect_id, **_fields(entry)))

        for aspect_id, (aspect, shown) in self.aspects.items():
            index = aspect_ids.index(aspect_id)
            if aspect.verdict:
                for i, leader in enumerate(aspect.verdict.leaders):
                    if leader not in self.frameworks:
                        _unknown(
                            shown,
                            f"aspects[{index}].verdict.leaders[{i}]",
                            "framework",
                            leader,
                            fw_ids,
                        )
        for index, (claim, shown) in enumerate(self.claims.values()):
            self._check_aspects(shown, f"claims[{index}]", claim.aspects, aspect_ids)
            if claim.since and claim.since.framework not in self.frameworks:
                _unknown(
                    shown,
                    f"claims[{index}].since.framework",
                    "framework",
                    claim.since.framework,
                    fw_ids,
                )
        for index, (rec, shown) in enumerate(self.recommendations.values()):
            self._check_aspects(shown, f"recommendations[{index}]", rec.aspects, aspect_ids)
            for i, pick in enumerate(rec.picks):
                if pick not in self.frameworks:
                    _unknown(
                        shown, f"recommendations[{index}].picks[{i}]", "framework", pick, fw_ids
                    )
        for index, (example, shown) in enumerate(self.examples.values()):
            self._check_aspects(shown, f"examples[{index}]", example.aspects, aspect_ids)
            for i, snippet in enumerate(example.snippets):
                where = f"examples[{index}].snippets[{i}]"
                if snippet.framework not in self.frameworks:
                    _unknown(shown, f"{where}.framework", "framework", snippet.framework, fw_ids)
                if not (self.example_dirs[example.id] / snippet.file).is_file():
                    raise DataError(
                        shown, f"{where}.file", f"no such snippet file {snippet.file!r}"
                    )

        self._check_equivalents(fw_ids)

        return Guide(
            info=self.info,
            frameworks=tuple(self.frameworks[f][0] for f in fw_ids),
            aspects=tuple(a for a, _ in self.aspects.values()),
            positions=tuple(positions),
            claims=tuple(c for c, _ in self.claims.values()),
            recommendations=tuple(r for r, _ in self.recommendations.values()),
            examples=tuple(e for e, _ in self.examples.values()),
            lineage=self._checked_lineage(fw_ids),
            example_dirs={k: str(v) for k, v in self.example_dirs.items()},
            equivalents=tuple(e for e, _ in self.equivalents.values()),
            equivalent_imports={fw: code for fw, (code, _) in self.imports.items()},
        )

    def _check_equivalents(self, fw_ids: list[str]) -> None:
        for fw_id, (_, shown) in self.imports.items():
            if fw_id not in self.frameworks:
                _unknown(shown, f"imports.{fw_id} (key)", "framework", fw_id, fw_ids)
        for index, (row, shown) in enumerate(self.equivalents.values()):
            seen: dict[str, int] = {}
            for i, cell in enumerate(row.cells):
                where = f"equivalents[{index}].cells[{i}].framework"
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
        return lineage

    @staticmethod
    def _check_aspects(shown: str, where: str, used: Sequence[str], known: Sequence[str]) -> None:
        for i, aspect_id in enumerate(used):
            if aspect_id not in known:
                _unknown(shown, f"{where}.aspects[{i}]", "aspect", aspect_id, known)


def _register(
    shown: str, entries: Sequence[Any], key: str, into: dict[str, tuple[Any, str]]
) -> list[str]:
    """Add one file's entries by id; an id may appear only once in a file."""
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.id in seen:
            raise DataError(
                shown,
                f"{key}[{index}].id",
                f"duplicate id {entry.id!r} (already used by {key}[{seen[entry.id]}])",
            )
        seen[entry.id] = index
        into[entry.id] = (entry, shown)
    return list(seen)


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
        shown, where, f"unknown {kind} {given!r}" + (f"; did you mean {hint!r}?" if hint else "")
    )
