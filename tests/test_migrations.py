"""Every migration route's example runs, against real TensorFlow, PyTorch, JAX and Keras on
CPU: one test per route, named for it, so a broken route fails by name.

Run with ``tox -e snippets``. Each script carries a model (or its weights) across and asserts
that the outputs agree within the tolerance its route states; a test here passes only when the
script exits 0 and leaves no files behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mlguide
from mlguide.model_migrations import Migration
from tests.snippet_runner import failure_report, files_left, run_snippet

pytestmark = pytest.mark.snippets

GUIDE = mlguide.load_uncached()
#: The guide prints each script whole: short and narrow enough for a page and a phone.
MAX_LINES = 60
MAX_COLUMNS = 88


def run_route(route_id: str, tmp_path: Path) -> None:
    """Run one route's script; it must exit 0 and leave nothing behind."""
    result = run_snippet(GUIDE.migration_script_path(route_id), tmp_path)
    assert result.returncode == 0, failure_report(result)
    assert files_left(tmp_path) == [], "the script left files in its working or temporary folder"


def test_route_tensorflow_to_pytorch(tmp_path: Path) -> None:
    """TensorFlow to PyTorch: the Keras model's weights, moved through safetensors, give the
    same outputs in PyTorch and in its `torch.export` program."""
    run_route("tensorflow-to-pytorch", tmp_path)


def test_route_keras_2_to_3(tmp_path: Path) -> None:
    """Keras 2 to 3: `tf.keras` is Keras 3, a SavedModel runs through `TFSMLayer` (and not
    `load_model`), a legacy `.h5` file loads."""
    run_route("keras-2-to-3", tmp_path)


def test_route_tf1_to_tf2(tmp_path: Path) -> None:
    """TensorFlow 1 to 2: `tf_upgrade_v2`'s output runs in a session and agrees with the
    `tf.function` version."""
    run_route("tf1-to-tf2", tmp_path)


def test_route_weights_across_frameworks(tmp_path: Path) -> None:
    """Weights across frameworks: PyTorch's weights reproduce its outputs in JAX, in Keras 3,
    through ONNX and through a `.keras` archive reloaded on another backend."""
    run_route("weights-across-frameworks", tmp_path)


@pytest.mark.parametrize(
    ("route_id", "right", "wrong", "error"),
    [
        # the same architecture with another activation: the outputs must disagree
        ("tensorflow-to-pytorch", "torch.nn.Tanh()", "torch.nn.ReLU()", "Not equal to tolerance"),
        # a weight left untransposed: Keras refuses the shape
        (
            "weights-across-frameworks",
            'w["2.weight"].T, w["2.bias"]])',
            'w["2.weight"], w["2.bias"]])',
            "ValueError",
        ),
    ],
    ids=["activation", "transpose"],
)
def test_a_broken_route_fails(
    route_id: str, right: str, wrong: str, error: str, tmp_path: Path
) -> None:
    """A route whose two sides no longer match fails its run: the checks can fail."""
    code = GUIDE.migration_script(route_id)
    assert code.count(right) == 1, "the line this test breaks moved: update this test"
    broken = tmp_path / "broken.py"
    broken.write_text(code.replace(right, wrong), encoding="utf-8")

    result = run_snippet(broken, tmp_path)

    assert result.returncode == 1
    assert error in result.stderr


@pytest.mark.parametrize("route", GUIDE.migrations, ids=lambda r: r.id)
def test_route_script_is_printable_and_states_its_tolerance(route: Migration) -> None:
    """Short and narrow enough for the page; every comparison it makes, and the route's text,
    name the tolerance."""
    code = GUIDE.migration_script(route.id)
    lines = code.splitlines()
    assert len(lines) <= MAX_LINES
    assert [n for n, line in enumerate(lines, 1) if len(line) > MAX_COLUMNS] == []
    assert "assert" in code
    for call in re.findall(r"assert_allclose\(.*", code):
        assert "rtol=" in call, f"a comparison without a stated tolerance: {call}"
    assert "tolerance" in route.example_proves
