"""Integrity rules for the dataset shipped in the package, one rule per test.

In the spirit of browser-compat-data's linter: each test states one rule in its docstring and
checks it across the whole dataset, naming every offending entry when it fails. The model
(mlguide.model) already rejects malformed single values; these rules check what only the whole
dataset can show: coverage, sourcing, dates against the as-of date, and consistency between
entries. Latest versions are checked by hand against the package index (no network here).
Rules the loader enforces on single files (sources present, https, dates, version syntax,
lengths) are proved in tests/test_data_rules.py by feeding it a file that breaks each one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

import mlguide
from mlguide.model import (
    HistoryEntry,
    Release,
    Source,
)

#: The five differences the classic TensorFlow-vs-PyTorch comparison makes.
CLASSIC_ASPECTS = {"origin", "execution-model", "serialization", "visualization", "deployment"}

#: The aspects the guide must cover besides the classic ones.
REQUIRED_ASPECTS = CLASSIC_ASPECTS | {
    "mobile-edge",
    "browser",
    "distributed-training",
    "hardware",
    "ecosystem",
    "platforms-languages",
    "learning-curve",
    "license",
}

#: The twelve claims of the classic comparison, by claim id (claim 6 is split in two).
CLASSIC_CLAIMS = {
    "static-vs-dynamic-graphs",  # 1 TF static, PyTorch dynamic
    "pytorch-saves-by-pickling",  # 2
    "tensorflow-saves-protobuf-graphs",  # 3
    "tensorboard-visualization-edge",  # 4
    "tf-serving-deployment-edge",  # 5
    "pytorch-no-serving-framework",  # 6a "has no such framework"
    "pytorch-needs-flask-django",  # 6b "needs Flask/Django"
    "tensorflow-based-on-theano",  # 7
    "pytorch-based-on-torch",  # 8
    "pytorch-pythonic-imperative",  # 9
    "pytorch-runs-on-three-os",  # 10
    "beginners-learn-pytorch",  # 11
    "industry-learn-tensorflow",  # 12
}

#: Claims the classic comparison got wrong: they must stay marked wrong, never become fact.
WRONG_CLAIMS = {"tensorflow-based-on-theano"}

#: The reader profiles the decision guide must cover, by recommendation id.
REQUIRED_PROFILES = {
    "beginner",
    "researcher",
    "production-serving",
    "mobile-edge",
    "large-scale-tpu",
    "existing-tensorflow",
    "new-project-2027",
}

#: Frameworks the guide presents, in order.
FRAMEWORK_ORDER = ("tensorflow", "pytorch", "jax", "keras")

# Package index pages and issue threads are sources of their own kinds, not primary ones
# (they were counted as primary before sources had kinds): three in four remain primary.
MIN_PRIMARY_SHARE = 0.75


@pytest.fixture(scope="module")
def guide() -> mlguide.Guide:
    """The package's dataset, validated afresh (never from the on-disk cache)."""
    return mlguide.load_uncached()


# --- helpers ----------------------------------------------------------------------------


def _version_key(version: str) -> tuple[int, ...]:
    """A sortable key for a release version (pre-release suffixes sort before the release)."""
    match = re.match(r"^([\d.]+?)(?:(a|b|rc)(\d+)|\.dev(\d+)|\.post(\d+))?$", version)
    assert match, version
    numbers = [int(part) for part in match.group(1).split(".")]
    numbers += [0] * (4 - len(numbers))
    if match.group(2) or match.group(4):  # a pre-release or dev release comes first
        return (*numbers, -1)
    return (*numbers, 0)


def _framework_histories(guide: mlguide.Guide) -> Iterator[tuple[str, str, list[HistoryEntry]]]:
    """Every history list: (framework id, where, entries), for positions and milestones."""
    for framework in guide.frameworks:
        yield framework.id, f"{framework.id}: milestones", framework.milestones
    for position in guide.positions:
        yield (
            position.framework,
            f"{position.framework}/{position.aspect}: history",
            position.history,
        )


def _dated_versions(guide: mlguide.Guide) -> Iterator[tuple[str, str, dt.date | None, str]]:
    """Every (framework, version, date, where) the data states."""
    for framework in guide.frameworks:
        for name in ("first_release", "latest"):
            release: Release = getattr(framework, name)
            if release.version:
                yield framework.id, release.version, release.date, f"{framework.id}.{name}"
    for fw_id, where, entries in _framework_histories(guide):
        for entry in entries:
            if entry.version:
                yield fw_id, entry.version, entry.date, f"{where} {entry.label!r}"
    for claim in guide.claims:
        if claim.since:
            yield claim.since.framework, claim.since.version, claim.since.date, f"claim {claim.id}"


