"""Data to nodes: the panels, cards, tables and lists the directives are made of."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from mlguide.model import NOT_ASSESSED
from mlguide.sphinxext import markdown
from mlguide.sphinxext.nodes import card, column_class, grid, mlguide_cite, tab_set

if TYPE_CHECKING:
    import mlguide
    from mlguide.model import HistoryEntry, Source

__all__ = [
    "aspect_anchor",
    "aspect_panels",
    "cites",
    "claim_card",
    "decisive_order",
    "framework_anchor",
    "framework_card",
    "matrix_table",
    "numbered_sources",
    "pick_list",
    "position_card",
    "recommendation_card",
    "release_facts_para",
    "source_numbers",
    "verdict_block",
    "verdict_phrase",
    "xref",
]

FRAMEWORK_SYNC = "mlguide-framework"
ASPECT_SYNC = "mlguide-aspect"


def framework_anchor(framework_id: str) -> str:
    """HTML id of a framework's profile card."""
    return f"mlguide-framework-{framework_id}"


def aspect_anchor(aspect_id: str) -> str:
    """HTML id of an aspect's full rendering."""
    return f"mlguide-aspect-{aspect_id}"


_BIBLIOGRAPHY: dict[int, tuple[mlguide.Guide, dict[str, int], dict[int, Source]]] = {}


def _bibliography(guide: mlguide.Guide) -> tuple[dict[str, int], dict[int, Source]]:
    # Walking the whole dataset for its sources once per guide, not once per page.
    cached = _BIBLIOGRAPHY.get(id(guide))
    if cached is None or cached[0] is not guide:
        by_number = dict(enumerate(guide.sources(), start=1))
        numbers = {source.url: n for n, source in by_number.items()}
        cached = _BIBLIOGRAPHY[id(guide)] = (guide, numbers, by_number)
    return cached[1], cached[2]


def source_numbers(guide: mlguide.Guide) -> dict[str, int]:
    """Each source's number (by URL): its place in the guide's bibliography, from 1."""
    return _bibliography(guide)[0]


def numbered_sources(guide: mlguide.Guide) -> dict[int, Source]:
    """The guide's bibliography: every source by its number, in number order."""
    return _bibliography(guide)[1]


def cites(guide: mlguide.Guide, sources: Sequence[Source]) -> list[nodes.Node]:
    """``[3] [7]``: citation nodes for sources, in number order, each once."""
    numbers = source_numbers(guide)
    unique = {numbers[s.url]: s for s in sources}
    out: list[nodes.Node] = []
    for number in sorted(unique):
        if out:
            out.append(nodes.Text(" "))
        source = unique[number]
        out.append(
            mlguide_cite("", f"[{number}]", number=number, url=source.url, title=source.title)
        )
    return out


def _sources_para(guide: mlguide.Guide, sources: Sequence[Source]) -> nodes.paragraph:
    para = nodes.paragraph(classes=["mlguide-sources-line"])
    para += nodes.Text("Sources: ")
    para.extend(cites(guide, sources))
    return para


def _names(guide: mlguide.Guide) -> dict[str, str]:
    return {f.id: f.name for f in guide.frameworks}


def _history(entries: Sequence[HistoryEntry], guide: mlguide.Guide) -> list[nodes.Node]:
    if not entries:
        return []
    items = nodes.bullet_list(classes=["mlguide-history"])
    for entry in entries:
        when = entry.date.isoformat() if entry.date else "date unknown"
        version = f", {entry.version}" if entry.version else ""
        para = nodes.paragraph()
        para += nodes.strong("", f"{when}{version}: ")
        para.extend(markdown.inline(entry.change))
        if entry.sources:
            para += nodes.Text(" ")
            para.extend(cites(guide, entry.sources))
        items += nodes.list_item("", para)
    return [nodes.rubric("", "What changed when", classes=["mlguide-history-title"]), items]


def _not_assessed(guide: mlguide.Guide, framework_id: str, aspect_id: str) -> nodes.paragraph:
    """A position the data does not give: said plainly, with where to give it."""
    para = nodes.paragraph(classes=["mlguide-summary", "mlguide-not-assessed"])
    para += nodes.strong("", "Not assessed.")
    file = guide.origin("framework", framework_id)
    para += nodes.Text(f" The data ({file}) gives no position on this aspect.")
    return para


