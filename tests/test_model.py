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


def _claim(verdict: str, since: VersionRef | None = None, caveat: str | None = None) -> Claim:
    return Claim(
        id="static-graphs",
        claim="TensorFlow needs a static graph.",
        verdict=verdict,  # type: ignore[arg-type]
        since=since,
        caveat=caveat,
        explanation="Eager by default since 2.0.",
        sources=(SOURCE,),
    )


@pytest.mark.parametrize(
    ("verdict", "since", "names", "expected"),
    [
        ("holds", None, None, "holds"),
        ("wrong", None, {"tensorflow": "TensorFlow"}, "wrong"),
        ("outdated", None, {"tensorflow": "TensorFlow"}, "outdated"),
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
    assert texts["static-vs-dynamic-graphs"] == "outdated since TensorFlow 2.0.0 (2019-09-30)"


def test_only_an_outdated_claim_may_name_a_release_and_it_may_name_none() -> None:
    """`since` is refused for any verdict but 'outdated'; an outdated claim outdated by a trend
    rather than a release names none and reads plainly 'outdated'."""
    assert _claim("outdated").verdict_text() == "outdated"
    with pytest.raises(
        ValueError, match=r"^`since` applies only to a claim whose verdict is 'outdated'$"
    ):
        _claim("holds", VersionRef(framework="tensorflow", version="2.0"))
    assert _claim("outdated").verdict_text() == "outdated"


def test_a_claim_that_partly_holds_needs_a_caveat_and_only_it_may_have_one() -> None:
    """'partly-holds' requires a caveat, shown after the verdict; other verdicts refuse one."""
    claim = _claim("partly-holds", caveat="not on Windows")
    assert claim.verdict_label() == "partly holds"
    assert claim.verdict_text() == "partly holds: not on Windows"
    with pytest.raises(
        ValueError, match=r"^a claim that partly holds says in `caveat` which part does not$"
    ):
        _claim("partly-holds")
    with pytest.raises(
        ValueError, match=r"^`caveat` applies only to a claim whose verdict is 'partly-holds'$"
    ):
        _claim("holds", caveat="but")


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


def test_a_claim_that_partly_holds_shows_its_caveat() -> None:
    """ "partly holds" reads with a space, followed by the caveat; the label leaves it out."""
    claim = Claim(
        id="java-api",
        claim="TensorFlow has Java and Go APIs.",
        verdict="partly-holds",
        caveat="the Go API is no longer supported",
        explanation="The Java API is maintained separately.",
        sources=(SOURCE,),
    )
    assert claim.verdict_label() == "partly holds"
    assert claim.verdict_text() == "partly holds: the Go API is no longer supported"
    with pytest.raises(
        ValueError, match=r"^a claim that partly holds says in `caveat` which part does not$"
    ):
        _claim("partly-holds")
    with pytest.raises(
        ValueError, match=r"^`caveat` applies only to a claim whose verdict is 'partly-holds'$"
    ):
        Claim(**{**_fields(_claim("holds")), "caveat": "no"})  # type: ignore[arg-type]


def _fields(claim: Claim) -> dict[str, object]:
    return {name: getattr(claim, name) for name in Claim.__dataclass_fields__}


@pytest.mark.parametrize("file", ["../secret.py", "/abs/path.py", "task/jax.txt", "a//b.py"])
def test_a_snippet_path_must_be_a_relative_python_file(file: str) -> None:
    """A snippet names a ``.py`` file under ``examples/`` by a plain relative path."""
    from pydantic import TypeAdapter, ValidationError

    from mlguide.model import Snippet

    adapter = TypeAdapter(Snippet)
    assert adapter.validate_python({"framework": "jax", "file": "Task_1/jax-v2.py"}).file
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python({"framework": "jax", "file": file})
    (error,) = caught.value.errors()
    assert error["msg"] == (
        f"Value error, {file!r} is not a relative path to a .py file inside examples/"
    )
