"""The PDF builder: each configured document as one HTML page, rendered by WeasyPrint.

``sphinx-build -b mlguide-pdf SOURCE OUT`` writes every PDF of ``mlguide_pdf_documents``
(see :mod:`mlguide.sphinxext.pdf.documents`) into ``OUT`` and nothing else: the single HTML
page each is rendered from (through the lean ``mlguide-print`` theme, not the screen theme)
is staged under the doctree folder. Chapters, contents, running headers, side-by-side panels
and page numbers come from the print stylesheet; this module adds the cover, the contents
list, document metadata, anchors WeasyPrint can follow, and the restricted URL fetcher.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging as std_logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees

from mlguide.sphinxext.config import get_config, stop_build
from mlguide.sphinxext.data import get_guide, suggestion, warn
from mlguide.sphinxext.pdf.codelines import break_code_lines
from mlguide.sphinxext.pdf.documents import PdfDocument, documents, site_address
from mlguide.sphinxext.pdf.fetcher import Allowed
from mlguide.sphinxext.pdf.printtext import add_print_hints
from mlguide.sphinxext.pdf.staticfiles import StaticOrigins, trace_static, trusted_folders

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["THEME_DIR", "PdfBuilder"]

logger = logging.getLogger(__name__)

THEME_DIR = Path(__file__).parent / "theme"
STAGING = "mlguide-pdf-html"
#: Stylesheets for interactive screens that the print theme replaces.
SCREEN_ONLY_CSS = ("sphinx-design.min.css", "copybutton.css")
#: About how many bytes of staged HTML make one printed page (the guide: 0.8 MB, 82 pages).
BYTES_PER_PAGE = 10_000
#: The largest single page WeasyPrint is given: about 800 printed pages, ten times the
#: guide. WeasyPrint holds the whole laid-out document in memory (200 compare panels on one
#: page, about 1,900 pages, had passed 4 GB after 13 minutes), so a larger one is refused.
MAX_HTML_BYTES = 8 * 2**20


class PdfBuilder(SingleFileHTMLBuilder):
    """Single-page HTML through the print theme, then WeasyPrint in-process, per PDF."""

    name = "mlguide-pdf"
    format = "html"
    epilog = "The PDF files are in %(outdir)s."
    search = False
    copysource = False
    add_permalinks = False
    supported_remote_images = False

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        self._sphinx = app  # ``Builder.app`` is deprecated in Sphinx 9
        self.pdf_dir = Path(self.outdir)
        # The HTML pages, their CSS and images are an intermediate product: keep them out of
        # the output folder, which holds just the PDFs.
        self.outdir = Path(app.doctreedir) / STAGING
        self._static_dir = self.outdir / "_static"
        self._sources_dir = self.outdir / "_sources"
        self._downloads_dir = self.outdir / "_downloads"
        self._images_dir = self.outdir / "_images"
        self.chapters: list[tuple[int, str, str]] = []
        self.documents: tuple[PdfDocument, ...] = ()
        self.current: PdfDocument | None = None
        self._staged: list[tuple[PdfDocument, Path]] = []
        #: Per PDF file name: seconds and page count of each phase (read by the benchmarks).
        self.pdf_timings: dict[str, dict[str, float]] = {}

    def init(self) -> None:
        # The print theme replaces the screen theme (and its options) for this builder only.
        self.config.html_theme = "mlguide-print"
        self.config.html_theme_options = {}
        self.config.html_sidebars = {}
        self.documents = documents(self.config)
        super().init()

    # --- the single page per document ----------------------------------------------------

    def write_documents(self, _docnames: Set[str]) -> None:
        self.prepare_writing(self.env.all_docs.keys())
        self._staged = []
        for document in self.documents:
            if document.start not in self.env.all_docs:
                continue  # warned about when the sources were read
            self.current = document
            started = time.perf_counter()
            doctree = self.assemble_doctree()
            self.env.toc_secnumbers = self.assemble_toc_secnumbers()
            self.env.toc_fignumbers = self.assemble_toc_fignumbers()
            self.write_doc_serialized(document.start, doctree)
            self.write_doc(document.start, doctree)
            # Several PDFs may start from the same document: keep each one's page, at the
            # top of the staging folder, where its links (all relative to the root in a
            # single page) lead, whatever folder its start document is in.
            written = Path(self.get_outfilename(document.start))
            staged = Path(self.outdir) / f".{document.stem}{self.out_suffix}"
            written.replace(staged)
            self._staged.append((document, staged))
            logger.info(
                "%s: HTML of %d pages from %r (%.1f s)",
                document.filename,
                sum(1 for _ in doctree.findall(addnodes.start_of_file)) + 1,
                document.start,
                time.perf_counter() - started,
            )
        self.current = None

    def assemble_doctree(self) -> nodes.document:
        document = self._current()
        start = document.start
        tree = self.env.get_doctree(start)
        _mark_parts(tree)
        tree = inline_all_toctrees(self, set(), start, tree, lambda text: text, [start])
        _drop_documents(tree, document.exclude)
        _drop_screen_only(tree)
        tree["docname"] = start
        self.env.resolve_references(tree, start, self)
        _lift_chapters(tree)
        suffix = self.config.html_file_suffix or ".html"  # the site's pages, as html writes them
        _link_to_site(tree, site_address(document, self.config), suffix)
        renamed = _unique_ids(tree, start)
        _fix_refuris(tree, renamed, start)
        self.chapters = _mark_chapters(tree, start)
        _keep_short_blocks_together(tree)
        _stack_grids_of_long_cards(tree)
        _head_equivalents_rows(tree)
        _drop_permalinks(tree)
        _unlink_missing_targets(tree)
        return tree

    def assemble_toc_secnumbers(self) -> dict[str, dict[str, tuple[int, ...]]]:
        merged = super().assemble_toc_secnumbers()
        return {self._current().start: merged[self.config.root_doc]}

    def assemble_toc_fignumbers(self) -> dict[str, dict[str, dict[str, tuple[int, ...]]]]:
        merged = super().assemble_toc_fignumbers()
        return {self._current().start: merged[self.config.root_doc]}

    def _current(self) -> PdfDocument:
        if self.current is None:  # pragma: no cover - only set while writing
            raise RuntimeError("no PDF document is being written")
        return self.current

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = super().get_doc_context(docname, body, metatags)
        guide = get_guide(self.env)
        config = get_config(self.config)
        document = self._current()
        created = _created_date(guide.info.as_of)
        context.update(
            mlguide_layout=document.layout,
            mlguide_cover={
                "title": document.title,
                "subtitle": document.subtitle,
                "frameworks": [f.name for f in guide.frameworks],
                "as_of": guide.info.as_of.strftime("%-d %B %Y"),
                "data_version": guide.info.data_version,
                "version": document.version,
                "authors": document.author,
            },
            mlguide_contents=self.chapters,
            mlguide_meta={
                "author": document.author,
                "description": document.subtitle,
                "keywords": ", ".join(config.pdf_keywords or [f.name for f in guide.frameworks]),
                "created": created,
            },
            mlguide_header=document.header,
            mlguide_header_css=css_string(document.header),
            mlguide_page_size=document.page_size,
            mlguide_orientation=document.orientation,
            mlguide_screen_only_css=SCREEN_ONLY_CSS,
            title=document.title,
        )
        names = [f.name for f in guide.frameworks]
        body = add_print_hints(context["body"], [*names, *(n.split()[0] for n in names)])
        context["body"] = break_code_lines(body)
        return context

    # --- the PDFs -----------------------------------------------------------------------

    def finish(self) -> None:
        super().finish()
        self.pdf_dir.mkdir(parents=True, exist_ok=True)
        if self._staged:
            _warn_missing_fonts()
        for document, html_path in self._staged:
            self.write_pdf(document, html_path)

    def allowed_files(self, html_path: Path) -> Allowed:
        """What WeasyPrint may read: the staged page, the source folder (but not the build
        folders inside it), the staged images and downloads whose originals are inside the
        source folder, and the ``_static`` files whose originals are in the project, a theme
        or an installed package (:mod:`mlguide.sphinxext.pdf.staticfiles`)."""
        src = Path(self.srcdir).resolve()
        files = {html_path.resolve()}
        outside: dict[Path, tuple[Path, str]] = {}
        excluded = tuple(Path(p).resolve() for p in (self.outdir, self.doctreedir, self.pdf_dir))
        staged = [(src_name, self._images_dir / dest) for src_name, dest in self.images.items()]
        staged += [
            (str(name), self._downloads_dir / dest) for name, (_, dest) in self.env.dlfiles.items()
        ]
        for name, copy in staged:
            origin = (src / name).resolve()
            inside = origin.is_relative_to(src) and not any(
                origin.is_relative_to(x) for x in excluded
            )
            if inside:
                files.add(copy.resolve())
            else:
                outside[copy.resolve()] = (origin, "the source folder")
        static = self._static_origins()
        files |= static.trusted
        for copy, origin in static.outside.items():
            outside[copy] = (origin, "the project and the folders of its themes and extensions")
        return Allowed(
            files=frozenset(files),
            folders=(src,),
            excluded=excluded,
            outside=outside,
            staged=tuple(
                d.resolve() for d in (self._static_dir, self._images_dir, self._downloads_dir)
            ),
        )

    def _static_origins(self) -> StaticOrigins:
        """The staged ``_static`` files traced to where Sphinx copied them from."""
        confdir = Path(self.confdir)
        theme_dirs = [Path(d) for d in self.theme.get_theme_dirs()] if self.theme else []
        singles = [
            confdir / value
            for value in (self.config.html_logo, self.config.html_favicon)
            if value and "://" not in value  # a URL is linked, not copied
        ]
        return trace_static(
            self._static_dir,
            theme_dirs=theme_dirs,
            static_paths=[confdir / entry for entry in self.config.html_static_path],
            single_files=singles,
            trusted=trusted_folders(
                (Path(self.srcdir), confdir), theme_dirs, self._sphinx.extensions.values()
            ),
        )

    def write_pdf(self, document: PdfDocument, html_path: Path) -> None:
        """Lay out one staged page with WeasyPrint and write its PDF, logging each phase."""
        from mlguide.sphinxext.pdf.fetcher import make_fetcher
        from mlguide.sphinxext.pdf.tagging import finish_pdf

        config = get_config(self.config)
        target = self.pdf_dir / document.filename
        size = html_path.stat().st_size
        if size > MAX_HTML_BYTES:
            stop_build(
                f"PDF: refusing to lay out {target.name}: its single page is "
                f"{size / 2**20:.1f} MiB of HTML (about {size // BYTES_PER_PAGE} pages), over "
                f"the limit of {MAX_HTML_BYTES // 2**20} MiB (about "
                f"{MAX_HTML_BYTES // BYTES_PER_PAGE} pages) that WeasyPrint lays out in "
                "bounded time and memory; put fewer panels on a page (a directive's "
                ":aspects: or :frameworks:) or split the project",
                "pdf-size",
            )
        logger.info(
            "%s: laying out with WeasyPrint (%d KiB of HTML, about %d pages)...",
            document.filename,
            size // 1024,
            max(1, size // BYTES_PER_PAGE),
        )
        started = time.perf_counter()
        with _weasyprint_warnings():
            import weasyprint

            imported = time.perf_counter()
            html = weasyprint.HTML(
                filename=str(html_path),
                base_url=html_path.as_uri(),
                url_fetcher=make_fetcher(self.allowed_files(html_path)),
            )
            rendered_doc = html.render()
            rendered = time.perf_counter()
            pages = len(rendered_doc.pages)
            logger.info(
                "%s: layout done, %d pages (%.1f s)", document.filename, pages, rendered - started
            )
            content = html_path.read_bytes()
            identifier = hashlib.sha256(content).hexdigest()[:32].encode()
            options: dict[str, Any] = {"pdf_identifier": identifier, "pdf_tags": True}
            if config.pdf_variant:
                options["pdf_variant"] = config.pdf_variant
            rendered_doc.write_pdf(str(target), finisher=finish_pdf, **options)
        done = time.perf_counter()
        self.pdf_timings[document.filename] = {
            "import": imported - started,
            "render": rendered - imported,
            "write": done - rendered,
            "pages": pages,
        }
        logger.info(
            "%s: written (%d pages, %.1f s: render %.1f s, write %.1f s)",
            document.filename,
            pages,
            done - started,
            rendered - imported,
            done - rendered,
        )


def _warn_missing_fonts() -> None:
    from mlguide.sphinxext.pdf.fonts import missing_fonts

    for family, source in missing_fonts().items():
        warn(
            f"PDF: the font {family!r} is not installed, so the PDF uses a fallback face "
            f"instead; get it from: {source}",
            "font",
            None,
        )


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that is safe inside an HTML ``<style>`` element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>&\n\r' or ord(c) < 32 else c for c in text)
    return f'"{escaped}"'


def _created_date(as_of: dt.date) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH if set, else the data's as-of date, so that
    the same sources give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


#: The class of a part's title page (a captioned toctree of the start document).
PART = "mlguide-part"
#: The class of content that is for the screen only (a tab set of every aspect, "your choice
#: of tab is remembered"): pages and directives carry it, the PDFs leave it out.
SCREEN_ONLY = "mlguide-screen-only"


def _mark_parts(tree: nodes.document) -> None:
    """Before each captioned toctree of the start document, a part's title page: a section
    titled "Part I: <caption>" (an "Appendix" caption is not numbered). The documents the
    toctree includes follow it as the part's chapters (see :func:`_lift_chapters`)."""
    number = 0
    for toctree in list(tree.findall(addnodes.toctree)):
        caption = toctree.get("caption")
        if not caption:
            continue
        if caption.lower().startswith("appendix"):
            title = caption
        else:
            number += 1
            title = f"Part {_roman(number)}: {caption}"
        part = nodes.section("", nodes.title("", title), classes=[PART])
        part["ids"] = [f"mlguide-part-{nodes.make_id(caption)}"]
        anchor: nodes.Element = toctree
        while not isinstance(anchor.parent, (nodes.section, nodes.document)):
            anchor = anchor.parent
        anchor.parent.insert(anchor.parent.index(anchor), part)


