# The package's own data; sphinx_design left out on purpose (the extension adds it).
extensions = ["myst_parser", "mlguide.sphinxext"]
project = "mlguide test (options)"
