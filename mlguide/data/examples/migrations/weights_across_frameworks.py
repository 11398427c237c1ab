"""One set of weights in four places: a PyTorch model's weights go through
safetensors into JAX and Keras 3, its ONNX export runs in ONNX's reference
evaluator, and the `.keras` archive saved on the JAX backend loads on the
PyTorch backend; every output agrees."""

import os

os.environ["KERAS_BACKEND"] = "jax"

import json
import subprocess
import sys
import tempfile

import jax.numpy as jnp
import keras
import numpy as np
import torch
from onnx.reference import ReferenceEvaluator
from safetensors.numpy import load_file
from safetensors.torch import save_file

ON_TORCH = """import json, sys, keras
model = keras.saving.load_model(sys.argv[1])
x = keras.ops.array(json.loads(sys.argv[2]))
print(json.dumps(model.predict(x, verbose=0).tolist()))
"""
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
x = np.linspace(-1, 1, 12, dtype="float32").reshape(3, 4)
expected = net.eval()(torch.from_numpy(x)).detach().numpy()
with tempfile.TemporaryDirectory() as tmp:
    save_file(net.state_dict(), f"{tmp}/net.safetensors")
    w = load_file(f"{tmp}/net.safetensors")  # NumPy arrays; loading runs no code
    torch.onnx.export(net, (torch.from_numpy(x),), f"{tmp}/net.onnx")
    onnx_model = ReferenceEvaluator(f"{tmp}/net.onnx")
    from_onnx = onnx_model.run(None, {onnx_model.input_names[0]: x})[0]
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(8, "tanh"), keras.layers.Dense(2)]
    )  # Keras kernels are (inputs, outputs): the transposes of PyTorch's weights
    model.set_weights([w["0.weight"].T, w["0.bias"], w["2.weight"].T, w["2.bias"]])
    model.save(f"{tmp}/net.keras")
    args = [sys.executable, "-c", ON_TORCH, f"{tmp}/net.keras", json.dumps(x.tolist())]
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    on_torch_backend = np.array(json.loads(done.stdout.splitlines()[-1]))

from_jax = jnp.tanh(x @ w["0.weight"].T + w["0.bias"]) @ w["2.weight"].T + w["2.bias"]
for got in (from_jax, model.predict(x, verbose=0), from_onnx, on_torch_backend):
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