def _roman(number: int) -> str:
    numerals = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
    out = ""
    for letter, value in numerals:
        while number >= value:
            out += letter
            number -= value
    return out


def _drop_documents(tree: nodes.document, excluded: Sequence[str]) -> None:
    """Leave out the documents a PDF excludes, with every document they include."""
    if not excluded:
        return
    for chapter in list(tree.findall(addnodes.start_of_file)):
        if chapter["docname"] in excluded and chapter.parent is not None:
            chapter.parent.remove(chapter)


def _link_to_site(tree: nodes.document, base: str, suffix: str) -> None:
    """A link to a page this PDF does not print (one it leaves out, or one outside its
    start page's toctrees) goes to that page on the site (``base``: see
    :func:`~mlguide.sphinxext.pdf.documents.site_address`); without an address it becomes
    its text (:func:`_unlink_missing_targets`)."""
    if not base:
        return
    printed = {str(tree["docname"])}
    printed.update(str(inner["docname"]) for inner in tree.findall(addnodes.start_of_file))
    for ref in tree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not uri.startswith("#document-"):
            continue
        page, _, anchor = uri.removeprefix("#document-").partition("#")
        if page not in printed:
            ref["refuri"] = f"{base}/{page}{suffix}" + (f"#{anchor}" if anchor else "")
            ref["internal"] = False


