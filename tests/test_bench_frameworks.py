"""build-scripts/bench-frameworks, run as a maintainer runs it, at a tiny size, against the
real frameworks of the snippets environment (``tox -e snippets``).

One run trains every workload in every variant (one process per variant, to keep the suite
quick) and must write a results file that mlguide loads; a second run, with one variant's
initial weights perturbed by the harness's test hook, must stop at the first-loss check and
write nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import mlguide
from mlguide.cli import main as cli_main

pytestmark = pytest.mark.snippets

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "build-scripts" / "bench-frameworks"
TIMEOUT = 900
VARIANTS = {
    "tensorflow-eager": "tensorflow",
    "tensorflow-function": "tensorflow",
    "tensorflow-xla": "tensorflow",
    "pytorch-eager": "pytorch",
    "pytorch-compile": "pytorch",
    "jax-jit": "jax",
    "keras-jax": "keras",
    "keras-tensorflow": "keras",
    "keras-torch": "keras",
}
#: Trainable parameters at the tiny size, counted by hand from the architectures:
#: MLP 8-16-16-4: (8*16+16) + (16*16+16) + (16*4+4); CNN: (27*4+4) + (36*8+8) + (8*4+4);
#: transformer (vocab 50, 8 tokens, width 16, feed-forward 32, 4 classes): embeddings 800 +
#: 128, three layer norms 3*32, q/k/v/o 4*(256+16), feed-forward (512+32) + (512+16), head 68.
PARAMETERS = {"mlp": 484, "cnn": 444, "transformer": 3252}


def _run(args: list[str], tmp: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--size", "tiny", "--trials", "1", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=tmp,
        env={
            **os.environ,
            "CUDA_VISIBLE_DEVICES": "",
            "PYTHONPATH": str(REPO),
            "TMPDIR": str(tmp),
            "MLGUIDE_CACHE": "0",
            **env,
        },
    )


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Every variant on every workload, one trial, tiny sizes; (data directory, stderr)."""
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "data"
    done = _run(["--isolate", "variant", "--output", str(out)], tmp)
    assert done.returncode == 0, done.stderr[-3000:]
    return out, done.stderr


def test_tiny_run_records_every_workload_in_every_variant(tiny_run: tuple[Path, str]) -> None:
    """The run writes measurements/tiny-cpu.toml, which mlguide loads: three workloads, nine
    variants (each with the guide's framework), a result for every pair with one positive
    figure per trial, and the parameter counts of the architectures."""
    out, _ = tiny_run
    assert sorted(p.name for p in (out / "measurements").iterdir()) == ["tiny-cpu.toml"]
    run = mlguide.load_uncached([out]).measurement("tiny-cpu")
    assert {v.id: v.framework for v in run.variants} == VARIANTS
    assert {w.id: w.parameters for w in run.workloads} == PARAMETERS
    assert {(r.workload, r.variant) for r in run.results} == {
        (w, v) for w in PARAMETERS for v in VARIANTS
    }
    for result in run.results:
        for figures in (
            result.step_s,
            result.first_step_s,
            result.import_s,
            result.peak_memory_mib,
        ):
            assert len(figures) == 1 and figures[0] > 0
    assert run.run.device == "cpu" and run.run.device_name is None
    assert run.run.trials == 1 and run.run.threads == 1
    assert run.run.settings["OMP_NUM_THREADS"] == "1"
    assert run.run.settings["torch.set_num_threads"] == "1"
    assert run.run.settings["tf.config.threading.intra_op_parallelism_threads"] == "1"


def test_first_losses_agree_and_training_lowers_the_loss(tiny_run: tuple[Path, str]) -> None:
    """The same weights and batches give the same first loss in every variant (within a
    millionth here, well inside the harness's tolerance), and every variant's training ends
    lower than it began on the same batch."""
    run = mlguide.load_uncached([tiny_run[0]]).measurement("tiny-cpu")
    for workload in PARAMETERS:
        losses = [r.first_loss[0] for r in run.results if r.workload == workload]
        assert max(losses) - min(losses) <= 1e-6 * max(losses), (workload, losses)
        for result in run.results_for(workload):
            assert result.final_loss[0] < result.first_loss[0], (workload, result.variant)


def test_the_run_records_the_installed_versions(tiny_run: tuple[Path, str]) -> None:
    """The results name the exact versions installed here (read independently from the
    distributions' metadata), the Python and the Keras backends' settings."""
    run = mlguide.load_uncached([tiny_run[0]]).measurement("tiny-cpu")
    assert run.run.versions == {
        "tensorflow-cpu": metadata.version("tensorflow-cpu"),
        "torch": metadata.version("torch"),
        "jax": metadata.version("jax"),
        "jaxlib": metadata.version("jaxlib"),
        "keras": metadata.version("keras"),
        "optax": metadata.version("optax"),
        "numpy": metadata.version("numpy"),
    }
    assert run.run.python == ".".join(map(str, sys.version_info[:3]))
    assert run.variant("keras-jax").settings == {"jit_compile": "True"}
    # Keras leaves XLA off on a CPU-only TensorFlow, and torch.compile off by default
    assert run.variant("keras-tensorflow").settings == {"jit_compile": "False"}
    assert run.variant("keras-torch").settings == {"jit_compile": "False"}


def test_the_cli_prints_the_recorded_run(
    tiny_run: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``mlguide --data DIR speed`` prints a table per workload with every variant."""
    assert cli_main(["--data", str(tiny_run[0]), "speed", "tiny-cpu"]) == 0
    text = capsys.readouterr().out
    for label in ("TF XLA", "PyTorch compile", "JAX jit", "Keras/PyTorch"):
        assert text.count(f"\n{label} ") == 3, label


def test_a_perturbed_initialisation_stops_the_run(tmp_path: Path) -> None:
    """With the test hook scaling PyTorch's first layer by 1%, the first losses no longer
    agree: the run exits 1 naming pytorch-eager as the model that differs, and writes no
    results file."""
    out = tmp_path / "data"
    done = _run(
        [
            "--variants",
            "jax-jit,pytorch-eager,tensorflow-eager",
            "--workloads",
            "mlp",
            "--output",
            str(out),
        ],
        tmp_path,
        MLGUIDE_BENCH_PERTURB="pytorch-eager",
    )
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("bench-frameworks: mlp: the first loss of 'pytorch-eager' is ")
    assert "(allowed: 1e-04 relative)" in last and last.endswith("nothing written")
    assert not out.exists()
