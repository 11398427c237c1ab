"""What changed between two editions of the data: ``mlguide diff`` and the guide's "What
changed in this edition" page.

An edition is the data as ``mlguide export`` writes it. Two editions are compared entry by
entry, by id: frameworks, aspects (with their verdicts), positions (by framework and aspect),
claims, recommendations, examples and API equivalents, and the sources cited. Each difference
is a :class:`Change` in one of the :data:`SECTIONS`, in the order a reader who printed the last
edition needs them: first what the handout shows (the bottom line, verdicts' headlines and
leaders, claims' verdicts, picks and their reasons, summaries, the API equivalents' code), then
releases, what was added or removed, and the details (a verdict's reasons among them) and
sources.

Editions come from an export file, a data directory, a stored edition shipped with the package
(``mlguide/editions/<data version>.json``; each release stores itself for the next) or the
current data (:func:`load_edition`).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlguide.errors import MlguideError

__all__ = [
    "EDITIONS",
    "SECTIONS",
    "Change",
    "EditionDiff",
    "EditionError",
    "diff_editions",
    "load_edition",
    "previous_edition",
    "stored_editions",
]

#: Where the package keeps the stored editions, one export per data version.
EDITIONS = Path(__file__).parent / "editions"

#: The sections of a diff, in reading order, with their headings. The first three are what a
#: reader of the last printed edition must not miss.
SECTIONS: dict[str, str] = {
    "verdicts": "Verdicts",
    "picks": "Picks for each reader",
    "summaries": "Summaries",
    "equivalents": "API equivalents",
    "releases": "Releases",
    "entries": "Added and removed",
    "details": "Details",
    "sources": "Sources",
}
#: The sections of changes a reader must see first: what the printed handout shows (the bottom
#: line, verdict headlines and leaders, claims' verdicts, picks and reasons, summaries, code).
MAJOR_SECTIONS = ("verdicts", "picks", "summaries", "equivalents")


class EditionError(MlguideError):
    """An edition cannot be read: no such file, directory or stored edition, or not an
    export of mlguide data."""


@dataclass(frozen=True, kw_only=True)
class Change:
    """One difference between two editions."""

    section: str
    """Which of :data:`SECTIONS` it belongs to."""
    kind: str
    """``added``, ``removed`` or ``changed``."""
    ref: str
    """What changed, for scripts: ``aspect:deployment/verdict``,
    ``position:jax/release-health/summary``, ``claim:pytorch-pythonic/verdict`` ..."""
    label: str
    """What changed, for readers: ``JAX on Release cadence and maintenance health``."""
    old: Any = None
    """The earlier value (``None`` for an addition)."""
    new: Any = None
    """The later value (``None`` for a removal)."""

    @property
    def major(self) -> bool:
        """Whether a reader of the last edition must see it first."""
        return self.section in MAJOR_SECTIONS

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {
            "section": self.section,
            "kind": self.kind,
            "ref": self.ref,
            "label": self.label,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True, kw_only=True)
class EditionDiff:
    """The changes from one edition to another, in :data:`SECTIONS` order."""

    old: dict[str, Any]
    """The earlier edition's ``info`` (title, as-of date, data version ...)."""
    new: dict[str, Any]
    """The later edition's ``info``."""
    changes: tuple[Change, ...] = field(default_factory=tuple)
    """Every change, section by section."""

    def section(self, name: str) -> list[Change]:
        """The changes of one section."""
        return [c for c in self.changes if c.section == name]

    @property
    def title(self) -> str:
        """``"From 2026.12.0 (as of 2026-12-01) to 2026.12.1 (as of 2026-12-07)"``."""
        return f"From {_edition_name(self.old)} to {_edition_name(self.new)}"

    def counts(self) -> dict[str, int]:
        """How many changes each section holds (sections without any left out)."""
        return {name: n for name in SECTIONS if (n := len(self.section(name)))}

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data: both editions' info and every change."""
        return {
            "old": self.old,
            "new": self.new,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The diff as JSON text (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        """The diff as Markdown: a heading per section, a bullet per change."""
        lines = [f"# What changed: {self.title}", ""]
        if not self.changes:
            return "\n".join([*lines, "Nothing changed.", ""])
        for name, heading in SECTIONS.items():
            changes = self.section(name)
            if changes:
                lines += [f"## {heading}", ""]
                lines += [f"- {_markdown_line(c)}" for c in changes]
                lines.append("")
        return "\n".join(lines)

    def to_text(self) -> str:
        """The diff as plain text for a terminal."""
        lines = [f"What changed: {self.title}"]
        if not self.changes:
            return lines[0] + "\nNothing changed.\n"
        for name, heading in SECTIONS.items():
            changes = self.section(name)
            if changes:
                lines += ["", f"{heading} ({len(changes)})"]
                lines += [
                    textwrap.fill(
                        _plain(describe(c)),
                        TEXT_WIDTH,
                        initial_indent="  ",
                        subsequent_indent="    ",
                    )
                    for c in changes
                ]
        return "\n".join(lines) + "\n"


def _edition_name(info: Mapping[str, Any]) -> str:
    return f"{info.get('data_version', '?')} (as of {info.get('as_of', '?')})"


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


#: The width of :meth:`EditionDiff.to_text` (a terminal's).
TEXT_WIDTH = 100
#: How long a quoted value may be in a one-line description before it is left out.
QUOTE_MAX_CHARS = 160


def _quoted(value: Any, limit: int | None = QUOTE_MAX_CHARS) -> str:
    text = " ".join(str(value).split())
    return f"“{text}”" if limit is None or len(text) <= limit else ""


def shows_old(change: Change) -> bool:
    """Whether a reader is shown the earlier value too: not for a long text (a verdict's
    reasons), where the new one is what matters and the old one is in the reader's hands."""
    return len(" ".join(str(change.old).split())) <= QUOTE_MAX_CHARS


def describe(change: Change) -> str:
    """One line for a reader: ``JAX on Releases: now “...” (was “...”)``. In the details
    and sources, long texts are not quoted (the line says the text was revised); a verdict,
    pick or summary is always quoted whole, since that is what a reader must see (its earlier
    wording only when short, see :func:`shows_old`)."""
    if change.major and change.kind == "changed" and not shows_old(change):
        return f"{change.label}: reworded, now {_quoted(change.new, None)}"
    limit = None if change.major else QUOTE_MAX_CHARS
    if change.kind == "added":
        if isinstance(change.new, str):
            new = _quoted(change.new, limit)
            return f"{change.label}: added" + (f", {new}" if new else "")
        return f"{change.label}: {change.new}" if change.new is not None else change.label
    if change.kind == "removed":
        return f"{change.label}: removed"
    if isinstance(change.new, str) and isinstance(change.old, str):
        new, old = _quoted(change.new, limit), _quoted(change.old, limit)
        if new and old and len(new) + len(old) <= (limit or 10**9):
            return f"{change.label}: now {new} (was {old})"
        return f"{change.label}: revised" + (f", now {new}" if new else "")
    return f"{change.label}: now {change.new} (was {change.old})"


def _markdown_line(change: Change) -> str:
    return describe(change).replace("|", "\\|")


# --- loading editions ---------------------------------------------------------------------


def stored_editions() -> dict[str, Path]:
    """The stored editions shipped with the package, by data version, oldest first."""
    found = {p.stem: p for p in EDITIONS.glob("*.json")}
    return dict(sorted(found.items(), key=lambda item: _version_key(item[0])))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def previous_edition(data_version: str) -> str | None:
    """The newest stored edition older than ``data_version`` (``None`` when none is)."""
    older = [v for v in stored_editions() if _version_key(v) < _version_key(data_version)]
    return older[-1] if older else None


def load_edition(spec: str | Path, data_dirs: Sequence[str | Path] = ()) -> dict[str, Any]:
    """An edition as export data, from ``spec``:

    * ``"current"``: the package data plus ``data_dirs``, as :func:`mlguide.load` reads it;
    * a stored edition's data version, e.g. ``"2026.12.0"``;
    * a JSON file that ``mlguide export`` wrote;
    * a data directory, read on its own (it needs its own ``guide.toml``).

    :raises EditionError: none of these, or a file that is not an mlguide export.
    :raises DataError: a data directory that does not load.
    """
    text = str(spec)
    if text == "current":
        from mlguide.export import guide_to_dict
        from mlguide.loader import load

        return guide_to_dict(load(*data_dirs))
    stored = stored_editions()
    if text in stored:
        return _read_export(stored[text])
    path = Path(spec)
    if path.is_dir():
        from mlguide.export import guide_to_dict
        from mlguide.loader import load_uncached

        return guide_to_dict(load_uncached([path], package_data=False))
    if path.is_file():
        return _read_export(path)
    known = ", ".join(["current", *stored]) or "current"
    raise EditionError(
        f"{text}: no such export file or data directory, and no stored edition by that "
        f"name (stored: {known})"
    )


def _read_export(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EditionError(f"{path}: not a readable JSON export: {exc}") from None
    if not (isinstance(data, dict) and isinstance(data.get("info"), dict)):
        raise EditionError(f"{path}: not an export of mlguide data (no 'info' table)")
    return data


# --- comparing ----------------------------------------------------------------------------


def _by_id(items: Any, key: str = "id") -> dict[str, dict[str, Any]]:
    return {str(i[key]): i for i in items or [] if isinstance(i, dict) and key in i}


def _norm(text: Any) -> Any:
    return " ".join(text.split()) if isinstance(text, str) else text


class _Names:
    """Display names for frameworks and aspects: the later edition's, else the earlier's."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.frameworks: dict[str, str] = {}
        self.aspects: dict[str, str] = {}
        for edition in (old, new):
            self.frameworks.update({f: d.get("name", f) for f, d in _frameworks(edition).items()})
            self.aspects.update(
                {a: d.get("title", a) for a, d in _by_id(edition.get("aspects")).items()}
            )

    def framework(self, fw_id: str) -> str:
        return self.frameworks.get(fw_id, fw_id)

    def aspect(self, aspect_id: str) -> str:
        return self.aspects.get(aspect_id, aspect_id)

    def leaders(self, verdict: Mapping[str, Any] | None) -> str:
        if not verdict:
            return "no verdict"
        names = [self.framework(f) for f in verdict.get("leaders") or []]
        return ", ".join(names) or "nobody leads"

    def claim_verdict(self, claim: Mapping[str, Any]) -> str:
        verdict = str(claim.get("verdict", "?")).replace("-", " ")
        since = claim.get("since")
        if isinstance(since, dict):
            when = f" ({since['date']})" if since.get("date") else ""
            verdict += f" since {self.framework(str(since.get('framework')))} "
            verdict += f"{since.get('version')}{when}"
        caveat = claim.get("caveat")
        return f"{verdict}: {caveat}" if caveat else verdict


def _frameworks(edition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return _by_id(edition.get("frameworks"))


def _release(value: Any) -> str:
    if not isinstance(value, dict):
        return "unknown"
    version, date = value.get("version"), value.get("date")
    return " ".join(str(p) for p in (version, f"({date})" if date else None) if p) or "unknown"


def diff_editions(old: Mapping[str, Any], new: Mapping[str, Any]) -> EditionDiff:
    """Every change from ``old`` to ``new`` (two editions as export data)."""
    names = _Names(old, new)
    changes: list[Change] = [
        *_verdicts(old, new, names),
        *_picks(old, new, names),
        *_summaries(old, new, names),
        *_releases(old, new, names),
        *_entries(old, new, names),
        *_details(old, new, names),
        *_sources(old, new),
    ]
    order = list(SECTIONS)
    changes.sort(key=lambda c: order.index(c.section))  # stable: each section keeps its order
    return EditionDiff(
        old=dict(old.get("info") or {}), new=dict(new.get("info") or {}), changes=tuple(changes)
    )


def _pairs(
    old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """The entries both editions hold, in the later edition's order."""
    for key, entry in new.items():
        if key in old:
            yield key, old[key], entry


def _optional_text(section: str, ref: str, label: str, old: Any, new: Any) -> Iterator[Change]:
    """A text that an edition may lack (an earlier edition may predate the field): added,
    removed or changed."""
    old, new = _norm(old) or None, _norm(new) or None
    if old == new:
        return
    kind = "changed" if old and new else "added" if new else "removed"
    yield Change(section=section, kind=kind, ref=ref, label=label, old=old, new=new)


def _verdicts(old: Mapping[str, Any], new: Mapping[str, Any], names: _Names) -> Iterator[Change]:
    yield from _optional_text(
        "verdicts",
        "guide:bottom_line",
        "The bottom line",
        (old.get("bottom_line") or {}).get("summary"),
        (new.get("bottom_line") or {}).get("summary"),
    )
    for aspect_id, before, after in _pairs(_by_id(old.get("aspects")), _by_id(new.get("aspects"))):
        v_old, v_new = before.get("verdict"), after.get("verdict")
        label = f"Verdict on {names.aspect(aspect_id)}"
        if not v_old or not v_new:
            if v_old or v_new:  # a verdict reached, or withdrawn
                yield Change(
                    section="verdicts",
                    kind="added" if v_new else "removed",
                    ref=f"aspect:{aspect_id}/verdict",
                    label=label,
                    old=_verdict_text(v_old, names),
                    new=_verdict_text(v_new, names),
                )
            continue
        yield from _optional_text(
            "verdicts",
            f"aspect:{aspect_id}/verdict/headline",
            f"{label}, headline",
            v_old.get("headline"),
            v_new.get("headline"),
        )
        if names.leaders(v_old) != names.leaders(v_new):
            yield Change(
                section="verdicts",
                kind="changed",
                ref=f"aspect:{aspect_id}/verdict/leaders",
                label=f"{label}, who leads",
                old=names.leaders(v_old),
                new=names.leaders(v_new),
            )
        s_old = _norm((v_old or {}).get("summary"))
        s_new = _norm((v_new or {}).get("summary"))
        if s_old != s_new:  # the reasons: in the guide, not on the handout (its headline is)
            yield Change(
                section="details",
                kind="changed",
                ref=f"aspect:{aspect_id}/verdict/summary",
                label=f"{label}, the reasons",
                old=s_old,
                new=s_new,
            )
    for claim_id, before, after in _pairs(_by_id(old.get("claims")), _by_id(new.get("claims"))):
        if names.claim_verdict(before) != names.claim_verdict(after):
            yield Change(
                section="verdicts",
                kind="changed",
                ref=f"claim:{claim_id}/verdict",
                label=f"Claim “{_norm(after.get('claim'))}”",
                old=names.claim_verdict(before),
                new=names.claim_verdict(after),
            )


def _verdict_text(verdict: Mapping[str, Any] | None, names: _Names) -> str | None:
    if not verdict:
        return None
    leaders = names.leaders(verdict)
    return f"{leaders[:1].upper()}{leaders[1:]}. {_norm(verdict.get('summary') or '')}"


def _picks(old: Mapping[str, Any], new: Mapping[str, Any], names: _Names) -> Iterator[Change]:
    pairs = _pairs(_by_id(old.get("recommendations")), _by_id(new.get("recommendations")))
    for rec_id, before, after in pairs:
        p_old = [names.framework(p) for p in before.get("picks") or []]
        p_new = [names.framework(p) for p in after.get("picks") or []]
        if p_old != p_new:
            yield Change(
                section="picks",
                kind="changed",
                ref=f"recommendation:{rec_id}/picks",
                label=f"Picks for {after.get('profile', rec_id)}",
                old=", ".join(p_old),
                new=", ".join(p_new),
            )
        yield from _optional_text(
            "picks",
            f"recommendation:{rec_id}/reason",
            f"Why, for {after.get('profile', rec_id)}",
            before.get("reason"),
            after.get("reason"),
        )


def _positions(edition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{p['framework']}/{p['aspect']}": p
        for p in edition.get("positions") or []
        if isinstance(p, dict) and "framework" in p and "aspect" in p
    }


def _position_label(key: str, names: _Names) -> str:
    fw_id, aspect_id = key.split("/", 1)
    return f"{names.framework(fw_id)} on {names.aspect(aspect_id)}"


def _shown_summary(position: Mapping[str, Any]) -> str:
    if position.get("summary") is not None:
        return str(_norm(position["summary"]))
    return f"Unknown: {_norm(position.get('unknown') or '')}"


def _summaries(old: Mapping[str, Any], new: Mapping[str, Any], names: _Names) -> Iterator[Change]:
    for key, before, after in _pairs(_positions(old), _positions(new)):
        if _shown_summary(before) != _shown_summary(after):
            yield Change(
                section="summaries",
                kind="changed",
                ref=f"position:{key}/summary",
                label=_position_label(key, names),
                old=_shown_summary(before),
                new=_shown_summary(after),
            )
    for fw_id, before, after in _pairs(_frameworks(old), _frameworks(new)):
        if _norm(before.get("summary")) != _norm(after.get("summary")):
            yield Change(
                section="summaries",
                kind="changed",
                ref=f"framework:{fw_id}/summary",
                label=f"{names.framework(fw_id)}, in a sentence",
                old=_norm(before.get("summary")),
                new=_norm(after.get("summary")),
            )


def _releases(old: Mapping[str, Any], new: Mapping[str, Any], names: _Names) -> Iterator[Change]:
    for fw_id, before, after in _pairs(_frameworks(old), _frameworks(new)):
        for key, what in (("latest", "latest release"), ("first_release", "first release")):
            if _release(before.get(key)) != _release(after.get(key)):
                yield Change(
                    section="releases",
                    kind="changed",
                    ref=f"framework:{fw_id}/{key}",
                    label=f"{names.framework(fw_id)}, {what}",
                    old=_release(before.get(key)),
                    new=_release(after.get(key)),
                )
    counted_old = old.get("releases") or {}
    for fw_id, facts in (new.get("releases") or {}).items():
        count = facts.get("releases_in_12_months") if isinstance(facts, dict) else None
        earlier = counted_old.get(fw_id) if isinstance(counted_old, dict) else None
        was = earlier.get("releases_in_12_months") if isinstance(earlier, dict) else None
        if count is not None and count != was:
            window = f"releases in the 12 months to {facts['counted_to']}"
            yield Change(
                section="releases",
                kind="changed" if was is not None else "added",
                ref=f"framework:{fw_id}/releases_in_12_months",
                label=f"{names.framework(fw_id)}, {window}",
                old=was,
                new=count,
            )


_ENTRY_KINDS = (
    ("frameworks", "framework", "name", "Framework"),
    ("aspects", "aspect", "title", "Aspect"),
    ("claims", "claim", "claim", "Claim"),
    ("recommendations", "recommendation", "profile", "Advice for"),
    ("examples", "example", "title", "Code example"),
    ("equivalents", "equivalent", "task", "API equivalent"),
)


def _entries(old: Mapping[str, Any], new: Mapping[str, Any], names: _Names) -> Iterator[Change]:
    for key, kind, title, noun in _ENTRY_KINDS:
        before, after = _by_id(old.get(key)), _by_id(new.get(key))
        for entry_id, entry in after.items():
            if entry_id not in before:
                yield Change(
                    section="entries",
                    kind="added",
                    ref=f"{kind}:{entry_id}",
                    label=f"{noun} “{_norm(entry.get(title, entry_id))}”",
                    new=entry_id,
                )
        for entry_id, entry in before.items():
            if entry_id not in after:
                yield Change(
                    section="entries",
                    kind="removed",
                    ref=f"{kind}:{entry_id}",
                    label=f"{noun} “{_norm(entry.get(title, entry_id))}”",
                    old=entry_id,
                )
    p_old, p_new = _positions(old), _positions(new)
    fw_new, fw_old = _frameworks(new), _frameworks(old)
    aspects_old, aspects_new = _by_id(old.get("aspects")), _by_id(new.get("aspects"))
    for pos_key, position in p_new.items():
        fw_id, aspect_id = pos_key.split("/", 1)
        # a new framework's or new aspect's positions come with it: listed once, above
        if pos_key not in p_old and fw_id in fw_old and aspect_id in aspects_old:
            yield Change(
                section="entries",
                kind="added",
                ref=f"position:{pos_key}",
                label=_position_label(pos_key, names),
                new=_shown_summary(position),
            )
    for pos_key in p_old:
        fw_id, aspect_id = pos_key.split("/", 1)
        if pos_key not in p_new and fw_id in fw_new and aspect_id in aspects_new:
            yield Change(
                section="entries",
                kind="removed",
                ref=f"position:{pos_key}",
                label=_position_label(pos_key, names),
            )


def _history_keys(entries: Any) -> dict[str, dict[str, Any]]:
    return {f"{e.get('date')} {e.get('label')}": e for e in entries or [] if isinstance(e, dict)}


def _text_change(section: str, ref: str, label: str, old: Any, new: Any) -> Iterator[Change]:
    if _norm(old) != _norm(new):
        yield Change(section=section, kind="changed", ref=ref, label=label, old=old, new=new)


def _history_changes(ref: str, label: str, old: Any, new: Any) -> Iterator[Change]:
    before, after = _history_keys(old), _history_keys(new)
    for key, entry in after.items():
        if key not in before:
            yield Change(
                section="details",
                kind="added",
                ref=f"{ref}/{entry.get('date')}",
                label=f"{label}, history: {entry.get('label')} ({entry.get('date')})",
                new=_norm(entry.get("change")),
            )
    for key, entry in before.items():
        if key not in after:
            yield Change(
                section="details",
                kind="removed",
                ref=f"{ref}/{entry.get('date')}",
                label=f"{label}, history: {entry.get('label')} ({entry.get('date')})",
                old=_norm(entry.get("change")),
            )


_FRAMEWORK_FACTS = (
    ("name", "name"),
    ("creator", "creator"),
    ("governance", "governance"),
    ("license", "licence"),
    ("repository", "repository"),
    ("homepage", "home page"),
    ("implementation_languages", "written in"),
    ("api_languages", "API languages"),
    ("platforms", "platforms"),
)


def _joined(value: Any) -> Any:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else value


def _details(old: Mapping[str, Any], new: Mapping[str, Any], names: _Names) -> Iterator[Change]:
    for key, before, after in _pairs(_positions(old), _positions(new)):
        label = _position_label(key, names)
        yield from _text_change(
            "details", f"position:{key}/details", f"{label}, details",
            before.get("details"), after.get("details"),
        )  # fmt: skip
        yield from _history_changes(
            f"position:{key}/history", label, before.get("history"), after.get("history")
        )
    for fw_id, before, after in _pairs(_frameworks(old), _frameworks(new)):
        name = names.framework(fw_id)
        for key, what in _FRAMEWORK_FACTS:
            b, a = _joined(before.get(key)), _joined(after.get(key))
            yield from _text_change("details", f"framework:{fw_id}/{key}", f"{name}, {what}", b, a)
        yield from _history_changes(
            f"framework:{fw_id}/milestones", name, before.get("milestones"), after.get("milestones")
        )
    for aspect_id, before, after in _pairs(_by_id(old.get("aspects")), _by_id(new.get("aspects"))):
        for key in ("title", "question", "group"):
            yield from _text_change(
                "details", f"aspect:{aspect_id}/{key}",
                f"{names.aspect(aspect_id)}, {key}", before.get(key), after.get(key),
            )  # fmt: skip
    for claim_id, before, after in _pairs(_by_id(old.get("claims")), _by_id(new.get("claims"))):
        yield from _text_change(
            "details", f"claim:{claim_id}/explanation",
            f"Claim “{_norm(after.get('claim'))}”, why", before.get("explanation"),
            after.get("explanation"),
        )  # fmt: skip
    recs = _pairs(_by_id(old.get("recommendations")), _by_id(new.get("recommendations")))
    for rec_id, before, after in recs:
        for key in ("situation", "advice"):
            yield from _text_change(
                "details", f"recommendation:{rec_id}/{key}",
                f"Advice for {after.get('profile', rec_id)}, {key}", before.get(key),
                after.get(key),
            )  # fmt: skip
    rows = _pairs(_by_id(old.get("equivalents")), _by_id(new.get("equivalents")))
    for row_id, before, after in rows:
        cells_old = _by_id(before.get("cells"), "framework")
        for fw_id, cell in _by_id(after.get("cells"), "framework").items():
            was = cells_old.get(fw_id, {}).get("code")
            yield from _text_change(
                "equivalents", f"equivalent:{row_id}/{fw_id}",
                f"API equivalent “{after.get('task', row_id)}” in {names.framework(fw_id)}",
                was, cell.get("code"),
            )  # fmt: skip


def _source_urls(node: Any) -> dict[str, str]:
    """Every source below ``node`` (a table with url, title and publisher), by URL."""
    found: dict[str, str] = {}
    stack: list[Any] = [node]
    while stack:  # bounded: each step takes one node of a finite tree off the stack
        item = stack.pop()
        if isinstance(item, dict):
            if {"url", "title", "publisher"} <= item.keys():
                found.setdefault(str(item["url"]), str(item["title"]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _sources(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterable[Change]:
    before, after = _source_urls(old), _source_urls(new)
    added = [
        Change(section="sources", kind="added", ref=f"source:{url}", label=title, new=url)
        for url, title in sorted(after.items(), key=lambda i: i[1])
        if url not in before
    ]
    removed = [
        Change(section="sources", kind="removed", ref=f"source:{url}", label=title, old=url)
        for url, title in sorted(before.items(), key=lambda i: i[1])
        if url not in after
    ]
    return [*added, *removed]
