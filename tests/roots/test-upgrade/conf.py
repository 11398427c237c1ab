# A project written against the November 2026 edition of the bundled data (13 aspects, before
# interoperability, llm-tooling, quantization, compilers and release-health were added): its own
# framework (Apache MXNet) with a position on each of those 13 aspects and on an aspect of its
# own named `quantization` (the id a later edition also uses), and one replaced PyTorch
# position. It builds its site before its PDF and sets no mlguide_pdf_dir. Test data: the
# positions are this test's, not the guide's.
project = "MXNet migration notes"
author = "Example Platform Team"
version = release = "1.0"
copyright = "2026, Example Platform Team"
extensions = ["mlguide.sphinxext"]
exclude_patterns = ["_build", "data"]
mlguide_data_dirs = ["data"]
mlguide_pdf_documents = [{"start": "index", "filename": "mxnet-notes.pdf"}]
