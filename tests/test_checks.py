"""`mlguide check` beyond loading (mlguide.checks): typed versions, release dates and extras
against the collected snapshot, sourced history, one as-of date, the collection date; and
the loader's rules for packages.toml and snapshot files.

Each test breaks one thing in a copy of the minimal dataset (as of 2026-11-26) that tracks
tensorflow and torch, with snapshots made from the index fixture (no network), and reads the
located message `mlguide check` prints; the unbroken copy passes, so a message can only come
from the break.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import mlguide
from mlguide.checks import check_data, normalized_name, pip_extras
from mlguide.cli import main
from mlguide.collector import parse_pypi, snapshot_toml
from mlguide.model_snapshot import CollectedRelease

INDEX = Path(__file__).parent / "fixtures" / "index"
AS_OF = dt.date(2026, 11, 26)

PACKAGES = """
[[packages]]
index = "pypi"
name = "tensorflow"
framework = "tensorflow"

[[packages]]
index = "pypi"
name = "torch"
framework = "pytorch"
"""


def write_snapshot(
    data: Path, name: str, collected: dt.date = AS_OF, *extra: CollectedRelease
) -> None:
    """The fixture index's snapshot of one PyPI package, with extra releases, into data/."""
    raw = json.loads((INDEX / "pypi" / name / "json").read_text(encoding="utf-8"))
    snapshot = parse_pypi(name, raw, collected)
    if extra:
        import dataclasses

        snapshot = dataclasses.replace(snapshot, releases=snapshot.releases + extra)
    path = data / "releases" / "pypi" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(snapshot_toml(snapshot), encoding="utf-8")


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The minimal dataset tracking tensorflow and torch, with their snapshots, its "2.0"
    versions spelt as PyPI spells them: it passes every check."""
    (data_copy / "packages.toml").write_text(PACKAGES, encoding="utf-8")
    for path in [*data_copy.glob("frameworks/*.toml"), data_copy / "claims.toml"]:
        replace(path, 'version = "2.0"', 'version = "2.0.0"', count=-1)
    write_snapshot(data_copy, "tensorflow")
    write_snapshot(data_copy, "torch")
    return data_copy


def problems(data: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What `mlguide check DATA --alone` reports, a problem a line (no other output on
    failure); an empty list when it passes."""
    code = main(["check", str(data), "--alone"])
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    if code == 0:
        assert lines == [] and captured.out.startswith(f"{data}: ok")
        return []
    assert code == 2 and captured.out == ""
    assert lines[-1] == f"mlguide check: {len(lines) - 1} problems in {data}"
    return [line.removeprefix("mlguide: error: ") for line in lines[:-1]]


