"""What the package indexes' JSON says, as snapshot records, and the snapshot files' text.

``build-scripts/collect`` reads the indexes (PyPI's JSON API, the npm registry) and hands each
answer to :func:`parse_pypi` or :func:`parse_npm`; :func:`snapshot_toml` writes the result.
This module reads no network itself, so its tests feed it local JSON.

What is kept, and why:

* every *final* release with at least one file: versions such as ``2.21.0``, ``0.12.0.1``
  or ``1.2.post1``; pre-releases (``2.22.0rc0``), development releases and versions the
  index lists without files are left out, as installers leave them out;
* a release's date is the day of its first upload (UTC); it is yanked when every file is;
* ``requires_python`` is the value most of its files declare; the wheels' Python and
  platform tags are read from the wheel file names (``name-ver-py-abi-plat.whl``);
* licence and extras are those of the release the index's ``info`` describes (the index's
  current release): one request per release would be needed for the others;
* npm: versions and dist-tags only. npm dates are not trusted (mirrors stamp old versions
  with the day they copied them), so no date is recorded.

The text is deterministic: keys in a fixed order, lists sorted, releases oldest version
first, one release per line, nothing that changes between two readings of the same index
but the collection date. A re-collection diffs as the releases that changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from mlguide.integrity import CONTROL_CHARS
from mlguide.model_snapshot import (
    STABLE_VERSION_RE,
    CollectedRelease,
    DistTag,
    PackageSnapshot,
)
from mlguide.releases import version_key

__all__ = [
    "IndexLayoutError",
    "package_url",
    "parse_npm",
    "parse_pypi",
    "snapshot_toml",
    "wheel_tags",
]

#: npm versions kept: plain ``MAJOR.MINOR.PATCH`` (no pre-release or build suffix).
_NPM_STABLE = re.compile(r"^\d+\.\d+\.\d+$")
#: A licence field longer than this (or on several lines) is a licence's text, not its name.
LICENSE_MAX_CHARS = 80


class IndexLayoutError(ValueError):
    """The index's JSON is not laid out as expected; the message says what is missing."""


def package_url(index: str, name: str) -> str:
    """The package's page on its index, the address a reader opens to check."""
    if index == "npm":
        return f"https://www.npmjs.com/package/{name}"
    return f"https://pypi.org/project/{name}/"


def _clean(text: str) -> str:
    """Index text with control characters removed (the data's text may hold none)."""
    return CONTROL_CHARS.sub("", text).strip()


def wheel_tags(filename: str) -> tuple[set[str], set[str]] | None:
    """The Python tags and platform tags of a wheel file name (``torch-2.15.0-cp312-cp312-
    win_amd64.whl`` gives ``{"cp312"}`` and ``{"win_amd64"}``); ``None`` for anything that is
    not a wheel. Compressed tag sets (``py2.py3``) are expanded. A wheel for CPython's stable
    ABI (``cp38-abi3``) keeps the ``-abi3``: it runs on that CPython and every newer one."""
    if not filename.endswith(".whl"):
        return None
    parts = filename[: -len(".whl")].split("-")
    if len(parts) not in (5, 6):
        return None
    python, abi, platform = parts[-3:]
    suffix = "-abi3" if abi == "abi3" else ""
    return {tag + suffix for tag in python.split(".")}, set(platform.split("."))


def _short_license(info: Mapping[str, Any]) -> str | None:
    expression = info.get("license_expression")
    if isinstance(expression, str) and expression.strip():
        return _clean(expression)
    text = info.get("license")
    if isinstance(text, str):
        text = text.strip()
        if text and "\n" not in text and len(text) <= LICENSE_MAX_CHARS:
            return _clean(text)
    return None


def _release(version: str, files: list[Mapping[str, Any]]) -> CollectedRelease:
    first = min(str(f["upload_time"])[:10] for f in files)
    declared = Counter(_clean(str(f["requires_python"])) for f in files if f.get("requires_python"))
    # the value most files declare; ties go to the first in sorted order, so that two
    # readings of the same files always agree
    requires = min(declared, key=lambda v: (-declared[v], v)) if declared else None
    python: set[str] = set()
    platforms: set[str] = set()
    for f in files:
        tags = wheel_tags(str(f["filename"]))
        if tags is not None:
            python |= tags[0]
            platforms |= tags[1]
    return CollectedRelease(
        version=version,
        date=dt.date.fromisoformat(first),
        yanked=all(bool(f.get("yanked")) for f in files),
        requires_python=requires or None,
        python=tuple(sorted(python)),
        platforms=tuple(sorted(platforms)),
    )


