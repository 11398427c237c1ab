"""The directives: compare, aspect, matrix, framework, claims, recommend, sources, examples.

Each is registered in the ``mlguide`` domain, so pages write ``{mlguide:compare}`` (MyST) or
``.. mlguide:compare::`` (reST). Bad arguments and options are warnings with file:line, type
``mlguide`` and a subtype, with the closest known value; the directive then renders what it
safely can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from mlguide.sphinxext import render
from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.data import data_files, get_guide, suggestion, warn
from mlguide.sphinxext.nodes import grid, mlguide_sources

if TYPE_CHECKING:
    import mlguide

__all__ = ["DIRECTIVES"]

_SPLIT = re.compile(r"[\s,]+")


class MlguideDirective(SphinxDirective):
    """Shared behaviour: option checking with suggestions, data dependencies, unique ids."""

    has_content = True  # content is refused with an mlguide warning, not a docutils error
    optional_arguments = 0
    final_argument_whitespace = False
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    @property
    def guide(self) -> mlguide.Guide:
        return get_guide(self.env)

    def run(self) -> list[nodes.Node]:
        if self.content:
            warn(
                f"the {self.name} directive takes no content; the content is ignored",
                "content",
                (self.env.docname, self.lineno),
            )
        for path in data_files(self.env):
            self.env.note_dependency(path)
        result = self.render()
        for node in result:
            if isinstance(node, nodes.Element):
                node["classes"] += self.options.get("class", [])
                self._unique_ids(node)
        return result

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    # --- option helpers -----------------------------------------------------------

    def warn(self, message: str, subtype: str) -> None:
        warn(message, subtype, (self.env.docname, self.lineno))

    def id_list(
        self, option: str, kind: str, known: Sequence[str], default: Sequence[str]
    ) -> list[str]:
        """Ids from a comma- or space-separated option; unknown and repeated ids are dropped
        with a warning; an empty list falls back to the default with a warning."""
        if option not in self.options:
            return list(default)
        raw = [part for part in _SPLIT.split(self.options[option] or "") if part]
        if not raw:
            self.warn(f":{option}: is empty; showing the default {kind}s", "empty")
            return list(default)
        chosen: list[str] = []
        for item in raw:
            if item not in known:
                self.warn(
                    f"unknown {kind} {item!r} in :{option}:{suggestion(item, list(known))}",
                    "unknown-id",
                )
            elif item in chosen:
                self.warn(f"{kind} {item!r} is listed twice in :{option}:", "duplicate")
            else:
                chosen.append(item)
        if not chosen:
            self.warn(f"no known {kind} left in :{option}:; showing the default", "empty")
            return list(default)
        return chosen

    def choice(self, option: str, choices: Sequence[str], default: str) -> str:
        """A value from a fixed set; an unknown value warns and falls back to the default."""
        value = (self.options.get(option) or "").strip()
        if option not in self.options:
            return default
        if value not in choices:
            self.warn(
                f"invalid value {value!r} for :{option}:{suggestion(value, list(choices))} "
                f"(choose from {', '.join(choices)}); using {default!r}",
                "option",
            )
            return default
        return value

    def one_id(self, kind: str, known: Sequence[str]) -> str | None:
        """The directive's single id argument, or ``None`` (with a warning) if unknown."""
        if not self.arguments:
            self.warn(f"the {self.name} directive needs a {kind} id", "argument")
            return None
        given: str = self.arguments[0].strip()
        if given not in known:
            self.warn(f"unknown {kind} {given!r}{suggestion(given, list(known))}", "unknown-id")
            return None
        return given

    def frameworks(self) -> list[str]:
        default = get_config(self.config).frameworks or self.guide.framework_ids
        return self.id_list("frameworks", "framework", self.guide.framework_ids, default)

    def aspects(self) -> list[str]:
        default = get_config(self.config).aspects or self.guide.aspect_ids
        return self.id_list("aspects", "aspect", self.guide.aspect_ids, default)

    def _unique_ids(self, node: nodes.Element) -> None:
        """Keep an id only the first time it is used on a page (a directive may repeat)."""
        document = self.state.document
        for element in node.findall(nodes.Element):
            kept: list[str] = []
            ids: list[str] = element.get("ids", [])
            for node_id in ids:
                if node_id not in document.ids:
                    document.ids[node_id] = element
                    kept.append(node_id)
            element["ids"] = kept


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
            layout,
            sync,
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
    }

    def render(self) -> list[nodes.Node]:
        table = render.matrix_table(
            self.guide, self.frameworks(), self.aspects(), "no-verdicts" not in self.options
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
    }

    def render(self) -> list[nodes.Node]:
        known = [c.id for c in self.guide.claims]
        chosen = self.id_list("claims", "claim", known, known)
        if "aspects" in self.options:
            aspects = set(self.aspects())
            chosen = [c for c in chosen if aspects & set(self.guide.claim(c).aspects)]
        cards = [render.claim_card(self.guide, c) for c in chosen]
        return [nodes.container("", *cards, classes=["mlguide-claims"])]


class RecommendDirective(MlguideDirective):
    """The decision guide: advice by reader profile."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "profiles": _IDS,
    }

    def render(self) -> list[nodes.Node]:
        known = [r.id for r in self.guide.recommendations]
        chosen = self.id_list("profiles", "profile", known, known)
        cards = [render.recommendation_card(self.guide, r) for r in chosen]
        return [grid(2, cards, ["mlguide-recommendations"])]


class SourcesDirective(MlguideDirective):
    """The numbered bibliography of what the page (or the whole guide) cites."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "scope": directives.unchanged,
    }
    SCOPES = ("page", "all")

    def render(self) -> list[nodes.Node]:
        scope = self.choice("scope", self.SCOPES, "page")
        if scope == "all":
            self.env.get_domain("mlguide").note_bibliography(  # type: ignore[attr-defined]
                self.env.docname
            )
        node = mlguide_sources("", scope=scope, classes=["mlguide-bibliography"])
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


from mlguide.sphinxext.timeline import TimelineDirective  # noqa: E402 (subclasses ours)

DIRECTIVES: dict[str, type[MlguideDirective]] = {
    "compare": CompareDirective,
    "aspect": AspectDirective,
    "matrix": MatrixDirective,
    "framework": FrameworkDirective,
    "claims": ClaimsDirective,
    "recommend": RecommendDirective,
    "sources": SourcesDirective,
    "timeline": TimelineDirective,
    "examples": ExamplesDirective,
}
