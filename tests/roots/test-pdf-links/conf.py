# Two PDFs that link to each other, from MyST and reST pages: how {mlguide:handout} links and
# {mlguide:downloads} lists print in a site, in each PDF, in text and for linkcheck.
extensions = ["myst_parser", "mlguide.sphinxext"]
project = "Team notes"
mlguide_pdf_documents = [
    {"start": "index", "filename": "notes.pdf", "title": "Team notes", "label": "The notes"},
    {
        "start": "card",
        "filename": "card.pdf",
        "title": "On-call card",
        "label": "The card",
        "layout": "handout",
    },
]
