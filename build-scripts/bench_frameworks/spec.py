"""The workloads and variants: one definition, in NumPy, that every framework loads.

Each workload is an architecture with its sizes, its initial weights and its synthetic data,
generated here once from fixed seeds. Weights use one convention (a dense layer computes
``x @ W + b``; images are NHWC and convolution kernels HWIO); each framework's module converts
them to its own layout (PyTorch's ``(out, in)`` linear weights and NCHW images, Keras's
per-head attention kernels). Because every framework starts from the same numbers and sees
the same batches, the loss of the first step is the same everywhere up to rounding, which the
harness checks: it proves the models are the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # NumPy is imported where weights and data are made (the parent needs none)
    import numpy as np

__all__ = [
    "LEARNING_RATE",
    "SIZES",
    "VARIANTS",
    "WORKLOADS",
    "Size",
    "Variant",
    "Workload",
    "batches",
    "parameter_count",
    "weights",
]

#: Plain stochastic gradient descent, the same learning rate everywhere.
LEARNING_RATE = 0.01
#: Distinct batches generated per workload; step ``i`` trains on batch ``i % BATCHES``.
BATCHES = 8
#: Base seed; each workload's weights and data derive their own from it.
SEED = 20261207


@dataclass(frozen=True)
class Size:
    """How big each workload is, and how many steps a trial runs."""

    name: str
    mlp: dict[str, int]
    cnn: dict[str, int]
    transformer: dict[str, int]
    warmup_steps: int
    timed_steps: int


SIZES: dict[str, Size] = {
    # what the guide records: small models that a laptop CPU trains in milliseconds a step
    "reference": Size(
        name="reference",
        mlp={"batch": 128, "features": 64, "hidden": 256, "classes": 10},
        cnn={"batch": 32, "image": 32, "channels1": 32, "channels2": 64, "classes": 10},
        transformer={
            "batch": 32,
            "seq": 64,
            "vocab": 1000,
            "width": 128,
            "heads": 4,
            "ff": 512,
            "classes": 10,
        },
        warmup_steps=10,
        timed_steps=40,
    ),
    # what the tests run: every code path, in seconds
    "tiny": Size(
        name="tiny",
        mlp={"batch": 4, "features": 8, "hidden": 16, "classes": 4},
        cnn={"batch": 2, "image": 8, "channels1": 4, "channels2": 8, "classes": 4},
        transformer={
            "batch": 2,
            "seq": 8,
            "vocab": 50,
            "width": 16,
            "heads": 2,
            "ff": 32,
            "classes": 4,
        },
        warmup_steps=1,
        timed_steps=3,
    ),
}


@dataclass(frozen=True)
class Workload:
    """An architecture trained on synthetic data: what the results file says of it."""

    id: str
    name: str
    """What it is, without its sizes (the title adds them)."""

    def title(self, size: Size) -> str:
        """The heading: ``"Small CNN on 32x32 images"``."""
        if self.id == "cnn":
            image = self.dims(size)["image"]
            return f"{self.name} on {image}x{image} images"
        return self.name

    def dims(self, size: Size) -> dict[str, int]:
        """This workload's sizes in ``size``."""
        dims: dict[str, int] = getattr(size, self.id.replace("-", "_"))
        return dims

    def model(self, size: Size) -> str:
        """The architecture in words, with its sizes."""
        d = self.dims(size)
        if self.id == "mlp":
            return (
                f"dense {d['features']} to {d['hidden']}, ReLU, dense to {d['hidden']}, ReLU, "
                f"dense to {d['classes']} classes"
            )
        if self.id == "cnn":
            return (
                f"conv 3x3 to {d['channels1']} channels, ReLU, max-pool 2; conv 3x3 to "
                f"{d['channels2']}, ReLU, max-pool 2; global average pool; dense to "
                f"{d['classes']} classes"
            )
        return (
            f"token and position embeddings of width {d['width']}; one pre-norm encoder block "
            f"({d['heads']}-head self-attention, feed-forward {d['ff']} with ReLU, "
            f"layer norms); final layer norm, mean over tokens, dense to {d['classes']} classes"
        )

    def data(self, size: Size) -> str:
        """The synthetic input in words, with its sizes."""
        d = self.dims(size)
        if self.id == "mlp":
            return f"{d['features']} standard-normal features, labels from a fixed projection"
        if self.id == "cnn":
            return (
                f"{d['image']}x{d['image']} RGB images of standard-normal pixels, labels from a "
                "fixed projection"
            )
        return (
            f"sequences of {d['seq']} tokens from a vocabulary of {d['vocab']}, label the first "
            f"token modulo {d['classes']}"
        )


