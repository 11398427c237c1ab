"""The data model of the migration routes (``migrations.toml``): how to move code, models and
weights from one framework (or one major version) to another.

A route pairs the concepts of where the reader comes from with their counterparts where the
reader is going, lists the pitfalls, and names one example script under ``examples/`` that
the tests run: the route holds only while its script passes. A module of its own (imported by
``mlguide.guide`` and ``mlguide.loader``, importing only ``mlguide.model``), so that the import
graph stays one-way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from mlguide.model import (
    NON_EMPTY,
    Id,
    IdList,
    SnippetFile,
    Sources,
    Text,
    _Model,
)

__all__ = ["ConceptPair", "Migration", "MigrationsFile", "Pitfall"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ConceptPair(_Model):
    """One idea of the route: what it is called where the reader comes from, and what
    replaces it where the reader is going."""

    before: Text
    """The concept in the framework or version the reader leaves (Markdown, usually code)."""
    after: Text
    """Its counterpart in the one the reader moves to (Markdown)."""
    note: str = ""
    """What differs between the two, in a sentence or two (Markdown); may be empty."""
    sources: Sources
    """Sources for both sides of the pair."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Pitfall(_Model):
    """Something that breaks, or silently changes, on the way."""

    text: Text
    """The pitfall and what to do about it (Markdown)."""
    sources: Sources
    """Sources for it."""


#: One or more concept pairs.
ConceptPairs = Annotated[tuple[ConceptPair, ...], NON_EMPTY]


@dataclass(frozen=True, kw_only=True, slots=True)
class Migration(_Model):
    """A route from one framework (or major version) to another."""

    id: Id
    """Stable identifier, used by the ``migration`` directive and as the route's anchor."""
    title: Text
    """The route, e.g. ``"TensorFlow to PyTorch"``."""
    origin: Text
    """What the reader leaves, as the concept table's left heading, e.g. ``"TensorFlow 2"``."""
    destination: Text
    """What the reader moves to, as the right heading, e.g. ``"PyTorch"``."""
    frameworks: IdList
    """The frameworks the route involves (ids), the one left first."""
    summary: Text
    """Who takes the route and what it involves, in a paragraph (Markdown)."""
    concepts: ConceptPairs
    """The ideas of the route, pair by pair."""
    pitfalls: tuple[Pitfall, ...] = ()
    """What breaks or changes silently on the way."""
    example: SnippetFile
    """The route's example: a ``.py`` file under ``examples/`` that the tests run."""
    example_proves: Text
    """What the example shows when it passes, with its tolerance (Markdown)."""
    sources: Sources
    """Sources for the summary."""


@dataclass(frozen=True, kw_only=True, slots=True)
class MigrationsFile(_Model):
    """``migrations.toml``: the migration routes, in the order the guide presents them."""

    migrations: tuple[Migration, ...] = ()
