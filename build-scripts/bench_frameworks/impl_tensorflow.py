"""The workloads in TensorFlow without Keras: ``tf.Variable`` weights in a ``tf.Module``,
``tf.nn`` ops, a ``GradientTape`` step and plain SGD (``assign_sub``). Three modes: ``eager``
(the step as Python), ``function`` (the step in ``tf.function``) and ``xla``
(``tf.function(jit_compile=True)``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from bench_frameworks.spec import LEARNING_RATE, Size

__all__ = ["build", "configure", "device", "peak_device_memory", "version"]


def version() -> str:
    return tf.__version__


def configure(threads: int) -> dict[str, str]:
    """Set the thread pools (before any op runs) and, on a GPU, full float32 matmuls;
    returns what was set."""
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    settings = {
        "tf.config.threading.intra_op_parallelism_threads": str(threads),
        "tf.config.threading.inter_op_parallelism_threads": "1",
    }
    if tf.config.list_physical_devices("GPU"):
        # float32 means float32: no TensorFloat-32 matmuls on the GPUs that have them
        tf.config.experimental.enable_tensor_float_32_execution(False)
        settings["tf.config.experimental.enable_tensor_float_32_execution"] = "False"
    return settings


def device() -> tuple[str, str]:
    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        return "gpu", str(details.get("device_name", gpus[0].name))
    return "cpu", ""


def peak_device_memory() -> int | None:
    if not tf.config.list_physical_devices("GPU"):
        return None
    return int(tf.config.experimental.get_memory_info("GPU:0")["peak"])


def _norm(x: tf.Tensor, g: tf.Variable, b: tf.Variable) -> tf.Tensor:
    mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(variance + 1e-5) * g + b


class Model(tf.Module):
    """One of the workloads as variables and a forward function."""

    def __init__(self, workload: str, d: dict[str, int], values: dict[str, np.ndarray]) -> None:
        super().__init__(name=workload)
        self.workload = workload
        self.d = d
        self.v = {
            name: tf.Variable(value, name=name.replace(".", "_")) for name, value in values.items()
        }

    def __call__(self, x: tf.Tensor) -> tf.Tensor:
        v = self.v
        if self.workload == "mlp":
            h = tf.nn.relu(x @ v["dense1.w"] + v["dense1.b"])
            h = tf.nn.relu(h @ v["dense2.w"] + v["dense2.b"])
            return h @ v["head.w"] + v["head.b"]
        if self.workload == "cnn":
            h = x
            for name in ("conv1", "conv2"):
                h = tf.nn.relu(tf.nn.conv2d(h, v[f"{name}.w"], 1, "SAME") + v[f"{name}.b"])
                h = tf.nn.max_pool2d(h, 2, 2, "VALID")
            return tf.reduce_mean(h, axis=[1, 2]) @ v["head.w"] + v["head.b"]
        d = self.d
        heads, width = d["heads"], d["width"]
        size = width // heads
        h = tf.gather(v["tokens"], x) + v["positions"]
        a = _norm(h, v["norm1.g"], v["norm1.b"])

        def split(t: tf.Tensor) -> tf.Tensor:  # (B, L, width) to (B, heads, L, size)
            return tf.transpose(tf.reshape(t, [-1, d["seq"], heads, size]), [0, 2, 1, 3])

        q, k, val = (split(a @ v[f"attn.{n}.w"] + v[f"attn.{n}.b"]) for n in "qkv")
        scores = tf.matmul(q, k, transpose_b=True) / math.sqrt(size)
        mixed = tf.matmul(tf.nn.softmax(scores, axis=-1), val)
        mixed = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [-1, d["seq"], width])
        h = h + mixed @ v["attn.o.w"] + v["attn.o.b"]
        f = _norm(h, v["norm2.g"], v["norm2.b"])
        h = h + tf.nn.relu(f @ v["ff1.w"] + v["ff1.b"]) @ v["ff2.w"] + v["ff2.b"]
        pooled = tf.reduce_mean(_norm(h, v["norm.g"], v["norm.b"]), axis=1)
        return pooled @ v["head.w"] + v["head.b"]


def _loss(logits: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))


class Trainer:
    def __init__(
        self,
        workload: str,
        size: Size,
        values: dict[str, np.ndarray],
        x: np.ndarray,
        y: np.ndarray,
        options: dict[str, Any],
    ) -> None:
        self.model = Model(workload, getattr(size, workload), values)
        self.parameters = sum(int(np.prod(v.shape)) for v in self.model.trainable_variables)
        self.xs = [tf.constant(batch) for batch in x]
        self.ys = [tf.constant(batch) for batch in y]
        variables = self.model.trainable_variables
        model = self.model

        def step(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
            with tf.GradientTape() as tape:
                loss = _loss(model(x), y)
            for var, grad in zip(variables, tape.gradient(loss, variables), strict=True):
                # the embedding's gradient comes as IndexedSlices; made dense, as PyTorch's
                # and JAX's are
                var.assign_sub(LEARNING_RATE * tf.convert_to_tensor(grad))
            return loss

        mode = options["mode"]
        if mode == "eager":
            self.step = step
        else:
            self.step = tf.function(step, jit_compile=mode == "xla")

    def train(self, steps: int, record: Callable[[float], None]) -> None:
        for step in range(steps):
            loss = self.step(self.xs[step % len(self.xs)], self.ys[step % len(self.ys)])
            record(float(loss.numpy()))

    def loss_on(self, index: int) -> float:
        return float(_loss(self.model(self.xs[index]), self.ys[index]).numpy())


def build(
    workload: str,
    size: Size,
    values: dict[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    options: dict[str, Any],
) -> Trainer:
    return Trainer(workload, size, values, x, y, options)