def position_card(
    guide: mlguide.Guide, framework_id: str, aspect_id: str, *, history: bool
) -> nodes.container:
    """One framework's panel on one aspect: summary, details, history, sources; labelled."""
    framework = guide.framework(framework_id)
    position = guide.position(framework_id, aspect_id)
    body: list[nodes.Node] = []
    if not position.assessed:
        body.append(_not_assessed(guide, framework_id, aspect_id))
    elif position.summary is not None:
        summary = nodes.paragraph(classes=["mlguide-summary"])
        summary.extend(markdown.inline(position.summary))
        body.append(summary)
    else:
        unknown = nodes.paragraph(classes=["mlguide-summary", "mlguide-unknown"])
        unknown += nodes.strong("", "Unknown: ")
        unknown.extend(markdown.inline(position.unknown or ""))
        body.append(unknown)
    if guide.aspect(aspect_id).facts == "releases":
        body.extend(release_facts_para(guide, framework_id))
    where = f"{guide.origin('position', f'{framework_id}/{aspect_id}')}: positions.{aspect_id}"
    body.extend(markdown.blocks(position.details, f"{where}.details"))
    if history:
        body.extend(_history(position.history, guide))
    if position.sources:
        body.append(_sources_para(guide, position.sources))
    return card(
        [nodes.Text(framework.name)],
        body,
        classes=["mlguide-panel", f"mlguide-fw-{framework_id}"],
    )


def verdict_phrase(guide: mlguide.Guide, verdict: mlguide.Verdict | None) -> list[nodes.Node]:
    """The verdict in a phrase: its headline, else the leaders' names, else "no single
    leader" (never a bare "nobody"); "no verdict yet" when there is none."""
    if verdict is None:
        return [nodes.Text("No verdict yet")]
    if verdict.headline:
        return markdown.inline(verdict.headline)
    names = _names(guide)
    return [nodes.Text(", ".join(names[i] for i in verdict.leaders) or "No single leader")]


def _joined(parts: list[nodes.Node]) -> list[nodes.Node]:
    """Adjacent text nodes merged into one (so that a doctree reads as one phrase)."""
    out: list[nodes.Node] = []
    for part in parts:
        if isinstance(part, nodes.Text) and out and isinstance(out[-1], nodes.Text):
            out[-1] = nodes.Text(out[-1].astext() + part.astext())
        else:
            out.append(part)
    return out


def verdict_block(guide: mlguide.Guide, aspect_id: str) -> list[nodes.Node]:
    """The verdict on an aspect (its headline, or who leads, then why), or nothing if none."""
    verdict = guide.aspect(aspect_id).verdict
    if verdict is None:
        return []
    phrase = verdict_phrase(guide, verdict)
    para = nodes.paragraph()
    # the closing full stop inside the bold, the space outside (text output shows the marks)
    if not phrase[-1].astext().rstrip().endswith((".", "!", "?")):
        phrase.append(nodes.Text("."))
    para += nodes.strong("", "", *_joined([nodes.Text("Verdict: "), *phrase]))
    para += nodes.Text(" ")
    para.extend(markdown.inline(verdict.summary))
    para += nodes.Text(" ")
    para.extend(cites(guide, verdict.sources))
    return [nodes.container("", para, classes=["mlguide-verdict"])]


def aspect_panels(
    guide: mlguide.Guide,
    aspect_id: str,
    frameworks: Sequence[str],
    *,
    layout: str,
    sync: bool,
    history: bool,
) -> list[nodes.Node]:
    """An aspect's verdict, then its panels, one per framework, side by side (``columns``) or
    as tabs (synced across the page when ``sync``); each with its history when ``history``."""
    cards = [position_card(guide, f, aspect_id, history=history) for f in frameworks]
    if layout == "tabs":
        items: list[tuple[str, list[nodes.Node], list[nodes.Node], list[str]]] = [
            (f, [nodes.Text(guide.framework(f).name)], [c], [])
            for f, c in zip(frameworks, cards, strict=True)
        ]
        panels: nodes.Node = tab_set(
            items,
            FRAMEWORK_SYNC if sync else None,
            ["mlguide-framework-tabs", column_class(len(frameworks))],
        )
    else:
        panels = grid(len(frameworks), cards)
    # the verdict first: what is true, then each framework's position behind it
    return [*verdict_block(guide, aspect_id), panels]


