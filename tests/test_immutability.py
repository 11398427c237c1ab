"""A loaded guide is immutable all the way down: no caller can change what `load()` returns next."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import pytest

import mlguide
from mlguide.guide import Guide

#: The frameworks of the package's dataset, as frameworks/*.toml and guide.toml list them.
PACKAGE_FRAMEWORKS = ("tensorflow", "pytorch", "jax", "keras")


def _mutable_parts(node: Any, where: str) -> Iterator[str]:
    """Every list, dict, set or bytearray below a model, by its path (an independent walk)."""
    if isinstance(node, (list, dict, set, bytearray)):
        yield f"{where}: {type(node).__name__}"
    if isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _mutable_parts(item, f"{where}[{index}]")
    elif isinstance(node, (dict, MappingProxyType)):
        for key, item in node.items():
            yield from _mutable_parts(item, f"{where}[{key!r}]")
    elif dataclasses.is_dataclass(node):
        for item in dataclasses.fields(node):
            yield from _mutable_parts(getattr(node, item.name), f"{where}.{item.name}")


def test_no_list_dict_or_set_anywhere_in_a_loaded_guide() -> None:
    """Every sequence in a loaded guide is a tuple and every mapping a read-only view."""
    found = list(_mutable_parts(mlguide.load(), "guide"))
    assert found == []


def test_the_walk_finds_a_list() -> None:
    """The walk above reports a list nested in a model, so its empty answer means something."""
    guide = mlguide.load()
    framework = dataclasses.replace(guide.frameworks[0])
    object.__setattr__(framework, "platforms", ["Linux"])
    assert list(_mutable_parts(framework, "fw")) == ["fw.platforms: list"]


def test_clearing_the_frameworks_is_impossible_and_later_loads_are_unchanged() -> None:
    """`load().frameworks.clear()` fails, as do appends and item assignment at every level;
    the next `load()` still has every framework, position and claim."""
    guide = mlguide.load()
    with pytest.raises(AttributeError):
        guide.frameworks.clear()  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        guide.positions.append(guide.positions[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        guide.claims[0] = guide.claims[1]  # type: ignore[index]
    with pytest.raises(AttributeError):
        guide.frameworks[0].platforms.clear()  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        guide.positions[0].sources.pop()  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        guide.example_dirs["stolen"] = "/tmp"  # type: ignore[index]
    again = mlguide.load()
    assert tuple(f.id for f in again.frameworks) == PACKAGE_FRAMEWORKS
    assert len(again.positions) == len(PACKAGE_FRAMEWORKS) * len(again.aspects)
    assert "stolen" not in again.example_dirs


def test_a_guide_built_from_lists_holds_tuples() -> None:
    """A script that builds a Guide from lists gets tuples and read-only views back: the
    lists it still holds cannot change the guide."""
    loaded = mlguide.load()
    frameworks = list(loaded.frameworks)
    dirs = dict(loaded.example_dirs)
    guide = Guide(
        info=loaded.info,
        frameworks=frameworks,  # type: ignore[arg-type]
        aspects=list(loaded.aspects),  # type: ignore[arg-type]
        positions=list(loaded.positions),  # type: ignore[arg-type]
        example_dirs=dirs,
    )
    frameworks.clear()
    dirs.clear()
    assert len(guide.frameworks) == len(PACKAGE_FRAMEWORKS)
    assert guide.framework("jax").name == "JAX"
    assert set(guide.example_dirs) == {e.id for e in loaded.examples}
    assert list(_mutable_parts(guide, "guide")) == []


def test_a_pickled_guide_comes_back_equal_and_read_only() -> None:
    """The disk cache pickles the guide: it comes back equal, with look-ups working and its
    mappings still read-only."""
    guide = mlguide.load()
    back = pickle.loads(pickle.dumps(guide))
    assert back == guide and back is not guide
    assert back.position("jax", guide.aspects[0].id) == guide.position("jax", guide.aspects[0].id)
    assert dict(back.example_dirs) == dict(guide.example_dirs)
    assert list(_mutable_parts(back, "guide")) == []


def test_clearing_in_one_script_does_not_reach_a_fresh_process() -> None:
    """A script that tries to empty the guide fails loudly rather than changing it."""
    code = (
        "import mlguide\n"
        "try:\n"
        "    mlguide.load().frameworks.clear()\n"
        "except AttributeError:\n"
        "    print(len(mlguide.load().frameworks))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(len(PACKAGE_FRAMEWORKS))
