# A project that is not mlguide: reStructuredText, Sphinx's default theme (alabaster), its own
# title, author and release, its own data directory, and two PDFs.
import os

project = "Acme Team Notes"
author = "Acme Platform Team"
version = release = "3.1"
copyright = "2026, Acme Platform Team"
extensions = ["mlguide.sphinxext"]
exclude_patterns = ["_build", "data"]
mlguide_data_dirs = ["data"]
mlguide_pdf_documents = [
    {"start": "index", "filename": "acme-notes.pdf"},
    {
        "start": "oncall",
        "filename": "acme-oncall.pdf",
        "title": "On-call card",
        "subtitle": "Who answers at night",
        "header": "Acme on call",
        "layout": "handout",
        "paper": "Letter",
        "orientation": "landscape",
    },
]
# The test builds the PDFs first, into this folder; HTML builds publish them from there.
mlguide_pdf_dir = os.environ.get("ACME_PDF_DIR", "_build/pdf")
