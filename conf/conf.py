"""Sphinx configuration of the mlguide guide.

Build with ``sphinx-build -c conf source OUT`` (``build-scripts/guide`` does, for HTML and PDF).
Facts come from the data library; this file only pulls a few of them in for page text.
"""

from __future__ import annotations

import os

import mlguide

_guide = mlguide.load()

project = "mlguide"
html_title = "mlguide"
author = _guide.info.authors
copyright = f"{_guide.info.as_of.year}, {author}"
version = release = mlguide.__version__
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx.ext.autodoc",
    "mlguide.sphinxext",
]

# Where the HTML site is published (the handout's colophon links the site and the book there);
# set MLGUIDE_BASEURL when building a site to publish, e.g. https://example.org/mlguide/.
html_baseurl = os.environ.get("MLGUIDE_BASEURL", "")

root_doc = "index"
exclude_patterns = ["_build"]
templates_path: list[str] = []
nitpicky = True
# Types in API signatures that have no page of their own here (the build is offline, so
# there is no intersphinx to link the standard library and pydantic).
nitpick_ignore_regex = [
    ("py:class", r"(datetime|pathlib|typing|collections\.abc|_io)\..*"),
    (
        "py:class",
        r"(mlguide\.model(_equivalents|_migrations|_snapshot)?\.)?(Id|Text|Summary|Label|Headline|Reason|BottomLineText|Color|HttpsUrl|Version|Names|IdList|Sources|Snippets|SnippetFile|MaybeDate|Code|SourceKind|ConceptPairs|PackageName|StableVersion)",
    ),
    # the measurements' constrained numbers (mlguide/model_measurements.py)
    (
        "py:class",
        r"(mlguide\.model_measurements\.)?(Positive|Finite|Count|NotNegative|PerTrial|TextMap)",
    ),
    # a separated __init__ signature is split at commas: dict[str, Text] arrives in halves
    ("py:class", r"dict\[str"),
    ("py:class", r"(dt\.date|TypeAliasForwardRef|dict\[TypeAliasForwardRef.*)"),
    ("py:class", r"(TextIO|Path|Sequence|Iterable|Mapping|Any|NoReturn)"),
    ("py:class", r"mlguide\.guide\._T"),
    # a separated __init__ signature is split at commas, so tuple[X, ...] arrives in halves
    ("py:class", r"tuple\[~?mlguide\.model(_equivalents|_migrations)?\.\w+"),
    ("py:obj", r"mlguide\.guide\._T"),
]

# --- MyST ---------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_heading_anchors = 3
myst_substitutions = {
    "as_of": _guide.info.as_of.strftime("%-d %B %Y"),
    "data_version": _guide.info.data_version,
    "mlguide_version": mlguide.__version__,
    "framework_count": str(len(_guide.frameworks)),
    "aspect_count": str(len(_guide.aspects)),
    "source_count": str(len(_guide.sources())),
}

# --- autodoc --------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "separated"
# The model's constrained string and list types, shown by their names.
autodoc_type_aliases = {
    name: f"mlguide.model.{name}"
    for name in (
        "Id",
        "Text",
        "Summary",
        "Label",
        "Headline",
        "Reason",
        "BottomLineText",
        "Color",
        "HttpsUrl",
        "Version",
        "Names",
        "IdList",
        "Sources",
        "Snippets",
        "SnippetFile",
        "MaybeDate",
        "Code",
    )
} | {name: f"mlguide.model_snapshot.{name}" for name in ("PackageName", "StableVersion")}
autodoc_default_options = {"members": True, "undoc-members": False}

# --- HTML -----------------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["../source/_static"]
html_logo = "../source/_static/logo.svg"
html_favicon = "../source/_static/logo.svg"
html_css_files = ["guide.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": True,
    "source_repository": "",
}
copybutton_prompt_text = r"\$ |>>> "
copybutton_prompt_is_regexp = True

