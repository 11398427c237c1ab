"""The model's limits at their edges, through the loader: a summary of exactly the longest
length loads and one character more does not; upper-case hex colours and snippet paths are
as good as lower-case ones; the claim rules and the version check say exactly these words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import mlguide

PYTORCH = "frameworks/pytorch.toml"
ORIGIN_SUMMARY = (
    'summary = "Created at Facebook AI Research as the Python successor to Lua Torch; '
    'PyTorch Foundation since 2022."'
)


def _edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(data: Path) -> tuple[str, str]:
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data], package_data=False)
    return info.value.location, info.value.message


def test_summary_of_exactly_120_characters_loads(data_copy: Path) -> None:
    """120 characters is the longest summary: it loads, whole."""
    summary = "S" * 119 + "."
    _edit(data_copy, PYTORCH, ORIGIN_SUMMARY, f'summary = "{summary}"')
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert guide.position("pytorch", "origin").summary == summary


def test_summary_of_121_characters_is_refused(data_copy: Path) -> None:
    """One character over the limit is refused, saying how long it is and where the rest goes."""
    _edit(data_copy, PYTORCH, ORIGIN_SUMMARY, f'summary = "{"S" * 120}."')
    assert _error(data_copy) == (
        "positions.origin.summary",
        "is 121 characters long; a summary fits a table cell: at most 120 (move the rest to "
        "`details`)",
    )


def test_upper_case_hex_colour_loads(data_copy: Path) -> None:
    """``#D43C26`` is the same colour as ``#d43c26`` and loads as written."""
    _edit(data_copy, PYTORCH, 'color = "#d43c26"', 'color = "#D43C26"')
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert guide.framework("pytorch").color == "#D43C26"


def test_snippet_path_with_upper_case_letters_loads(data_copy: Path) -> None:
    """A snippet file name may use upper-case letters (``Tensor_Ops.py``)."""
    snippet = data_copy / "examples" / "Basics" / "Tensor_Ops.py"
    snippet.parent.mkdir(parents=True)
    snippet.write_text("x = 1\nassert x == 1\n", encoding="utf-8")
    (data_copy / "examples.toml").write_text(
        "[[examples]]\n"
        'id = "tensor-ops"\n'
        'title = "Tensor operations"\n'
        'description = "Add two numbers."\n'
        'snippets = [{ framework = "pytorch", file = "Basics/Tensor_Ops.py" }]\n',
        encoding="utf-8",
    )
    guide = mlguide.load_uncached([data_copy], package_data=False)
    (example,) = guide.examples
    assert [s.file for s in example.snippets] == ["Basics/Tensor_Ops.py"]


def test_malformed_version_says_what_a_version_looks_like(data_copy: Path) -> None:
    """A version that is not digits and dots is refused with an example of each form."""
    _edit(data_copy, PYTORCH, 'version = "2.15.0"', 'version = "v2.15"')
    assert _error(data_copy) == (
        "framework.latest.version",
        "'v2.15' is not a well-formed version (expected digits and dots such as '2.16' or "
        "'2.16.1', optionally with a pre-release suffix such as 'rc0')",
    )


def test_since_on_a_claim_that_holds_is_refused_in_these_words(data_copy: Path) -> None:
    """`since` on a claim that is not outdated names the rule."""
    _edit(data_copy, "claims.toml", 'verdict = "outdated"', 'verdict = "holds"')
    assert _error(data_copy)[1] == "`since` applies only to a claim whose verdict is 'outdated'"


def test_partly_holds_without_a_caveat_is_refused_in_these_words(data_copy: Path) -> None:
    """A claim that partly holds must say which part does not."""
    _edit(
        data_copy,
        "claims.toml",
        'verdict = "outdated"\nsince = { framework = "tensorflow", version = "2.0", '
        "date = 2019-09-30 }",
        'verdict = "partly-holds"',
    )
    assert _error(data_copy)[1] == (
        "a claim that partly holds says in `caveat` which part does not"
    )