def _chapters_in(node: nodes.Element) -> list[nodes.Element]:
    """The documents (``start_of_file``) and part title pages inside ``node``, in reading
    order; the documents inside those are theirs, not listed."""
    found: list[nodes.Element] = []
    for child in node.children:
        if isinstance(child, addnodes.start_of_file) or (
            isinstance(child, nodes.section) and PART in child["classes"]
        ):
            found.append(child)
        elif isinstance(child, nodes.Element):
            found.extend(_chapters_in(child))
    return found


def _drop_screen_only(tree: nodes.document) -> None:
    """Leave out what a page marks as for the screen only (class ``mlguide-screen-only``),
    keeping the documents and part title pages its toctrees brought in."""
    for element in list(tree.findall(nodes.Element)):
        if SCREEN_ONLY not in element.get("classes", ()) or element.parent is None:
            continue
        kept = _chapters_in(element)
        parent = element.parent
        index = parent.index(element)
        parent.remove(element)
        for offset, node in enumerate(kept):
            node.parent = None
            parent.insert(index + offset, node)


def _lift_chapters(tree: nodes.document) -> None:
    """Move the documents the root's toctrees include to the top level, after the root's
    own content, each part's title page before its chapters: a book's chapters are siblings
    (``h1``), not subsections of whichever section of the home page happened to hold the
    toctree. The first part's title page opens the book: the root's own content is its first
    chapter."""
    lifted = _chapters_in(tree)
    for item in lifted:
        item.parent.remove(item)
        tree.append(item)
    # a part whose chapters this PDF leaves out (see _drop_documents) has no title page
    for position, item in enumerate(list(lifted)):
        following = lifted[position + 1] if position + 1 < len(lifted) else None
        if PART in item["classes"] and (following is None or PART in following["classes"]):
            tree.remove(item)
    lifted = [item for item in lifted if any(child is item for child in tree.children)]
    parts = [item for item in lifted if PART in item["classes"]]
    if parts and lifted[0] is parts[0]:
        tree.remove(parts[0])
        tree.insert(0, parts[0])
    for part in parts:
        _list_chapters(part, lifted, tree)
    # A section that holds a toctree prints the included documents under its heading: it
    # starts a page, so the heading never stays alone at the foot of the page before.
    for wrapper in tree.findall(nodes.compound):
        if "toctree-wrapper" in wrapper["classes"] and isinstance(wrapper.parent, nodes.section):
            wrapper.parent["classes"].append("mlguide-toc-section")


