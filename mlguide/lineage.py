"""The lineage data kind (``lineage.toml``): where each framework came from, as projects
(nodes) and sourced links between them. Drawn by the ``lineage`` directive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mlguide.model import Id, Source, Sources, Text, _Model

__all__ = ["LineageFile", "LineageLink", "LineageNode", "find_cycle"]


@dataclass(frozen=True, kw_only=True, slots=True)
class LineageNode(_Model):
    """A project in the frameworks' family tree: a framework of the guide or one it came from."""

    id: Id
    """Stable identifier (a framework's own id when ``framework`` names it)."""
    name: Text
    """Name as drawn, e.g. ``"Lua Torch (Torch7)"``."""
    framework: Id | None = None
    """The guide's framework this node is, if any."""
    year: int | None = None
    """Year it first appeared; ``None`` when not verified."""
    note: Text | None = None
    """A few words under the name, e.g. ``"Google Brain's first system"``."""
    sources: tuple[Source, ...] = ()
    """Sources for the year and the note (required when either is given)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LineageLink(_Model):
    """How one project led to another."""

    source: Id
    """Id of the earlier node."""
    target: Id
    """Id of the later node."""
    kind: Literal["became", "merged", "inspired", "component", "backend", "refuted"]
    """``became``: its successor or new version; ``merged``: merged into it; ``inspired``: its
    design was followed; ``component``: built into it; ``backend``: it ran on it (drawn from
    the engine to the library); ``refuted``: a claimed link that does not hold."""
    year: int | None = None
    """When the link happened; ``None`` when not verified."""
    label: Text
    """The link in words, e.g. ``"Caffe2 merged into PyTorch (2018)"``."""
    sources: Sources
    """Primary sources for the link."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LineageFile(_Model):
    """``lineage.toml``: where each framework came from."""

    nodes: tuple[LineageNode, ...] = ()
    links: tuple[LineageLink, ...] = ()


def find_cycle(lineage: LineageFile) -> tuple[int, list[str]] | None:
    """The first cycle the links make, or ``None``: the index of the link that closes it and
    the node ids around it, the first one repeated at the end (``["a", "b", "a"]``).

    A lineage runs from earlier projects to later ones, so a cycle is a data error (and the
    picture's layout needs an acyclic graph). Depth first from each node in the data's order,
    without recursion, so a chain of any length is walked; every link is followed once.
    """
    outgoing: dict[str, list[tuple[int, str]]] = {node.id: [] for node in lineage.nodes}
    for index, link in enumerate(lineage.links):
        outgoing.setdefault(link.source, []).append((index, link.target))
    done: set[str] = set()
    for start, first in outgoing.items():
        if start in done:
            continue
        path = [start]
        on_path = {start: 0}
        stack = [iter(first)]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
                stack.pop()
                continue
            index, target = step
            if target in on_path:
                return index, [*path[on_path[target] :], target]
            if target not in done:
                on_path[target] = len(path)
                path.append(target)
                stack.append(iter(outgoing.get(target, [])))
    return None
