import tempfile
from pathlib import Path

import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter  # LiteRT, formerly TF Lite
from tensorflow import keras

inputs = keras.Input(shape=(4,), name="features")
hidden = keras.layers.Dense(16, activation="relu")(inputs)
model = keras.Model(inputs, keras.layers.Dense(3)(hidden))
x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")

with tempfile.TemporaryDirectory() as tmp:
    # SavedModel: graph + weights, served by TF Serving, no Python code needed.
    model.export(Path(tmp) / "serving")  # endpoint "serve", batch size left open
    served = tf.saved_model.load(Path(tmp) / "serving")

    # A .tflite flatbuffer for mobile and edge devices, run by LiteRT.
    converter = tf.lite.TFLiteConverter.from_saved_model(str(Path(tmp) / "serving"))
    flatbuffer = converter.convert()

np.testing.assert_allclose(served.serve(x).numpy(), model(x).numpy(), rtol=1e-5)

runner = Interpreter(model_content=flatbuffer).get_signature_runner()
(lite_out,) = runner(features=x[:1]).values()
np.testing.assert_allclose(lite_out, model(x[:1]).numpy(), rtol=1e-4, atol=1e-4)
