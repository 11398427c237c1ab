extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]
project = "mlguide test (timeline)"
# The real dataset (the tests switch to other data with confoverrides).
mlguide_package_data = True
mlguide_data_dirs: list[str] = []