# --- the PDFs (mlguide's own builder: sphinx-build -b mlguide-pdf) ----------------------------
# The handout (landscape pages from source/handout.md, a page outside the site's toctree), what
# changed since the previous edition (a page, for a reader who has printed the last handout),
# the guide as a reader's book (its parts are the home page's captioned toctrees) and the
# developer chapters as a reference of their own; build-scripts/guide writes them into
# build/pdf/, and the HTML build copies them from there into the site, where the home page's
# download links point.
mlguide_pdf_documents = [
    {
        "start": "handout",
        "filename": "mlguide-handout.pdf",
        "title": _guide.info.title,
        "label": "The handout",
        "subtitle": "The answer first, the matrix, the classic claims and the API equivalents",
        "header": "mlguide handout",
        "layout": "handout",
        "orientation": "landscape",
    },
    {
        "start": "what-changed",
        "filename": "mlguide-changes.pdf",
        "title": _guide.info.title,
        "label": "What changed in this edition",
        "subtitle": f"What changed in edition {_guide.info.data_version}",
        "header": "mlguide: what changed",
        "layout": "handout",
    },
    {
        "start": "index",
        "filename": "mlguide-guide.pdf",
        "title": _guide.info.title,
        "label": "The full guide",
        "subtitle": _guide.info.subtitle,
        "header": "mlguide",
        # the reader's book: the developer chapters and what changed have PDFs of their own
        # (what changed quotes the new bottom line and verdicts the book already prints)
        "exclude": ["library/index", "what-changed"],
    },
    {
        "start": "library/index",
        "filename": "mlguide-reference.pdf",
        "title": "mlguide for scripts and docs",
        "label": "The reference for scripts and docs",
        "subtitle": "The data library, the command, the data files and the Sphinx extension",
        "header": "mlguide reference",
    },
]
mlguide_pdf_dir = "../build/pdf"
# What the handout's colophon says of the sources: true of this guide (its tests run the API
# table's code; its book has a Sources chapter), so said here rather than by the extension.
mlguide_colophon = (
    "every summary, verdict and pick here comes from the guide's data (version "
    "{data_version}, facts as of {as_of}), where each one cites its sources by number: "
    "{source_count} sources, listed in the guide's Sources chapter with their addresses and "
    "the day each was read. The facts describe {latest}; the code in the API table is run by "
    "the guide's tests, on {verified}."
)
# WeasyPrint writes PDF/UA-1 (tagged, with its XMP claim) without complaint for this guide;
# conformance is claimed, not validated (no PDF/UA validator runs here).
mlguide_pdf_variant = "pdf/ua-1"


# --- Sphinx 9.0's toctree captions lack aria-level --------------------------------------------
# The sidebar captions come out as <p class="caption" role="heading"> without the aria-level a
# heading role requires (reported upstream as sphinx-doc/sphinx#14030). Until that fix is
# released, add the level to the written pages.
_CAPTION = '<p class="caption" role="heading">'


def _add_caption_levels(app, exception):  # type: ignore[no-untyped-def]
    if exception is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if _CAPTION in text:
            page.write_text(
                text.replace(_CAPTION, '<p class="caption" role="heading" aria-level="2">'),
                encoding="utf-8",
            )


# --- the handout's start page is the PDF's alone ---------------------------------------------
# source/handout.md lays out the handout PDF (the matrix again, the claims and picks as lists,
# the compact equivalents). On the site it would be a stray page that nothing links to, a
# second "At a glance" beside the home page's: every builder but the PDF's leaves it unread,
# so it is neither written nor searched. (Removed from the documents found, not excluded by
# exclude_patterns: that would differ between builders and make every HTML build a full one.)
_PDF_ONLY_PAGES = ("handout",)


def _leave_out_pdf_only_pages(app, env, docnames):  # type: ignore[no-untyped-def]
    if app.builder.name == "mlguide-pdf":
        return
    for docname in _PDF_ONLY_PAGES:
        env.project.docnames.discard(docname)
        if docname in docnames:
            docnames.remove(docname)


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("build-finished", _add_caption_levels)
    app.connect("env-before-read-docs", _leave_out_pdf_only_pages)
