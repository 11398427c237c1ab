"""``{mlguide:downloads}``: every configured PDF as a download link, with pages and size.

The links are ``{mlguide:handout}`` links (so the same transform points them at the copy in
the site and warns when a PDF is not published); the page count and the file size come from
the PDF the HTML build publishes (``mlguide_pdf_dir``), read when the page is read. The page
depends on those files, so rebuilding the PDFs refreshes the numbers.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from docutils import nodes

from mlguide.sphinxext.base import MlguideDirective

__all__ = ["MAX_INFLATED", "DownloadsDirective", "PageCountError", "human_size", "pdf_page_count"]

_PAGES = re.compile(rb"<<[^<>]*?/Type\s*/Pages\b[^<>]*>>")
_COUNT = re.compile(rb"/Count\s+(\d+)")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
#: Most bytes a PDF's object streams may inflate to, all together, while its pages are
#: counted: a few kilobytes in a real PDF, gigabytes in a crafted one (a "zip bomb").
MAX_INFLATED = 16 * 1024 * 1024


class PageCountError(ValueError):
    """A published PDF whose pages were not counted; the message says why."""


def _object_streams(data: bytes) -> list[bytes]:
    """The decompressed contents of a PDF's object streams (where compressed PDFs keep the
    page tree), together at most :data:`MAX_INFLATED` bytes."""
    contents = []
    budget = MAX_INFLATED
    view = memoryview(data)
    for match in _OBJECT_STREAM.finditer(data):
        start = data.find(b"stream", match.end())
        if start < 0:
            continue
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        try:
            inflated = zlib.decompressobj().decompress(view[start:], budget + 1)
        except zlib.error:
            continue
        if len(inflated) > budget:
            raise PageCountError(
                f"its object streams inflate to more than {MAX_INFLATED // (1024 * 1024)} MiB"
            )
        budget -= len(inflated)
        contents.append(inflated)
    return contents


def pdf_page_count(path: Path) -> int | None:
    """The number of pages of a PDF (the root page tree's ``/Count``); ``None`` when it
    has none or there is no such file.

    :raises PageCountError: the file is not one to read (a link, too large; see
        :mod:`mlguide.sphinxext.published`) or it inflates past :data:`MAX_INFLATED`.
    """
    from mlguide.sphinxext.published import UntrustedFileError, read_plain_file

    if not (path.exists() or path.is_symlink()):
        return None  # nothing to count
    try:
        data = read_plain_file(path)
    except UntrustedFileError as exc:
        raise PageCountError(str(exc)) from None
    counts = [
        int(count.group(1))
        for chunk in (data, *_object_streams(data))
        for tree in _PAGES.finditer(chunk)
        if (count := _COUNT.search(tree.group(0)))
    ]
    return max(counts) if counts else None


def human_size(size: int) -> str:
    """A file size as readers expect it: ``"412 kB"``, ``"1.3 MB"`` (decimal units)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB"


class DownloadsDirective(MlguideDirective):
    """The PDFs of ``mlguide_pdf_documents``, one link each, with page count and size; the
    optional argument is a lead-in line shown above them."""

    optional_arguments = 1
    final_argument_whitespace = True

    def render(self) -> list[nodes.Node]:
        from mlguide.sphinxext.pdf.documents import PdfConfigError, documents
        from mlguide.sphinxext.transforms import is_site_builder, published_pdf

        try:
            pdfs = documents(self.config)
        except PdfConfigError:
            return []  # the PDF configuration reports its own error
        app = self.env._app  # as the extension's transforms reach it
        # Only a site links to published files; a PDF of the page must not print whatever
        # an earlier build left in the PDF folder.
        site = is_site_builder(app.builder)
        items = nodes.bullet_list()
        for document in pdfs:
            para = nodes.paragraph()
            link = nodes.reference(
                "",
                document.label,
                classes=["mlguide-download"],
                mlguide_handout=document.filename,
                mlguide_downloads=True,
            )
            para += link
            details = [document.filename, f"{document.paper} {document.orientation}"]
            found = published_pdf(app, document.filename) if site else None
            if found is not None:
                self.env.note_dependency(str(found))
                try:
                    pages = pdf_page_count(found)
                except PageCountError as exc:
                    self.warn(f"{found}: pages not counted: {exc}", "pdf-pages")
                    pages = None
                if pages is not None:
                    details.append(f"{pages} page" + ("s" if pages != 1 else ""))
                details.append(human_size(found.stat().st_size))
            # the PDF builder prints the address instead (see HandoutLinkTransform)
            para += nodes.inline(
                "", f" (PDF: {', '.join(details)})", classes=["mlguide-download-details"]
            )
            if document.subtitle:
                para += nodes.Text(f": {document.subtitle}")
            items += nodes.list_item("", para)
        block = nodes.container("", classes=["mlguide-downloads"])
        if self.arguments:
            block += nodes.paragraph("", self.arguments[0].strip())
        block += items
        return [block]
