"""Look-ups by id on a loaded guide and a comparison, and the loader's messages for errors in
dictionary keys, several problems in one file and unknown ids nothing resembles; expected
values are written out here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mlguide
from mlguide.errors import UnknownIdError
from tests.conftest import MINIMAL_DATA


def test_claim_recommendation_and_example_by_id() -> None:
    """Each look-up returns the entry with that id; an unknown id raises UnknownIdError
    suggesting the closest id."""
    guide = mlguide.load()
    assert guide.claim("tensorflow-based-on-theano").verdict == "wrong"
    assert guide.recommendation("beginner").picks[0] in guide.framework_ids
    assert guide.example("tensors-autodiff").title
    with pytest.raises(UnknownIdError) as caught:
        guide.claim("tensorflow-based-on-theanos")
    assert caught.value.suggestion == "tensorflow-based-on-theano"
    assert str(caught.value).startswith(
        "unknown claim 'tensorflow-based-on-theanos'; did you mean 'tensorflow-based-on-theano'?"
    )
    with pytest.raises(UnknownIdError, match="unknown recommendation 'beginer'"):
        guide.recommendation("beginer")
    with pytest.raises(UnknownIdError, match="unknown example 'tensors'"):
        guide.example("tensors")


def test_positions_on_an_aspect() -> None:
    """One position per framework, all frameworks in order unless some are named."""
    guide = mlguide.load()
    every = guide.positions_on("origin")
    assert [p.framework for p in every] == ["tensorflow", "pytorch", "jax", "keras"]
    assert {p.aspect for p in every} == {"origin"}
    assert [p.framework for p in guide.positions_on("origin", ["keras", "jax"])] == ["keras", "jax"]


def test_snippet_path_and_code() -> None:
    """A snippet's path lies in the example's folder and its code is that file's text; a
    framework without a snippet in the example is an UnknownIdError listing those that have one."""
    guide = mlguide.load()
    path = guide.snippet_path("tensors-autodiff", "jax")
    assert path == mlguide.PACKAGE_DATA / "examples" / "tensors-autodiff" / "jax.py"
    assert guide.snippet_code("tensors-autodiff", "jax") == path.read_text(encoding="utf-8")
    with pytest.raises(UnknownIdError) as caught:
        guide.snippet_path("tensors-autodiff", "keras")
    assert caught.value.known == ("tensorflow", "pytorch", "jax")


def test_comparison_position() -> None:
    """A comparison gives the position of a compared pair, and refuses a framework it does
    not compare."""
    guide = mlguide.load()
    comparison = guide.compare("jax", "keras", aspects=["origin", "deployment"])
    assert comparison.position("keras", "deployment") == guide.position("keras", "deployment")
    with pytest.raises(UnknownIdError, match="unknown framework/aspect pair 'pytorch/origin'"):
        comparison.position("pytorch", "origin")
    with pytest.raises(UnknownIdError):
        comparison.position("jax", "license")


def _error(data: Path) -> mlguide.DataError:
    with pytest.raises(mlguide.DataError) as caught:
        mlguide.load_uncached([data], package_data=False)
    return caught.value


def test_a_bad_dictionary_key_is_located_as_a_key(data_copy: Path) -> None:
    """A position keyed by an invalid id names the key itself: `positions.Bad_Id (key)`."""
    path = data_copy / "frameworks" / "pytorch.toml"
    path.write_text(path.read_text().replace("[positions.origin]", "[positions.Bad_Id]", 1))
    path.write_text(path.read_text().replace("[[positions.origin.", "[[positions.Bad_Id."))
    error = _error(data_copy)
    assert error.file == str(path)
    assert error.location == "positions.Bad_Id (key)"
    assert error.message.startswith("'Bad_Id' is not a valid id")


def test_several_problems_in_one_file_are_counted(data_copy: Path) -> None:
    """The first problem is reported and the others counted: one line, nothing lost silently."""
    path = data_copy / "frameworks" / "pytorch.toml"
    text = path.read_text().replace('license = "BSD-3-Clause"\n', "")
    path.write_text(text.replace('platforms = ["Linux", "macOS", "Windows"]\n', ""))
    error = _error(data_copy)
    assert error.location in ("framework.license", "framework.platforms")
    assert error.message == "required field is missing (and 1 more problem in this file)"
    path.write_text(
        text.replace('platforms = ["Linux", "macOS", "Windows"]\n', "").replace(
            'creator = "Facebook AI Research (now Meta)"\n', ""
        )
    )
    assert _error(data_copy).message.endswith("(and 2 more problems in this file)")


def test_a_misspelt_key_is_reported_before_the_field_it_leaves_missing(data_copy: Path) -> None:
    """`homepag` makes `homepage` missing too: the misspelling is what the message names, and
    the missing key it misspells is no second problem; a missing key nothing misspells is."""
    path = data_copy / "frameworks" / "pytorch.toml"
    text = path.read_text()
    path.write_text(text.replace("homepage =", "homepag ="))
    error = _error(data_copy)
    assert (error.location, error.message) == (
        "framework.homepag",
        "unknown key; did you mean 'homepage'?",
    )
    path.write_text(
        text.replace("homepage =", "homepag =").replace('license = "BSD-3-Clause"\n', "")
    )
    error = _error(data_copy)
    assert (error.location, error.message) == (
        "framework.homepag",
        "unknown key; did you mean 'homepage'? (and 1 more problem in this file)",
    )
    assert [(e.location, e.message) for e in error.errors] == [
        ("framework.homepag", "unknown key; did you mean 'homepage'?"),
        ("framework.license", "required field is missing"),
    ]


def test_a_misspelt_key_deep_in_a_file_suggests_the_field(data_copy: Path) -> None:
    """A misspelt key inside a position is named by its full path and suggests the field it
    resembles; a wrong type says what it got."""
    path = data_copy / "frameworks" / "pytorch.toml"
    original = path.read_text()
    path.write_text(
        original.replace("[positions.origin]\nsummary =", "[positions.origin]\nsummry =", 1)
    )
    error = _error(data_copy)
    assert (error.location, error.message) == (
        "positions.origin.summry",
        "unknown key; did you mean 'summary'?",
    )
    path.write_text(original.replace('color = "#d43c26"', "color = 12"))
    error = _error(data_copy)
    assert (error.location, error.message) == (
        "framework.color",
        "Input should be a valid string (got int 12)",
    )


def test_an_unknown_id_like_nothing_gets_no_suggestion(data_copy: Path) -> None:
    """A reference to an id that resembles no known one says so without a "did you mean"."""
    path = data_copy / "claims.toml"
    path.write_text(path.read_text().replace('aspects = ["execution-model"]', 'aspects = ["qqq"]'))
    error = _error(data_copy)
    assert (error.location, error.message) == ("claims[0].aspects[0]", "unknown aspect 'qqq'")


def test_minimal_data_is_unchanged_by_these_tests() -> None:
    """The fixture the tests above copy still loads (they edit copies only)."""
    assert len(mlguide.load_uncached([MINIMAL_DATA], package_data=False).frameworks) == 2


def test_equivalent_and_snippet_look_ups_name_what_is_known() -> None:
    """An unknown API row, or a framework an example has no snippet for: the error says
    where it looked and what it has."""
    guide = mlguide.load()
    rows = ", ".join(row.id for row in guide.equivalents)
    with pytest.raises(UnknownIdError) as caught:
        guide.equivalent("matmull")
    assert (
        str(caught.value) == f"unknown equivalent 'matmull'; did you mean 'matmul'? (known: {rows})"
    )
    example = guide.example("tensors-autodiff")
    has = [s.framework for s in example.snippets]
    assert "keras" not in has
    with pytest.raises(UnknownIdError) as caught:
        guide.snippet_code("tensors-autodiff", "keras")
    assert str(caught.value) == (
        f"unknown framework 'keras' in example 'tensors-autodiff' (known: {', '.join(has)})"
    )


@pytest.mark.parametrize(
    ("frameworks", "aspects", "message"),
    [
        (
            ("jax", "keras", "jax", "keras"),
            None,
            "framework given more than once: jax, keras (compare each framework once)",
        ),
        (
            ("pytorch", "pytorch"),
            None,
            "framework given more than once: pytorch (compare each framework once)",
        ),
        (
            ("jax",),
            ["origin", "license", "origin"],
            "aspect given more than once: origin (compare each aspect once)",
        ),
        (("jax",), [], "no aspects to compare (aspects=None compares every aspect)"),
        (("jax",), "origin", "aspects must be a list of ids, not a string ('origin')"),
    ],
)
def test_a_comparison_refuses_repeats_and_nothing(
    frameworks: tuple[str, ...], aspects: list[str] | None, message: str
) -> None:
    """Repeated ids are named, sorted; an empty aspect list and a bare string are refused;
    the error is mlguide's own (an ``ArgumentError``, which is a ``ValueError`` too)."""
    with pytest.raises(mlguide.ArgumentError) as caught:
        mlguide.load().compare(*frameworks, aspects=aspects)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, mlguide.MlguideError)


def test_a_comparison_as_json_is_indented_by_two_unless_asked() -> None:
    """``to_json()`` indents by two spaces; ``indent=None`` gives one line."""
    comparison = mlguide.load().compare("jax", aspects=["origin"])
    pretty = comparison.to_json()
    assert pretty.splitlines()[1].startswith('  "') and not pretty.splitlines()[1].startswith("   ")
    assert comparison.to_json(indent=None).count("\n") == 1  # the closing newline
    assert json.loads(pretty) == json.loads(comparison.to_json(indent=None))
