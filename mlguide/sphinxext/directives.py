"""The directives: compare, aspect, matrix, framework, claims, recommend, sources, examples,
timeline, equivalents, migration, changes and measurements.

Each is registered in the ``mlguide`` domain, so pages write ``{mlguide:compare}`` (MyST) or
``.. mlguide:compare::`` (reST). Bad arguments and options are warnings with file:line, type
``mlguide`` and a subtype, with the closest known value; the directive then renders what it
safely can.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import render
from mlguide.sphinxext.answer import AnswerDirective
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.changes import ChangesDirective
from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.downloads import DownloadsDirective
from mlguide.sphinxext.equivalents import EquivalentsDirective
from mlguide.sphinxext.handout import (
    ColophonDirective,
    ThenNowDirective,
    claims_list,
    recommendations_list,
)
from mlguide.sphinxext.measured import MeasurementsDirective
from mlguide.sphinxext.migration import MigrationDirective
from mlguide.sphinxext.nodes import grid, mlguide_sources
from mlguide.sphinxext.pictures import DecisionDirective, LineageDirective
from mlguide.sphinxext.timeline import TimelineDirective

if TYPE_CHECKING:
    pass

__all__ = ["DIRECTIVES"]

_IDS = directives.unchanged
_SYNC = {"no-sync": directives.flag}


class CompareDirective(MlguideDirective):
    """Aspects for frameworks: one tab per aspect, frameworks side by side in each."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "frameworks": _IDS,
        "aspects": _IDS,
        **_SYNC,
    }

    def render(self) -> list[nodes.Node]:
        sync = get_config(self.config).sync_tabs and "no-sync" not in self.options
        aspects = self.aspects()
        node = render.aspect_tabs(self.guide, aspects, self.frameworks(), sync)
        self.env.get_domain("mlguide").note_compare(  # type: ignore[attr-defined]
            self.env.docname, aspects
        )
        return [node]


class AspectDirective(MlguideDirective):
    """One aspect: the frameworks' panels side by side (or as tabs), then the verdict."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "frameworks": _IDS,
        "layout": directives.unchanged,
        "no-history": directives.flag,
        **_SYNC,
    }
    LAYOUTS = ("columns", "tabs")

    def render(self) -> list[nodes.Node]:
        aspect_id = self.one_id("aspect", self.guide.aspect_ids)
        if aspect_id is None:
            return []
        layout = self.choice("layout", self.LAYOUTS, "columns")
        sync = get_config(self.config).sync_tabs and "no-sync" not in self.options
        panels = render.aspect_panels(
            self.guide,
            aspect_id,
            self.frameworks(),
            layout=layout,
            sync=sync,
            history="no-history" not in self.options,
        )
        anchor = render.aspect_anchor(aspect_id)
        container = nodes.container("", *panels, classes=["mlguide-aspect"], ids=[anchor])
        self.env.get_domain("mlguide").note_object(  # type: ignore[attr-defined]
            "aspect", aspect_id, self.env.docname, anchor
        )
        return [container]


class MatrixDirective(MlguideDirective):
    """The at-a-glance table: aspects as rows, frameworks as columns."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "frameworks": _IDS,
        "aspects": _IDS,
        "no-verdicts": directives.flag,
        "order": directives.unchanged,
    }
    ORDERS = ("data", "decisive")

    def render(self) -> list[nodes.Node]:
        aspects = self.aspects()
        if self.choice("order", self.ORDERS, "data") == "decisive":
            aspects = render.decisive_order(self.guide, aspects)
        table = render.matrix_table(
            self.guide, self.frameworks(), aspects, "no-verdicts" not in self.options
        )
        return [table]


class FrameworkDirective(MlguideDirective):
    """A framework's profile card."""

    optional_arguments = 1

    def render(self) -> list[nodes.Node]:
        framework_id = self.one_id("framework", self.guide.framework_ids)
        if framework_id is None:
            return []
        self.env.get_domain("mlguide").note_object(  # type: ignore[attr-defined]
            "framework", framework_id, self.env.docname, render.framework_anchor(framework_id)
        )
        return [render.framework_card(self.guide, framework_id)]


