"""The collector: index JSON into snapshot records (mlguide.collector), and
build-scripts/collect run as a maintainer runs it, against a local copy of the indexes.

The fixture in tests/fixtures/index holds PyPI JSON for torch and tensorflow and npm JSON for
@tensorflow/tfjs, with pre-releases, a development release, a version without files, a fully
and a partly yanked release, a post-release, an sdist beside wheels and npm's mirror
timestamps. It is served over HTTP from this machine (no network is used).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from mlguide.collector import (
    IndexLayoutError,
    package_url,
    parse_npm,
    parse_pypi,
    snapshot_toml,
    wheel_tags,
)
from mlguide.model_snapshot import CollectedRelease, DistTag, PackageSnapshot

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "build-scripts" / "collect"
INDEX = Path(__file__).parent / "fixtures" / "index"
DAY = dt.date(2026, 11, 26)

PACKAGES = """
[[packages]]
index = "pypi"
name = "tensorflow"
framework = "tensorflow"

[[packages]]
index = "pypi"
name = "torch"
framework = "pytorch"

[[packages]]
index = "npm"
name = "@tensorflow/tfjs"
"""


def _json(*parts: str) -> object:
    return json.loads(INDEX.joinpath(*parts).read_text(encoding="utf-8"))


def _torch() -> PackageSnapshot:
    return parse_pypi("torch", _json("pypi", "torch", "json"), DAY)


# --- parsing ------------------------------------------------------------------------------


def test_pypi_keeps_final_releases_with_files_oldest_version_first() -> None:
    """Pre-releases (rc), development releases and a version without files are left out;
    a post-release is kept; the order is by version, not as the JSON lists them."""
    assert [r.version for r in _torch().releases] == ["2.0.0", "2.14.1", "2.15.0", "2.15.1.post1"]


def test_pypi_release_facts_come_from_its_files() -> None:
    """The date is the first upload (an sdist counts, the later wheel does not move it); the
    Requires-Python is the value most files declare; tags come from the wheels only."""
    release = {r.version: r for r in _torch().releases}["2.15.0"]
    assert release == CollectedRelease(
        version="2.15.0",
        date=dt.date(2026, 10, 28),
        yanked=False,
        requires_python=">=3.11",
        python=("cp311", "cp312", "cp313"),
        platforms=("macosx_14_0_arm64", "manylinux_2_28_x86_64", "win_amd64"),
    )


def test_a_release_is_yanked_only_when_every_file_is() -> None:
    """One yanked file of two leaves the release installable; all files yanked yank it."""
    releases = {r.version: r for r in _torch().releases}
    assert releases["2.14.1"].yanked is False
    assert releases["2.15.1.post1"].yanked is True


def test_pypi_metadata_is_the_current_releases() -> None:
    """Licence (the SPDX expression when given), licence classifiers and extras (sorted) are
    recorded with the release they describe."""
    snapshot = _torch()
    assert (snapshot.metadata_of, snapshot.license, snapshot.extras) == (
        "2.15.0",
        "BSD-3-Clause",
        ("opt-einsum", "optree"),
    )
    assert snapshot.license_classifiers == ("License :: OSI Approved :: BSD License",)
    assert snapshot.url == "https://pypi.org/project/torch/"


def test_license_field_is_kept_only_when_it_is_a_name() -> None:
    """Without an expression, a short one-line licence field is kept (80 characters: kept,
    81: dropped), a licence's full text is not, and control characters are removed."""
    base = {"releases": {}}

    def license_of(info: dict[str, object]) -> str | None:
        return parse_pypi("x", {**base, "info": info}, DAY).license

    assert license_of({"license": "Apache 2.0"}) == "Apache 2.0"
    assert license_of({"license": "A" * 80}) == "A" * 80
    assert license_of({"license": "A" * 81}) is None
    assert license_of({"license": "MIT License\n\nPermission is hereby granted"}) is None
    assert license_of({"license": "MIT\x1b[31m"}) == "MIT[31m"
    assert license_of({"license": "", "license_expression": "  "}) is None


def test_wheel_tags_expand_compressed_sets_and_mark_the_stable_abi() -> None:
    """``py2.py3`` and two platform tags joined by a dot are expanded; a ``cp38-abi3`` wheel
    keeps ``-abi3``; an sdist or a malformed name is no wheel."""
    assert wheel_tags("a-1.0-py2.py3-none-any.whl") == ({"py2", "py3"}, {"any"})
    assert wheel_tags("tf-2.20.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl") == (
        {"cp312"},
        {"manylinux_2_17_x86_64", "manylinux2014_x86_64"},
    )
    assert wheel_tags("vllm-0.34.0-cp38-abi3-manylinux_2_28_aarch64.whl") == (
        {"cp38-abi3"},
        {"manylinux_2_28_aarch64"},
    )
    assert wheel_tags("x-1.0-1build-cp311-cp311-win_amd64.whl") == ({"cp311"}, {"win_amd64"})
    assert wheel_tags("torch-2.15.0.tar.gz") is None
    assert wheel_tags("broken-1.0.whl") is None