def test_the_prepared_copy_passes(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The unbroken copy: no problem, exit 0 (so each message below comes from its break)."""
    assert problems(data, capsys) == []


def test_the_bundled_data_passes_every_check() -> None:
    """The package's own data: every typed version, date and extra agrees with its snapshot,
    every history entry is sourced, and the as-of date is stated once."""
    _, found = check_data()
    assert [str(p) for p in found] == []


# --- versions -------------------------------------------------------------------------------


def test_a_since_version_that_is_no_release_is_located(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A claim's `since` naming "2.0" where the index has 2.0.0: the claim's place in its
    file, the field, and the closest release."""
    replace(data / "claims.toml", 'version = "2.0.0"', 'version = "2.0"')
    assert problems(data, capsys) == [
        f"{data}/claims.toml: claims[0].since.version: '2.0' is not a release of tensorflow on "
        "PyPI (collected 2026-11-26); did you mean '2.0.0'?"
    ]


def test_an_invented_history_version_is_located(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo'd version in a position's history names the framework file and the entry."""
    replace(data / "frameworks" / "pytorch.toml", 'version = "2.0.0"', 'version = "2.0.9"')
    assert problems(data, capsys) == [
        f"{data}/frameworks/pytorch.toml: positions.execution-model.history[0].version: '2.0.9' "
        "is not a release of torch on PyPI (collected 2026-11-26); did you mean '2.0.0'?"
    ]


def test_a_release_date_the_index_contradicts_is_located(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typed date one day off the version's first upload is an error on the date field."""
    replace(data / "claims.toml", "date = 2019-09-30", "date = 2019-10-01")
    assert problems(data, capsys) == [
        f"{data}/claims.toml: claims[0].since.date: 2019-10-01 is not the release date of "
        "2.0.0: tensorflow on PyPI (collected 2026-11-26) gives 2019-09-30 (its first upload)"
    ]


def test_latest_older_than_a_release_on_the_as_of_date(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A torch release on the as-of date itself makes the typed latest 2.15.0 out of date."""
    write_snapshot(data, "torch", AS_OF, CollectedRelease(version="2.15.2", date=AS_OF))
    assert problems(data, capsys) == [
        f"{data}/frameworks/pytorch.toml: framework.latest.version: '2.15.0' is not the latest "
        "release at the as-of date 2026-11-26: torch on PyPI (collected 2026-11-26) has "
        "2.15.2, released 2026-11-26"
    ]


def test_a_release_the_day_after_the_as_of_date_is_not_drift(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same release a day after the as-of date: the data was right on its day."""
    day_after = AS_OF + dt.timedelta(days=1)
    write_snapshot(data, "torch", AS_OF, CollectedRelease(version="2.15.2", date=day_after))
    assert problems(data, capsys) == []


# --- extras ---------------------------------------------------------------------------------


def test_an_undeclared_extra_is_located(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`pip install tensorflow[tensorboard]` in a position's details: an error naming the
    field and line, the release whose extras were read and the extras it declares."""
    replace(
        data / "frameworks" / "tensorflow.toml",
        'details = """\nA SavedModel directory',
        'details = """\nInstall with `pip install tensorflow[tensorboard]`.\nA SavedModel directory',
    )
    assert problems(data, capsys) == [
        f"{data}/frameworks/tensorflow.toml: positions.serialization.details (line 1): "
        "`pip install tensorflow[tensorboard]` names an extra that tensorflow 2.21.0 does not "
        "declare (it declares: and-cuda, gcs-filesystem; tensorflow on PyPI (collected "
        "2026-11-26))"
    ]


def test_declared_extras_pass_however_they_are_spelt(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A declared extra passes, in quotes, with several at once and spelt with underscores
    or capitals (PEP 685 compares them normalized)."""
    replace(
        data / "frameworks" / "tensorflow.toml",
        'details = """\nA SavedModel directory',
        'details = """\nRun `pip install -U "TensorFlow[and_cuda, GCS.filesystem]"`.\n'
        "A SavedModel directory",
    )
    assert problems(data, capsys) == []


def test_an_extra_of_an_untracked_package_cannot_pass(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An extra of a package the snapshot does not hold is reported as unverifiable."""
    replace(
        data / "frameworks" / "pytorch.toml",
        'details = """\nPyTorch builds',
        'details = """\nOr `pip install jax[cuda12]`.\nPyTorch builds',
    )
    assert problems(data, capsys) == [
        f"{data}/frameworks/pytorch.toml: positions.execution-model.details (line 1): "
        "`pip install jax[cuda12]` cannot be checked: 'jax' is not a tracked package with a "
        "snapshot (add it to packages.toml and run build-scripts/collect)"
    ]


def test_pip_extras_reads_commands_not_prose() -> None:
    """Only what follows `pip install` on its line counts; a bracket elsewhere does not."""
    text = "see `x[y]`\npip install a b[c,d] e\n`pip3 install 'F_g[H]'` and z[w]"
    assert pip_extras(text) == [("b", "c", 2), ("b", "d", 2), ("f-g", "h", 3)]
    assert normalized_name("Orbax__Checkpoint.x") == "orbax-checkpoint-x"


# --- history, as-of, collection --------------------------------------------------------------


def test_a_history_entry_without_a_source_is_located(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A history entry whose sources were removed: its framework file and place."""
    path = data / "frameworks" / "tensorflow.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[positions.execution-model.history]]")
    block_end = text.index("]\n", text.index("sources = [", start)) + 2
    entry = text[start:block_end]
    path.write_text(text.replace(entry, entry[: entry.index("sources = [")]), encoding="utf-8")
    assert problems(data, capsys) == [
        f"{data}/frameworks/tensorflow.toml: positions.execution-model.history[0]: a history "
        "entry cites its own source: give it `sources = [...]`"
    ]


def test_a_second_as_of_date_is_located(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file header stating its own as-of date: file, line and the date; saying "as of
    guide.as_of" or a date that is not an as-of date is fine."""
    path = data / "frameworks" / "tensorflow.toml"
    path.write_text(
        "# TensorFlow, as of 2026-11-20.\n# Checked as of guide.as_of; released 2026-03-06.\n"
        + path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert problems(data, capsys) == [
        f"{data}/frameworks/tensorflow.toml: line 1: states an as-of date (2026-11-20); the "
        "as-of date is stated once, as `as_of` in guide.toml (say 'as of guide.as_of' or "
        "nothing)"
    ]


@pytest.mark.parametrize(("late", "reported"), [(3, False), (4, True)])
def test_a_snapshot_collected_days_after_the_as_of_date(
    data: Path, capsys: pytest.CaptureFixture[str], late: int, reported: bool
) -> None:
    """Collected three days after the as-of date passes; four days after is reported."""
    write_snapshot(data, "torch", AS_OF + dt.timedelta(days=late))
    found = problems(data, capsys)
    expected = (
        f"{data}/releases/pypi/torch.toml: collected: 2026-11-30 is 4 days after the as-of "
        "date 2026-11-26 (at most 3): the snapshot may hold releases the data could not know; "
        "collect on the as-of date"
    )
    assert found == ([expected] if reported else [])


@pytest.mark.parametrize(("early", "reported"), [(0, False), (1, True)])
def test_a_snapshot_collected_before_a_release_the_data_names(
    data: Path, capsys: pytest.CaptureFixture[str], early: int, reported: bool
) -> None:
    """Collected on the day of torch 2.15.0 (the newest release the data names) passes; the
    day before is reported."""
    write_snapshot(data, "torch", dt.date(2026, 10, 28) - dt.timedelta(days=early))
    found = problems(data, capsys)
    expected = (
        f"{data}/releases/pypi/torch.toml: collected: 2026-10-27 is before 2026-10-28, the "
        "newest release the data names for 'pytorch': collect again"
    )
    assert found == ([expected] if reported else [])


def test_a_tracked_package_without_a_snapshot(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A package in packages.toml that was never collected is reported by name."""
    (data / "releases" / "pypi" / "torch.toml").unlink()
    assert problems(data, capsys) == [
        f"{data}/packages.toml: packages (pypi 'torch'): no snapshot "
        "(releases/pypi/torch.toml): run build-scripts/collect"
    ]


# --- loading packages.toml and snapshots ------------------------------------------------------


def load_error(data: Path) -> str:
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data], package_data=False)
    return str(info.value)


def test_a_snapshot_in_the_wrong_file_is_refused(data: Path) -> None:
    """A snapshot of torch saved as tensorflow.toml is a load error naming the right file."""
    snapshots = data / "releases" / "pypi"
    (snapshots / "torch.toml").replace(snapshots / "tensorflow.toml")
    assert load_error(data) == (
        f"{data}/releases/pypi/tensorflow.toml: name: the file holds pypi package 'torch', "
        "which belongs in releases/pypi/torch.toml"
    )


def test_a_file_of_no_known_kind_under_releases_is_refused(data: Path) -> None:
    """Only releases/pypi/<name>.toml and releases/npm/... are read: anything else there is
    an error naming it."""
    (data / "releases" / "conda").mkdir()
    (data / "releases" / "conda" / "torch.toml").write_text("", encoding="utf-8")
    assert load_error(data).startswith(
        f"{data}/releases/conda/torch.toml: not a kind of file mlguide reads"
    )


def test_package_list_rules(data: Path) -> None:
    """A package listed twice, an unknown framework (with a suggestion) and a second package
    for one framework are located in packages.toml."""
    packages = data / "packages.toml"
    packages.write_text(PACKAGES + PACKAGES.split("\n\n")[1], encoding="utf-8")
    assert load_error(data) == (
        f"{data}/packages.toml: packages[2].name: pypi package 'torch' is listed twice "
        "(also packages[1])"
    )
    packages.write_text(PACKAGES.replace('"pytorch"', '"pytorc"'), encoding="utf-8")
    assert load_error(data) == (
        f"{data}/packages.toml: packages[1].framework: unknown framework 'pytorc'; did you "
        "mean 'pytorch'?"
    )
    packages.write_text(PACKAGES.replace('"pytorch"', '"tensorflow"'), encoding="utf-8")
    assert load_error(data) == (
        f"{data}/packages.toml: packages[1].framework: framework 'tensorflow' already has its "
        "package (pypi 'tensorflow'); a framework's releases come from one package"
    )