def xref(kind: str, target: str, text: str) -> addnodes.pending_xref:
    """A link to a framework or aspect, resolved by the mlguide domain at write time."""
    ref = addnodes.pending_xref(
        "", refdomain="mlguide", reftype=kind, reftarget=target, refexplicit=True, refwarn=False
    )
    ref += nodes.inline("", text, classes=["xref", "mlguide", f"mlguide-{kind}"])
    return ref


def decisive_order(guide: mlguide.Guide, aspects: Sequence[str]) -> list[str]:
    """The aspects ordered by how much they decide: one leader first, then two, then more,
    then those nobody leads (background such as origin and license), each group in the
    data's order."""

    def weight(aspect_id: str) -> int:
        verdict = guide.aspect(aspect_id).verdict
        leaders = len(verdict.leaders) if verdict else 0
        return leaders if leaders else 99

    return sorted(aspects, key=weight)


def matrix_table(
    guide: mlguide.Guide, frameworks: Sequence[str], aspects: Sequence[str], verdicts: bool
) -> nodes.table:
    """The at-a-glance table: aspects as rows, frameworks as columns, short summaries; the
    cells of the frameworks that lead on an aspect start with a star."""
    columns = 1 + len(frameworks) + (1 if verdicts else 0)
    table = nodes.table(classes=["mlguide-matrix", f"mlguide-matrix-{len(frameworks)}"])
    group = nodes.tgroup(cols=columns)
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in [2] + [3] * (columns - 1))

    def row(cells: list[list[nodes.Node]]) -> nodes.row:
        out = nodes.row()
        for cell in cells:
            out += nodes.entry("", nodes.paragraph("", "", *cell))
        return out

    head: list[list[nodes.Node]] = [[nodes.Text("Aspect")]]
    head += [[nodes.Text(guide.framework(f).name)] for f in frameworks]
    if verdicts:
        head.append([nodes.Text("Verdict")])
    group += nodes.thead("", row(head))
    body = nodes.tbody()
    for aspect_id in aspects:
        aspect = guide.aspect(aspect_id)
        cells: list[list[nodes.Node]] = [[xref("aspect", aspect_id, aspect.title)]]
        leaders = aspect.verdict.leaders if aspect.verdict else ()
        for framework_id in frameworks:
            position = guide.position(framework_id, aspect_id)
            cell: list[nodes.Node] = []
            if framework_id in leaders:
                # a mark to scan by, besides the Verdict column's words
                cell.append(nodes.inline("", "★", classes=["mlguide-lead-mark"]))
                cell.append(nodes.Text(" "))
            if not position.assessed:
                cell.append(nodes.emphasis("", NOT_ASSESSED, classes=["mlguide-not-assessed"]))
            elif position.summary is not None:
                cell.extend(markdown.inline(position.summary))
            else:
                cell.append(nodes.emphasis("", "Unknown"))
            cells.append(cell)
        if verdicts:
            cells.append(verdict_phrase(guide, aspect.verdict))
        body += row(cells)
    group += body
    return table


def _field(name: str, value: list[nodes.Node]) -> nodes.field:
    return nodes.field(
        "", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", *value))
    )


def _link(url: str) -> nodes.reference:
    return nodes.reference("", url.removeprefix("https://"), refuri=url)


def release_text(release: mlguide.Release) -> str:
    """``2.21.0, released 2026-03-06``; the date alone for a release without a number;
    ``2.21.0, release date unknown``; ``unknown`` when neither is known (as the CLI says)."""
    date = release.date.isoformat() if release.date else None
    if release.version is None:
        return date or "unknown"
    if date is None:
        return f"{release.version}, release date unknown"
    return f"{release.version}, released {date}"


