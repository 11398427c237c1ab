"""Every panel written out, labelled, for HTML builders without reliable tab support.

Interactive tabs need sphinx-design's CSS and radio inputs. On one long page (``singlehtml``)
the reader scrolls rather than clicks, and e-readers (``epub``) may drop the CSS and hide all
but one panel, or show radio buttons. For those builders each mlguide tab-set becomes a plain
list of labelled panels before sphinx-design turns tab-sets into radio inputs; the site
builders (``html``, ``dirhtml``) keep their tabs. The PDF builder lays tabs out with its own
print stylesheet. Builders of other formats (text, LaTeX) get sphinx-design's own fallback,
which already writes every panel with its label.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["TABBED_BUILDERS", "EveryPanelTransform"]

#: HTML-format builders that keep interactive tabs.
TABBED_BUILDERS = ("html", "dirhtml", "mlguide-pdf")
_MLGUIDE_TABS = ("mlguide-compare", "mlguide-framework-tabs", "mlguide-code-tabs")


def _is_tab_set(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.container)
        and node.get("design_component") == "tab-set"
        and any(c in node["classes"] for c in _MLGUIDE_TABS)
    )


class EveryPanelTransform(SphinxPostTransform):
    """Tab-sets of mlguide as labelled panels, one after the other, with no radio inputs."""

    default_priority = 190  # before sphinx-design's tab-set HTML transform (200)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if self.env._app.builder.name in TABBED_BUILDERS:
            return
        for tab_set in list(self.document.findall(_is_tab_set)):
            assert isinstance(tab_set, nodes.container)
            tab_set["design_component"] = "mlguide-panels"
            tab_set["classes"] = [c for c in tab_set["classes"] if not c.startswith("sd-")] + [
                "mlguide-panels"
            ]
            for item in tab_set.children:
                if not isinstance(item, nodes.container):
                    continue
                item["design_component"] = "mlguide-panel-item"
                item["classes"] = ["mlguide-panel-item"]
                for part in item.children:
                    if isinstance(part, nodes.rubric):
                        part["classes"] = ["mlguide-panel-label"]
                    elif isinstance(part, nodes.container):
                        part["design_component"] = "mlguide-panel-content"
                        part["classes"] = ["mlguide-panel-content"]
