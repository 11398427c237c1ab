"""``{mlguide:answer}``: the guide's answer first. The bottom line, then every reader
profile's picks with the one-line reason (from the data: :attr:`mlguide.Guide.bottom_line` and
each recommendation's ``reason``), each profile linked to its card where a page shows it.

What the home page and the handout open with; plain docutils, for every builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.render import cites, pick_list, xref

if TYPE_CHECKING:
    import mlguide

__all__ = ["AnswerDirective", "answer_block"]


def answer_block(guide: mlguide.Guide, profile_ids: list[str]) -> nodes.container:
    """The bottom line (when the data has one) and one line per profile: who, the picks in
    order, and why."""
    block = nodes.container("", classes=["mlguide-answer"])
    if guide.bottom_line is not None:
        line = nodes.paragraph(classes=["mlguide-bottom-line"])
        line.extend(markdown.inline(" ".join(guide.bottom_line.summary.split())))
        line += nodes.Text(" ")
        line.extend(cites(guide, guide.bottom_line.sources))
        block += line
    picks = nodes.bullet_list(classes=["mlguide-answer-picks"])
    for profile_id in profile_ids:
        rec = guide.recommendation(profile_id)
        para = nodes.paragraph()
        para += nodes.inline(
            "", "", xref("recommendation", rec.id, rec.profile), classes=["mlguide-answer-who"]
        )
        para += nodes.Text(" ")
        pick = nodes.inline("", "", classes=["mlguide-answer-pick"])
        pick += nodes.Text("→ ")
        pick.extend(pick_list(guide, rec))
        para += pick
        if rec.reason:
            reason = nodes.inline("", "", classes=["mlguide-answer-why"])
            reason += nodes.Text(" — ")
            reason.extend(markdown.inline(rec.reason))
            para += reason
        picks += nodes.list_item("", para)
    block += picks
    return block


class AnswerDirective(MlguideDirective):
    """The bottom line and each profile's picks with the reason, in one block."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "profiles": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        known = [r.id for r in self.guide.recommendations]
        chosen = self.id_list("profiles", "profile", known, known)
        if self.guide.bottom_line is None and not chosen:
            self.warn("the data has no bottom line and no profiles; nothing to show", "empty")
            return []
        return [answer_block(self.guide, chosen)]