WORKLOADS: tuple[Workload, ...] = (
    Workload(id="mlp", name="MLP on tabular data"),
    Workload(id="cnn", name="Small CNN"),
    Workload(id="transformer", name="Transformer encoder block on tokens"),
)


@dataclass(frozen=True)
class Variant:
    """One way of training in one framework: what runs, and what the guide calls it."""

    id: str
    framework: str
    """The guide's framework id."""
    module: str
    """The module under ``bench_frameworks`` that implements it."""
    label: str
    """Short name for the chart (fits a phone)."""
    how: str
    """What the variant does, in words."""
    options: dict[str, Any] = field(default_factory=dict)


VARIANTS: tuple[Variant, ...] = (
    Variant(
        id="tensorflow-eager",
        framework="tensorflow",
        module="impl_tensorflow",
        label="TF eager",
        how="TensorFlow, eager: a GradientTape step as plain Python, no tf.function",
        options={"mode": "eager"},
    ),
    Variant(
        id="tensorflow-function",
        framework="tensorflow",
        module="impl_tensorflow",
        label="TF function",
        how="TensorFlow: the step in tf.function (a traced graph)",
        options={"mode": "function"},
    ),
    Variant(
        id="tensorflow-xla",
        framework="tensorflow",
        module="impl_tensorflow",
        label="TF XLA",
        how="TensorFlow: the step in tf.function(jit_compile=True) (compiled by XLA)",
        options={"mode": "xla"},
    ),
    Variant(
        id="pytorch-eager",
        framework="pytorch",
        module="impl_pytorch",
        label="PyTorch eager",
        how="PyTorch, eager: nn.Module, backward(), torch.optim.SGD",
        options={"compile": False},
    ),
    Variant(
        id="pytorch-compile",
        framework="pytorch",
        module="impl_pytorch",
        label="PyTorch compile",
        how="PyTorch: the same with the model in torch.compile (default mode, Inductor)",
        options={"compile": True},
    ),
    Variant(
        id="jax-jit",
        framework="jax",
        module="impl_jax",
        label="JAX jit",
        how="JAX: pure functions, jax.value_and_grad, optax.sgd, the step in jax.jit",
    ),
    Variant(
        id="keras-jax",
        framework="keras",
        module="impl_keras",
        label="Keras/JAX",
        how="Keras 3 on JAX: model.compile() with defaults, model.fit() on NumPy arrays",
        options={"backend": "jax"},
    ),
    Variant(
        id="keras-tensorflow",
        framework="keras",
        module="impl_keras",
        label="Keras/TF",
        how="Keras 3 on TensorFlow: model.compile() with defaults, model.fit() on NumPy arrays",
        options={"backend": "tensorflow"},
    ),
    Variant(
        id="keras-torch",
        framework="keras",
        module="impl_keras",
        label="Keras/PyTorch",
        how="Keras 3 on PyTorch: model.compile() with defaults, model.fit() on NumPy arrays",
        options={"backend": "torch"},
    ),
)


def _seed(workload: str, purpose: str) -> np.random.Generator:
    """A generator of its own for each workload and purpose (weights, data, labels)."""
    import numpy as np

    salt = sum(ord(c) * 31**i for i, c in enumerate(f"{workload}/{purpose}")) % 2**31
    return np.random.default_rng([SEED, salt])


def _dense(rng: np.random.Generator, fan_in: int, fan_out: int) -> tuple[np.ndarray, np.ndarray]:
    """He-normal weights and small non-zero biases (so a bias loaded wrongly shows in the
    first loss)."""
    import numpy as np

    w = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out))
    b = rng.normal(0.0, 0.05, (fan_out,))
    return w.astype(np.float32), b.astype(np.float32)


