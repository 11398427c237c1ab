"""Extra data directories: how a project's own files merge with the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

import mlguide


def test_guide_toml_override_merges_field_by_field(tmp_path: Path) -> None:
    """A guide.toml that gives only a title keeps every other field of the bundled one,
    the framework order included."""
    (tmp_path / "guide.toml").write_text('[guide]\ntitle = "Our team\'s guide"\n')
    guide = mlguide.load_uncached([tmp_path])
    bundled = mlguide.load_uncached()
    assert guide.info.title == "Our team's guide"
    assert guide.info.subtitle == bundled.info.subtitle
    assert guide.info.as_of == bundled.info.as_of
    assert guide.info.authors == bundled.info.authors
    assert [f.id for f in guide.frameworks] == ["tensorflow", "pytorch", "jax", "keras"]


def test_guide_toml_override_may_reorder_frameworks(tmp_path: Path) -> None:
    """An override that gives `frameworks` sets the order; the others follow by id."""
    (tmp_path / "guide.toml").write_text('[guide]\nframeworks = ["jax", "pytorch"]\n')
    guide = mlguide.load_uncached([tmp_path])
    assert [f.id for f in guide.frameworks] == ["jax", "pytorch", "keras", "tensorflow"]


def test_guide_toml_override_with_a_bad_field_names_its_file(tmp_path: Path) -> None:
    """A wrong field in the override is reported against the override's own file."""
    (tmp_path / "guide.toml").write_text('[guide]\ntitel = "Typo"\n')
    with pytest.raises(mlguide.DataError) as caught:
        mlguide.load_uncached([tmp_path])
    assert caught.value.file == str(tmp_path / "guide.toml")
    assert "titel" in str(caught.value)


def test_missing_position_on_a_new_aspect_says_where_to_add_it(tmp_path: Path) -> None:
    """A new aspect without positions from the bundled frameworks: the message names the
    bundled file unambiguously (mlguide/data/...), the file that added the aspect, and where
    the missing position goes."""
    (tmp_path / "aspects.toml").write_text(
        '[[aspects]]\nid = "on-call"\ntitle = "On call"\nquestion = "Who answers?"\ngroup = "Team"\n'
    )
    with pytest.raises(mlguide.DataErrors) as caught:
        mlguide.load_uncached([tmp_path], strict=True)
    assert [str(e) for e in caught.value.errors] == [
        f"mlguide/data/frameworks/{fw}.toml: positions.on-call: missing: every framework "
        "needs a position on every aspect (or `unknown = \"reason\"`); the aspect 'on-call' "
        f"comes from {tmp_path / 'aspects.toml'}: give '{fw}' a position on it in "
        f"frameworks/{fw}.toml beside it"
        for fw in ("tensorflow", "pytorch", "jax", "keras")
    ]
    assert str(caught.value).endswith("(and 3 more problems in 4 files)")


def test_positions_only_and_full_framework_files_in_one_directory(tmp_path: Path) -> None:
    """A directory may hold both kinds of framework file: ``jax.toml`` with positions only
    (added to the bundled JAX) and ``keras.toml``, a whole framework replacing the bundled
    one; the positions-only file, read first, does not stop the other being read."""
    bundled = mlguide.PACKAGE_DATA / "frameworks"
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "jax.toml").write_text(
        '[positions.browser]\nunknown = "not researched for this test"\n', encoding="utf-8"
    )
    keras = (bundled / "keras.toml").read_text(encoding="utf-8")
    assert keras.count('name = "Keras 3"') == 1
    (tmp_path / "frameworks" / "keras.toml").write_text(
        keras.replace('name = "Keras 3"', 'name = "Keras (our notes)"'), encoding="utf-8"
    )
    guide = mlguide.load_uncached([tmp_path])
    assert guide.position("jax", "browser").unknown == "not researched for this test"
    assert guide.framework("keras").name == "Keras (our notes)"
    assert guide.origin("framework", "keras") == str(tmp_path / "frameworks" / "keras.toml")