def _list_chapters(part: nodes.Element, lifted: list[nodes.Element], tree: nodes.document) -> None:
    """Under a part's title, the titles of its chapters (the documents up to the next part;
    for the first part, the root's own first section too)."""
    titles: list[str] = []
    if tree.index(part) == 0:
        first = next((c for c in tree.children[1:] if isinstance(c, nodes.section)), None)
        title = first.next_node(nodes.title) if first is not None else None
        if title is not None:
            titles.append(title.astext())
    for item in lifted[lifted.index(part) + 1 :]:
        if PART in item["classes"]:
            break
        section = item.next_node(nodes.section)
        title = section.next_node(nodes.title) if section is not None else None
        if title is not None:
            titles.append(title.astext())
    if titles:
        items = nodes.bullet_list(classes=["mlguide-part-chapters"])
        for text in titles:
            items += nodes.list_item("", nodes.paragraph("", text))
        part += items


def _mark_chapters(tree: nodes.document, root_doc: str) -> list[tuple[int, str, str]]:
    """Mark each included document's top section as a chapter (level 1) or a section of one
    (level 2), and return the contents: ``(level, title, anchor)`` in reading order, a part's
    title page at level 0.

    The walk goes top-down: Sphinx's single-page assembly moves each document's children
    under a ``start_of_file`` node without updating their ``parent``, so walking up from a
    section does not work.
    """
    contents: list[tuple[int, str, str]] = []

    def visit(node: nodes.Element, depth: int, document_top: bool) -> None:
        first_section = document_top
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            if isinstance(child, addnodes.start_of_file):
                visit(child, depth + 1, True)
                continue
            if isinstance(child, nodes.section) and PART in child["classes"]:
                title = child.next_node(nodes.title)
                if title is not None and child["ids"]:
                    contents.append((0, title.astext(), child["ids"][0]))
                continue
            if isinstance(child, nodes.section) and first_section and depth <= 2:
                first_section = False
                child["classes"].append(f"mlguide-level-{depth}")
                title = child.next_node(nodes.title)
                if title is not None and child["ids"]:
                    contents.append((max(depth, 1), title.astext(), child["ids"][0]))
            visit(child, depth, False)

    visit(tree, 0, True)
    return contents


