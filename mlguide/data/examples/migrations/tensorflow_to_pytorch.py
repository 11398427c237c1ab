"""TensorFlow to PyTorch: a Keras model's weights, saved from TensorFlow as
safetensors, load into the same architecture in PyTorch; both give the same
outputs, and so does the `torch.export` program that takes the SavedModel's place."""

import tempfile

import numpy as np
import tensorflow as tf
import torch
from safetensors.numpy import save_file
from safetensors.torch import load_file

tf.keras.utils.set_random_seed(0)
keras_model = tf.keras.Sequential(
    [tf.keras.Input((4,)), tf.keras.layers.Dense(8, "tanh"), tf.keras.layers.Dense(2)]
)
x = np.linspace(-1, 1, 12, dtype="float32").reshape(3, 4)
expected = keras_model(x).numpy()

with tempfile.TemporaryDirectory() as tmp:
    names = ["0.weight", "0.bias", "2.weight", "2.bias"]
    arrays = [w.numpy() for w in keras_model.weights]
    # A Dense kernel is (inputs, outputs); a Linear weight is (outputs, inputs).
    arrays = [a.T.copy() if a.ndim == 2 else a for a in arrays]
    save_file(dict(zip(names, arrays, strict=True)), f"{tmp}/model.safetensors")
    state = load_file(f"{tmp}/model.safetensors")

torch_model = torch.nn.Sequential(
    torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)
).eval()
torch_model.load_state_dict(state)
with torch.no_grad():
    got = torch_model(torch.from_numpy(x)).numpy()
program = torch.export.export(torch_model, (torch.from_numpy(x),))
exported = program.module()(torch.from_numpy(x)).detach().numpy()

np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
np.testing.assert_allclose(exported, expected, rtol=1e-5, atol=1e-6)
# Same layer, other defaults: copy BatchNormalization's settings by hand.
keras_norm, torch_norm = tf.keras.layers.BatchNormalization(), torch.nn.BatchNorm1d(8)
assert (keras_norm.epsilon, keras_norm.momentum) == (1e-3, 0.99)
assert (torch_norm.eps, torch_norm.momentum) == (1e-5, 0.1)  # momentum: 1 - Keras's