class ClaimsDirective(MlguideDirective):
    """The classic claims, each with today's verdict and why."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "claims": _IDS,
        "aspects": _IDS,
        "layout": directives.unchanged,
    }
    LAYOUTS = ("cards", "list")

    def render(self) -> list[nodes.Node]:
        known = [c.id for c in self.guide.claims]
        chosen = self.id_list("claims", "claim", known, known)
        if "aspects" in self.options:
            aspects = set(self.aspects())
            chosen = [c for c in chosen if aspects & set(self.guide.claim(c).aspects)]
        if self.choice("layout", self.LAYOUTS, "cards") == "list":
            return [claims_list(self.guide, chosen)]
        cards = [render.claim_card(self.guide, c) for c in chosen]
        return [nodes.container("", *cards, classes=["mlguide-claims"])]


class RecommendDirective(MlguideDirective):
    """The decision guide: advice by reader profile."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "profiles": _IDS,
        "layout": directives.unchanged,
    }
    LAYOUTS = ("cards", "list")

    def render(self) -> list[nodes.Node]:
        known = [r.id for r in self.guide.recommendations]
        chosen = self.id_list("profiles", "profile", known, known)
        if self.choice("layout", self.LAYOUTS, "cards") == "list":
            return [recommendations_list(self.guide, chosen)]
        cards = [render.recommendation_card(self.guide, r) for r in chosen]
        domain = self.env.get_domain("mlguide")
        for rec_id in chosen:
            domain.note_object(  # type: ignore[attr-defined]
                "recommendation", rec_id, self.env.docname, f"mlguide-recommend-{rec_id}"
            )
        return [grid(2, cards, ["mlguide-recommendations"])]


class SourcesDirective(MlguideDirective):
    """The numbered bibliography of what the page (or the whole guide) cites; with
    ``:group: kind``, under a heading per kind of source (primary kinds first)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "scope": directives.unchanged,
        "group": directives.unchanged,
    }
    SCOPES = ("page", "all")
    GROUPS = ("none", "kind")

    def render(self) -> list[nodes.Node]:
        scope = self.choice("scope", self.SCOPES, "page")
        group = self.choice("group", self.GROUPS, "none")
        if scope == "all":
            self.env.get_domain("mlguide").note_bibliography(  # type: ignore[attr-defined]
                self.env.docname
            )
        node = mlguide_sources("", scope=scope, group=group, classes=["mlguide-bibliography"])
        self.set_source_info(node)
        return [node]


class ExamplesDirective(MlguideDirective):
    """Code tasks side by side: one tab per framework, synced across the page."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "examples": _IDS,
        "frameworks": _IDS,
        **_SYNC,
    }

    def render(self) -> list[nodes.Node]:
        from mlguide.examples_meta import verified_versions

        known = [e.id for e in self.guide.examples]
        chosen = self.id_list("examples", "example", known, known)
        frameworks = self.frameworks()
        sync = get_config(self.config).sync_tabs and "no-sync" not in self.options
        versions = verified_versions()
        return [render.example_block(self.guide, e, frameworks, versions, sync) for e in chosen]


DIRECTIVES: dict[str, type[MlguideDirective]] = {
    "answer": AnswerDirective,
    "compare": CompareDirective,
    "aspect": AspectDirective,
    "matrix": MatrixDirective,
    "framework": FrameworkDirective,
    "claims": ClaimsDirective,
    "then-now": ThenNowDirective,
    "recommend": RecommendDirective,
    "sources": SourcesDirective,
    "timeline": TimelineDirective,
    "lineage": LineageDirective,
    "decision": DecisionDirective,
    "examples": ExamplesDirective,
    "equivalents": EquivalentsDirective,
    "migration": MigrationDirective,
    "colophon": ColophonDirective,
    "downloads": DownloadsDirective,
    "changes": ChangesDirective,
    "measurements": MeasurementsDirective,
}
