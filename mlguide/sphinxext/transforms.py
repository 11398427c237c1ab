"""After reading: number citations, link them to a bibliography, and fill bibliographies.

Sources are numbered once for the whole guide (their order in :meth:`mlguide.Guide.sources`),
so ``[12]`` means the same source on every page and in the PDF. A citation links to the entry
on its own page when the page has a bibliography, else to the whole-guide bibliography page,
else straight to the source's URL.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.data import get_guide, warn
from mlguide.sphinxext.nodes import mlguide_cite, mlguide_sources
from mlguide.sphinxext.render import numbered_sources

__all__ = [
    "SINGLE_PAGE_BUILDERS",
    "CitationTransform",
    "HandoutLinkTransform",
    "copy_published_pdfs",
    "is_site_builder",
    "published_pdf",
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
        builder = self.env._app.builder  # as Sphinx's own post-transforms reach it
        single = builder.name in SINGLE_PAGE_BUILDERS

        # What each bibliography lists: the whole guide, or the sources cited on its own page
        # (on a single-page build, the page it was written on, not the whole document).
        plans: list[tuple[mlguide_sources, list[int]]] = []
        for cites, bibliographies in _pages(self.document):
            cited = sorted({int(c["number"]) for c in cites})
            for placeholder in bibliographies:
                shown = list(by_number) if placeholder["scope"] == "all" else cited
                plans.append((placeholder, shown))
        # Each source's anchor goes on one entry: in the first whole-guide list if there is
        # one here, else in the first list that shows it.
        anchored: dict[int, int] = {}
        for whole in (True, False):
            for index, (placeholder, shown) in enumerate(plans):
                if (placeholder["scope"] == "all") == whole:
                    for number in shown:
                        anchored.setdefault(number, index)
        for index, (placeholder, shown) in enumerate(plans):
            with_ids = {n for n in shown if anchored.get(n) == index}
            placeholder.replace_self(self._entries(shown, by_number, with_ids))

        domain = self.env.get_domain("mlguide")
        target_doc = domain.bibliography_doc()  # type: ignore[attr-defined]
        for cite in list(self.document.findall(mlguide_cite)):
            number = int(cite["number"])
            label = f"[{number}]"
            ref = nodes.reference("", label, classes=["mlguide-cite"], reftitle=cite["title"])
            if number in anchored:
                ref["refid"] = source_anchor(number)
            elif target_doc and not single:
                uri = builder.get_relative_uri(self.env.docname, target_doc)
                ref["refuri"] = f"{uri}#{source_anchor(number)}"
            else:
                ref["refuri"] = cite["url"]
            cite.replace_self(ref)

    def _entries(
        self, numbers: list[int], by_number: dict[int, Any], with_ids: set[int]
    ) -> nodes.Node:
        items = nodes.bullet_list(classes=["mlguide-bibliography"])
        for number in numbers:
            source = by_number[number]
            para = nodes.paragraph()
            para += nodes.strong("", f"[{number}] ")
            para += nodes.reference("", source.title, refuri=source.url)
            para += nodes.Text(f". {source.publisher}. ")
            para += nodes.inline("", source.url, classes=["mlguide-url"])
            para += nodes.Text(f" (accessed {source.accessed.isoformat()}; {source.kind_label})")
            item = nodes.list_item("", para)
            if number in with_ids:
                item["ids"] = [source_anchor(number)]
            items += item
        return items


def _pages(
    document: nodes.document,
) -> list[tuple[list[mlguide_cite], list[mlguide_sources]]]:
    """Citations and bibliographies per page, in reading order. A single-page build holds
    each page under a ``start_of_file`` node; the walk goes top-down, since Sphinx's assembly
    leaves the moved nodes' ``parent`` pointing at their old place."""
    pages: list[tuple[list[mlguide_cite], list[mlguide_sources]]] = [([], [])]

    def walk(node: nodes.Element, page: int) -> None:
        for child in node.children:
            if isinstance(child, addnodes.start_of_file):
                pages.append(([], []))
                walk(child, len(pages) - 1)
                continue
            if isinstance(child, mlguide_cite):
                pages[page][0].append(child)
            elif isinstance(child, mlguide_sources):
                pages[page][1].append(child)
            if isinstance(child, nodes.Element):
                walk(child, page)

    walk(document, 0)
    return pages


def is_site_builder(builder: Any) -> bool:
    """An HTML builder whose output is a web site (not the PDF, not an EPUB container)."""
    return bool(
        builder.format == "html" and builder.name != "mlguide-pdf" and "epub" not in builder.name
    )


def published_pdf(app: Any, filename: str) -> Path | None:
    """Where an HTML build finds the PDF ``filename``: in ``mlguide_pdf_dir`` (copied into
    the site when the build finishes), in an ``html_extra_path`` folder, or already in the
    output folder; ``None`` when it is in none of them."""
    confdir = Path(app.confdir)
    folders = [Path(app.outdir)]
    pdf_dir = get_config(app.config).pdf_dir
    if pdf_dir:
        folders.insert(0, confdir / pdf_dir)
    folders += [confdir / extra for extra in app.config.html_extra_path]
    for folder in folders:
        if (folder / filename).is_file():
            return folder / filename
    return None


class HandoutLinkTransform(SphinxPostTransform):
    """Point ``{mlguide:handout}`` links at the PDF in the HTML site's root (site builders),
    warning when that PDF will not be there; in a PDF, a link to the PDF itself is dropped
    (the reader holds it) and other builders print the file name."""

    default_priority = 150

    def run(self, **kwargs: Any) -> None:
        builder = self.env._app.builder
        for ref in list(self.document.findall(nodes.reference)):
            filename = ref.get("mlguide_handout")
            if not filename:
                continue
            current = getattr(builder, "current", None)
            if builder.name == "mlguide-pdf" and current and current.filename == filename:
                parent = ref.parent
                parent.remove(ref)
                if isinstance(parent, nodes.paragraph) and not parent.astext().strip():
                    parent.parent.remove(parent)
            elif is_site_builder(builder):
                base = builder.get_target_uri(self.env.docname)
                if base.startswith("#"):  # one page: the site's root is beside it
                    base = self.env.config.root_doc
                ref["refuri"] = relative_uri(base, filename)
                ref["reftitle"] = f"{filename} (PDF)"
                if published_pdf(self.env._app, filename) is None:
                    warn(
                        f"{{mlguide:handout}} links to {filename}, which this build does not "
                        "publish: build the PDFs first (sphinx-build -b mlguide-pdf SOURCE DIR) "
                        "and set mlguide_pdf_dir = DIR (relative to conf.py), or put the PDF "
                        "in an html_extra_path folder",
                        "handout",
                        ref,
                    )
            else:
                ref.replace_self(nodes.inline("", f"{ref.astext()} ({filename})"))


def copy_published_pdfs(app: Any, exception: BaseException | None) -> None:
    """At the end of a site build, copy each configured PDF found in ``mlguide_pdf_dir``
    into the output folder's root, where ``{mlguide:handout}`` links point."""
    from mlguide.sphinxext.pdf.documents import documents

    pdf_dir = get_config(app.config).pdf_dir
    if exception is not None or not pdf_dir or not is_site_builder(app.builder):
        return
    source = Path(app.confdir) / pdf_dir
    for document in documents(app.config):
        pdf = source / document.filename
        if pdf.is_file():
            shutil.copyfile(pdf, Path(app.outdir) / document.filename)
