"""`mlguide diff` and mlguide.diff: what changed between two editions of the data.

Synthetic editions are the minimal dataset's export with one deliberate change each, so every
expected line is written here by hand; the bundled data is compared with the stored previous
edition (2026.12.0), where this edition's own changes must be listed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import mlguide
from mlguide.cli import main
from mlguide.diff import (
    SECTIONS,
    EditionError,
    describe,
    diff_editions,
    load_edition,
    previous_edition,
    stored_editions,
)
from mlguide.export import guide_to_dict
from tests.conftest import MINIMAL_DATA


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return guide_to_dict(mlguide.load_uncached([MINIMAL_DATA], package_data=False))


def changed(base: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(base)


def position(edition: dict[str, Any], framework: str, aspect: str) -> dict[str, Any]:
    return next(
        p for p in edition["positions"] if p["framework"] == framework and p["aspect"] == aspect
    )


def lines(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c.section, describe(c)) for c in diff_editions(old, new).changes]


def test_the_same_edition_has_no_changes(base: dict[str, Any]) -> None:
    """An edition compared with itself: no change, and every format says so."""
    result = diff_editions(base, changed(base))
    assert result.changes == ()
    assert "Nothing changed." in result.to_text()
    assert "Nothing changed." in result.to_markdown()
    assert json.loads(result.to_json())["changes"] == []


VERDICT = {"leaders": ["pytorch"], "summary": "PyTorch's is simpler.", "sources": []}


def test_a_verdict_reached_or_withdrawn(base: dict[str, Any]) -> None:
    """An aspect that gets a verdict, and one that loses it: one line each, with who leads
    and why."""
    new = changed(base)
    new["aspects"][0]["verdict"] = VERDICT
    title = new["aspects"][0]["title"]
    assert lines(base, new) == [
        ("verdicts", f"Verdict on {title}: added, “PyTorch. PyTorch's is simpler.”")
    ]
    assert lines(new, base) == [("verdicts", f"Verdict on {title}: removed")]


def test_verdicts_picks_and_summaries(base: dict[str, Any]) -> None:
    """A verdict's leaders, a claim's verdict, a profile's picks and a position's summary:
    each one line, quoted in full, in that order of sections."""
    base = changed(base)
    base["aspects"][0]["verdict"] = VERDICT
    new = changed(base)
    new["aspects"][0]["verdict"] = {**VERDICT, "leaders": ["tensorflow"]}
    claim = new["claims"][0]
    claim.update(verdict="wrong", since=None)
    new["recommendations"][0]["picks"] = ["tensorflow", "pytorch"]
    position(new, "pytorch", "origin")["summary"] = "Meta's, then the PyTorch Foundation's."
    found = lines(base, new)
    assert [section for section, _ in found] == ["verdicts", "verdicts", "picks", "summaries"]
    title = new["aspects"][0]["title"]
    assert found[0] == (
        "verdicts",
        f"Verdict on {title}, who leads: now “TensorFlow” (was “PyTorch”)",
    )
    assert found[1] == (
        "verdicts",
        f"Claim “{claim['claim']}”: now “wrong” (was “outdated since TensorFlow 2.0 (2019-09-30)”)",
    )
    assert found[2][1].startswith(f"Picks for {new['recommendations'][0]['profile']}: now “")
    assert found[3][1].endswith(
        "now “Meta's, then the PyTorch Foundation's.” (was “"
        + (" ".join(position(base, "pytorch", "origin")["summary"].split()) + "”)")
    )


def test_a_position_that_becomes_unknown_is_a_summary_change(base: dict[str, Any]) -> None:
    """Known to unknown shows the reason, as the guide shows it."""
    new = changed(base)
    entry = position(new, "tensorflow", "origin")
    entry.update(summary=None, unknown="No source could be found.")
    [(section, text)] = lines(base, new)
    assert section == "summaries"
    assert "now “Unknown: No source could be found.”" in text


def test_added_and_removed_entries(base: dict[str, Any]) -> None:
    """A new aspect (with its positions listed once, through the aspect) and a removed claim;
    a framework's new release; a new history entry and a new source."""
    new = changed(base)
    new["aspects"].append(
        {"id": "docs", "title": "Documentation", "question": "?", "group": "g", "verdict": None}
    )
    for fw in ("tensorflow", "pytorch"):
        new["positions"].append(
            {"framework": fw, "aspect": "docs", "summary": "Good.", "history": [], "sources": []}
        )
    removed = new["claims"].pop()
    framework = new["frameworks"][0]
    framework["latest"] = {**framework["latest"], "version": "2.22.0", "date": "2026-11-20"}
    position(new, "pytorch", "origin")["history"].append(
        {
            "date": "2026-01-01",
            "label": "A new event",
            "change": "Something happened.",
            "sources": [{"title": "New page", "url": "https://example.org/new", "publisher": "Ex"}],
        }
    )
    found = lines(base, new)
    assert found == [
        (
            "releases",
            f"{framework['name']}, latest release: now “2.22.0 (2026-11-20)” "
            f"(was “{base['frameworks'][0]['latest']['version']} "
            f"({base['frameworks'][0]['latest']['date']})”)",
        ),
        ("entries", "Aspect “Documentation”: added, “docs”"),
        ("entries", f"Claim “{' '.join(removed['claim'].split())}”: removed"),
        (
            "details",
            "PyTorch on Origin and governance, history: A new event (2026-01-01): added, "
            "“Something happened.”",
        ),
        ("sources", "New page: added, “https://example.org/new”"),
    ]