def test_unknown_date_is_none_and_a_date_stays_a_date(data_copy: Path) -> None:
    """``"unknown"`` as a history date means no date; a real date is kept as written."""
    _edit(data_copy, PYTORCH, "date = 2022-09-12", 'date = "unknown"')
    guide = mlguide.load_uncached([data_copy], package_data=False)
    (event,) = guide.position("pytorch", "origin").history
    assert event.date is None
    first = guide.framework("pytorch").first_release
    assert first is not None and first.date is not None and first.date.isoformat() == "2017-01-19"


def test_a_fresh_validator_reads_unknown_dates_and_describes_them() -> None:
    """A validator built here (not one the loader cached earlier): ``"unknown"`` becomes
    ``None``, a date stays a date, and the JSON Schema offers a date, "unknown" or null; an
    id's check is described by its pattern."""
    import datetime

    from pydantic import TypeAdapter

    from mlguide import model

    adapter = TypeAdapter(model.HistoryEntry)
    entry = {"label": "x", "change": "y"}
    assert adapter.validate_python({**entry, "date": "unknown"}).date is None
    day = datetime.date(2022, 9, 12)
    assert adapter.validate_python({**entry, "date": day}).date == day
    date = adapter.json_schema()["properties"]["date"]
    assert date["anyOf"] == [
        {"format": "date", "type": "string"},
        {"const": "unknown", "type": "string"},
        {"type": "null"},
    ]
    identifier = TypeAdapter(model.Aspect).json_schema()["properties"]["id"]
    assert identifier["pattern"] == "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"


# --- the bottom line, reasons and headlines (the answer first) -----------------------------


@pytest.fixture
def full_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled dataset (it has a bottom line, reasons and headlines)."""
    target = tmp_path / "full"
    shutil.copytree(mlguide.PACKAGE_DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _replace_first(data: Path, name: str, key: str, value: str) -> None:
    """Give the first ``key = "..."`` line of a file the value ``value``."""
    text = (data / name).read_text(encoding="utf-8")
    old = re.search(rf'^{key} = "[^"\n]*"$', text, re.MULTILINE)
    assert old, f"test setup: no {key} in {name}"
    _edit(data, name, old.group(0), f'{key} = "{value}"')


def _with_headline(data: Path, headline: str) -> None:
    _replace_first(data, "aspects.toml", "headline", headline)


def _with_reason(data: Path, reason: str) -> None:
    _replace_first(data, "recommendations.toml", "reason", reason)


def _with_bottom_line(data: Path, summary: str) -> None:
    text = (data / "recommendations.toml").read_text(encoding="utf-8")
    old = text.split('[bottom_line]\nsummary = """', 1)[1].split('"""', 1)[0]
    _edit(data, "recommendations.toml", f'summary = """{old}"""', f'summary = """{summary}"""')


@pytest.mark.parametrize(
    ("setter", "limit", "where", "why"),
    [
        (
            _with_headline,
            80,
            "aspects[0].verdict.headline",
            "a headline fits the matrix's verdict column",
        ),
        (
            _with_reason,
            140,
            "recommendations[0].reason",
            "a reason is one line (move the rest to `advice`)",
        ),
        (_with_bottom_line, 320, "bottom_line.summary", "the bottom line is one sentence"),
    ],
    ids=["headline", "reason", "bottom-line"],
)
def test_answer_first_texts_at_their_limits(
    full_copy: Path, setter: object, limit: int, where: str, why: str
) -> None:
    """A headline of 80, a reason of 140 and a bottom line of 320 characters load whole; one
    character more is refused, located, saying how long it is and what the limit is for."""
    assert callable(setter)
    text = "x" * (limit - 1) + "."
    setter(full_copy, text)
    guide = mlguide.load_uncached([full_copy], package_data=False)
    loaded = {
        80: guide.aspects[0].verdict.headline if guide.aspects[0].verdict else None,
        140: guide.recommendations[0].reason,
        320: guide.bottom_line.summary if guide.bottom_line else None,
    }[limit]
    assert loaded == text
    setter(full_copy, "x" + text)
    assert _error(full_copy) == (where, f"is {limit + 1} characters long; {why}: at most {limit}")
