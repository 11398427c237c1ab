"""The model's own behaviour, against literal expected values: verdict texts, position rules,
id and version checks."""

from __future__ import annotations

import datetime as dt

import pytest

import mlguide
from mlguide.model import Claim, PositionEntry, Source, VersionRef
from tests.expected import verdict_texts

SOURCE = Source(
    title="TensorFlow 2.0 is now available!",
    url="https://blog.tensorflow.org/2019/09/tensorflow-20-is-now-available.html",
    publisher="TensorFlow Blog",
    accessed=dt.date(2026, 11, 26),
    primary=True,
)


def _claim(verdict: str, since: VersionRef | None = None) -> Claim:
    return Claim(
        id="static-graphs",
        claim="TensorFlow needs a static graph.",
        verdict=verdict,  # type: ignore[arg-type]
        since=since,
        explanation="Eager by default since 2.0.",
        sources=(SOURCE,),
    )


@pytest.mark.parametrize(
    ("verdict", "since", "names", "expected"),
    [
        ("holds", None, None, "holds"),
        ("wrong", None, {"tensorflow": "TensorFlow"}, "wrong"),
        (
            "outdated",
            VersionRef(framework="tensorflow", version="2.0", date=dt.date(2019, 9, 30)),
            {"tensorflow": "TensorFlow"},
            "outdated since TensorFlow 2.0 (2019-09-30)",
        ),
        (
            "outdated",
            VersionRef(framework="tensorflow", version="2.0", date=dt.date(2019, 9, 30)),
            None,
            "outdated since tensorflow 2.0 (2019-09-30)",
        ),
        (
            "outdated",
            VersionRef(framework="tensorflow", version="2.0"),
            {"pytorch": "PyTorch"},
            "outdated since tensorflow 2.0",
        ),
    ],
)
def test_verdict_text(
    verdict: str, since: VersionRef | None, names: dict[str, str] | None, expected: str
) -> None:
    """The reader's verdict text: the verdict word, or for an outdated claim the framework's
    display name (its id when no name is known), the version and the date when known."""
    assert _claim(verdict, since).verdict_text(names) == expected


def test_the_package_claims_read_as_the_raw_data_says() -> None:
    """Every claim of the package data gives the verdict text its TOML spells out."""
    guide = mlguide.load()
    names = {f.id: f.name for f in guide.frameworks}
    texts = {c.id: c.verdict_text(names) for c in guide.claims}
    assert texts == verdict_texts(mlguide.PACKAGE_DATA)
    assert texts["tensorflow-based-on-theano"] == "wrong"


def test_an_outdated_claim_needs_since_and_only_it_may_have_one() -> None:
    """`since` is required for an outdated claim and refused for any other verdict."""
    with pytest.raises(ValueError, match="an outdated claim says `since`"):
        _claim("outdated")
    with pytest.raises(ValueError, match="`since` applies only to a claim whose verdict"):
        _claim("holds", VersionRef(framework="tensorflow", version="2.0"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "a position needs either `summary` or `unknown` (the reason)"),
        (
            {"summary": "Eager.", "unknown": "not researched", "sources": (SOURCE,)},
            "a position has either `summary` or `unknown`, not both",
        ),
        ({"unknown": "   "}, "`unknown` must give the reason the position is unknown"),
        ({"summary": "Eager."}, "a known position cites at least one source in `sources`"),
    ],
)
def test_position_entry_rules(fields: dict[str, object], message: str) -> None:
    """A position is known (a summary with sources) or unknown (a reason), never both or none."""
    with pytest.raises(ValueError) as caught:
        PositionEntry(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_known_and_unknown_positions() -> None:
    """`is_known` is true exactly when there is a summary."""
    assert PositionEntry(summary="Eager.", sources=(SOURCE,)).is_known is True
    assert PositionEntry(unknown="not researched yet").is_known is False