def _all_dates(guide: mlguide.Guide) -> Iterator[tuple[dt.date, str]]:
    """Every date in the data that describes an event, with where it is."""
    for framework in guide.frameworks:
        for name in ("first_release", "latest"):
            release: Release = getattr(framework, name)
            if release.date:
                yield release.date, f"{framework.id}.{name}"
    for _fw, where, entries in _framework_histories(guide):
        for entry in entries:
            if entry.date:
                yield entry.date, f"{where} {entry.label!r}"
    for claim in guide.claims:
        if claim.since and claim.since.date:
            yield claim.since.date, f"claim {claim.id}.since"


def _cited(node: Any, where: str) -> Iterator[tuple[Source, str]]:
    """Every source below a model or sequence, with a path naming where it is cited."""
    if isinstance(node, Source):
        yield node, where
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _cited(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(node):
        for item in dataclasses.fields(node):
            if item.init:
                yield from _cited(getattr(node, item.name), f"{where}.{item.name}")
    elif hasattr(type(node), "model_fields"):  # a plain pydantic model, should the data use one
        for name in type(node).model_fields:
            yield from _cited(getattr(node, name), f"{where}.{name}")


def _all_citations(guide: mlguide.Guide) -> list[tuple[Source, str]]:
    citations: list[tuple[Source, str]] = []
    for framework in guide.frameworks:
        citations += _cited(framework, f"framework {framework.id}")
    for aspect in guide.aspects:
        citations += _cited(aspect, f"aspect {aspect.id}")
    for position in guide.positions:
        citations += _cited(position, f"position {position.framework}/{position.aspect}")
    for claim in guide.claims:
        citations += _cited(claim, f"claim {claim.id}")
    for rec in guide.recommendations:
        citations += _cited(rec, f"recommendation {rec.id}")
    for equivalent in guide.equivalents:
        citations += _cited(equivalent, f"equivalent {equivalent.id}")
    for node in guide.lineage.nodes:
        citations += _cited(node, f"lineage node {node.id}")
    for index, link in enumerate(guide.lineage.links):
        citations += _cited(link, f"lineage link {index} ({link.source} -> {link.target})")
    for route in guide.migrations:
        citations += _cited(route, f"migration {route.id}")
    return citations


def test_the_citation_walk_sees_every_source(guide: mlguide.Guide) -> None:
    """The helper that walks citations finds exactly the sources `Guide.sources()` reports,
    so the sourcing rules below cannot pass vacuously."""
    assert {s.url for s, _ in _all_citations(guide)} == {s.url for s in guide.sources()}
    assert len(guide.sources()) > 0


def _distinct_sources(guide: mlguide.Guide) -> dict[str, Source]:
    seen: dict[str, Source] = {}
    for source, _where in _all_citations(guide):
        seen.setdefault(source.url, source)
    return seen


# --- the guide as a whole -------------------------------------------------------------


def test_guide_presents_the_four_frameworks_in_order(guide: mlguide.Guide) -> None:
    """guide.toml lists TensorFlow, PyTorch, JAX and Keras 3, in that order, and nothing else."""
    assert guide.info.frameworks == FRAMEWORK_ORDER
    assert tuple(f.id for f in guide.frameworks) == FRAMEWORK_ORDER


def test_no_duplicate_ids(guide: mlguide.Guide) -> None:
    """Framework, aspect, claim and recommendation ids are each unique."""
    for kind, ids in {
        "framework": [f.id for f in guide.frameworks],
        "aspect": [a.id for a in guide.aspects],
        "claim": [c.id for c in guide.claims],
        "recommendation": [r.id for r in guide.recommendations],
    }.items():
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        assert not dupes, f"duplicate {kind} ids: {dupes}"


# --- coverage ---------------------------------------------------------------------------


def test_every_classic_aspect_is_present_and_marked_classic(guide: mlguide.Guide) -> None:
    """The five classic aspects exist, carry `classic = true`, and no other aspect does."""
    classic = {a.id for a in guide.aspects if a.classic}
    assert classic == CLASSIC_ASPECTS


def test_every_required_aspect_is_present(guide: mlguide.Guide) -> None:
    """Besides the classic five, the guide covers mobile/edge, browser, distributed training,
    hardware, ecosystem, platforms and languages, learning curve and license."""
    missing = REQUIRED_ASPECTS - set(guide.aspect_ids)
    assert not missing, f"missing aspects: {sorted(missing)}"


def test_every_framework_has_a_position_on_every_aspect(guide: mlguide.Guide) -> None:
    """Each framework has exactly one position per aspect, known or explicitly unknown."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for position in guide.positions:
        counts[(position.framework, position.aspect)] += 1
    expected = {(f, a) for f in guide.framework_ids for a in guide.aspect_ids}
    missing = sorted(expected - set(counts))
    extra = sorted(set(counts) - expected)
    doubled = sorted(key for key, n in counts.items() if n > 1)
    assert not (missing or extra or doubled), f"missing={missing} extra={extra} doubled={doubled}"


def test_unknown_positions_give_a_reason(guide: mlguide.Guide) -> None:
    """A position without a summary states in `unknown` why it is unknown (a sentence, not a stub)."""
    bad = [
        f"{p.framework}/{p.aspect}"
        for p in guide.positions
        if not p.is_known and (not p.unknown or len(p.unknown.strip()) < 20)
    ]
    assert not bad, f"unknown positions without a real reason: {bad}"


def test_every_aspect_has_a_verdict(guide: mlguide.Guide) -> None:
    """Every aspect carries a verdict (leaders may be empty when nobody leads)."""
    missing = [a.id for a in guide.aspects if a.verdict is None]
    assert not missing, f"aspects without a verdict: {missing}"


def test_all_classic_claims_are_covered(guide: mlguide.Guide) -> None:
    """All twelve claims of the classic comparison have an entry, by claim id."""
    missing = CLASSIC_CLAIMS - {c.id for c in guide.claims}
    assert not missing, f"classic claims not covered: {sorted(missing)}"


def test_claims_the_classic_comparison_got_wrong_stay_wrong(guide: mlguide.Guide) -> None:
    """Known-false claims (TensorFlow was NOT based on Theano) carry the verdict `wrong`."""
    verdicts = {c.id: c.verdict for c in guide.claims}
    not_wrong = {
        claim: verdicts.get(claim) for claim in WRONG_CLAIMS if verdicts.get(claim) != "wrong"
    }
    assert not not_wrong, f"claims that must be marked wrong: {not_wrong}"


def test_recommendations_cover_the_required_profiles(guide: mlguide.Guide) -> None:
    """The decision guide covers beginner, researcher, production serving, mobile/edge,
    large-scale/TPU training, an existing TensorFlow codebase and a new project in 2027."""
    missing = REQUIRED_PROFILES - {r.id for r in guide.recommendations}
    assert not missing, f"profiles without a recommendation: {sorted(missing)}"


# --- sourcing ---------------------------------------------------------------------------


def test_at_least_four_in_five_distinct_sources_are_primary(guide: mlguide.Guide) -> None:
    """At least 80% of the distinct sources (by URL) are primary: official docs, release notes,
    the project's repository or its official blog."""
    sources = list(_distinct_sources(guide).values())
    share = sum(s.primary for s in sources) / len(sources)
    assert share >= MIN_PRIMARY_SHARE, f"primary share {share:.0%} of {len(sources)} sources"


def test_the_answer_comes_first(guide: mlguide.Guide) -> None:
    """The bundled data answers the reader's question as data: a bottom line, a reason for
    every profile's picks, a headline on every verdict, and no headline that says only that
    nobody leads (where no framework leads, the headline says what is true instead)."""
    assert guide.bottom_line is not None and guide.bottom_line.sources
    assert [r.id for r in guide.recommendations if not r.reason] == []
    assert [a.id for a in guide.aspects if a.verdict is None or not a.verdict.headline] == []
    for aspect in guide.aspects:
        assert aspect.verdict is not None and aspect.verdict.headline
        assert not re.match(r"(?i)\s*(nobody|no one|none)\b", aspect.verdict.headline), aspect.id


def test_every_bundled_source_names_its_kind(guide: mlguide.Guide) -> None:
    """The bundled data gives each source a ``kind`` (the older ``primary`` flag alone is
    accepted for a project's own data, not here), and a package index or an issue thread is
    never called primary."""
    legacy = sorted({s.url for s, _ in _all_citations(guide) if s.kind is None})
    assert not legacy, f"sources without a kind: {legacy[:5]}"
    for source, where in _all_citations(guide):
        if "pypi.org/project/" in source.url or "npmjs.com/package/" in source.url:
            assert source.kind == "package-index", (where, source.url)
        if re.search(r"github\.com/[^/]+/[^/]+/(issues|pull)/\d+", source.url):
            assert source.kind == "issue-thread", (where, source.url)


def test_the_same_url_is_cited_the_same_way(guide: mlguide.Guide) -> None:
    """Every citation of one URL agrees on title, publisher and whether it is primary."""
    seen: dict[str, set[tuple[str, str, str | None]]] = defaultdict(set)
    for source, _where in _all_citations(guide):
        seen[source.url].add((source.title, source.publisher, source.kind))
    bad = {url: sorted(forms) for url, forms in seen.items() if len(forms) > 1}
    assert not bad, f"inconsistent citations: {bad}"


def test_sources_were_read_on_or_before_the_as_of_date(guide: mlguide.Guide) -> None:
    """No source was accessed after the guide's as-of date."""
    bad = sorted(
        {
            f"{where}: {s.accessed}"
            for s, where in _all_citations(guide)
            if s.accessed > guide.info.as_of
        }
    )
    assert not bad, f"sources accessed after {guide.info.as_of}: {bad}"


# --- history, dates and versions --------------------------------------------------------


def test_position_history_is_in_chronological_order(guide: mlguide.Guide) -> None:
    """Each position's history runs oldest first."""
    bad = [
        f"{p.framework}/{p.aspect}"
        for p in guide.positions
        if [e.date for e in p.history if e.date] != sorted(e.date for e in p.history if e.date)
    ]
    assert not bad, f"histories out of order: {bad}"


def test_milestones_are_in_chronological_order(guide: mlguide.Guide) -> None:
    """Each framework's milestones run oldest first."""
    bad = [
        f.id
        for f in guide.frameworks
        if [m.date for m in f.milestones if m.date]
        != sorted(m.date for m in f.milestones if m.date)
    ]
    assert not bad, f"milestones out of order: {bad}"


def test_no_date_is_after_the_as_of_date(guide: mlguide.Guide) -> None:
    """No release, history entry, milestone or claim date lies after the guide's as-of date."""
    bad = sorted(f"{where}: {date}" for date, where in _all_dates(guide) if date > guide.info.as_of)
    assert not bad, f"dates after {guide.info.as_of}: {bad}"


def test_latest_release_is_a_final_release(guide: mlguide.Guide) -> None:
    """Each framework's `latest` is a stable release, not an alpha, beta, rc or dev build."""
    bad = [
        f"{f.id}: {f.latest.version}"
        for f in guide.frameworks
        if f.latest.version is None or re.search(r"(a|b|rc)\d+$|\.dev\d+$", f.latest.version)
    ]
    assert not bad, f"latest is not a final release: {bad}"


def test_no_version_exceeds_the_frameworks_latest(guide: mlguide.Guide) -> None:
    """History, milestone and claim versions never exceed the framework's `latest` version."""
    latest = {f.id: f.latest.version for f in guide.frameworks}
    bad = [
        f"{where}: {fw} {version} > {latest[fw]}"
        for fw, version, _date, where in _dated_versions(guide)
        if latest.get(fw) and _version_key(version) > _version_key(latest[fw])  # type: ignore[arg-type]
    ]
    assert not bad, f"versions newer than latest: {bad}"


def test_each_version_has_one_release_date_everywhere(guide: mlguide.Guide) -> None:
    """Wherever a framework version is given with a date, it is the same date."""
    dates: dict[tuple[str, str], dict[dt.date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for fw, version, date, where in _dated_versions(guide):
        if date is not None:
            dates[(fw, version)][date].append(where)
    bad = {f"{fw} {v}": dict(found) for (fw, v), found in dates.items() if len(found) > 1}
    assert not bad, f"versions with conflicting dates: {bad}"


def test_release_dates_follow_version_order(guide: mlguide.Guide) -> None:
    """Within a framework, a higher version never has an earlier release date than a lower one."""
    releases: dict[str, dict[str, dt.date]] = defaultdict(dict)
    for fw, version, date, _where in _dated_versions(guide):
        if date is not None:
            releases[fw][version] = date
    bad = []
    for fw, by_version in releases.items():
        ordered = sorted(by_version.items(), key=lambda item: _version_key(item[0]))
        for (v1, d1), (v2, d2) in itertools.pairwise(ordered):
            if d2 < d1:
                bad.append(f"{fw}: {v2} ({d2}) before {v1} ({d1})")
    assert not bad, f"release dates out of version order: {bad}"


def test_latest_release_is_not_before_first_release(guide: mlguide.Guide) -> None:
    """Each framework's latest release is dated on or after its first release."""
    bad = [
        f.id
        for f in guide.frameworks
        if f.first_release.date and f.latest.date and f.latest.date < f.first_release.date
    ]
    assert not bad, f"latest before first release: {bad}"


def test_outdated_claims_name_a_dated_release(guide: mlguide.Guide) -> None:
    """An outdated claim that names a release (a trend names none) gives the release's date."""
    bad = [c.id for c in guide.claims if c.since is not None and c.since.date is None]
    assert not bad, f"outdated claims without a dated release: {bad}"


def test_frameworks_have_milestones(guide: mlguide.Guide) -> None:
    """Every framework lists a few milestones for the timelines (at least three)."""
    bad = [f.id for f in guide.frameworks if len(f.milestones) < 3]
    assert not bad, f"frameworks with fewer than three milestones: {bad}"