#: The most text (in characters) a card or verdict may hold to be kept on one page: about
#: half a page's column. A longer one may be split: WeasyPrint drops the lines of a block
#: that must not split but is taller than a page.
KEEP_TOGETHER_CHARS = 1800
KEEP_TOGETHER = "mlguide-keep-together"


#: Grids of cards side by side: an aspect's panels, framework tabs, sphinx-design grids.
GRIDS = ("mlguide-columns", "mlguide-framework-tabs", "sd-container-fluid")
STACKED = "mlguide-stacked"


def _keep_short_blocks_together(tree: nodes.document) -> None:
    """Mark the cards (panels, claims, profiles) and verdicts short enough never to be split
    across pages (class ``mlguide-keep-together``; see :data:`KEEP_TOGETHER_CHARS`)."""
    for element in tree.findall(nodes.container):
        classes = element["classes"]
        if ("sd-card" in classes or "mlguide-verdict" in classes) and (
            len(element.astext()) <= KEEP_TOGETHER_CHARS
        ):
            classes.append(KEEP_TOGETHER)
            # and its grid cell: WeasyPrint keeps a grid row whole only for its items' own
            # break-inside (a card inside a cell that may split is pushed off the page)
            parent = element.parent
            if isinstance(parent, nodes.Element) and "sd-col" in parent["classes"]:
                parent["classes"].append(KEEP_TOGETHER)


