import os

extensions = ["mlguide.sphinxext"]
project = "Incremental builds"
mlguide_package_data = False
mlguide_data_dirs = [os.environ["MLGUIDE_TEST_DATA"]]
