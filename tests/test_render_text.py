"""Texts the extension's render module writes from data, read directly from its functions."""

from __future__ import annotations

import dataclasses
import datetime

from docutils import nodes

import mlguide
from mlguide.sphinxext import render
from tests.conftest import MINIMAL_DATA
from tests.expected import release_variants


def test_a_release_reads_by_what_is_known() -> None:
    """A framework card's release: version and date; the date alone when the release had no
    number; a date nobody knows said so; ``unknown`` when neither is known."""
    minimal = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    known = minimal.framework("pytorch").first_release  # 2017-01-19, no version
    assert known.date == datetime.date(2017, 1, 19) and known.version is None
    readings = [render.release_text(r) for r in release_variants(known)]
    assert readings == [
        "0.1.6, released 2017-01-19",
        "2017-01-19",
        "0.1.6, release date unknown",
        "unknown",
    ]


def test_a_matrix_has_one_column_per_framework_and_one_for_the_verdicts() -> None:
    """The table's column count, column widths and cells per row: aspect, each framework,
    then "Who leads" unless the verdicts are left out."""
    guide = mlguide.load()
    for verdicts, columns in ((True, 4), (False, 3)):
        table = render.matrix_table(guide, ["jax", "keras"], ["origin", "deployment"], verdicts)
        group = table.children[0]
        assert isinstance(group, nodes.tgroup) and group["cols"] == columns
        widths = [c["colwidth"] for c in group.findall(nodes.colspec)]
        assert widths == [2] + [3] * (columns - 1)
        rows = list(group.findall(nodes.row))
        assert len(rows) == 3
        assert {len(row.children) for row in rows} == {columns}


def test_a_history_entry_reads_date_version_change_and_sources() -> None:
    """Each history line: date (or "date unknown") and version in bold, the change, then the
    entry's own citations after a space; the list under its rubric."""
    guide = mlguide.load()
    position = guide.position("tensorflow", "execution-model")
    entry = next(e for e in position.history if e.sources and e.version)
    undated = dataclasses.replace(entry, date=None, version=None, sources=())
    rubric, items = render._history([entry, undated], guide)
    assert isinstance(rubric, nodes.rubric) and rubric["classes"] == ["mlguide-history-title"]
    assert rubric.astext() == "What changed when"
    first, second = (item.children[0] for item in items.children)
    numbers = " ".join(
        f"[{n}]" for n in sorted(render.source_numbers(guide)[s.url] for s in entry.sources)
    )
    assert first.children[0].astext() == f"{entry.date.isoformat()}, {entry.version}: "
    assert first.astext().endswith(f" {numbers}")
    assert second.children[0].astext() == "date unknown: "
    assert render._history([], guide) == []


def test_a_verdict_names_every_leader() -> None:
    """Without a headline, "Verdict: PyTorch, Keras 3." for two leaders and "Verdict: No
    single leader." for none; with one, the headline in bold, then the summary after a space
    outside the bold (so text output never reads ``**Verdict: X. **``)."""
    import dataclasses

    guide = mlguide.load()
    names = {f.id: f.name for f in guide.frameworks}
    two = next(a for a in guide.aspects if a.verdict and len(a.verdict.leaders) == 2)
    none = next(a for a in guide.aspects if a.verdict and not a.verdict.leaders)
    bare = dataclasses.replace(
        guide,
        aspects=tuple(
            dataclasses.replace(a, verdict=dataclasses.replace(a.verdict, headline=None))
            if a.verdict
            else a
            for a in guide.aspects
        ),
    )
    (block,) = render.verdict_block(bare, two.id)
    assert block["classes"] == ["mlguide-verdict"]
    leaders = ", ".join(names[i] for i in two.verdict.leaders)
    assert block.astext().startswith(f"Verdict: {leaders}. ")
    (block,) = render.verdict_block(bare, none.id)
    assert block.astext().startswith("Verdict: No single leader. ")
    (block,) = render.verdict_block(guide, none.id)
    strong = block.children[0].children[0]
    headline = none.verdict.headline.replace("'", "\u2019")  # typographic apostrophes
    assert strong.astext() == f"Verdict: {headline}."
    assert block.children[0].children[1].astext() == " "


def test_a_claim_that_partly_holds_shows_its_caveat_after_the_badge() -> None:
    """The badge "Partly holds", then ": " and the caveat in its own styled inline."""
    guide = mlguide.load()
    claim = next(c for c in guide.claims if c.caveat)
    verdict = render.claim_card(guide, claim.id).next_node(
        lambda n: isinstance(n, nodes.paragraph) and "mlguide-claim-verdict" in n["classes"]
    )
    badge, caveat = verdict.children
    assert badge.astext() == "Partly holds"
    assert caveat["classes"] == ["mlguide-caveat"]
    plain = claim.caveat.replace("`", "")
    assert caveat.astext() == f": {plain}"


def test_citations_are_numbered_in_order_each_once() -> None:
    """Sources cite as "[a] [b]": by bibliography number, a space between, a repeat once."""
    guide = mlguide.load()
    sources = guide.position("pytorch", "deployment").sources
    assert len({s.url for s in sources}) >= 2
    numbers = render.source_numbers(guide)
    first, second = sorted({numbers[s.url] for s in sources})[:2]
    chosen = [s for s in sources if numbers[s.url] in (first, second)]
    cited = render.cites(guide, [*reversed(chosen), chosen[0]])
    assert [n["number"] for n in cited if not isinstance(n, nodes.Text)] == [first, second]
    assert [n.astext() for n in cited] == [f"[{first}]", " ", f"[{second}]"]


def test_sources_are_numbered_from_one_in_the_guide_order() -> None:
    """The bibliography numbers every distinct source 1, 2, 3, ... in the order
    ``Guide.sources()`` gives them, and a number leads back to its source."""
    guide = mlguide.load()
    sources = guide.sources()
    numbers = render.source_numbers(guide)
    assert [numbers[s.url] for s in sources] == list(range(1, len(sources) + 1))
    assert list(render.numbered_sources(guide).items()) == list(enumerate(sources, start=1))