def _stack_grids_of_long_cards(tree: nodes.document) -> None:
    """Print a grid that holds a card too long to keep together (see
    :func:`_keep_short_blocks_together`) as cards one under the other (class
    ``mlguide-stacked``): a grid row split across pages is drawn wrongly by WeasyPrint (the
    rest of its taller card lands in the next page's top margin), a stacked card splits as
    any block does."""
    for element in tree.findall(nodes.container):
        if any(name in element["classes"] for name in GRIDS) and any(
            "sd-card" in card["classes"] and KEEP_TOGETHER not in card["classes"]
            for card in element.findall(nodes.container)
        ):
            element["classes"].append(STACKED)


def _head_equivalents_rows(tree: nodes.document) -> None:
    """Make the task column of each API-equivalents table a column of row headers (``th``):
    printed in portrait, the table's rows run over several pages as blocks and only the
    first page holds the column headers, so each page's part of the table is headed by its
    task cells (tagged ``/TH`` with ``/Scope /Row`` for assistive technology)."""
    for table in tree.findall(nodes.table):
        if "mlguide-equivalents" not in table["classes"]:
            continue
        for group in table.findall(nodes.tgroup):
            colspecs = [child for child in group.children if isinstance(child, nodes.colspec)]
            if colspecs:
                colspecs[0]["stub"] = 1


def _unique_ids(tree: nodes.document, root: str) -> dict[tuple[str, str], str]:
    """Give each id once in the single page: pages that were separate share one document now
    (a "Sources" section on two pages, a compare panel on two pages). The first use keeps
    its id; a later one becomes ``id-2``, ``id-3``... Returns ``(docname, id) -> new id`` for
    the ids renamed, so that links into each page still land on that page's element (a
    contents entry and its bookmark agree). An element left without an id keeps none."""
    seen: set[str] = set()
    renamed: dict[tuple[str, str], str] = {}

    def visit(node: nodes.Element, docname: str) -> None:
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            here = child["docname"] if isinstance(child, addnodes.start_of_file) else docname
            ids: list[str] = child.get("ids", [])
            kept = []
            for node_id in ids:
                if node_id not in seen:
                    kept.append(node_id)
                    seen.add(node_id)
                    continue
                number = 2
                while f"{node_id}-{number}" in seen:
                    number += 1
                new = f"{node_id}-{number}"
                seen.add(new)
                renamed.setdefault((here, node_id), new)
                kept.append(new)
            if ids:
                child["ids"] = kept
            visit(child, here)

    visit(tree, root)
    return renamed


def _fix_refuris(tree: nodes.document, renamed: dict[tuple[str, str], str], root: str) -> None:
    """``#document-x#anchor`` (Sphinx's single-page links) becomes ``#anchor``, which
    WeasyPrint can follow; an anchor renamed in page x (see :func:`_unique_ids`) is followed
    there. A link within a page (``refid``, ``#anchor``) follows its own page's renaming."""

    def visit(node: nodes.Element, docname: str) -> None:
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            here = child["docname"] if isinstance(child, addnodes.start_of_file) else docname
            if isinstance(child, nodes.reference):
                uri = child.get("refuri", "")
                if uri.startswith("#") and uri.count("#") > 1:
                    page, anchor = uri.split("#")[1], uri.rsplit("#", 1)[1]
                    target = page.removeprefix("document-")
                    child["refuri"] = "#" + renamed.get((target, anchor), anchor)
                elif uri.startswith("#"):
                    child["refuri"] = "#" + renamed.get((here, uri[1:]), uri[1:])
                if child.get("refid"):
                    child["refid"] = renamed.get((here, child["refid"]), child["refid"])
            visit(child, here)

    visit(tree, root)