def parse_pypi(name: str, data: Any, collected: dt.date) -> PackageSnapshot:
    """A PyPI project's JSON (``https://pypi.org/pypi/NAME/json``) as a snapshot.

    :raises IndexLayoutError: the JSON lacks ``info`` or ``releases`` or a file's
        ``filename`` or ``upload_time``.
    """
    try:
        info: Mapping[str, Any] = data["info"]
        listed: Mapping[str, list[Mapping[str, Any]]] = data["releases"]
        releases = [
            _release(version, files)
            for version, files in listed.items()
            if STABLE_VERSION_RE.match(version) and files
        ]
        classifiers = [
            _clean(c) for c in info.get("classifiers") or [] if str(c).startswith("License ::")
        ]
        extras = {_clean(str(e)) for e in info.get("provides_extra") or []}
        current = info.get("version")
    except (KeyError, TypeError, AttributeError) as exc:
        raise IndexLayoutError(f"unexpected JSON layout (missing {exc})") from None
    except ValueError as exc:
        raise IndexLayoutError(f"unexpected value: {exc}") from None
    return PackageSnapshot(
        index="pypi",
        name=name,
        collected=collected,
        url=package_url("pypi", name),
        metadata_of=_clean(str(current)) if current else None,
        license=_short_license(info),
        license_classifiers=tuple(sorted(set(classifiers))),
        extras=tuple(sorted(e for e in extras if e)),
        releases=tuple(sorted(releases, key=lambda r: version_key(r.version))),
    )


def parse_npm(name: str, data: Any, collected: dt.date) -> PackageSnapshot:
    """An npm packument (``https://registry.npmjs.org/NAME``) as a snapshot: its final
    versions and dist-tags (no dates; see the module's doc).

    :raises IndexLayoutError: the JSON lacks ``versions``.
    """
    try:
        versions = [v for v in data["versions"] if _NPM_STABLE.match(v)]
        tags = {_clean(str(k)): _clean(str(v)) for k, v in (data.get("dist-tags") or {}).items()}
        license_field = data.get("license")
    except (KeyError, TypeError, AttributeError) as exc:
        raise IndexLayoutError(f"unexpected JSON layout (missing {exc})") from None
    if isinstance(license_field, Mapping):
        license_field = license_field.get("type")
    return PackageSnapshot(
        index="npm",
        name=name,
        collected=collected,
        url=package_url("npm", name),
        metadata_of=tags.get("latest"),
        license=_clean(license_field) if isinstance(license_field, str) else None,
        dist_tags=tuple(DistTag(tag=k, version=v) for k, v in sorted(tags.items())),
        releases=tuple(CollectedRelease(version=v) for v in sorted(versions, key=version_key)),
    )


# --- writing ----------------------------------------------------------------------------

HEADER = (
    "# What {index} said about {name} on the day in `collected`: written by\n"
    "# build-scripts/collect, not by hand (run it again to refresh). One release a line.\n"
)


def _string(text: str) -> str:
    # JSON's escapes are TOML's; DEL is the one control character JSON leaves as it is
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _strings(items: Iterable[str]) -> str:
    return "[" + ", ".join(_string(i) for i in items) + "]"


def _release_line(release: CollectedRelease) -> str:
    parts = [f"version = {_string(release.version)}"]
    if release.date is not None:
        parts.append(f"date = {release.date.isoformat()}")
    if release.yanked:
        parts.append("yanked = true")
    if release.requires_python is not None:
        parts.append(f"requires_python = {_string(release.requires_python)}")
    if release.python:
        parts.append(f"python = {_strings(release.python)}")
    if release.platforms:
        parts.append(f"platforms = {_strings(release.platforms)}")
    return "  { " + ", ".join(parts) + " },"


def snapshot_toml(snapshot: PackageSnapshot) -> str:
    """The snapshot file's text: the package's facts, then one release per line."""
    lines = [
        HEADER.format(
            index="PyPI" if snapshot.index == "pypi" else "npm", name=snapshot.name
        ).rstrip("\n"),
        f"index = {_string(snapshot.index)}",
        f"name = {_string(snapshot.name)}",
        f"collected = {snapshot.collected.isoformat()}",
        f"url = {_string(snapshot.url)}",
    ]
    if snapshot.metadata_of is not None:
        lines.append(f"metadata_of = {_string(snapshot.metadata_of)}")
    if snapshot.license is not None:
        lines.append(f"license = {_string(snapshot.license)}")
    if snapshot.license_classifiers:
        lines.append(f"license_classifiers = {_strings(snapshot.license_classifiers)}")
    if snapshot.extras:
        lines.append(f"extras = {_strings(snapshot.extras)}")
    if snapshot.dist_tags:
        tags = ", ".join(
            f"{{ tag = {_string(t.tag)}, version = {_string(t.version)} }}"
            for t in snapshot.dist_tags
        )
        lines.append(f"dist_tags = [{tags}]")
    lines.append("releases = [")
    lines += [_release_line(r) for r in snapshot.releases]
    lines.append("]")
    return "\n".join(lines) + "\n"