def test_npm_keeps_final_versions_and_dist_tags_and_no_dates() -> None:
    """npm: plain MAJOR.MINOR.PATCH versions only, dist-tags sorted by name, no dates (the
    mirror's timestamps are ignored), the licence field."""
    snapshot = parse_npm("@tensorflow/tfjs", _json("npm", "@tensorflow", "tfjs"), DAY)
    assert [(r.version, r.date) for r in snapshot.releases] == [("4.21.0", None), ("4.22.0", None)]
    assert snapshot.dist_tags == (
        DistTag(tag="latest", version="4.22.0"),
        DistTag(tag="next", version="4.23.0-rc.0"),
    )
    assert (snapshot.metadata_of, snapshot.license) == ("4.22.0", "Apache-2.0")
    assert snapshot.url == package_url("npm", "@tensorflow/tfjs")
    assert snapshot.url == "https://www.npmjs.com/package/@tensorflow/tfjs"


def test_an_unexpected_layout_is_an_error_naming_what_is_missing() -> None:
    """JSON without ``releases`` (PyPI) or ``versions`` (npm), or a file without its upload
    time, is an IndexLayoutError, not a snapshot with nothing in it."""
    with pytest.raises(IndexLayoutError, match="missing 'releases'"):
        parse_pypi("x", {"info": {}}, DAY)
    with pytest.raises(IndexLayoutError, match="missing 'upload_time'"):
        parse_pypi("x", {"info": {}, "releases": {"1.0": [{"filename": "x-1.0.tar.gz"}]}}, DAY)
    with pytest.raises(IndexLayoutError, match="missing 'versions'"):
        parse_npm("x", {"dist-tags": {}}, DAY)


# --- writing ------------------------------------------------------------------------------


def test_snapshot_text_reads_back_as_the_same_snapshot() -> None:
    """What snapshot_toml writes is TOML that validates back to an equal snapshot, for PyPI
    and npm, with quotes, backslashes and a DEL character in the text."""
    odd = PackageSnapshot(
        index="pypi",
        name="odd",
        collected=DAY,
        url="https://pypi.org/project/odd/",
        license='say "hi" \\ \x7f',
        releases=(CollectedRelease(version="1.0", date=DAY, yanked=True),),
    )
    npm = parse_npm("@tensorflow/tfjs", _json("npm", "@tensorflow", "tfjs"), DAY)
    for snapshot in (_torch(), npm, odd):
        text = snapshot_toml(snapshot)
        back = TypeAdapter(PackageSnapshot).validate_python(tomllib.loads(text))
        assert back == snapshot


def test_snapshot_text_is_deterministic() -> None:
    """The same index read twice, even with its keys in another order, gives the same text:
    one release per line, oldest version first."""
    data = _json("pypi", "torch", "json")
    assert isinstance(data, dict)
    shuffled = {
        "releases": dict(reversed(list(data["releases"].items()))),
        "info": {**data["info"], "provides_extra": ["optree", "opt-einsum"][::-1]},
    }
    text = snapshot_toml(parse_pypi("torch", data, DAY))
    assert text == snapshot_toml(parse_pypi("torch", shuffled, DAY))
    lines = text.splitlines()
    release_lines = lines[lines.index("releases = [") + 1 : -1]
    assert [line.split('"')[1] for line in release_lines] == [
        "2.0.0",
        "2.14.1",
        "2.15.0",
        "2.15.1.post1",
    ]


# --- build-scripts/collect ----------------------------------------------------------------


@pytest.fixture
def index(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the index fixture served on 127.0.0.1; yields (base URL, directory)."""
    root = tmp_path / "index"
    shutil.copytree(INDEX, root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The minimal dataset (TensorFlow 2.21.0, PyTorch 2.15.0, as of 2026-11-26) tracking
    tensorflow, torch and @tensorflow/tfjs, its "2.0" versions spelt as PyPI spells them."""
    (data_copy / "packages.toml").write_text(PACKAGES, encoding="utf-8")
    for path in [*data_copy.glob("frameworks/*.toml"), data_copy / "claims.toml"]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('version = "2.0"', 'version = "2.0.0"'), encoding="utf-8")
    return data_copy


def collect(data: Path, base: str, day: str = "2026-11-26") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--data",
            str(data),
            "--date",
            day,
            "--index-url",
            base,
            "--npm-url",
            f"{base}/npm",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "http_proxy": "", "https_proxy": "", "no_proxy": "127.0.0.1"},
        cwd=REPO,
    )


