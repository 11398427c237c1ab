"""The workloads in Keras 3, written the usual way: ``keras.Sequential`` or the functional API
with built-in layers (``MultiHeadAttention`` for the encoder block), ``model.compile()`` with
SGD and sparse categorical cross-entropy and its defaults otherwise (``jit_compile="auto"``),
and ``model.fit()`` on NumPy arrays. The backend comes from ``KERAS_BACKEND``, which the
harness sets before the import."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import keras
import numpy as np
from keras import layers

from bench_frameworks.spec import LEARNING_RATE, Size

__all__ = ["build", "configure", "device", "peak_device_memory", "version"]

#: The harness's module for each Keras backend (thread settings, device, memory).
_BACKEND_MODULES = {"jax": "impl_jax", "tensorflow": "impl_tensorflow", "torch": "impl_pytorch"}


def _backend() -> ModuleType:
    return importlib.import_module(f"bench_frameworks.{_BACKEND_MODULES[keras.backend.backend()]}")


def version() -> str:
    return keras.__version__


def configure(threads: int) -> dict[str, str]:
    return dict(_backend().configure(threads))


def device() -> tuple[str, str]:
    return tuple(_backend().device())  # type: ignore[return-value]


def peak_device_memory() -> int | None:
    return _backend().peak_device_memory()  # type: ignore[no-any-return]


class AddPositions(layers.Layer):  # type: ignore[misc]
    """Adds a learned position embedding (Keras has no built-in layer for it)."""

    def __init__(self, seq: int, width: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seq, self.width = seq, width

    def build(self, input_shape: Any) -> None:
        self.positions = self.add_weight(
            shape=(self.seq, self.width), initializer="zeros", name="positions"
        )

    def call(self, x: Any) -> Any:
        return x + self.positions


def _model(workload: str, d: dict[str, int], w: dict[str, np.ndarray]) -> keras.Model:
    if workload == "mlp":
        model = keras.Sequential(
            [
                keras.Input((d["features"],)),
                layers.Dense(d["hidden"], activation="relu", name="dense1"),
                layers.Dense(d["hidden"], activation="relu", name="dense2"),
                layers.Dense(d["classes"], name="head"),
            ]
        )
        for name in ("dense1", "dense2", "head"):
            model.get_layer(name).set_weights([w[f"{name}.w"], w[f"{name}.b"]])
        return model
    if workload == "cnn":
        model = keras.Sequential(
            [
                keras.Input((d["image"], d["image"], 3)),
                layers.Conv2D(d["channels1"], 3, padding="same", activation="relu", name="conv1"),
                layers.MaxPooling2D(2),
                layers.Conv2D(d["channels2"], 3, padding="same", activation="relu", name="conv2"),
                layers.MaxPooling2D(2),
                layers.GlobalAveragePooling2D(),
                layers.Dense(d["classes"], name="head"),
            ]
        )
        for name in ("conv1", "conv2", "head"):
            model.get_layer(name).set_weights([w[f"{name}.w"], w[f"{name}.b"]])
        return model
    width, heads = d["width"], d["heads"]
    size = width // heads
    tokens = keras.Input((d["seq"],), dtype="int32")
    h = layers.Embedding(d["vocab"], width, name="tokens")(tokens)
    h = AddPositions(d["seq"], width, name="positions")(h)
    a = layers.LayerNormalization(epsilon=1e-5, name="norm1")(h)
    a = layers.MultiHeadAttention(heads, key_dim=size, name="attn")(a, a)
    h = layers.Add()([h, a])
    f = layers.LayerNormalization(epsilon=1e-5, name="norm2")(h)
    f = layers.Dense(d["ff"], activation="relu", name="ff1")(f)
    f = layers.Dense(width, name="ff2")(f)
    h = layers.Add()([h, f])
    h = layers.LayerNormalization(epsilon=1e-5, name="norm")(h)
    h = layers.GlobalAveragePooling1D()(h)
    model = keras.Model(tokens, layers.Dense(d["classes"], name="head")(h))
    model.get_layer("tokens").set_weights([w["tokens"]])
    model.get_layer("positions").set_weights([w["positions"]])
    # MultiHeadAttention keeps per-head kernels: (width, heads, size) in, (heads, size, width) out
    attention = []
    for n in "qkv":
        attention += [
            w[f"attn.{n}.w"].reshape(width, heads, size),
            w[f"attn.{n}.b"].reshape(heads, size),
        ]
    attention += [w["attn.o.w"].reshape(heads, size, width), w["attn.o.b"]]
    model.get_layer("attn").set_weights(attention)
    for name in ("norm1", "norm2", "norm"):
        model.get_layer(name).set_weights([w[f"{name}.g"], w[f"{name}.b"]])
    for name in ("ff1", "ff2", "head"):
        model.get_layer(name).set_weights([w[f"{name}.w"], w[f"{name}.b"]])
    return model


class _Record(keras.callbacks.Callback):  # type: ignore[misc]
    """Hands the loss to the harness at the end of each batch."""

    def __init__(self, record: Callable[[float], None]) -> None:
        super().__init__()
        self.record = record

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        # logs["loss"] is the mean over the epoch so far: exactly the first batch's loss on
        # the first call (the harness checks the first loss; it reads the final one itself)
        self.record(float((logs or {})["loss"]))


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
        if keras.backend.backend() != options["backend"]:
            raise RuntimeError(
                f"KERAS_BACKEND is {keras.backend.backend()!r}, expected {options['backend']!r}"
            )
        self.batch = x.shape[1]
        self.x, self.y = x, y
        self.model = _model(workload, getattr(size, workload), values)
        self.parameters = sum(int(np.prod(v.shape)) for v in self.model.trainable_weights)
        self.loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.model.compile(
            optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss=self.loss
        )
        self.settings = {"jit_compile": str(self.model.jit_compile)}

    def train(self, steps: int, record: Callable[[float], None]) -> None:
        cycle = [i % len(self.x) for i in range(steps)]
        x = np.concatenate([self.x[i] for i in cycle])
        y = np.concatenate([self.y[i] for i in cycle])
        self.model.fit(
            x,
            y,
            batch_size=self.batch,
            epochs=1,
            shuffle=False,
            verbose=0,
            callbacks=[_Record(record)],
        )

    def loss_on(self, index: int) -> float:
        logits = self.model(self.x[index], training=False)
        return float(keras.ops.convert_to_numpy(self.loss(self.y[index], logits)))


def build(
    workload: str,
    size: Size,
    values: dict[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    options: dict[str, Any],
) -> Trainer:
    return Trainer(workload, size, values, x, y, options)
