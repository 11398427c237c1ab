import os

os.environ["KERAS_BACKEND"] = "jax"  # or "tensorflow" or "torch": set before import

import keras
import numpy as np
from keras import layers, ops


class Mlp(keras.Model):
    def __init__(self, n_hidden=16, n_out=3):
        super().__init__()
        self.hidden = layers.Dense(n_hidden, activation="relu")
        self.out = layers.Dense(n_out)

    def call(self, x):
        return self.out(self.hidden(x))


model = Mlp()
y = model(np.ones((8, 4), "float32"))  # the same code runs on any of the backends

assert keras.backend.backend() == "jax"
assert ops.shape(y) == (8, 3)
assert type(y).__module__.startswith("jax")  # outputs are the backend's own arrays
assert model.count_params() == (4 * 16 + 16) + (16 * 3 + 3)
