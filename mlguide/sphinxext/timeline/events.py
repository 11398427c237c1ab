"""The timeline's events: the frameworks' milestones and the dated history entries of their
positions, gathered from a guide as plain data (see :func:`collect_events`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mlguide

__all__ = ["TimelineEvent", "TimelineLane", "collect_events", "default_range"]


@dataclass(frozen=True)
class TimelineLane:
    """One framework's lane."""

    id: str
    name: str
    color: str = "#555555"
    shape: int = 0
    """Index into the marker shapes (stable per framework: its place in the data)."""


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event in one lane."""

    framework: str
    date: dt.date
    label: str
    version: str | None = None
    aspect: str | None = None
    """The aspect of a history entry; ``None`` for a framework milestone."""
    aspect_title: str | None = None
    milestone: bool = False
    """A framework milestone (drawn filled) rather than a change on an aspect (hollow)."""
    targets: tuple[tuple[str, str], ...] = ()
    """Where the event is explained, best first: ``("aspect", id)`` or ``("framework", id)``."""

    @property
    def meta(self) -> str:
        """The date and version line of the label, e.g. ``"2019-09-30 · v2.0.0"``."""
        version = f" · v{self.version}" if self.version else ""
        return f"{self.date.isoformat()}{version}"

    def to_data(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "date": self.date.isoformat(),
            "label": self.label,
            "version": self.version,
            "aspect": self.aspect,
            "aspect_title": self.aspect_title,
            "milestone": self.milestone,
            "targets": [list(t) for t in self.targets],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TimelineEvent:
        return cls(
            framework=data["framework"],
            date=dt.date.fromisoformat(data["date"]),
            label=data["label"],
            version=data["version"],
            aspect=data["aspect"],
            aspect_title=data["aspect_title"],
            milestone=data["milestone"],
            targets=tuple((kind, target) for kind, target in data["targets"]),
        )


def collect_events(
    guide: mlguide.Guide,
    frameworks: Sequence[str],
    aspects: Sequence[str],
    milestones: bool = True,
) -> tuple[list[TimelineEvent], list[str]]:
    """The dated events of some frameworks, and a description of each undated entry left out.

    Events are every milestone (when ``milestones``; a framework's first and latest release
    count as milestones on days nothing else of it happened) and every history entry of the
    frameworks' positions on ``aspects``, sorted by date (ties keep data order: milestones
    first, then aspects in the order given). A history entry with the same framework, date and
    label as a milestone (the data repeats some, e.g. a first release) is one event, linked to
    the first aspect that explains it and then to the framework's card; the same fact on a
    further aspect adds no event.
    """
    events: list[TimelineEvent] = []
    undated: list[str] = []
    for framework_id in frameworks:
        framework = guide.framework(framework_id)
        merged: dict[tuple[dt.date, str], int] = {}
        if milestones:
            for index, entry in enumerate(framework.milestones):
                if entry.date is None:
                    undated.append(
                        f"framework {framework_id!r}, milestones[{index}] {entry.label!r}"
                    )
                    continue
                merged[(entry.date, entry.label.casefold())] = len(events)
                events.append(
                    TimelineEvent(
                        framework=framework_id,
                        date=entry.date,
                        label=entry.label,
                        version=entry.version,
                        milestone=True,
                        targets=(("framework", framework_id),),
                    )
                )
        for aspect_id in aspects:
            aspect = guide.aspect(aspect_id)
            for index, entry in enumerate(guide.position(framework_id, aspect_id).history):
                if entry.date is None:
                    undated.append(
                        f"framework {framework_id!r}, aspect {aspect_id!r}, "
                        f"history[{index}] {entry.label!r}"
                    )
                    continue
                event = TimelineEvent(
                    framework=framework_id,
                    date=entry.date,
                    label=entry.label,
                    version=entry.version,
                    aspect=aspect_id,
                    aspect_title=aspect.title,
                    targets=(("aspect", aspect_id), ("framework", framework_id)),
                )
                same = merged.get((entry.date, entry.label.casefold()))
                if same is not None and events[same].aspect is not None:
                    continue  # the same fact on another aspect: one event, linked to the first
                if same is not None and events[same].milestone:
                    milestone = events[same]
                    events[same] = TimelineEvent(
                        framework=framework_id,
                        date=entry.date,
                        label=milestone.label,
                        version=milestone.version or entry.version,
                        aspect=aspect_id,
                        aspect_title=aspect.title,
                        milestone=True,
                        targets=event.targets,
                    )
                    continue
                events.append(event)
    if milestones:
        events += _release_events(guide, frameworks, events)
    order = {f: i for i, f in enumerate(frameworks)}
    events.sort(key=lambda e: (e.date, order[e.framework]))  # stable: data order on ties
    return _one_per_day(events), undated


def _one_per_day(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """One event per framework and day, so that a picture labels each day once: a milestone
    speaks for the changes of its day (a release, and what it changed on several aspects);
    changes without one are named together. The first aspect explains the day."""
    days: dict[tuple[str, dt.date], list[TimelineEvent]] = {}
    for event in events:
        days.setdefault((event.framework, event.date), []).append(event)
    merged: list[TimelineEvent] = []
    for same in days.values():
        if len(same) == 1:
            merged.append(same[0])
            continue
        milestone = next((e for e in same if e.milestone), None)
        first = milestone or same[0]
        explained = next((e for e in same if e.aspect is not None), first)
        label = first.label if milestone else "; ".join(dict.fromkeys(e.label for e in same))
        merged.append(
            TimelineEvent(
                framework=first.framework,
                date=first.date,
                label=label,
                version=first.version or next((e.version for e in same if e.version), None),
                aspect=explained.aspect,
                aspect_title=explained.aspect_title,
                milestone=milestone is not None,
                targets=explained.targets or first.targets,
            )
        )
    return merged


def _release_events(
    guide: mlguide.Guide, frameworks: Sequence[str], events: Sequence[TimelineEvent]
) -> list[TimelineEvent]:
    """A framework's first and latest release as milestones, on days its own milestones and
    history leave empty (a framework described by its card alone still has a lane)."""
    taken = {(e.framework, e.date) for e in events}
    added: list[TimelineEvent] = []
    for framework_id in frameworks:
        framework = guide.framework(framework_id)
        for release, label in (
            (framework.first_release, "First public release"),
            (framework.latest, "Latest release"),
        ):
            if release.date is None or (framework_id, release.date) in taken:
                continue
            taken.add((framework_id, release.date))
            added.append(
                TimelineEvent(
                    framework=framework_id,
                    date=release.date,
                    label=label,
                    version=release.version,
                    milestone=True,
                    targets=(("framework", framework_id),),
                )
            )
    return added


def default_range(events: Sequence[TimelineEvent], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """From the 1st of January of the first event's year to the later of the last event and
    the as-of date, plus a little room."""
    if not events:
        return dt.date(as_of.year, 1, 1), as_of + dt.timedelta(days=30)
    first = min(e.date for e in events)
    last = max(*(e.date for e in events), as_of)
    start = dt.date(first.year, 1, 1)
    pad = max(15, (last - start).days // 60)
    return start, last + dt.timedelta(days=pad)
