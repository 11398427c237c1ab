"""The lineage data kind (``lineage.toml``): where each framework came from, as projects
(nodes) and sourced links between them. Drawn by the ``lineage`` directive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mlguide.model import Id, Source, Sources, Text, _Model

__all__ = ["LineageFile", "LineageLink", "LineageNode"]


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
