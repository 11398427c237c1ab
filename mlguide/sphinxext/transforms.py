"""After reading: number citations, link them to a bibliography, and fill bibliographies.

Sources are numbered once for the whole guide (their order in :meth:`mlguide.Guide.sources`),
so ``[12]`` means the same source on every page and in the PDF. A citation links to the entry
on its own page when the page has a bibliography, else to the whole-guide bibliography page,
else straight to the source's URL.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.data import get_guide, warn
from mlguide.sphinxext.nodes import mlguide_cite, mlguide_sources, mlguide_where
from mlguide.sphinxext.published import UntrustedFileError, is_plain_file, read_plain_file
from mlguide.sphinxext.render import numbered_sources

logger = logging.getLogger(__name__)

__all__ = [
    "SINGLE_PAGE_BUILDERS",
    "CitationTransform",
    "HandoutLinkTransform",
    "WhereTransform",
    "copy_published_pdfs",
    "drop_sentence",
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
            if placeholder.get("group") == "kind":
                placeholder.replace_self(_by_kind(shown, by_number, with_ids))
            else:
                placeholder.replace_self(_entries(shown, by_number, with_ids))

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


#: The headings of a bibliography grouped by kind, in order: the primary kinds first; data
#: that gives only ``primary`` falls under the last two.
KIND_HEADINGS: dict[str, str] = {
    "documentation": "Documentation",
    "repository": "Repositories",
    "release-notes": "Release notes",
    "blog": "Official blogs and announcements",
    "paper": "Papers by the projects' authors",
    "package-index": "Package index pages",
    "issue-thread": "Issue and pull-request threads",
    "secondary": "Secondary sources",
    "primary source": "Other primary sources",
    "secondary source": "Other secondary sources",
}


def _entries(
    numbers: list[int], by_number: dict[int, Any], with_ids: set[int], kind: bool = True
) -> nodes.bullet_list:
    """The bibliography entries of some sources, in the order given; each entry says the
    kind of its source unless ``kind`` is false (under a heading that says it)."""
    items = nodes.bullet_list(classes=["mlguide-bibliography"])
    for number in numbers:
        source = by_number[number]
        para = nodes.paragraph()
        para += nodes.strong("", f"[{number}] ")
        para += nodes.reference("", source.title, refuri=source.url)
        para += nodes.Text(f". {source.publisher}. ")
        para += nodes.inline("", source.url, classes=["mlguide-url"])
        accessed = f"accessed {source.accessed.isoformat()}"
        para += nodes.Text(f" ({accessed}; {source.kind_label})" if kind else f" ({accessed})")
        item = nodes.list_item("", para)
        if number in with_ids:
            item["ids"] = [source_anchor(number)]
        items += item
    return items


def _by_kind(numbers: list[int], by_number: dict[int, Any], with_ids: set[int]) -> nodes.Node:
    """The entries under a heading per kind of source (:data:`KIND_HEADINGS` order), each
    group in number order, with how many sources it holds."""
    groups: dict[str, list[int]] = {key: [] for key in KIND_HEADINGS}
    for number in numbers:
        source = by_number[number]
        key = source.kind if source.kind is not None else source.kind_label
        groups[key].append(number)
    container = nodes.container(classes=["mlguide-bibliography-by-kind"])
    for key, members in groups.items():
        if not members:
            continue
        title = f"{KIND_HEADINGS[key]} ({len(members)})"
        container += nodes.rubric("", title, classes=["mlguide-bibliography-kind"])
        container += _entries(members, by_number, with_ids, kind=False)
    return container


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
    pdf_dir = get_config(app.config).pdf_dir
    # mlguide_pdf_dir is untrusted: a file there counts only if it is a plain file
    # (mlguide.sphinxext.published); the project's own folders are trusted like conf.py
    if pdf_dir and is_plain_file(confdir / pdf_dir / filename):
        return confdir / pdf_dir / filename
    extras: list[Path] = [confdir / extra for extra in app.config.html_extra_path]
    folders = [Path(app.outdir), *extras]
    for folder in folders:
        if (folder / filename).is_file():
            return folder / filename
    return None


class HandoutLinkTransform(SphinxPostTransform):
    """Where ``{mlguide:handout}`` links and ``{mlguide:downloads}`` entries point, per builder.

    - A site (``html``, ``dirhtml``, ``singlehtml``): the PDF in the site's root. When the
      project says where its PDFs are published (``mlguide_pdf_dir``), a PDF that is not there
      is a warning; otherwise an info line (a site built before its PDFs stays warning-free,
      and ``-b linkcheck`` reports the link if the PDF is still missing).
    - ``linkcheck``: the path the PDF is published from, so that a missing PDF is reported as
      a broken link.
    - A PDF (``mlguide-pdf``): a link to the PDF itself is dropped with its sentence (the
      reader holds it); a link to another PDF prints that PDF's label and address (its file
      name under ``html_baseurl``, or the file name when no address is configured).
    - Any other builder: the label and, for a role, the file name.
    """

    default_priority = 150

    def run(self, **kwargs: Any) -> None:
        builder = self.env._app.builder
        for ref in list(self.document.findall(nodes.reference)):
            filename = ref.get("mlguide_handout")
            if not filename or not _attached(ref):
                continue
            if builder.name == "mlguide-pdf":
                self._in_pdf(ref, filename, getattr(builder, "current", None))
            elif is_site_builder(builder):
                self._on_site(ref, filename, builder)
            elif builder.name == "linkcheck":
                found = published_pdf(self.env._app, filename)
                ref["refuri"] = str(found or _publishing_folder(self.env._app) / filename)
            elif ref.get("mlguide_downloads"):
                ref.replace_self(nodes.inline("", ref.astext()))  # the entry names the file
            else:
                ref.replace_self(nodes.inline("", f"{ref.astext()} ({filename})"))
        if builder.name == "mlguide-pdf":
            _drop_empty_downloads(self.document)

    def _on_site(self, ref: nodes.reference, filename: str, builder: Any) -> None:
        base = builder.get_target_uri(self.env.docname)
        if base.startswith("#"):  # one page: the site's root is beside it
            base = self.env.config.root_doc
        ref["refuri"] = relative_uri(base, filename)
        ref["reftitle"] = f"{filename} (PDF)"
        if published_pdf(self.env._app, filename) is not None:
            return
        what = (
            "{mlguide:downloads} lists"
            if ref.get("mlguide_downloads")
            else ("{mlguide:handout} links to")
        )
        if get_config(self.env.config).pdf_dir:
            warn(
                f"{what} {filename}, which this build does not publish: build the PDFs first "
                "(sphinx-build -b mlguide-pdf SOURCE DIR) into mlguide_pdf_dir, or put the "
                "PDF in an html_extra_path folder",
                "handout",
                ref,
            )
        else:
            logger.info(
                "mlguide: %s %s, which this build does not publish (no mlguide_pdf_dir is "
                "set): put the PDF beside the site, and check with -b linkcheck",
                what,
                filename,
                location=ref,
            )

    def _in_pdf(self, ref: nodes.reference, filename: str, current: Any) -> None:
        from mlguide.sphinxext.pdf.documents import documents

        if current is not None and current.filename == filename:
            item = _ancestor(ref, nodes.list_item)
            if ref.get("mlguide_downloads") and item is not None:
                item.parent.remove(item)
            else:
                drop_sentence(ref)
            return
        target = next((d for d in documents(self.env.config) if d.filename == filename), None)
        base = str(self.env.config.html_baseurl or "").rstrip("/")
        address = f"{base}/{filename}" if base else filename
        label = (
            ref.astext() if not ref.get("mlguide_downloads") or target is None else (target.label)
        )
        printed = nodes.inline("", "", classes=["mlguide-pdf-ref"])
        printed += nodes.Text(f"{label} (")
        if base:
            printed += nodes.reference("", address, refuri=address)
        else:
            printed += nodes.literal("", address)
        printed += nodes.Text(")")
        ref["classes"] = []  # not the site's download button (print hides those)
        if ref.get("mlguide_downloads") and isinstance(ref.parent, nodes.paragraph):
            for details in list(ref.parent.findall(nodes.inline)):
                if "mlguide-download-details" in details["classes"]:
                    details.parent.remove(details)
        ref.replace_self(printed)


def _ancestor(node: nodes.Node, kind: type[nodes.Element]) -> nodes.Element | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parent
    return parent


#: Where a sentence ends: a full stop, question or exclamation mark, then space or the end.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def drop_sentence(node: nodes.Element) -> None:
    """Remove ``node`` with the sentence it stands in (from the end of the sentence before it
    to the end of its own), and the paragraph too if nothing else is left in it. When the
    sentence also links another PDF, only ``node``'s link goes: its text stays, so the
    sentence still reads ("Download these notes or the on-call card (...)")."""
    paragraph = _ancestor(node, nodes.paragraph)
    if paragraph is None:
        node.parent.replace(node, nodes.Text(node.astext()))
        return
    top: nodes.Node = node
    while top.parent is not paragraph:
        top = top.parent
    index = paragraph.index(top)
    before, after = paragraph.children[:index], paragraph.children[index + 1 :]
    # backwards to the end of the previous sentence
    start, keep_before = 0, []
    for position in range(len(before) - 1, -1, -1):
        child = before[position]
        if isinstance(child, nodes.Text):
            ends = list(_SENTENCE_END.finditer(child.astext()))
            if ends:
                start = position + 1
                keep_before = [*before[:position], nodes.Text(child.astext()[: ends[-1].end()])]
                break
    # forwards to the end of this sentence
    stop, keep_after = len(after), []
    for position, child in enumerate(after):
        if isinstance(child, nodes.Text):
            end = _SENTENCE_END.search(child.astext())
            if end:
                stop = position
                rest = child.astext()[end.end() :]
                keep_after = ([nodes.Text(rest)] if rest.strip() else []) + after[position + 1 :]
                break
    sentence = [*before[start:], *after[:stop]]
    if any(
        isinstance(link, nodes.reference) and link.get("mlguide_handout")
        for part in sentence
        if isinstance(part, nodes.Element)
        for link in part.findall(nodes.reference)
    ):
        node.parent.replace(node, nodes.Text(node.astext()))
        return
    paragraph.children = []
    paragraph.extend(keep_before + keep_after)
    if not paragraph.astext().strip():
        paragraph.parent.remove(paragraph)


def _attached(node: nodes.Node) -> bool:
    """Whether ``node`` is still in its document (an earlier edit may have removed it)."""
    while node.parent is not None:
        if not any(child is node for child in node.parent.children):
            return False
        node = node.parent
    return isinstance(node, nodes.document)


def _drop_empty_downloads(document: nodes.document) -> None:
    """A downloads block with no entry left (the PDF lists only itself): nothing printed,
    its lead-in included."""
    for block in list(document.findall(nodes.container)):
        if "mlguide-downloads" in block["classes"] and not list(block.findall(nodes.list_item)):
            block.parent.remove(block)


def _publishing_folder(app: Any) -> Path:
    """The folder a site build publishes PDFs from: ``mlguide_pdf_dir``, else conf.py's."""
    pdf_dir = get_config(app.config).pdf_dir
    return Path(app.confdir) / pdf_dir if pdf_dir else Path(app.confdir)


