"""The PDF handout builder: the whole project as one HTML page, rendered by WeasyPrint.

``sphinx-build -b mlguide-pdf SOURCE OUT`` writes ``OUT/<mlguide_pdf_filename>`` and nothing
else: the single HTML page it renders from (through the lean ``mlguide-print`` theme, not the
screen theme) is staged under the doctree folder. Chapters, contents, running headers,
side-by-side panels and page numbers come from the print stylesheet; this module adds the
cover, the contents list, document metadata, anchors WeasyPrint can follow, and the
restricted URL fetcher.
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

from mlguide.sphinxext.config import PAPER_SIZES, get_config, stop_build
from mlguide.sphinxext.data import get_guide, warn
from mlguide.sphinxext.pdf.fetcher import Allowed
from mlguide.sphinxext.transforms import handout_filename

if TYPE_CHECKING:
    from collections.abc import Iterator

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
    """Single-page HTML through the print theme, then WeasyPrint in-process."""

    name = "mlguide-pdf"
    format = "html"
    epilog = "The PDF handout is in %(outdir)s."
    search = False
    copysource = False
    add_permalinks = False
    supported_remote_images = False

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        self.pdf_dir = Path(self.outdir)
        # The HTML page, its CSS and images are an intermediate product: keep them out of
        # the output folder, which holds just the PDF.
        self.outdir = Path(app.doctreedir) / STAGING
        self._static_dir = self.outdir / "_static"
        self._sources_dir = self.outdir / "_sources"
        self._downloads_dir = self.outdir / "_downloads"
        self._images_dir = self.outdir / "_images"
        self.chapters: list[tuple[int, str, str]] = []

    def init(self) -> None:
        # The print theme replaces the screen theme (and its options) for this builder only.
        self.config.html_theme = "mlguide-print"
        self.config.html_theme_options = {}
        self.config.html_sidebars = {}
        super().init()

    # --- the single page ----------------------------------------------------------------

    def assemble_doctree(self) -> nodes.document:
        tree = super().assemble_doctree()
        _lift_chapters(tree)
        self.chapters = _mark_chapters(tree, self.config.root_doc)
        _fix_refuris(tree)
        _drop_permalinks(tree)
        _dedupe_ids(tree)
        return tree

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = super().get_doc_context(docname, body, metatags)
        guide = get_guide(self.env)
        config = get_config(self.config)
        created = _created_date(guide.info.as_of)
        context.update(
            mlguide_cover={
                "title": guide.info.title,
                "subtitle": config.pdf_subtitle or guide.info.subtitle,
                "frameworks": [f.name for f in guide.frameworks],
                "as_of": guide.info.as_of.strftime("%-d %B %Y"),
                "data_version": guide.info.data_version,
                "version": self.config.release or self.config.version,
                "authors": config.pdf_author or self.config.author,
            },
            mlguide_contents=self.chapters,
            mlguide_meta={
                "author": config.pdf_author or self.config.author,
                "description": config.pdf_subtitle or guide.info.subtitle,
                "keywords": ", ".join(config.pdf_keywords or [f.name for f in guide.frameworks]),
                "created": created,
            },
            mlguide_page_size=PAPER_SIZES[config.pdf_paper],
            mlguide_screen_only_css=SCREEN_ONLY_CSS,
            title=guide.info.title,
        )
        return context

    # --- the PDF ------------------------------------------------------------------------

    def finish(self) -> None:
        super().finish()
        self.write_pdf()

    def allowed_files(self, html_path: Path) -> Allowed:
        """What WeasyPrint may read: the staged page, ``_static`` (written from the themes
        and extensions), the source folder (but not the build folders inside it), and the
        staged images and downloads whose originals are inside the source folder."""
        src = Path(self.srcdir).resolve()
        files = {html_path.resolve()}
        outside: dict[Path, Path] = {}
        excluded = tuple(
            Path(p).resolve() for p in (self.outdir, self.app.doctreedir, self.pdf_dir)
        )
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
                outside[copy.resolve()] = origin
        return Allowed(
            files=frozenset(files),
            folders=(self._static_dir.resolve(), src),
            excluded=excluded,
            outside=outside,
        )

    def write_pdf(self) -> None:
        from mlguide.sphinxext.pdf.fetcher import make_fetcher

        config = get_config(self.config)
        html_path = self.outdir / f"{self.config.root_doc}{self.out_suffix}"
        target = self.pdf_dir / handout_filename(self.config.project, config.pdf_filename)
        self.pdf_dir.mkdir(parents=True, exist_ok=True)
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
            "PDF: laying out %s with WeasyPrint (%d KiB of HTML, about %d pages)...",
            target.name,
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
            document = html.render()
            rendered = time.perf_counter()
            logger.info(
                "PDF: %d pages laid out in %.1f s; writing %s...",
                len(document.pages),
                rendered - imported,
                target.name,
            )
            content = html_path.read_bytes()
            identifier = hashlib.sha256(content).hexdigest()[:32].encode()
            options: dict[str, Any] = {"pdf_identifier": identifier, "pdf_tags": True}
            if config.pdf_variant:
                options["pdf_variant"] = config.pdf_variant
            document.write_pdf(str(target), **options)
        done = time.perf_counter()
        self.pdf_timing = {
            "import": imported - started,
            "render": rendered - imported,
            "write": done - rendered,
            "pages": len(document.pages),
        }
        logger.info(
            "PDF: done: %s (%d pages, %.1f s: render %.1f s, write %.1f s)",
            target.name,
            len(document.pages),
            done - started,
            rendered - imported,
            done - rendered,
        )


def _created_date(as_of: dt.date) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH if set, else the data's as-of date, so that
    the same sources give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _lift_chapters(tree: nodes.document) -> None:
    """Move the documents the root's toctrees include to the top level, after the root's
    own content: a book's chapters are siblings (``h1``), not subsections of whichever
    section of the home page happened to hold the toctree."""
    chapters: list[addnodes.start_of_file] = []

    def find(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, addnodes.start_of_file):
                chapters.append(child)
            elif isinstance(child, nodes.Element):
                find(child)

    find(tree)
    for chapter in chapters:
        chapter.parent.remove(chapter)
        tree.append(chapter)


def _mark_chapters(tree: nodes.document, root_doc: str) -> list[tuple[int, str, str]]:
    """Mark each included document's top section as a chapter (level 1) or a section of one
    (level 2), and return the contents: ``(level, title, anchor)`` in reading order.

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
            if isinstance(child, nodes.section) and first_section and depth <= 2:
                first_section = False
                child["classes"].append(f"mlguide-level-{depth}")
                title = child.next_node(nodes.title)
                if title is not None and child["ids"]:
                    label = "Introduction" if depth == 0 else title.astext()
                    contents.append((max(depth, 1), label, child["ids"][0]))
            visit(child, depth, False)

    visit(tree, 0, True)
    return contents


def _fix_refuris(tree: nodes.document) -> None:
    """``#document-x#anchor`` (Sphinx's single-page links) becomes ``#anchor``, which
    WeasyPrint can follow."""
    for ref in tree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if uri.startswith("#") and uri.count("#") > 1:
            ref["refuri"] = "#" + uri.rsplit("#", 1)[1]


def _dedupe_ids(tree: nodes.document) -> None:
    """Keep each id once: pages that were separate share one document now (a compare panel
    on two pages, a "When it changed" section on several), and links go to the first. An
    element left without an id (a section needs one) gets a numbered variant."""
    seen: set[str] = set()
    for element in tree.findall(nodes.Element):
        ids: list[str] = element.get("ids", [])
        if not ids:
            continue
        kept = [node_id for node_id in ids if node_id not in seen]
        if not kept:
            number = 2
            while f"{ids[0]}-{number}" in seen:
                number += 1
            kept = [f"{ids[0]}-{number}"]
        seen.update(kept)
        element["ids"] = kept


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


def setup_pdf(app: Sphinx) -> None:
    """Register the builder and its print theme (WeasyPrint is imported only when it runs)."""
    app.add_builder(PdfBuilder)
    app.add_html_theme("mlguide-print", str(THEME_DIR))
