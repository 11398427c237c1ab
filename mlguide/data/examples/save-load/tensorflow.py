import tempfile
from pathlib import Path

import numpy as np
import tensorflow as tf
from tensorflow import keras


def make_model():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])


model = make_model()
x = tf.random.normal((8, 4))

with tempfile.TemporaryDirectory() as tmp:
    # Keras 3: weights only, as HDF5; model.save("model.keras") keeps the
    # architecture too. tf.train.Checkpoint is the lower-level TF mechanism.
    path = Path(tmp) / "model.weights.h5"
    model.save_weights(path)

    restored = make_model()  # same architecture, fresh random weights
    assert not np.allclose(restored(x), model(x))
    restored.load_weights(path)

    np.testing.assert_array_equal(restored(x).numpy(), model(x).numpy())