def test_long_details_are_noted_not_quoted(base: dict[str, Any]) -> None:
    """Reworded details: one line saying so, without the texts (they run to paragraphs);
    whitespace-only rewrapping is no change."""
    new = changed(base)
    entry = position(new, "tensorflow", "origin")
    entry["details"] = entry["details"] + " " + "More words. " * 20
    again = changed(base)
    rewrapped = position(again, "tensorflow", "origin")
    rewrapped["details"] = rewrapped["details"].replace(" ", "\n", 3)
    assert lines(base, again) == []
    assert lines(base, new) == [
        ("details", "TensorFlow on Origin and governance, details: revised")
    ]


def test_formats_carry_the_same_changes(base: dict[str, Any]) -> None:
    """Text and Markdown have a heading per section with changes; JSON has every change with
    its section, kind, ref and both values, and the counts."""
    new = changed(base)
    new["recommendations"][0]["picks"] = ["tensorflow"]
    result = diff_editions(base, new)
    data = json.loads(result.to_json())
    assert data["counts"] == {"picks": 1}
    [change] = data["changes"]
    assert change["section"] == "picks" and change["kind"] == "changed"
    assert change["ref"] == f"recommendation:{new['recommendations'][0]['id']}/picks"
    assert change["new"] == "TensorFlow"
    assert "\n## Picks for each reader\n\n- Picks for" in result.to_markdown()
    assert "\nPicks for each reader (1)\n  Picks for" in result.to_text()
    assert list(SECTIONS)[:3] == ["verdicts", "picks", "summaries"]


def test_previous_edition_is_the_newest_stored_before() -> None:
    """Stored editions by version: the one before 2026.12.1 is 2026.12.0; none is before
    2026.12.0 itself; a later version still finds it."""
    assert "2026.12.0" in stored_editions()
    assert previous_edition("2026.12.1") == "2026.12.0"
    assert previous_edition("2026.12.0") is None
    assert previous_edition("2027.1.0") == "2026.12.0"


def test_this_editions_changes_are_listed(guide: mlguide.Guide) -> None:
    """The bundled data against the stored 2026.12.0: this edition's JAX release, its
    release-health summaries and verdict, and the history entry that was cut."""
    result = diff_editions(load_edition("2026.12.0"), load_edition("current"))
    refs = {c.ref: c for c in result.changes}
    assert refs["framework:jax/latest"].new == "0.12.1 (2026-11-18)"
    assert refs["framework:jax/latest"].old == "0.12.0.1 (2026-10-21)"
    for fw in ("tensorflow", "pytorch", "jax", "keras"):
        assert f"position:{fw}/release-health/summary" in refs
    assert refs["aspect:release-health/verdict/summary"].section == "details"
    assert refs["aspect:release-health/verdict/headline"].section == "verdicts"
    assert refs["framework:jax/releases_in_12_months"].new == 15
    assert "position:pytorch/distributed-training/history/2024-12-04" in refs
    assert result.old["data_version"] == "2026.12.0"
    assert result.new["data_version"] == guide.info.data_version


def test_editions_from_directories_and_files(tmp_path: Path, base: dict[str, Any]) -> None:
    """A data directory, an export file and a stored version all load; anything else is an
    EditionError naming what was given."""
    export = tmp_path / "old.json"
    export.write_text(json.dumps(base), encoding="utf-8")
    assert load_edition(export) == base
    assert load_edition(MINIMAL_DATA)["info"] == base["info"]
    with pytest.raises(EditionError, match="nosuch: no such export file or data directory"):
        load_edition(tmp_path / "nosuch")
    bad = tmp_path / "bad.json"
    bad.write_text('{"frameworks": []}', encoding="utf-8")
    with pytest.raises(EditionError, match="not an export of mlguide data"):
        load_edition(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(EditionError, match="not a readable JSON export"):
        load_edition(bad)


def test_cli_diff(tmp_path: Path, base: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """`mlguide diff` compares the stored previous edition with the current data by default;
    two exports as arguments; a bad argument is one line and exit 2."""
    assert main(["diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("What changed: From 2026.12.0 (as of 2026-12-01) to ")
    new = changed(base)
    new["recommendations"][0]["picks"] = ["tensorflow"]
    (tmp_path / "a.json").write_text(json.dumps(base), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(new), encoding="utf-8")
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"picks": 1}
    assert main(["diff", str(tmp_path / "nosuch.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nosuch.json: no such export file" in err
