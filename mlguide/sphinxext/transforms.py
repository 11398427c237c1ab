"""After reading: number citations, link them to a bibliography, and fill bibliographies.

Sources are numbered once for the whole guide (their order in :meth:`mlguide.Guide.sources`),
so ``[12]`` means the same source on every page and in the PDF. A citation links to the entry
on its own page when the page has a bibliography, else to the whole-guide bibliography page,
else straight to the source's URL.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.data import get_guide
from mlguide.sphinxext.nodes import mlguide_cite, mlguide_sources
from mlguide.sphinxext.render import numbered_sources

__all__ = [
    "SINGLE_PAGE_BUILDERS",
    "CitationTransform",
    "HandoutLinkTransform",
    "handout_filename",
    "source_anchor",
]

#: Builders that put every page into one document, where links are fragment-only.
SINGLE_PAGE_BUILDERS = ("singlehtml", "mlguide-pdf")


def source_anchor(number: int) -> str:
    """HTML id of a bibliography entry."""
    return f"mlguide-source-{number}"


class CitationTransform(SphinxPostTransform):
    """Replace citation and bibliography placeholders, for every builder."""

    default_priority = 150  # before sphinx-design's HTML transforms (200)

    def run(self, **kwargs: Any) -> None:
        guide = get_guide(self.env)
        by_number = numbered_sources(guide)

        bibliographies = list(self.document.findall(mlguide_sources))
        cited = sorted({int(c["number"]) for c in self.document.findall(mlguide_cite)})
        local: set[int] = set()
        for index, placeholder in enumerate(bibliographies):
            shown = list(by_number) if placeholder["scope"] == "all" else cited
            # only the first bibliography on a page carries the anchors
            entries = self._entries(shown, by_number, with_ids=index == 0 and not local)
            if index == 0:
                local = set(shown)
            placeholder.replace_self(entries)

        domain = self.env.get_domain("mlguide")
        builder = self.env._app.builder  # as Sphinx's own post-transforms reach it
        single = builder.name in SINGLE_PAGE_BUILDERS
        target_doc = domain.bibliography_doc()  # type: ignore[attr-defined]
        for cite in list(self.document.findall(mlguide_cite)):
            number = int(cite["number"])
            label = f"[{number}]"
            ref = nodes.reference("", label, classes=["mlguide-cite"], reftitle=cite["title"])
            if number in local or (single and target_doc):
                ref["refid"] = source_anchor(number)
            elif target_doc:
                uri = builder.get_relative_uri(self.env.docname, target_doc)
                ref["refuri"] = f"{uri}#{source_anchor(number)}"
            else:
                ref["refuri"] = cite["url"]
            cite.replace_self(ref)

    def _entries(self, numbers: list[int], by_number: dict[int, Any], with_ids: bool) -> nodes.Node:
        items = nodes.bullet_list(classes=["mlguide-bibliography"])
        for number in numbers:
            source = by_number[number]
            para = nodes.paragraph()
            para += nodes.strong("", f"[{number}] ")
            para += nodes.reference("", source.title, refuri=source.url)
            para += nodes.Text(f". {source.publisher}. ")
            para += nodes.inline("", source.url, classes=["mlguide-url"])
            kind = "primary source" if source.primary else "secondary source"
            para += nodes.Text(f" (accessed {source.accessed.isoformat()}; {kind})")
            item = nodes.list_item("", para)
            if with_ids:
                item["ids"] = [source_anchor(number)]
            items += item
        return items


def handout_filename(project: str, configured: str) -> str:
    """The PDF handout's file name: the configured one, or the project's name slugified."""
    if configured:
        return configured
    slug = "".join(c if c.isalnum() else "-" for c in project.lower()).strip("-")
    return f"{slug or 'handout'}.pdf"


class HandoutLinkTransform(SphinxPostTransform):
    """Point ``{mlguide:handout}`` links at the PDF in the HTML site's root (HTML builders);
    elsewhere (the PDF itself, text) they become plain text naming the file."""

    default_priority = 150

    def run(self, **kwargs: Any) -> None:
        builder = self.env._app.builder
        config = get_config(self.config)
        filename = handout_filename(self.config.project, config.pdf_filename)
        for ref in list(self.document.findall(nodes.reference)):
            if not ref.get("mlguide_handout"):
                continue
            if builder.name == "mlguide-pdf":
                # the reader already holds the handout
                parent = ref.parent
                parent.remove(ref)
                if isinstance(parent, nodes.paragraph) and not parent.astext().strip():
                    parent.parent.remove(parent)
            elif builder.format == "html":
                base = builder.get_target_uri(self.env.docname)
                ref["refuri"] = relative_uri(base, filename)
                ref["reftitle"] = f"{filename} (PDF)"
            else:
                ref.replace_self(nodes.inline("", f"{ref.astext()} ({filename})"))
