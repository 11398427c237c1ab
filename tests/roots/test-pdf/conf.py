import os

extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]
project = "mlguide pdf test"
author = "mlguide tests"
mlguide_package_data = False
mlguide_data_dirs = [os.environ["MLGUIDE_TEST_DATA"]] + (
    [os.environ["MLGUIDE_TEST_EXTRA"]] if os.environ.get("MLGUIDE_TEST_EXTRA") else []
)
mlguide_pdf_filename = "test.pdf"
