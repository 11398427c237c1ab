"""Keras 2 to Keras 3 on TensorFlow 2.16 and later: `tf.keras` is Keras 3; a
SavedModel (what Keras 2's `model.save(directory)` wrote) no longer loads as a
model but runs through `keras.layers.TFSMLayer`; a legacy `.h5` file still loads."""

import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import tempfile

import keras
import numpy as np
import tensorflow as tf

assert tf.keras.__version__.startswith("3.")  # since TensorFlow 2.16


class Legacy(tf.Module):  # stands in for a model Keras 2 saved as a SavedModel
    def __init__(self) -> None:
        self.w = tf.Variable(np.linspace(-1, 1, 8, dtype="float32").reshape(4, 2))

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    def serve(self, x):
        return {"y": tf.nn.relu(x @ self.w)}


legacy = Legacy()
x = np.linspace(-1, 1, 12, dtype="float32").reshape(3, 4)
with tempfile.TemporaryDirectory() as tmp:
    signatures = {"serving_default": legacy.serve}
    tf.saved_model.save(legacy, f"{tmp}/saved", signatures=signatures)
    try:
        keras.models.load_model(f"{tmp}/saved")
    except ValueError as error:
        assert "TFSMLayer" in str(error)  # the message names the way out
    else:
        raise AssertionError("Keras 3 loaded a SavedModel as a model")
    layer = keras.layers.TFSMLayer(f"{tmp}/saved", call_endpoint="serving_default")
    from_saved_model = layer(x)["y"]

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.save(f"{tmp}/model.h5")  # the legacy HDF5 format (Keras 3 warns)
    from_h5 = keras.models.load_model(f"{tmp}/model.h5")

np.testing.assert_allclose(from_saved_model, legacy.serve(x)["y"], rtol=1e-6)
reloaded, saved = from_h5.predict(x, verbose=0), model.predict(x, verbose=0)
np.testing.assert_allclose(reloaded, saved, rtol=1e-6)
