"""Facts derived from the snapshot (mlguide.releases): the version order, the latest release
at the as-of date, the twelve-month count, the Python range and the platforms; and the
bundled data's own facts, against literals read off the index by hand."""

from __future__ import annotations

import datetime as dt

import pytest

import mlguide
from mlguide.model_snapshot import CollectedRelease
from mlguide.releases import (
    latest_release,
    platforms_of,
    python_range,
    releases_in_year,
    version_key,
    year_before,
)
from tests.conftest import MINIMAL_DATA

AS_OF = dt.date(2026, 12, 7)


def release(version: str, date: dt.date | None = None, **more: object) -> CollectedRelease:
    return CollectedRelease(version=version, date=date, **more)  # type: ignore[arg-type]


def test_version_order_is_numeric_with_post_releases_after() -> None:
    """0.12.0.1 < 0.12.1 < 0.12.1.post1 < 0.12.2 < 0.12.10; 1.0 sorts beside 1.0.0 (just
    before it), and both before 1.0.1."""
    ordered = ["0.12.0.1", "0.12.1", "0.12.1.post1", "0.12.2", "0.12.10", "1.0", "1.0.0", "1.0.1"]
    assert sorted(reversed(ordered), key=version_key) == ordered


def test_the_year_counted_ends_on_the_as_of_date() -> None:
    """The twelve months to 2026-12-07 start on 2025-12-08; to a 29 February, on 1 March."""
    assert year_before(AS_OF) == dt.date(2025, 12, 8)
    assert year_before(dt.date(2028, 2, 29)) == dt.date(2027, 3, 1)
    assert year_before(dt.date(2027, 3, 1)) == dt.date(2026, 3, 2)


def test_releases_in_year_counts_both_ends_and_nothing_outside() -> None:
    """Counted: the first day of the window and the as-of date itself. Not counted: the day
    before the window, the day after the as-of date, a yanked release, an undated one."""
    releases = [
        release("1.0", dt.date(2025, 12, 7)),
        release("1.1", dt.date(2025, 12, 8)),
        release("1.2", dt.date(2026, 6, 1), yanked=True),
        release("1.3", AS_OF),
        release("1.4", dt.date(2026, 12, 8)),
        release("1.5"),
    ]
    assert [r.version for r in releases_in_year(releases, AS_OF)] == ["1.1", "1.3"]


def test_latest_is_the_highest_version_released_by_the_as_of_date() -> None:
    """A patch of an older series released later does not win; a release on the as-of date
    does, one the day after does not; a yanked one never does."""
    releases = [
        release("3.15.1", dt.date(2026, 7, 29)),
        release("3.12.4", dt.date(2026, 7, 30)),
        release("3.16.0", AS_OF),
        release("3.17.0", dt.date(2026, 12, 8)),
        release("3.16.1", dt.date(2026, 12, 1), yanked=True),
    ]
    latest = latest_release(releases, AS_OF)
    assert latest is not None and latest.version == "3.16.0"
    day_before = latest_release(releases, AS_OF - dt.timedelta(days=1))
    assert day_before is not None and day_before.version == "3.15.1"
    assert latest_release(releases, dt.date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("python", "requires", "expected"),
    [
        (("cp311", "cp312", "cp313", "cp314"), ">=3.11", "CPython 3.11 to 3.14"),
        (("cp310",), None, "CPython 3.10"),
        (("cp38-abi3",), ">=3.8", "CPython 3.8 and newer"),
        (("cp310", "cp310-abi3"), None, "CPython 3.10 and newer"),
        (("py3",), ">=3.12", "Python >=3.12"),
        (("pp310", "py3"), None, None),
    ],
)
def test_python_range(python: tuple[str, ...], requires: str | None, expected: str | None) -> None:
    """From CPython wheel tags when there are any (a stable-ABI wheel runs on newer CPythons
    too), else from Requires-Python, else unknown."""
    assert python_range(release("1.0", python=python, requires_python=requires)) == expected


def test_platforms_name_systems_and_architectures() -> None:
    """Linux, macOS and Windows in that order, architectures normalized (amd64 is x86_64,
    aarch64 is arm64, universal2 is both, win32 is x86); a pure-Python wheel is 'any'."""
    tags = (
        "win_amd64",
        "win32",
        "macosx_10_9_universal2",
        "manylinux_2_17_aarch64",
        "manylinux2014_x86_64",
        "musllinux_1_2_x86_64",
        "any",
    )
    assert platforms_of(release("1.0", platforms=tags)) == {
        "Linux": ("arm64", "x86_64"),
        "macOS": ("arm64", "x86_64"),
        "Windows": ("x86", "x86_64"),
        "any": (),
    }
    assert platforms_of(release("1.0")) == {}


def test_bundled_release_facts_match_the_index(guide: mlguide.Guide) -> None:
    """The bundled data's facts at its as-of date, as read off PyPI on 2026-12-07: JAX 0.12.1
    with 15 releases in the twelve months, TensorFlow 2.21.0 with one and wheels for CPython
    3.10 to 3.13 on Linux, macOS and Windows."""
    jax = guide.releases("jax")
    assert jax is not None and jax.latest is not None
    assert (jax.latest.version, jax.latest.date, jax.release_count) == (
        "0.12.1",
        dt.date(2026, 11, 18),
        15,
    )
    assert (jax.python, jax.platforms_text()) == ("Python >=3.12", "any (pure Python)")
    tf = guide.releases("tensorflow")
    assert tf is not None and tf.latest is not None
    assert (tf.latest.version, tf.release_count, tf.python) == ("2.21.0", 1, "CPython 3.10 to 3.13")
    assert tf.platforms_text() == "Linux (arm64, x86_64), macOS (arm64), Windows (x86_64)"
    assert tf.count_text() == "1 release in the 12 months to 2026-12-07"
    for framework in guide.frameworks:
        facts = guide.releases(framework.id)
        assert facts is not None and facts.latest is not None
        assert facts.latest.version == framework.latest.version


def test_a_framework_without_a_package_has_no_release_facts() -> None:
    """Data that tracks no package for a framework gives ``None``, not empty facts; an
    unknown framework is an UnknownIdError."""
    guide = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    assert guide.releases("pytorch") is None
    with pytest.raises(mlguide.UnknownIdError):
        guide.releases("pytorch-lightning")


def test_export_carries_the_derived_facts_not_the_snapshot(guide: mlguide.Guide) -> None:
    """`mlguide export` writes each framework's release facts (what the guide shows) and the
    tracked packages, but not the snapshot itself (it is package data of its own)."""
    from mlguide.export import guide_to_dict

    data = guide_to_dict(guide)
    assert "snapshot" not in data
    assert data["releases"]["jax"]["latest"] == {"version": "0.12.1", "date": "2026-11-18"}
    assert data["releases"]["jax"]["releases_in_12_months"] == 15
    assert data["releases"]["jax"]["counted_from"] == "2025-12-08"
    assert {"index": "pypi", "name": "torch", "framework": "pytorch"} in data["packages"]
