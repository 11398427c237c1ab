import os

extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]
project = "mlguide test (migration)"
mlguide_package_data = False
mlguide_data_dirs = [
    os.environ["MLGUIDE_TEST_DATA"],
    os.environ["MLGUIDE_TEST_EQUIVALENTS"],
    os.environ["MLGUIDE_TEST_MIGRATIONS"],
]