def _snapshots(data: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data)): p.read_text(encoding="utf-8")
        for p in sorted((data / "releases").rglob("*.toml"))
    }


def test_collect_writes_one_file_per_package_and_finds_no_drift(
    data: Path, index: tuple[str, Path]
) -> None:
    """Data that matches the index: exit 0, a snapshot file per tracked package (an npm
    scope is a folder) that the loader reads, and 'nothing contradicts' in the output."""
    result = collect(data, index[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(_snapshots(data)) == [
        "releases/npm/@tensorflow/tfjs.toml",
        "releases/pypi/tensorflow.toml",
        "releases/pypi/torch.toml",
    ]
    assert "torch (PyPI): new snapshot, 4 releases" in result.stdout
    assert "Nothing in the data (as of 2026-11-26) contradicts the snapshot." in result.stdout
    import mlguide

    guide = mlguide.load_uncached([data], package_data=False)
    facts = guide.releases("pytorch")
    assert facts is not None and facts.latest is not None
    assert (facts.latest.version, facts.collected) == ("2.15.0", DAY)


def test_collecting_again_changes_nothing_but_what_the_index_changed(
    data: Path, index: tuple[str, Path]
) -> None:
    """A second collection of an unchanged index writes the same bytes and says 'no change';
    a new release on the index is the one line that changes, and is reported by name."""
    base, root = index
    assert collect(data, base).returncode == 0
    first = _snapshots(data)
    again = collect(data, base)
    assert again.returncode == 0
    assert _snapshots(data) == first
    assert "torch (PyPI): no change" in again.stdout
    torch = root / "pypi" / "torch" / "json"
    torch.write_text(
        torch.read_text().replace(
            '"2.99.0": []',
            '"2.15.2": [{"filename": "torch-2.15.2-cp311-cp311-manylinux_2_28_x86_64.whl", '
            '"upload_time": "2026-11-27T09:00:00", "yanked": false}]',
        )
    )
    later = collect(data, base, "2026-11-27")
    assert "torch (PyPI): 1 new: 2.15.2 (2026-11-27)" in later.stdout
    old, new = first["releases/pypi/torch.toml"], _snapshots(data)["releases/pypi/torch.toml"]
    changed = set(new.splitlines()) ^ set(old.splitlines())
    assert sorted(changed) == sorted(
        [
            "collected = 2026-11-26",
            "collected = 2026-11-27",
            '  { version = "2.15.2", date = 2026-11-27, python = ["cp311"], '
            'platforms = ["manylinux_2_28_x86_64"] },',
        ]
    )


def test_a_newer_release_before_the_as_of_date_is_drift(
    data: Path, index: tuple[str, Path]
) -> None:
    """A torch 2.15.2 released on the as-of date: the snapshot is written, exit 1, and the
    typed latest is named as behind it, file and field."""
    base, root = index
    torch = root / "pypi" / "torch" / "json"
    torch.write_text(
        torch.read_text().replace(
            '"2.99.0": []',
            '"2.15.2": [{"filename": "torch-2.15.2-py3-none-any.whl", '
            '"upload_time": "2026-11-26T23:59:59", "yanked": false}]',
        )
    )
    result = collect(data, base)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"{data}/frameworks/pytorch.toml: framework.latest.version: '2.15.0' is not the latest "
        "release at the as-of date 2026-11-26: torch on PyPI (collected 2026-11-26) has 2.15.2, "
        "released 2026-11-26"
    ) in result.stdout
    assert "releases/pypi/torch.toml" in _snapshots(data)


def test_an_unreadable_index_writes_nothing_and_exits_two(
    data: Path, index: tuple[str, Path]
) -> None:
    """A package missing from the index: exit 2 naming the URL, and no snapshot file is
    written for any package (not even those read before it)."""
    base, root = index
    (root / "pypi" / "torch" / "json").unlink()
    result = collect(data, base)
    assert result.returncode == 2
    assert f"{base}/pypi/torch/json" in result.stderr
    assert not (data / "releases").exists()


def test_a_package_no_longer_tracked_loses_its_snapshot(
    data: Path, index: tuple[str, Path]
) -> None:
    """Taking a package out of packages.toml removes its snapshot file (and its empty scope
    folder) at the next collection."""
    assert collect(data, index[0]).returncode == 0
    packages = data / "packages.toml"
    packages.write_text(
        PACKAGES.split('[[packages]]\nindex = "npm"', maxsplit=1)[0], encoding="utf-8"
    )
    assert collect(data, index[0]).returncode == 0
    assert sorted(_snapshots(data)) == ["releases/pypi/tensorflow.toml", "releases/pypi/torch.toml"]
    assert not (data / "releases" / "npm").exists()
