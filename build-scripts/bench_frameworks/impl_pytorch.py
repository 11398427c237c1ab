"""The workloads in PyTorch, written the usual way: ``nn`` modules (``TransformerEncoderLayer``
for the encoder block), NCHW images, ``F.cross_entropy``, ``torch.optim.SGD``, a plain Python
loop; with ``compile``, the model goes through ``torch.compile`` (default mode, Inductor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from bench_frameworks.spec import LEARNING_RATE, Size

__all__ = ["build", "configure", "device", "peak_device_memory", "version"]


def version() -> str:
    return torch.__version__


def configure(threads: int) -> dict[str, str]:
    """Set the thread counts and, on a GPU, full float32 matmuls and convolutions;
    returns what was set (recorded with the run)."""
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    settings = {
        "torch.set_num_threads": str(threads),
        "torch.set_num_interop_threads": "1",
    }
    if torch.cuda.is_available():
        # float32 means float32: cuDNN convolutions may use TensorFloat-32 by default
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        settings["torch.backends.cudnn.allow_tf32"] = "False"
        settings["torch.backends.cuda.matmul.allow_tf32"] = "False"
    return settings


def device() -> tuple[str, str]:
    """``("gpu", name)`` when CUDA is there, else ``("cpu", "")``."""
    if torch.cuda.is_available():
        return "gpu", torch.cuda.get_device_name(0)
    return "cpu", ""


def peak_device_memory() -> int | None:
    """Peak bytes allocated on the GPU, or ``None`` on a CPU."""
    return int(torch.cuda.max_memory_allocated()) if torch.cuda.is_available() else None


def _linear(layer: nn.Linear, w: np.ndarray, b: np.ndarray) -> None:
    layer.weight.copy_(torch.from_numpy(w.T.copy()))
    layer.bias.copy_(torch.from_numpy(b))


def _norm(layer: nn.LayerNorm, g: np.ndarray, b: np.ndarray) -> None:
    layer.weight.copy_(torch.from_numpy(g))
    layer.bias.copy_(torch.from_numpy(b))


class _Encoder(nn.Module):
    """Embeddings, one pre-norm encoder block, final norm, mean over tokens, classifier."""

    def __init__(self, d: dict[str, int]) -> None:
        super().__init__()
        self.tokens = nn.Embedding(d["vocab"], d["width"])
        self.positions = nn.Parameter(torch.zeros(d["seq"], d["width"]))
        self.block = nn.TransformerEncoderLayer(
            d["width"],
            d["heads"],
            dim_feedforward=d["ff"],
            dropout=0.0,
            activation="relu",
            layer_norm_eps=1e-5,
            batch_first=True,
            norm_first=True,
        )
        self.norm = nn.LayerNorm(d["width"], eps=1e-5)
        self.head = nn.Linear(d["width"], d["classes"])

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        h = self.tokens(tokens) + self.positions
        h = self.block(h)
        return self.head(self.norm(h).mean(dim=1))  # type: ignore[no-any-return]


def _model(workload: str, d: dict[str, int], w: dict[str, np.ndarray]) -> nn.Module:
    model: nn.Module
    with torch.no_grad():
        if workload == "mlp":
            model = nn.Sequential(
                nn.Linear(d["features"], d["hidden"]),
                nn.ReLU(),
                nn.Linear(d["hidden"], d["hidden"]),
                nn.ReLU(),
                nn.Linear(d["hidden"], d["classes"]),
            )
            for index, name in ((0, "dense1"), (2, "dense2"), (4, "head")):
                _linear(model[index], w[f"{name}.w"], w[f"{name}.b"])
        elif workload == "cnn":
            model = nn.Sequential(
                nn.Conv2d(3, d["channels1"], 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
                nn.Conv2d(d["channels1"], d["channels2"], 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
                nn.AdaptiveAvgPool2d(1),
                nn.Flatten(),
                nn.Linear(d["channels2"], d["classes"]),
            )
            for index, name in ((0, "conv1"), (3, "conv2")):
                # HWIO to PyTorch's OIHW
                model[index].weight.copy_(torch.from_numpy(w[f"{name}.w"].transpose(3, 2, 0, 1)))
                model[index].bias.copy_(torch.from_numpy(w[f"{name}.b"]))
            _linear(model[8], w["head.w"], w["head.b"])
        else:
            model = _Encoder(d)
            model.tokens.weight.copy_(torch.from_numpy(w["tokens"]))
            model.positions.copy_(torch.from_numpy(w["positions"]))
            attn = model.block.self_attn
            attn.in_proj_weight.copy_(
                torch.from_numpy(np.concatenate([w[f"attn.{n}.w"].T for n in "qkv"]))
            )
            attn.in_proj_bias.copy_(
                torch.from_numpy(np.concatenate([w[f"attn.{n}.b"] for n in "qkv"]))
            )
            _linear(attn.out_proj, w["attn.o.w"], w["attn.o.b"])
            _linear(model.block.linear1, w["ff1.w"], w["ff1.b"])
            _linear(model.block.linear2, w["ff2.w"], w["ff2.b"])
            _norm(model.block.norm1, w["norm1.g"], w["norm1.b"])
            _norm(model.block.norm2, w["norm2.g"], w["norm2.b"])
            _norm(model.norm, w["norm.g"], w["norm.b"])
            _linear(model.head, w["head.w"], w["head.b"])
    return model


class Trainer:
    """A model, its optimizer and its batches, ready to train."""

    def __init__(
        self,
        workload: str,
        size: Size,
        values: dict[str, np.ndarray],
        x: np.ndarray,
        y: np.ndarray,
        options: dict[str, Any],
    ) -> None:
        where = "cuda" if torch.cuda.is_available() else "cpu"
        d = getattr(size, workload)
        model = _model(workload, d, values).to(where)
        self.parameters = sum(p.numel() for p in model.parameters())
        if workload == "cnn":
            x = x.transpose(0, 1, 4, 2, 3)  # NHWC to PyTorch's NCHW
        self.xs = [torch.from_numpy(np.ascontiguousarray(batch)).to(where) for batch in x]
        self.ys = [torch.from_numpy(batch.astype(np.int64)).to(where) for batch in y]
        self.optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
        self.eager = model
        self.model = torch.compile(model) if options.get("compile") else model

    def train(self, steps: int, record: Callable[[float], None]) -> None:
        model, optimizer = self.model, self.optimizer
        model.train()
        for step in range(steps):
            x, y = self.xs[step % len(self.xs)], self.ys[step % len(self.ys)]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            record(loss.item())

    def loss_on(self, index: int) -> float:
        with torch.no_grad():
            return float(F.cross_entropy(self.eager(self.xs[index]), self.ys[index]).item())


def build(
    workload: str,
    size: Size,
    values: dict[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    options: dict[str, Any],
) -> Trainer:
    return Trainer(workload, size, values, x, y, options)
