"""Every directive option and `mlguide_*` display setting of source/extension.md, on real
HTML builds of the package's data, with expected values read from the raw TOML files."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

import mlguide
from tests.conftest import ROOTS

pytestmark = pytest.mark.sphinx

DATA = mlguide.PACKAGE_DATA


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


NAMES = {
    path.stem: _toml(f"frameworks/{path.name}")["framework"]["name"]
    for path in (DATA / "frameworks").glob("*.toml")
}
ASPECTS = {a["id"]: a for a in _toml("aspects.toml")["aspects"]}
CLAIMS = {c["id"]: c for c in _toml("claims.toml")["claims"]}
PROFILES = {r["id"]: r for r in _toml("recommendations.toml")["recommendations"]}


def _sphinx(tmp: Path, name: str, **overrides: str) -> tuple[Path, str]:
    """Build a copy of the options root to HTML in this process (as ``-D name=value`` would
    set ``overrides``); returns the output folder and the warnings."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp / f"src-{name}"
    shutil.copytree(ROOTS / "test-options", src)
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp / f"out-{name}", freshenv=True, confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.warning.getvalue()


# Built again for each test (not once per module), so that mutation testing, which maps each
# test to the code it runs, sees every test that reads a build.
@pytest.fixture
def default_build(tmp_path: Path) -> tuple[Path, str]:
    """The options root built with the default configuration."""
    return _sphinx(tmp_path, "default")


@pytest.fixture
def configured_build(tmp_path: Path) -> tuple[Path, str]:
    """The options root built with mlguide_frameworks, mlguide_aspects and no tab syncing."""
    return _sphinx(
        tmp_path,
        "configured",
        mlguide_frameworks="jax,keras",
        mlguide_aspects="deployment,origin",
        mlguide_sync_tabs="0",
    )


