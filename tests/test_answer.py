"""``{mlguide:answer}``: the bottom line, then every profile's picks and reason, from the data
(read here from the raw TOML, not through mlguide), each profile linked to its card."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from tests.conftest import MINIMAL_DATA

pytestmark = pytest.mark.sphinx

RAW = tomllib.loads((mlguide.PACKAGE_DATA / "recommendations.toml").read_text("utf-8"))
NAMES = {
    p.stem: tomllib.loads(p.read_text("utf-8"))["framework"]["name"]
    for p in (mlguide.PACKAGE_DATA / "frameworks").glob("*.toml")
}


def _flat(text: str) -> str:
    return " ".join(text.replace("`", "").replace("\u2019", "'").split())


def _build(make_app: Any, tmp_path: Path, page: str, **overrides: Any) -> BeautifulSoup:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "mlguide.sphinxext"]\n', "utf-8")
    (src / "index.md").write_text(page, "utf-8")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    assert re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()) == ""
    return BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")


def test_the_answer_is_the_bottom_line_then_every_pick_with_its_reason(
    make_app: Any, tmp_path: Path
) -> None:
    """The bottom line first (its sources cited), then one line per profile in the data's
    order: the profile linked to its card, the picks in order, the reason."""
    soup = _build(
        make_app, tmp_path, "# Home\n\n```{mlguide:answer}\n```\n\n```{mlguide:recommend}\n```\n"
    )
    answer = soup.select_one(".mlguide-answer")
    assert answer is not None
    bottom = answer.select_one("p.mlguide-bottom-line")
    assert _flat(bottom.get_text(" ")).startswith(_flat(RAW["bottom_line"]["summary"]))
    assert bottom.select("a.mlguide-cite")
    lines = answer.select("ul.mlguide-answer-picks > li")
    assert len(lines) == len(RAW["recommendations"])
    for line, rec in zip(lines, RAW["recommendations"], strict=True):
        names = [NAMES[p] for p in rec["picks"]]
        picks = f"→ {names[0]}" + (", then " + ", ".join(names[1:]) if names[1:] else "")
        assert _flat(line.get_text()) == _flat(f"{rec['profile']} {picks} — {rec['reason']}")
        assert line.select_one(".mlguide-answer-who a")["href"] == f"#mlguide-recommend-{rec['id']}"


def test_profiles_choose_the_lines_and_data_without_a_bottom_line_shows_the_picks(
    make_app: Any, tmp_path: Path
) -> None:
    """``:profiles:`` keeps the profiles named, in that order; data without a bottom line
    (the minimal test data) shows the picks alone."""
    minimal = tomllib.loads((MINIMAL_DATA / "recommendations.toml").read_text("utf-8"))
    chosen = [r["id"] for r in minimal["recommendations"]][::-1]
    soup = _build(
        make_app,
        tmp_path,
        f"# Home\n\n```{{mlguide:answer}}\n:profiles: {' '.join(chosen)}\n```\n",
        mlguide_package_data=False,
        mlguide_data_dirs=[str(MINIMAL_DATA)],
    )
    answer = soup.select_one(".mlguide-answer")
    assert answer.select_one(".mlguide-bottom-line") is None
    profiles = {r["id"]: r["profile"] for r in minimal["recommendations"]}
    assert [_flat(w.get_text()) for w in answer.select(".mlguide-answer-who")] == [
        profiles[i] for i in chosen
    ]
