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
from typing import TYPE_CHECKING

from docutils import nodes

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.render import numbered_sources, pick_list

if TYPE_CHECKING:
    import mlguide

__all__ = ["ColophonDirective", "claims_list", "recommendations_list"]


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
        values: dict[str, str] = {
            "as_of": guide.as_of.isoformat(),
            "data_version": guide.info.data_version,
            "source_count": str(len(numbered_sources(guide))),
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
        from mlguide.sphinxext.pdf.documents import PdfConfigError, documents

        guide = self.guide
        try:
            books = [d for d in documents(self.config) if d.layout == "book"]
        except PdfConfigError:
            books = []  # the PDF configuration reports its own error
        base = str(self.config.html_baseurl or "").rstrip("/")
        para = nodes.paragraph(classes=["mlguide-colophon"])
        where: list[nodes.Node] = [nodes.strong("", "The full guide: ")]
        if base:
            where.append(nodes.reference("", f"{base}/", refuri=f"{base}/"))
        else:
            where.append(nodes.Text("the HTML site this is published with"))
        if books:
            pdf = books[0].filename
            where.append(nodes.Text(" and, as a book, "))
            if base:
                where.append(nodes.reference("", f"{base}/{pdf}", refuri=f"{base}/{pdf}"))
            else:
                where.append(nodes.literal("", pdf))
        where.append(nodes.Text(". "))
        para.extend(where)
        para += nodes.strong("", "Sources: ")
        para.extend(markdown.inline(self._sources_text(guide)))
        return [para]
