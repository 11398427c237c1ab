"""The PDFs a project builds: ``mlguide_pdf_documents``, checked, with defaults filled in.

Like Sphinx's ``latex_documents``, each entry names a start document (whose toctree tree is
the PDF) and a file name; everything else defaults to a global ``mlguide_pdf_*`` value, which
in turn defaults to the host project's own Sphinx configuration (``project``, ``author``,
``release``). Nothing here says "mlguide": a PDF carries the host project's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mlguide.errors import closest
from mlguide.shorten import shown

if TYPE_CHECKING:
    from sphinx.config import Config

__all__ = [
    "DOCUMENT_KEYS",
    "LAYOUTS",
    "MAX_FILENAME_BYTES",
    "ORIENTATIONS",
    "PAPER_SIZES",
    "PdfConfigError",
    "PdfDocument",
    "documents",
    "site_address",
    "slug_filename",
]

#: Paper sizes the PDF builder accepts, and their CSS ``@page`` names.
PAPER_SIZES = {"A4": "A4", "Letter": "letter", "A5": "A5", "Legal": "legal"}
ORIENTATIONS = ("portrait", "landscape")
#: ``book``: cover, contents, chapters. ``handout``: compact, a title block, no cover page.
LAYOUTS = ("book", "handout")
#: The keys a ``mlguide_pdf_documents`` entry may have (``start`` and ``filename`` required).
DOCUMENT_KEYS = (
    "start",
    "filename",
    "title",
    "label",
    "subtitle",
    "author",
    "version",
    "header",
    "paper",
    "orientation",
    "layout",
    "exclude",
    "url",
)
_REQUIRED = ("start", "filename")


class PdfConfigError(ValueError):
    """A PDF setting in conf.py is wrong; the message names the setting and the fix."""


@dataclass(frozen=True)
class PdfDocument:
    """One PDF the ``mlguide-pdf`` builder writes, every value resolved."""

    start: str
    """Docname whose toctree tree makes up the PDF."""
    filename: str
    """Plain file name (ending in ``.pdf``) in the builder's output folder."""
    title: str
    label: str
    """How links and download lists name the PDF (default: its title)."""
    subtitle: str
    author: str
    version: str
    header: str
    """Running-header text on every page after the cover."""
    paper: str
    """One of :data:`PAPER_SIZES`."""
    orientation: str
    layout: str
    url: str = ""
    """The address this PDF sends its readers to (its colophon's link and QR code); empty
    for ``html_baseurl``."""
    exclude: tuple[str, ...] = ()
    """Documents left out of this PDF, with every document they include (the developer
    chapters of a reader's book, say)."""

    @property
    def page_size(self) -> str:
        """The CSS ``@page`` size, e.g. ``A4 portrait``."""
        return f"{PAPER_SIZES[self.paper]} {self.orientation}"

    @property
    def stem(self) -> str:
        """The file name without ``.pdf``."""
        return self.filename.removesuffix(".pdf")


def site_address(document: PdfDocument | None, config: Config) -> str:
    """The site a PDF sends its readers to, without a trailing slash: the document's ``url``,
    else ``html_baseurl``; empty when neither is set."""
    url = document.url if document is not None else ""
    return (url or str(config.html_baseurl or "")).rstrip("/")


def slug_filename(project: str) -> str:
    """The default PDF file name: the project's name, slugified, plus ``.pdf``."""
    slug = "".join(c if c.isalnum() else "-" for c in project.lower())
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{slug.strip('-') or 'document'}.pdf"


def documents(config: Config) -> tuple[PdfDocument, ...]:
    """The PDFs of a Sphinx configuration, in the order given, with defaults filled in.

    Raises :class:`PdfConfigError` for unknown keys, wrong types, bad values and duplicate
    file names.
    """
    defaults = _global_defaults(config)
    entries: Any = config.mlguide_pdf_documents
    if not isinstance(entries, Sequence) or isinstance(entries, str):
        raise PdfConfigError(
            f"mlguide_pdf_documents must be a list of dicts, not {type(entries).__name__}"
        )
    if not entries:
        entries = [{"start": config.root_doc, "filename": defaults.pop("filename")}]
    else:
        defaults.pop("filename")
    result: list[PdfDocument] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = f"mlguide_pdf_documents[{index}]"
        document = _document(entry, defaults, where)
        if document.filename in seen:
            raise PdfConfigError(
                f"{where}: file name {document.filename!r} is already used by "
                f"mlguide_pdf_documents[{seen[document.filename]}]; give each PDF its own"
            )
        seen[document.filename] = index
        result.append(document)
    return tuple(result)