def _unlink_missing_targets(tree: nodes.document) -> None:
    """A link to an anchor this PDF does not hold (a handout's link to a profile card that
    only the book prints) becomes its text: there is nowhere on these pages to go."""
    ids = {node_id for element in tree.findall(nodes.Element) for node_id in element["ids"]}
    for ref in list(tree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        target = ref.get("refid") or (uri[1:] if uri.startswith("#") else None)
        if target and target not in ids:
            ref.replace_self(nodes.inline("", "", *ref.children, classes=ref["classes"]))


def _drop_permalinks(tree: nodes.document) -> None:
    for ref in list(tree.findall(nodes.reference)):
        if "headerlink" in ref.get("classes", []):
            ref.parent.remove(ref)


class _ForwardToSphinx(std_logging.Handler):
    """WeasyPrint's warnings (missing anchors, unsupported CSS) as Sphinx warnings, so that
    ``-W`` catches them."""

    def emit(self, record: std_logging.LogRecord) -> None:
        if record.levelno >= std_logging.WARNING:
            message = _with_reasons(record)
            if "refused" in message or "URI uses disallowed protocol" in message:
                return  # our fetcher already warned, naming the URL
            if "prefers-color-scheme" in message:
                return  # the screen's dark-mode rules do not apply to paper
            warn(f"PDF: {message}", "pdf", None)


def _with_reasons(record: std_logging.LogRecord) -> str:
    """The record's message, with an empty exception text ("Failed to load image at ...: ")
    replaced by its cause, or by what it means."""
    args = record.args if isinstance(record.args, tuple) else ()
    if not any(isinstance(a, BaseException) and not str(a) for a in args):
        return record.getMessage()
    filled: list[object] = []
    for arg in args:
        if isinstance(arg, BaseException) and not str(arg):
            cause = arg.__cause__ or arg.__context__
            filled.append(
                f"{type(cause).__name__}: {cause}"
                if cause is not None and str(cause)
                else "the file is not an image WeasyPrint can read"
            )
        else:
            filled.append(arg)
    return str(record.msg) % tuple(filled)


@contextlib.contextmanager
def _weasyprint_warnings() -> Iterator[None]:
    """While WeasyPrint runs, its log goes to Sphinx instead of its own handlers."""
    weasy = std_logging.getLogger("weasyprint")
    saved = (weasy.handlers[:], weasy.propagate)
    weasy.handlers, weasy.propagate = [_ForwardToSphinx()], False
    try:
        yield
    finally:
        weasy.handlers, weasy.propagate = saved


def _left_out_of_site(app: Sphinx, docname: str) -> bool:
    """A start document that a site build leaves unread on purpose (a project may keep a PDF's
    start page off its site): its source exists; only the PDF builder must find it."""
    if app.builder.name == PdfBuilder.name:
        return False
    return any(
        (Path(app.srcdir) / f"{docname}{suffix}").is_file() for suffix in app.config.source_suffix
    )


def _check_start_documents(app: Sphinx, env: BuildEnvironment) -> None:
    """A PDF whose start document does not exist: a warning located at conf.py."""
    conf = Path(app.confdir) / "conf.py"
    line = 1
    with contextlib.suppress(OSError):
        lines = conf.read_text(encoding="utf-8").splitlines()
        # the last assignment is the one in force
        found = [n for n, t in enumerate(lines, 1) if t.startswith("mlguide_pdf_documents")]
        line = found[-1] if found else 1
    for index, document in enumerate(documents(app.config)):
        for name in document.exclude:
            if name not in env.found_docs:
                hint = suggestion(name, sorted(env.found_docs))
                warn(
                    f"mlguide_pdf_documents[{index}] ({document.filename}): 'exclude' names "
                    f"{name!r}, which is no document{hint}",
                    "pdf-start",
                    f"{conf}:{line}",
                )
        if document.start not in env.found_docs and not _left_out_of_site(app, document.start):
            hint = suggestion(document.start, sorted(env.found_docs))
            warn(
                f"mlguide_pdf_documents[{index}] ({document.filename}): start document "
                f"{document.start!r} does not exist{hint}; "
                "that PDF is not written",
                "pdf-start",
                f"{conf}:{line}",
            )


def setup_pdf(app: Sphinx) -> None:
    """Register the builder and its print theme (WeasyPrint is imported only when it runs)."""
    app.add_builder(PdfBuilder)
    app.add_html_theme("mlguide-print", str(THEME_DIR))
    app.connect("env-check-consistency", _check_start_documents)