class WhereTransform(SphinxPostTransform):
    """Fill each colophon's "where the full guide is": the site's address (a PDF's own
    ``url``, else ``html_baseurl``) and the book's, both links; in a PDF, a QR code for the
    site beside them. With no address configured the sentence is left out (an address is
    all a reader of paper can use), and the PDF builder says so in an information line."""

    default_priority = 150

    def run(self, **kwargs: Any) -> None:
        from mlguide.sphinxext.pdf.documents import PdfConfigError, documents, site_address
        from mlguide.sphinxext.pdf.qrcode import qr_svg

        builder = self.env._app.builder
        current = getattr(builder, "current", None) if builder.name == "mlguide-pdf" else None
        for where in list(self.document.findall(mlguide_where)):
            try:
                pdfs = documents(self.env.config)
            except PdfConfigError:
                pdfs = ()  # the PDF configuration reports its own error
            base = site_address(current, self.env.config)
            if not base:
                if current is not None:
                    logger.info(
                        "mlguide: %s: no address to send readers to (set html_baseurl, or "
                        "'url' in mlguide_pdf_documents): its colophon prints neither the "
                        "site's address nor a QR code",
                        current.filename,
                    )
                where.parent.remove(where)
                continue
            para = nodes.paragraph(classes=["mlguide-where"])
            para += nodes.strong("", "The full guide: ")
            para += _address(f"{base}/")
            book = next(
                (
                    d
                    for d in pdfs
                    if d.layout == "book"
                    and d is not current
                    and (current is None or d.filename != current.filename)
                ),
                None,
            )
            if book is not None:
                para += nodes.Text(" and, as a book, ")
                para += _address(f"{base}/{book.filename}")
            para += nodes.Text(".")
            parts: list[nodes.Node] = [para]
            if current is not None:
                code = nodes.raw("", qr_svg(f"{base}/"), format="html")
                parts.insert(0, nodes.container("", code, classes=["mlguide-qr"]))
            where.replace_self(parts)


def _address(url: str) -> nodes.reference:
    """A link showing its address, whose scheme and host stay on one line (a line may break
    after a slash of the path, never after ``https://``)."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    link = nodes.reference("", "", refuri=url)
    link += nodes.inline("", f"{scheme}{sep}{host}{slash}", classes=["mlguide-nobreak"])
    if path:
        link += nodes.Text(path)
    return link


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
        if not (pdf.exists() or pdf.is_symlink()):
            continue
        try:  # read as untrusted: never through a link, never more than a size limit
            data = read_plain_file(pdf)
        except UntrustedFileError as exc:
            warn(f"mlguide_pdf_dir: {pdf}: {exc}; not published", "pdf-dir", None)
            continue
        (Path(app.outdir) / document.filename).write_bytes(data)