def release_facts_para(guide: mlguide.Guide, framework_id: str) -> list[nodes.Node]:
    """The framework's release facts derived from the collected snapshot, in one paragraph
    (``From PyPI, collected 2026-12-07: 15 releases in the 12 months to 2026-12-07; latest
    0.12.1 (2026-11-18); Python >=3.12; wheels: any (pure Python).``), cited like the
    framework's latest release; nothing when the data holds no snapshot of its package."""
    facts = guide.releases(framework_id)
    if facts is None:
        return []
    index = "PyPI" if facts.index == "pypi" else "npm"
    parts = [f"From {index}, collected {facts.collected.isoformat()}:"]
    details = []
    if facts.count_text():
        details.append(str(facts.count_text()))
    if facts.latest is not None:
        when = f" ({facts.latest.date.isoformat()})" if facts.latest.date else ""
        details.append(f"latest {facts.latest.version}{when}")
    if facts.python:
        details.append(facts.python)
    if facts.platforms_text():
        details.append(f"wheels: {facts.platforms_text()}")
    para = nodes.paragraph(classes=["mlguide-release-facts"])
    para += nodes.Text(" ".join(parts) + " " + "; ".join(details) + ". ")
    para.extend(cites(guide, guide.framework(framework_id).latest.sources))
    return [para]


def framework_card(guide: mlguide.Guide, framework_id: str) -> nodes.container:
    """A framework's profile card: creator, releases, license, governance, languages, links."""
    f = guide.framework(framework_id)

    def release(r: mlguide.Release) -> list[nodes.Node]:
        return [nodes.Text(release_text(r)), nodes.Text(" "), *cites(guide, r.sources)]

    fields = nodes.field_list(classes=["mlguide-profile"])
    fields += _field("Created by", [nodes.Text(f.creator)])
    fields += _field("First release", release(f.first_release))
    latest = release(f.latest)
    latest.insert(1, nodes.Text(f" (the latest as of {guide.as_of.isoformat()})"))
    fields += _field("Latest version", latest)
    facts = guide.releases(framework_id)
    if facts is not None:  # derived from the collected snapshot, cited like the latest release
        derived = []
        if facts.release_count is not None:
            counted = f"{facts.release_count} in the 12 months to {facts.as_of.isoformat()}"
            derived.append(("Releases", counted))
        if facts.python:
            derived.append(("Python", facts.python))
        if facts.platforms_text():
            derived.append(("Wheels for", str(facts.platforms_text())))
        for name, text in derived:
            fields += _field(name, [nodes.Text(f"{text} "), *cites(guide, f.latest.sources)])
    fields += _field("License", [nodes.literal("", f.license)])
    fields += _field("Governance", markdown.inline(f.governance))
    fields += _field("API languages", [nodes.Text(", ".join(f.api_languages))])
    fields += _field("Written in", [nodes.Text(", ".join(f.implementation_languages))])
    fields += _field("Platforms", [nodes.Text(", ".join(f.platforms))])
    fields += _field("Links", [_link(f.repository), nodes.Text(" · "), _link(f.homepage)])
    summary = nodes.paragraph(classes=["mlguide-summary"])
    summary.extend(markdown.inline(f.summary))
    node = card(
        [nodes.Text(f.name)],
        [summary, fields, _sources_para(guide, f.sources)],
        classes=["mlguide-profile-card", f"mlguide-fw-{framework_id}"],
    )
    node["ids"] = [framework_anchor(framework_id)]
    return node


def claim_card(guide: mlguide.Guide, claim_id: str) -> nodes.container:
    """A classic claim (the card's label) with today's verdict, why, and sources."""
    claim = guide.claim(claim_id)
    text = claim.verdict_label(_names(guide))
    verdict = nodes.paragraph(classes=["mlguide-claim-verdict"])
    verdict += nodes.inline(
        "",
        text[:1].upper() + text[1:],
        classes=["mlguide-badge", f"mlguide-verdict-{claim.verdict}"],
    )
    if claim.caveat:
        # The same words as ``Claim.verdict_text``: the label, a colon, the caveat.
        caveat = nodes.inline("", ": ", classes=["mlguide-caveat"])
        caveat.extend(markdown.inline(claim.caveat))
        verdict += caveat
    where = f"{guide.origin('claim', claim_id)}: claim {claim_id!r}, explanation"
    body = [
        verdict,
        *markdown.blocks(claim.explanation, where),
        _sources_para(guide, claim.sources),
    ]
    node = card(
        [nodes.Text(f"“{claim.claim}”")],
        body,
        classes=["mlguide-claim", f"mlguide-claim-{claim.verdict}"],
    )
    node["ids"] = [f"mlguide-claim-{claim_id}"]
    return node


