"""The handout's compact forms: claims and the decision guide one line each, the colophon.

``{mlguide:claims}`` and ``{mlguide:recommend}`` take ``:layout: list`` for one line per
claim (today's verdict, the claim, and for a claim that partly holds the part that does not)
or per profile (the profile, the picks in order).
``{mlguide:colophon}`` says where the full guide and the HTML site are (``html_baseurl``
gives the address) and how facts are sourced. All of it is plain docutils, for every builder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.nodes import mlguide_where
from mlguide.sphinxext.render import numbered_sources, pick_list, verdict_phrase, xref

if TYPE_CHECKING:
    import mlguide

__all__ = [
    "ColophonDirective",
    "ThenNowDirective",
    "claims_list",
    "recommendations_list",
    "then_now_list",
]


def claims_list(guide: mlguide.Guide, claim_ids: Sequence[str]) -> nodes.bullet_list:
    """One line per classic claim: today's verdict as a tag, the claim, and the caveat of a
    claim that partly holds (so the line never says more than the full guide does)."""
    names = {f.id: f.name for f in guide.frameworks}
    items = nodes.bullet_list(classes=["mlguide-claims-list"])
    for claim_id in claim_ids:
        claim = guide.claim(claim_id)
        text = claim.verdict_label(names)
        para = nodes.paragraph()
        para += nodes.inline(
            "",
            text[:1].upper() + text[1:],
            classes=["mlguide-badge", f"mlguide-verdict-{claim.verdict}"],
        )
        para += nodes.Text(" ")
        para += nodes.inline("", f"“{claim.claim}”", classes=["mlguide-claim-line"])
        if claim.caveat:
            caveat = nodes.inline("", " — ", classes=["mlguide-caveat"])
            caveat.extend(markdown.inline(claim.caveat))
            para += caveat
        items += nodes.list_item("", para, classes=[f"mlguide-claim-{claim.verdict}"])
    return items


def then_now_list(guide: mlguide.Guide, aspect_ids: Sequence[str]) -> nodes.bullet_list:
    """One line per aspect: its title, what the classic comparison said of it (the first
    classic claim about it), an arrow, and today's verdict in a phrase."""
    items = nodes.bullet_list(classes=["mlguide-then-now"])
    for aspect_id in aspect_ids:
        aspect = guide.aspect(aspect_id)
        claim = next((c for c in guide.claims if aspect_id in c.aspects), None)
        para = nodes.paragraph()
        para += nodes.strong("", "", xref("aspect", aspect_id, aspect.title))
        para += nodes.Text(": ")
        if claim is not None:
            then = nodes.inline("", "", classes=["mlguide-then"])
            then += nodes.Text(f"then “{claim.claim.rstrip('.')}”")
            para += then
            para += nodes.Text(" → ")
        now = nodes.inline("", "", classes=["mlguide-now"])
        now += nodes.Text("now: ")
        now.extend(verdict_phrase(guide, aspect.verdict))
        para += now
        items += nodes.list_item("", para)
    return items


class ThenNowDirective(MlguideDirective):
    """The classic questions, each in one line: then → now (default: the classic aspects)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "aspects": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        classic = [a.id for a in self.guide.aspects if a.classic]
        chosen = self.id_list("aspects", "aspect", self.guide.aspect_ids, classic)
        return [then_now_list(self.guide, chosen)]


def recommendations_list(guide: mlguide.Guide, profile_ids: Sequence[str]) -> nodes.bullet_list:
    """One line per reader profile: who, the picks in order of preference, and why."""
    items = nodes.bullet_list(classes=["mlguide-recommend-list"])
    for profile_id in profile_ids:
        rec = guide.recommendation(profile_id)
        para = nodes.paragraph()
        para += nodes.strong("", rec.profile)
        para += nodes.Text(" → ")
        para.extend(pick_list(guide, rec))
        if rec.reason:
            reason = nodes.inline("", " — ", classes=["mlguide-reason"])
            reason.extend(markdown.inline(rec.reason))
            para += reason
        items += nodes.list_item("", para)
    return items


#: What the colophon says of sources when the project says nothing (true of any project).
DEFAULT_COLOPHON = (
    "every summary, verdict and pick here comes from the data (version {data_version}, facts "
    "as of {as_of}), where each one cites its sources by number: {source_count} sources."
)


class ColophonDirective(MlguideDirective):
    """Where the full guide and the HTML site are, and how the facts are sourced (the
    project's ``mlguide_colophon``, or :data:`DEFAULT_COLOPHON`)."""

    def _sources_text(self, guide: mlguide.Guide) -> str:
        template = get_config(self.config).colophon or DEFAULT_COLOPHON
        from mlguide.examples_meta import verified_versions
        from mlguide.sphinxext.equivalents import latest_releases

        values: dict[str, str] = {
            "as_of": guide.as_of.isoformat(),
            "data_version": guide.info.data_version,
            "source_count": str(len(numbered_sources(guide))),
            "latest": latest_releases(guide),
            "verified": ", ".join(f"{n} {v}" for n, v in verified_versions().items()),
        }

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            self.warn(
                f"mlguide_colophon: unknown placeholder {{{name}}} (known: "
                + ", ".join(f"{{{k}}}" for k in values)
                + ")",
                "config",
            )
            return match.group(0)

        return re.sub(r"\{(\w+)\}", fill, template)

    def render(self) -> list[nodes.Node]:
        block = nodes.container("", classes=["mlguide-colophon"])
        # where the full guide is depends on the output (the PDF being written, the site's
        # address): see WhereTransform
        block += mlguide_where("")
        para = nodes.paragraph(classes=["mlguide-colophon-sources"])
        para += nodes.strong("", "Sources: ")
        para.extend(markdown.inline(self._sources_text(self.guide)))
        block += para
        return [block]
