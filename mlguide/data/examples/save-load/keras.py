import os

os.environ["KERAS_BACKEND"] = "torch"

import tempfile
from pathlib import Path

import keras
import numpy as np

inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
model = keras.Model(inputs, keras.layers.Dense(3)(hidden))
model.compile(optimizer="adam", loss="mse")
x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
model.fit(x, np.zeros((8, 3)), epochs=2, verbose=0)  # creates optimizer state

with tempfile.TemporaryDirectory() as tmp:
    # A .keras file holds architecture, weights and optimizer state, in the same
    # format on every backend: save with torch, load with JAX or TensorFlow.
    path = Path(tmp) / "model.keras"
    model.save(path)
    restored = keras.saving.load_model(path)
    # model.save_weights(Path(tmp) / "model.weights.h5") saves the weights alone

np.testing.assert_array_equal(
    keras.ops.convert_to_numpy(restored(x)), keras.ops.convert_to_numpy(model(x))
)
assert int(restored.optimizer.iterations) == int(model.optimizer.iterations) == 2
assert restored.loss == "mse"
