"""The base of every mlguide directive: option checks with suggestions, data dependencies.

Bad arguments and options are warnings with file:line, type ``mlguide`` and a subtype, with
the closest known value; the directive then renders what it safely can.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from mlguide.shorten import shown
from mlguide.sphinxext.config import default_aspects, get_config
from mlguide.sphinxext.data import data_files, get_guide, suggestion, warn
from mlguide.sphinxext.markdown import PROBLEM

if TYPE_CHECKING:
    import mlguide

__all__ = ["MlguideDirective"]

_SPLIT = re.compile(r"[\s,]+")

#: The most framework panels one page may hold: nearly twenty full compare directives of the
#: guide (13 aspects x 4 frameworks = 52 panels each), so that a page and its PDF stay within
#: bounded time and memory (200 compare directives on one page, 10,400 panels, make a PDF
#: of about 1,900 pages that had passed 4 GB after 13 minutes).
MAX_PANELS = 1000


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
        if not self._within_budget(result):
            return []
        for node in result:
            if isinstance(node, nodes.Element):
                node["classes"] += self.options.get("class", [])
                self._unique_ids(node)
                self._report_data_problems(node)
        return result

    def _within_budget(self, result: list[nodes.Node]) -> bool:
        """Whether the page can take this directive's panels (at most ``MAX_PANELS``)."""
        panels = sum(
            1
            for node in result
            if isinstance(node, nodes.Element)
            for element in node.findall(nodes.Element)
            if "mlguide-panel" in element.get("classes", ())
        )
        document = self.state.document
        used: int = getattr(document, "_mlguide_panels", 0)
        if panels and used + panels > MAX_PANELS:
            self.warn(
                f"the {self.name} directive is left out: with its {panels} panels this page "
                f"would hold {used + panels}, over the {MAX_PANELS} a page may hold (a PDF "
                "of it would run to thousands of pages); split the page, or choose fewer "
                ":aspects: or :frameworks:",
                "too-many-panels",
            )
            return False
        document._mlguide_panels = used + panels  # type: ignore[attr-defined]
        return True

    def _report_data_problems(self, node: nodes.Element) -> None:
        """Problems the data's text gave while rendering: warnings at this directive that
        name the data file and field."""
        for element in node.findall(nodes.Element):
            problem = element.attributes.pop(PROBLEM, None)
            if problem:
                self.warn(problem, "data-text")

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
                    f"unknown {kind} {shown(item)} in :{option}:{suggestion(item, list(known))}",
                    "unknown-id",
                )
            elif item in chosen:
                self.warn(f"{kind} {shown(item)} is listed twice in :{option}:", "duplicate")
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
                f"invalid value {shown(value)} for :{option}:{suggestion(value, list(choices))} "
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
            self.warn(
                f"unknown {kind} {shown(given)}{suggestion(given, list(known))}", "unknown-id"
            )
            return None
        return given

    def frameworks(self) -> list[str]:
        default = get_config(self.config).frameworks or self.guide.framework_ids
        return self.id_list("frameworks", "framework", self.guide.framework_ids, default)

    def aspects(self) -> list[str]:
        default = default_aspects(self.config, self.guide)
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
