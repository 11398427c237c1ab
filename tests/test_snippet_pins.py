"""The snippets environment is pinned: tox installs it from exact versions that agree with
verified-with.toml, so an upstream release changes nothing until the snippets are re-verified."""

from __future__ import annotations

import configparser
import datetime as dt
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from mlguide import examples_meta

ROOT = Path(__file__).parent.parent
PINS = ROOT / "tests" / "snippets-constraints.txt"


def _snippets_env() -> configparser.SectionProxy:
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini", encoding="utf-8")
    return config["testenv:snippets"]


def _deps() -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in _snippets_env()["deps"].splitlines())
    return [Requirement(line) for line in lines if line]


def test_tox_installs_the_snippets_environment_from_the_pins() -> None:
    """tox.ini's snippets environment names tests/snippets-constraints.txt as its constraints,
    and asks for a tox new enough to apply them."""
    assert _snippets_env()["constraints"].strip() == "tests/snippets-constraints.txt"
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini", encoding="utf-8")
    assert config["tox"]["requires"].strip() == "tox>=4.67"


def test_every_pin_is_exact_and_the_frameworks_are_pinned() -> None:
    """Each line pins one package with ==; the frameworks and libraries the snippets import
    are all there, torch at the CPU build on this machine's disk."""
    pins = examples_meta.read_pins(PINS)
    for name in ("tensorflow-cpu", "torch", "jax", "jaxlib", "keras", "tensorboard", "optax"):
        assert name in pins
    assert pins["torch"].split("+")[0] == "2.13.0"
    assert len(pins) > 50, "every package of the environment, not only the direct ones"


def test_the_pins_satisfy_what_tox_ini_asks_for() -> None:
    """Every requirement in the snippets environment's deps admits its pinned version (a raised
    lower bound without re-verifying fails here, not at install time)."""
    pins = examples_meta.read_pins(PINS)
    unmet = [
        f"{req} (pinned {pins.get(req.name.lower())})"
        for req in _deps()
        if req.name.lower() not in pins
        or not req.specifier.contains(Version(pins[req.name.lower()]), prereleases=True)
    ]
    assert unmet == []


def _project_requirements() -> list[Requirement]:
    """What the snippets environment installs besides its deps: mlguide's own dependencies,
    its `sphinx` extra and the `test` dependency group (tox.ini's extras and groups)."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)
    env = _snippets_env()
    names = [*project["project"]["dependencies"]]
    for extra in env["extras"].split():
        names += project["project"]["optional-dependencies"][extra]
    for group in env["dependency_groups"].split():
        names += project["dependency-groups"][group]
    return [Requirement(name) for name in names]


def test_the_pins_cover_what_the_project_asks_for() -> None:
    """Every dependency of mlguide, of its extras and of the test group that the snippets
    environment installs is pinned at a version it admits: a package added to the test group
    without re-running build-scripts/verify-snippets fails here, in the quick tests."""
    pins = examples_meta.read_pins(PINS)
    unmet = [
        f"{req} (pinned {pins.get(examples_meta._canonical(req.name))})"
        for req in _project_requirements()
        if examples_meta._canonical(req.name) not in pins
        or not req.specifier.contains(
            Version(pins[examples_meta._canonical(req.name)]), prereleases=True
        )
    ]
    assert unmet == []


def test_verified_with_agrees_with_the_pins() -> None:
    """verified-with.toml shows the pinned release of every framework and library (local build
    labels aside), and was written the day the pins were."""
    pins = examples_meta.read_pins(PINS)
    with examples_meta.VERIFIED_WITH.open("rb") as file:
        recorded = tomllib.load(file)
    distribution = {"tensorflow": "tensorflow-cpu"}
    versions = {name: value for name, value in recorded["versions"].items() if name != "python"}
    for name, version in [*versions.items(), *recorded["libraries"].items()]:
        pinned = pins[examples_meta._canonical(distribution.get(name, name))]
        assert pinned.split("+")[0] == version, name
    header = PINS.read_text(encoding="utf-8").splitlines()[3]
    assert header == f"# verified {recorded['verified'].isoformat()}. Do not edit by hand."


def test_write_and_read_pins_round_trip(tmp_path: Path) -> None:
    """write_pins writes sorted, canonical name==version lines under a dated header; read_pins
    reads them back."""
    path = tmp_path / "pins.txt"
    text = examples_meta.write_pins(
        path,
        {"Keras": "3.15.1", "torch": "2.13.0+cpu", "orbax_checkpoint": "0.12.8"},
        today=dt.date(2026, 12, 1),
    )
    assert text.splitlines()[3:] == [
        "# verified 2026-12-01. Do not edit by hand.",
        "keras==3.15.1",
        "orbax-checkpoint==0.12.8",
        "torch==2.13.0+cpu",
    ]
    assert examples_meta.read_pins(path) == {
        "keras": "3.15.1",
        "orbax-checkpoint": "0.12.8",
        "torch": "2.13.0+cpu",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("keras>=3.15", "pins.txt:2: expected name==version, got 'keras>=3.15'"),
        ("keras", "pins.txt:2: expected name==version, got 'keras'"),
        ("Keras==3.15.1", "pins.txt:2: keras is pinned twice"),
    ],
)
def test_a_bad_pin_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    """A range, a bare name or a second pin of one package is an error naming file and line."""
    path = tmp_path / "pins.txt"
    path.write_text(f"keras==3.15.1\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        examples_meta.read_pins(path)
    assert str(caught.value) == f"{path.parent}/{message}"


def test_the_drift_check_reports_every_kind_of_difference() -> None:
    """A newer release, a missing package and an unpinned package are each one line; an
    environment equal to its pins has none."""
    pins = {"keras": "3.15.1", "optax": "0.2.8", "torch": "2.13.0+cpu"}
    assert examples_meta.pin_drift(pins, dict(pins)) == []
    installed = {"keras": "3.16.0", "torch": "2.13.0+cpu", "rich": "14.0.0"}
    assert examples_meta.pin_drift(pins, installed) == [
        "keras: pinned 3.15.1, installed 3.16.0",
        "optax: pinned 0.2.8, not installed",
        "rich: installed 14.0.0, not pinned",
    ]


def test_installed_distributions_leave_out_mlguide_and_the_installers() -> None:
    """The running environment's distributions, canonical names, without mlguide, pip or
    setuptools (what a pin file must not fix)."""
    found = examples_meta.installed_distributions()
    assert "pytest" in found and "pydantic" in found
    assert not {"mlguide", "pip", "setuptools", "wheel"} & set(found)
    assert list(found) == sorted(found)
    assert all(name == name.lower() and "_" not in name for name in found)
