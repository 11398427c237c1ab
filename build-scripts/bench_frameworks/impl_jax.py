"""The workloads in JAX, written the usual way: parameters as a dict of arrays, pure forward
functions (``jax.lax`` convolution and pooling, NHWC), ``optax`` cross-entropy and SGD, and
the whole step (gradients and update) in ``jax.jit`` with the parameters donated."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from bench_frameworks.spec import LEARNING_RATE, Size

__all__ = ["build", "configure", "device", "peak_device_memory", "version"]


def version() -> str:
    return jax.__version__


def configure(threads: int) -> dict[str, str]:
    """JAX takes its CPU threads from XLA_FLAGS and the CPU affinity (set by the harness
    before the import); on a GPU, matmuls in full float32 (JAX's default precision there is
    lower); returns what was set."""
    if jax.devices()[0].platform == "gpu":
        jax.config.update("jax_default_matmul_precision", "highest")
        return {"jax_default_matmul_precision": "highest"}
    return {}


def device() -> tuple[str, str]:
    first = jax.devices()[0]
    if first.platform == "gpu":
        return "gpu", str(first.device_kind)
    return "cpu", ""


def peak_device_memory() -> int | None:
    first = jax.devices()[0]
    if first.platform != "gpu":
        return None
    stats = first.memory_stats() or {}
    peak = stats.get("peak_bytes_in_use")
    return int(peak) if peak is not None else None


def _norm(x: jax.Array, g: jax.Array, b: jax.Array) -> jax.Array:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) * jax.lax.rsqrt(variance + 1e-5) * g + b


def _forward(workload: str, d: dict[str, int]) -> Callable[[dict[str, jax.Array], Any], Any]:
    def mlp(p: dict[str, jax.Array], x: jax.Array) -> jax.Array:
        h = jax.nn.relu(x @ p["dense1.w"] + p["dense1.b"])
        h = jax.nn.relu(h @ p["dense2.w"] + p["dense2.b"])
        return h @ p["head.w"] + p["head.b"]

    def cnn(p: dict[str, jax.Array], x: jax.Array) -> jax.Array:
        h = x
        for name in ("conv1", "conv2"):
            h = jax.lax.conv_general_dilated(
                h, p[f"{name}.w"], (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC")
            )
            h = jax.nn.relu(h + p[f"{name}.b"])
            h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        return h.mean(axis=(1, 2)) @ p["head.w"] + p["head.b"]

    def transformer(p: dict[str, jax.Array], x: jax.Array) -> jax.Array:
        heads, width = d["heads"], d["width"]
        size = width // heads
        h = p["tokens"][x] + p["positions"]
        a = _norm(h, p["norm1.g"], p["norm1.b"])

        def split(t: jax.Array) -> jax.Array:  # (B, L, width) to (B, heads, L, size)
            return t.reshape(t.shape[0], t.shape[1], heads, size).transpose(0, 2, 1, 3)

        q, k, v = (split(a @ p[f"attn.{n}.w"] + p[f"attn.{n}.b"]) for n in "qkv")
        weights = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(size), axis=-1)
        mixed = (weights @ v).transpose(0, 2, 1, 3).reshape(h.shape)
        h = h + mixed @ p["attn.o.w"] + p["attn.o.b"]
        f = _norm(h, p["norm2.g"], p["norm2.b"])
        h = h + jax.nn.relu(f @ p["ff1.w"] + p["ff1.b"]) @ p["ff2.w"] + p["ff2.b"]
        pooled = _norm(h, p["norm.g"], p["norm.b"]).mean(axis=1)
        return pooled @ p["head.w"] + p["head.b"]

    return {"mlp": mlp, "cnn": cnn, "transformer": transformer}[workload]


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
        forward = _forward(workload, getattr(size, workload))
        self.params = {name: jnp.asarray(value) for name, value in values.items()}
        self.parameters = sum(int(v.size) for v in self.params.values())
        self.xs = [jnp.asarray(batch) for batch in x]
        self.ys = [jnp.asarray(batch) for batch in y]
        optimizer = optax.sgd(LEARNING_RATE)
        self.opt_state = optimizer.init(self.params)

        def loss_fn(params: dict[str, jax.Array], x: jax.Array, y: jax.Array) -> jax.Array:
            logits = forward(params, x)
            return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()

        def step(params: Any, opt_state: Any, x: jax.Array, y: jax.Array) -> Any:
            loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
            updates, opt_state = optimizer.update(grads, opt_state, params)
            return optax.apply_updates(params, updates), opt_state, loss

        self.step = jax.jit(step, donate_argnums=(0, 1))
        self.loss_fn = jax.jit(loss_fn)

    def train(self, steps: int, record: Callable[[float], None]) -> None:
        for step in range(steps):
            self.params, self.opt_state, loss = self.step(
                self.params,
                self.opt_state,
                self.xs[step % len(self.xs)],
                self.ys[step % len(self.ys)],
            )
            record(float(loss))

    def loss_on(self, index: int) -> float:
        return float(self.loss_fn(self.params, self.xs[index], self.ys[index]))


def build(
    workload: str,
    size: Size,
    values: dict[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    options: dict[str, Any],
) -> Trainer:
    return Trainer(workload, size, values, x, y, options)