def pick_list(guide: mlguide.Guide, rec: mlguide.Recommendation) -> list[nodes.Node]:
    """The picks in order of preference, linked: ``PyTorch, then Keras 3, JAX``."""
    out: list[nodes.Node] = []
    for index, pick in enumerate(rec.picks):
        if index:
            out.append(nodes.Text(", then " if index == 1 else ", "))
        out.append(xref("framework", pick, guide.framework(pick).name))
    return out


def recommendation_card(guide: mlguide.Guide, recommendation_id: str) -> nodes.container:
    """Advice for one reader profile: the situation, the picks in order, why, sources."""
    rec = guide.recommendation(recommendation_id)
    situation = nodes.paragraph(classes=["mlguide-situation"])
    situation.extend(markdown.inline(rec.situation))
    picks = nodes.paragraph(classes=["mlguide-picks"])
    picks += nodes.strong("", "Pick:")
    picks += nodes.Text(" ")
    picks.extend(pick_list(guide, rec))
    reason: list[nodes.Node] = []
    if rec.reason:
        why = nodes.paragraph(classes=["mlguide-reason"])
        why += nodes.strong("", "Why:")
        why += nodes.Text(" ")
        why.extend(markdown.inline(rec.reason))
        reason.append(why)
    where = f"{guide.origin('recommendation', recommendation_id)}: recommendation "
    where += f"{recommendation_id!r}, advice"
    body = [
        situation,
        picks,
        *reason,
        *markdown.blocks(rec.advice, where),
        _sources_para(guide, rec.sources),
    ]
    node = card([nodes.Text(rec.profile)], body, classes=["mlguide-recommendation"])
    node["ids"] = [f"mlguide-recommend-{recommendation_id}"]
    return node


def aspect_tabs(
    guide: mlguide.Guide,
    aspects: Sequence[str],
    frameworks: Sequence[str],
    sync: bool,
) -> nodes.container:
    """The compare panel: one tab per aspect, the frameworks side by side in each."""
    items: list[tuple[str, list[nodes.Node], list[nodes.Node], list[str]]] = []
    for aspect_id in aspects:
        aspect = guide.aspect(aspect_id)
        question = nodes.paragraph(classes=["mlguide-question"])
        question += nodes.emphasis("", aspect.question)
        panels = aspect_panels(
            guide, aspect_id, frameworks, layout="columns", sync=False, history=True
        )
        content = [question, *panels]
        items.append(
            (aspect_id, [nodes.Text(aspect.title)], content, [f"mlguide-compare-{aspect_id}"])
        )
    return tab_set(items, ASPECT_SYNC if sync else None, ["mlguide-compare"])


def example_block(
    guide: mlguide.Guide,
    example_id: str,
    frameworks: Sequence[str],
    versions: dict[str, str],
    sync: bool,
) -> nodes.container:
    """A code task: its description, then one tab per framework with the snippet as printed
    from the file the tests run, and the versions it was verified with."""
    example = guide.example(example_id)
    title = nodes.rubric("", example.title, classes=["mlguide-example-title"])
    where = f"{guide.origin('example', example_id)}: example {example_id!r}, description"
    description = markdown.blocks(example.description, where)
    items: list[tuple[str, list[nodes.Node], list[nodes.Node], list[str]]] = []
    by_framework = {s.framework: s for s in example.snippets}
    # tabs in the order of ``frameworks`` (the data's, unless the page chose): an example's
    # snippets may be listed in any order
    for snippet in (by_framework[f] for f in frameworks if f in by_framework):
        code = guide.snippet_code(example_id, snippet.framework)
        block = nodes.literal_block(code, code, language="python", classes=["mlguide-code"])
        label: list[nodes.Node] = [nodes.Text(guide.framework(snippet.framework).name)]
        items.append((snippet.framework, label, [block], []))
    tabs = tab_set(items, FRAMEWORK_SYNC if sync else None, ["mlguide-code-tabs"])
    parts: list[nodes.Node] = [title, *description, tabs]
    if versions:
        shown = ", ".join(f"{name} {version}" for name, version in versions.items())
        parts.append(
            nodes.paragraph(
                "", f"Verified by running it with {shown}.", classes=["mlguide-verified"]
            )
        )
    node = nodes.container("", *parts, classes=["mlguide-example"])
    node["ids"] = [f"mlguide-example-{example_id}"]
    return node