def _page(out: Path, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _probe(soup: BeautifulSoup, name: str) -> Tag:
    found = soup.select(f".probe-{name}")
    assert len(found) == 1, f"the class option puts probe-{name} on exactly one node"
    return found[0]


def _labels(tabs: Tag) -> list[Tag]:
    return tabs.find_all("label", recursive=False)


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def test_the_build_is_clean_without_sphinx_design_in_extensions(
    default_build: tuple[Path, str],
) -> None:
    """conf.py leaves out sphinx_design: the extension adds it, the build warns about nothing,
    and the tabs are sphinx-design tab sets."""
    out, warnings = default_build
    assert warnings == ""
    compare = _probe(_page(out), "compare-sync")
    assert "sd-tab-set" in compare["class"]


def test_compare_frameworks_aspects_and_no_sync(default_build: tuple[Path, str]) -> None:
    """`:frameworks:` and `:aspects:` (space- or comma-separated) choose and order the panels
    and tabs; `:no-sync:` drops the sync group the other compare keeps."""
    soup = _page(default_build[0])
    unsynced = _probe(soup, "compare-nosync")
    assert [_text(lab) for lab in _labels(unsynced)] == [
        ASPECTS["deployment"]["title"],
        ASPECTS["execution-model"]["title"],
    ]
    headers = [_text(h) for h in unsynced.select(".mlguide-panel .sd-card-header")]
    assert headers == [NAMES["jax"], NAMES["pytorch"]] * 2
    assert all(not lab.has_attr("data-sync-group") for lab in _labels(unsynced))
    synced = _probe(soup, "compare-sync")
    assert [lab.get("data-sync-group") for lab in _labels(synced)] == ["mlguide-aspect"]


def _histories(framework_ids: list[str]) -> int:
    count = 0
    for fw in framework_ids:
        position = _toml(f"frameworks/{fw}.toml")["positions"]["execution-model"]
        count += bool(position.get("history"))
    return count


def test_aspect_no_history_and_no_sync(default_build: tuple[Path, str]) -> None:
    """`:no-history:` leaves out every "What changed when" list; without it each framework
    with history in the data shows one. `:no-sync:` drops the framework sync group."""
    soup = _page(default_build[0])
    expected = _histories(list(NAMES))
    assert expected > 0, "the data has history on this aspect"
    bare = _probe(soup, "aspect-nohistory")
    assert bare.select(".mlguide-history") == []
    assert "What changed when" not in _text(bare)
    assert all(not lab.has_attr("data-sync-group") for lab in bare.select("label"))
    full = _probe(soup, "aspect-history")
    assert len(full.select("ul.mlguide-history")) == expected
    assert {lab.get("data-sync-group") for lab in full.select("label")} == {"mlguide-framework"}


def test_matrix_no_verdicts(default_build: tuple[Path, str]) -> None:
    """`:no-verdicts:` drops the "Verdict" column; the other matrix has it, giving each
    aspect's headline from the data (the leaders' names where an aspect has none)."""
    soup = _page(default_build[0])
    bare = _probe(soup, "matrix-noverdicts")
    heads = [_text(th) for th in bare.select("thead th")]
    assert heads == ["Aspect", NAMES["keras"], NAMES["tensorflow"]]
    full = _probe(soup, "matrix-verdicts")
    assert [_text(th) for th in full.select("thead th")] == [*heads, "Verdict"]
    for label in full.select(".mlguide-matrix-label"):  # a cell's column name, for phones
        label.decompose()
    leads = [_text(row.find_all("td")[-1]) for row in full.select("tbody tr")]
    shown = ("deployment", "origin", "mobile-edge")
    # the headline is Markdown: its apostrophes print as typographic ones
    expected = [ASPECTS[a]["verdict"]["headline"].replace("'", "\u2019") for a in shown]
    assert leads == expected
    assert [len(ASPECTS[a]["verdict"]["leaders"]) for a in shown] == [1, 0, 2]


def test_claims_by_id_and_by_aspect(default_build: tuple[Path, str]) -> None:
    """`:claims:` shows the claims named, in that order; `:aspects:` keeps the claims about
    those aspects, in the data's order."""
    soup = _page(default_build[0])
    chosen = _probe(soup, "claims").select(".mlguide-claim")
    assert len(chosen) == 2
    assert CLAIMS["tensorflow-based-on-theano"]["claim"] in _text(chosen[0])
    assert CLAIMS["static-vs-dynamic-graphs"]["claim"] in _text(chosen[1])
    about = _probe(soup, "claims-aspect").select(".mlguide-claim")
    expected = [c for c in CLAIMS.values() if "deployment" in c.get("aspects", [])]
    assert len(about) == len(expected) > 1
    for card, claim in zip(about, expected, strict=True):
        assert claim["claim"] in _text(card)


def test_recommend_profiles(default_build: tuple[Path, str]) -> None:
    """`:profiles:` shows only the profiles named, in that order, each with its picks in
    order ("then" after the first, commas after that) and its reason after "Why:"."""
    cards = _probe(_page(default_build[0]), "recommend").select(".mlguide-recommendation")
    chosen = ["beginner", "mobile-edge"]
    assert len(cards) == len(chosen)
    for card, profile_id in zip(cards, chosen, strict=True):
        raw = PROFILES[profile_id]
        assert raw["profile"] in _text(card)
        names = [NAMES[p] for p in raw["picks"]]
        picks = f"Pick: {names[0]}, then {names[1]}" + "".join(f", {n}" for n in names[2:])
        assert " ".join(card.select_one(".mlguide-picks").get_text().split()) == picks
        why = " ".join(card.select_one(".mlguide-reason").get_text().split())
        assert why == "Why: " + raw["reason"].replace("`", "")
    assert [len(PROFILES[p]["picks"]) for p in chosen] == [2, 3]


def test_claims_and_recommend_as_lists(default_build: tuple[Path, str]) -> None:
    """`:layout: list`: one line per claim (its verdict first, then the claim in quotes) and
    one per profile (the profile, an arrow, the picks in order: "then" after the first, a
    dash and the reason)."""
    soup = _page(default_build[0])
    claims = _probe(soup, "claims-list")
    assert claims.name == "ul" and "mlguide-claims-list" in claims["class"]
    assert claims.select(".mlguide-claim") == []
    lines = [_text(li) for li in claims.find_all("li", recursive=False)]
    chosen = ["static-vs-dynamic-graphs", "tensorflow-based-on-theano"]
    assert len(lines) == len(chosen)
    for line, claim_id in zip(lines, chosen, strict=True):
        raw = CLAIMS[claim_id]
        assert line.lower().startswith(raw["verdict"].replace("-", " ")), line
        assert f"“{raw['claim']}”" in line
    profile = _probe(soup, "recommend-list")
    assert profile.name == "ul" and "mlguide-recommend-list" in profile["class"]
    raw = PROFILES["beginner"]
    picks = [NAMES[p] for p in raw["picks"]]
    expected = f"{raw['profile']} → {picks[0]}"
    if len(picks) > 1:
        expected += ", then " + ", ".join(picks[1:])
    expected += " — " + raw["reason"].replace("`", "")
    lines = [" ".join(li.get_text().split()) for li in profile.find_all("li", recursive=False)]
    assert lines == [expected]


def test_examples_frameworks_and_no_sync(default_build: tuple[Path, str]) -> None:
    """`:examples:` and `:frameworks:` choose the example and its tabs, in the order
    `:frameworks:` gives them (``jax pytorch``), else in the data's framework order (not the
    order the example lists its snippets in); `:no-sync:` drops the framework sync group,
    which the other example keeps."""
    soup = _page(default_build[0])
    unsynced = _probe(soup, "examples-nosync")
    labels = unsynced.select(".mlguide-code-tabs > label")
    assert [_text(lab) for lab in labels] == [NAMES["jax"], NAMES["pytorch"]]
    snippets = next(e for e in _toml("examples.toml")["examples"] if e["id"] == "tensors-autodiff")
    listed = [s["framework"] for s in snippets["snippets"]]
    assert listed.index("jax") > listed.index("pytorch"), "the data lists PyTorch first"
    assert all(not lab.has_attr("data-sync-group") for lab in labels)
    synced = _probe(soup, "examples-sync").select(".mlguide-code-tabs > label")
    order = _toml("guide.toml")["guide"]["frameworks"]
    assert [_text(lab) for lab in synced] == [NAMES[f] for f in order if f in listed]
    assert len(synced) >= 3
    assert {lab.get("data-sync-group") for lab in synced} == {"mlguide-framework"}


def test_an_example_block_shows_the_files_that_run(default_build: tuple[Path, str]) -> None:
    """An example: its anchor, title and description, each tab's code exactly the snippet
    file (the one the snippets tests run), and the versions from verified-with.toml."""
    soup = _page(default_build[0])
    example = _probe(soup, "examples-sync")
    raw = next(e for e in _toml("examples.toml")["examples"] if e["id"] == "tensors-autodiff")
    # the page shows this example twice: the first takes the anchor
    assert _probe(soup, "examples-nosync").get("id") == "mlguide-example-tensors-autodiff"
    assert example["class"][:2] == ["mlguide-example", "probe-examples-sync"]
    assert _text(example.select_one(".mlguide-example-title")) == raw["title"]
    assert "Build tensors and take a gradient." in _text(example)
    panels = example.select(".mlguide-code-tabs > .sd-tab-content")
    files = [DATA / "examples" / s["file"] for s in raw["snippets"]]
    # each is a highlighted Python block (Sphinx highlights a literal block only when its
    # source is its text), styled as the guide's code
    blocks = [p.select_one("div.highlight-python.mlguide-code pre") for p in panels]
    assert [b.get_text() if b else None for b in blocks] == [
        f.read_text(encoding="utf-8") for f in files
    ]
    assert all(b.select("span.kn") for b in blocks)  # Pygments marked the import keywords
    versions = tomllib.loads((DATA / "examples" / "verified-with.toml").read_text("utf-8"))
    shown = ", ".join(f"{name} {version}" for name, version in versions["versions"].items())
    verified = example.select(".mlguide-verified")
    assert [_text(v) for v in verified] == [f"Verified by running it with {shown}."]


def test_directives_without_options_show_everything(default_build: tuple[Path, str]) -> None:
    """With no options and no configuration a compare has every aspect and every framework."""
    compare = _probe(_page(default_build[0], "defaults"), "defaults")
    assert [_text(lab) for lab in _labels(compare)] == [a["title"] for a in ASPECTS.values()]
    first = compare.find("div", class_="sd-tab-content", recursive=False)
    headers = [_text(h) for h in first.select(".mlguide-panel .sd-card-header")]
    order = _toml("guide.toml")["guide"]["frameworks"]
    assert headers == [NAMES[f] for f in order]


def test_configured_frameworks_aspects_and_sync(configured_build: tuple[Path, str]) -> None:
    """mlguide_frameworks and mlguide_aspects are what a directive naming none shows;
    mlguide_sync_tabs = False drops every sync group on every page."""
    out, warnings = configured_build
    assert warnings == ""
    compare = _probe(_page(out, "defaults"), "defaults")
    assert [_text(lab) for lab in _labels(compare)] == [
        ASPECTS["deployment"]["title"],
        ASPECTS["origin"]["title"],
    ]
    headers = [_text(h) for h in compare.select(".mlguide-panel .sd-card-header")]
    assert headers == [NAMES["jax"], NAMES["keras"]] * 2
    for page in ("index", "defaults"):
        assert _page(out, page).select("[data-sync-group]") == []
    # options still win over the configuration
    unsynced = _probe(_page(out), "compare-nosync")
    assert [_text(h) for h in unsynced.select(".mlguide-panel .sd-card-header")][:2] == [
        NAMES["jax"],
        NAMES["pytorch"],
    ]


def test_examples_without_options_show_every_example(default_build: tuple[Path, str]) -> None:
    """An examples directive naming none shows every example of the data, in its order."""
    blocks = _page(default_build[0], "defaults").select(".probe-examples-defaults")
    titles = [_text(b.select_one(".mlguide-example-title")) for b in blocks]
    assert titles == [e["title"] for e in _toml("examples.toml")["examples"]]


def test_sources_keep_their_class(default_build: tuple[Path, str]) -> None:
    """A page's bibliography is the styled list, with the `:class:` given to the directive,
    one entry per source the page cites."""
    soup = _page(default_build[0], "defaults")
    listing = _probe(soup, "sources")
    assert listing.name == "ul"
    assert {"mlguide-bibliography", "probe-sources"} <= set(listing["class"])
    cited = {a["href"] for a in soup.select("a.mlguide-cite")}
    assert len(listing.find_all("li", recursive=False)) == len(cited) > 0


def test_decision_picture_links_each_profile_to_its_card(
    default_build: tuple[Path, str],
) -> None:
    """`:profiles: beginner`: the decision grid has that profile's row alone, its name
    linking to its card on the page, and a column for each of its picks (in the data's
    order of frameworks) and no other; its text view lists the profile with its reason."""
    soup = _page(default_build[0])
    picture = _probe(soup, "decision")
    card = soup.select_one("#mlguide-recommend-beginner")
    assert card is not None and "mlguide-recommendation" in card["class"]
    svg = picture.find("svg")
    assert svg is not None
    rows = svg.select("g.pk-row")
    assert [row["data-id"] for row in rows] == ["beginner"]
    links = [a.get("href") for a in rows[0].find_all("a")]
    assert links == ["#mlguide-recommend-beginner"]
    order = _toml("guide.toml")["guide"]["frameworks"]
    picks = PROFILES["beginner"]["picks"]
    columns = [g["data-id"] for g in svg.select("g.pk-column")]
    assert columns == [f for f in order if f in picks]
    ranks = {g["data-framework"]: g["data-rank"] for g in rows[0].select("g.pk-pick")}
    assert ranks == {pick: str(n) for n, pick in enumerate(picks, 1)}
    reason = " ".join(PROFILES["beginner"]["reason"].replace("`", "").split())
    assert " ".join(svg.select_one("text.pk-reason").get_text(" ").split()) == reason
    items = picture.select(".mlguide-picture-text li")
    assert len(items) == 1 and _text(items[0]).startswith(PROFILES["beginner"]["profile"])