def _norm(rng: np.random.Generator, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Layer-norm scale near 1 and shift near 0, not exactly (a swapped norm shows)."""
    import numpy as np

    gamma = 1.0 + rng.normal(0.0, 0.1, (width,))
    beta = rng.normal(0.0, 0.1, (width,))
    return gamma.astype(np.float32), beta.astype(np.float32)


def weights(workload: str, size: Size) -> dict[str, np.ndarray]:
    """The initial weights of a workload, by name, in the shared convention (float32)."""
    import numpy as np

    d = getattr(size, workload)
    rng = _seed(workload, "weights")
    out: dict[str, np.ndarray] = {}
    if workload == "mlp":
        out["dense1.w"], out["dense1.b"] = _dense(rng, d["features"], d["hidden"])
        out["dense2.w"], out["dense2.b"] = _dense(rng, d["hidden"], d["hidden"])
        out["head.w"], out["head.b"] = _dense(rng, d["hidden"], d["classes"])
    elif workload == "cnn":
        for name, cin, cout in (
            ("conv1", 3, d["channels1"]),
            ("conv2", d["channels1"], d["channels2"]),
        ):
            fan_in = 9 * cin
            out[f"{name}.w"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), (3, 3, cin, cout)).astype(
                np.float32
            )
            out[f"{name}.b"] = rng.normal(0.0, 0.05, (cout,)).astype(np.float32)
        out["head.w"], out["head.b"] = _dense(rng, d["channels2"], d["classes"])
    elif workload == "transformer":
        width = d["width"]
        out["tokens"] = rng.normal(0.0, 1.0, (d["vocab"], width)).astype(np.float32)
        out["positions"] = rng.normal(0.0, 0.5, (d["seq"], width)).astype(np.float32)
        out["norm1.g"], out["norm1.b"] = _norm(rng, width)
        for name in ("q", "k", "v", "o"):
            w, b = _dense(rng, width, width)
            out[f"attn.{name}.w"], out[f"attn.{name}.b"] = w * np.float32(0.5), b
        out["norm2.g"], out["norm2.b"] = _norm(rng, width)
        out["ff1.w"], out["ff1.b"] = _dense(rng, width, d["ff"])
        out["ff2.w"], out["ff2.b"] = _dense(rng, d["ff"], width)
        out["norm.g"], out["norm.b"] = _norm(rng, width)
        out["head.w"], out["head.b"] = _dense(rng, width, d["classes"])
    else:
        raise KeyError(workload)
    return out


def parameter_count(workload: str, size: Size) -> int:
    """Trainable parameters of a workload (every framework's model must have as many)."""
    return sum(int(w.size) for w in weights(workload, size).values())


def batches(workload: str, size: Size) -> tuple[np.ndarray, np.ndarray]:
    """``BATCHES`` batches of inputs and integer labels: ``(BATCHES, batch, ...)`` each."""
    import numpy as np

    d = getattr(size, workload)
    rng = _seed(workload, "data")
    n, b = BATCHES, d["batch"]
    if workload == "mlp":
        x = rng.normal(0.0, 1.0, (n, b, d["features"])).astype(np.float32)
        teacher = _seed(workload, "labels").normal(0.0, 1.0, (d["features"], d["classes"]))
        y = np.argmax(x @ teacher, axis=-1)
    elif workload == "cnn":
        x = rng.normal(0.0, 1.0, (n, b, d["image"], d["image"], 3)).astype(np.float32)
        teacher = _seed(workload, "labels").normal(0.0, 1.0, (d["image"] ** 2 * 3, d["classes"]))
        y = np.argmax(x.reshape(n, b, -1) @ teacher, axis=-1)
    elif workload == "transformer":
        x = rng.integers(0, d["vocab"], (n, b, d["seq"]), dtype=np.int32)
        y = x[:, :, 0] % d["classes"]
    else:
        raise KeyError(workload)
    return x, y.astype(np.int32)


def perturbed(values: dict[str, np.ndarray], factor: float) -> dict[str, np.ndarray]:
    """The weights with the first array scaled by ``factor`` (the test hook that proves the
    first-loss check catches a framework whose initialisation differs)."""
    import numpy as np

    first = next(iter(values))
    return {**values, first: (values[first] * np.float32(factor)).astype(np.float32)}
