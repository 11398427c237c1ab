import os

extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]
project = "mlguide test (measured speed)"
# The package data plus the fixture run (tests/fixtures/measurements-data).
mlguide_package_data = True
mlguide_data_dirs = [os.environ["MLGUIDE_TEST_MEASUREMENTS"]]