def _global_defaults(config: Config) -> dict[str, str]:
    """The global ``mlguide_pdf_*`` values, each defaulting to the host project's config."""
    values: dict[str, str] = {}
    for key in ("title", "subtitle", "author", "version", "header", "paper", "orientation"):
        value = getattr(config, f"mlguide_pdf_{key}")
        if not isinstance(value, str):
            raise PdfConfigError(
                f"mlguide_pdf_{key} must be a str, not {type(value).__name__} ({value!r})"
            )
        values[key] = value
    values["title"] = values["title"] or str(config.project or "")
    values["author"] = values["author"] or str(config.author or "")
    values["version"] = values["version"] or str(config.release or config.version or "")
    filename = config.mlguide_pdf_filename
    if not isinstance(filename, str):
        raise PdfConfigError(f"mlguide_pdf_filename must be a str, not {type(filename).__name__}")
    values["filename"] = filename or slug_filename(str(config.project or ""))
    values["layout"] = "book"
    for key in ("paper", "orientation"):
        _check_choice(f"mlguide_pdf_{key}", key, values[key])
    return values


def _document(entry: object, defaults: Mapping[str, str], where: str) -> PdfDocument:
    if not isinstance(entry, Mapping):
        raise PdfConfigError(f"{where} must be a dict, not {type(entry).__name__} ({entry!r})")
    for key in entry:
        if key not in DOCUMENT_KEYS:
            hint = closest(str(key), DOCUMENT_KEYS)
            raise PdfConfigError(
                f"{where}: unknown key {key!r}"
                + (f"; did you mean {hint!r}?" if hint else "")
                + f" (known: {', '.join(DOCUMENT_KEYS)})"
            )
    for key in _REQUIRED:
        if key not in entry:
            raise PdfConfigError(f"{where}: {key!r} is required")
    values: dict[str, Any] = dict(defaults)
    for key, value in entry.items():
        if key == "exclude":
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise PdfConfigError(
                    f"{where}: 'exclude' must be a list of document names, not {value!r}"
                )
            values[key] = tuple(value)
            continue
        if not isinstance(value, str):
            raise PdfConfigError(
                f"{where}: {key!r} must be a str, not {type(value).__name__} ({value!r})"
            )
        values[key] = value
    _check_filename(values["filename"], where)
    url = values.get("url", "")
    if url and not (url.startswith(("https://", "http://")) and "://" not in url[8:]):
        raise PdfConfigError(
            f"{where}: 'url' must be the web address readers are sent to, such as "
            f"'https://example.org/guide/' (got {url!r})"
        )
    if not values["start"]:
        raise PdfConfigError(f"{where}: 'start' must name a document, such as 'index'")
    for key in ("paper", "orientation", "layout"):
        _check_choice(f"{where}: {key!r}", key, values[key])
    values["header"] = values["header"] or values["title"]
    values["label"] = values.get("label") or values["title"]
    return PdfDocument(**values)


#: Longest PDF file name, in bytes of UTF-8: the build also writes ``.<stem>.html`` beside
#: it, and a file system holds names of at most 255 bytes.
MAX_FILENAME_BYTES = 200


def _check_filename(filename: str, where: str) -> None:
    """A PDF's file name is plain (no folder, not hidden), printable (no control, line-break
    or bidirectional character: it is written to disk and printed in messages and links) and
    at most :data:`MAX_FILENAME_BYTES` long."""
    if (
        not filename.endswith(".pdf")
        or filename == ".pdf"
        or "/" in filename
        or "\\" in filename
        or filename.startswith(".")
        or not filename.isprintable()
    ):
        raise PdfConfigError(
            f"{where}: filename {shown(filename)} must be a plain file name ending in .pdf "
            "(no folder), without control or invisible characters, such as 'guide.pdf'"
        )
    size = len(filename.encode("utf-8"))
    if size > MAX_FILENAME_BYTES:
        raise PdfConfigError(
            f"{where}: filename {shown(filename)} is {size} bytes long (UTF-8); a PDF's file "
            f"name has at most {MAX_FILENAME_BYTES}"
        )


def _check_choice(name: str, key: str, value: str) -> None:
    known: Sequence[str] = {
        "paper": tuple(PAPER_SIZES),
        "orientation": ORIENTATIONS,
        "layout": LAYOUTS,
    }[key]
    if value in known:
        return
    hint = closest(value, known) or closest(value.capitalize(), known)
    label = "paper size" if key == "paper" else key
    raise PdfConfigError(
        f"{name}: unknown {label} {value!r}"
        + (f"; did you mean {hint!r}?" if hint else "")
        + f" (known: {', '.join(known)})"
    )
