"""Every code example runs, against real TensorFlow, PyTorch, JAX and Keras, on CPU.

Run with ``tox -e snippets``. Each snippet runs in a fresh interpreter and checks its own
result with ``assert`` statements, so a test here passes only when the snippet exits 0.
"""

from __future__ import annotations

import ast
import datetime as dt
import tomllib
from pathlib import Path

import pytest

import mlguide
from mlguide import examples_meta
from tests.snippet_runner import failure_report, files_left, run_snippet

pytestmark = pytest.mark.snippets

GUIDE = mlguide.load_uncached()
#: The exact version of every package in this environment (tox.ini installs from it).
PINS = Path(__file__).parent / "snippets-constraints.txt"
SNIPPETS = [
    pytest.param(example.id, snippet.framework, id=f"{example.id}-{snippet.framework}")
    for example in GUIDE.examples
    for snippet in example.snippets
]
#: Every example has these; Keras 3 only where it adds something.
REQUIRED_FRAMEWORKS = {"tensorflow", "pytorch", "jax"}
#: The guide and the PDF print snippets whole: keep them short and narrow.
MAX_LINES = 40
MAX_COLUMNS = 88


@pytest.mark.parametrize(("example_id", "framework"), SNIPPETS)
def test_snippet_runs(example_id: str, framework: str, tmp_path: Path) -> None:
    """The snippet exits 0 (its assertions hold) and leaves no files behind."""
    result = run_snippet(GUIDE.snippet_path(example_id, framework), tmp_path)
    assert result.returncode == 0, failure_report(result)
    assert files_left(tmp_path) == [], (
        "the snippet left files in its working or temporary directory"
    )


@pytest.mark.parametrize("framework", sorted(REQUIRED_FRAMEWORKS))
def test_a_broken_snippet_fails(framework: str, tmp_path: Path) -> None:
    """The runner reports a failed assertion: these tests can fail."""
    code = GUIDE.snippet_code("tensors-autodiff", framework)
    right = "[[-18.0], [-26.0]]"
    assert right in code, "the expected gradient moved: update this test"
    broken = tmp_path / f"{framework}.py"
    broken.write_text(code.replace(right, "[[-18.0], [-25.0]]"), encoding="utf-8")

    result = run_snippet(broken, tmp_path)

    assert result.returncode == 1
    assert "AssertionError" in result.stderr
    assert "Mismatch" in result.stderr or "Not equal" in result.stderr


def test_the_runner_reports_an_exception(tmp_path: Path) -> None:
    """A snippet that raises exits 1 with the exception on stderr."""
    broken = tmp_path / "snippet.py"
    broken.write_text("import torch\n\ntorch.zeros(2) @ torch.zeros(3)\n", encoding="utf-8")
    result = run_snippet(broken, tmp_path)
    assert result.returncode == 1
    assert "RuntimeError" in result.stderr


@pytest.mark.parametrize("example", GUIDE.examples, ids=lambda e: e.id)
def test_every_example_has_tensorflow_pytorch_and_jax(example: mlguide.Example) -> None:
    """Each example has a snippet for TensorFlow, PyTorch and JAX, and one per framework."""
    frameworks = [s.framework for s in example.snippets]
    missing = REQUIRED_FRAMEWORKS - set(frameworks)
    assert not missing, f"no snippet for {', '.join(sorted(missing))}"
    assert len(frameworks) == len(set(frameworks)), "a framework has two snippets"


def test_every_snippet_file_is_listed() -> None:
    """No snippet file lies in examples/ unused (and so untested): each belongs to an example
    or is a migration route's script (tests/test_migrations.py runs those)."""
    folder = mlguide.PACKAGE_DATA / "examples"
    listed = {GUIDE.snippet_path(e.id, s.framework) for e in GUIDE.examples for s in e.snippets}
    routes = {GUIDE.migration_script_path(m.id) for m in GUIDE.migrations}
    assert listed.isdisjoint(routes)
    assert set(folder.rglob("*.py")) == listed | routes


def _is_check(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assert):
        return True
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and "assert" in ast.unparse(node.value.func)  # np.testing.assert_allclose & co.
    )


@pytest.mark.parametrize(("example_id", "framework"), SNIPPETS)
def test_snippet_is_printable_and_checks_itself(example_id: str, framework: str) -> None:
    """Short and narrow enough for the page, and ends with assertions on its result."""
    code = GUIDE.snippet_code(example_id, framework)
    lines = code.splitlines()
    assert len(lines) <= MAX_LINES
    wide = [n for n, line in enumerate(lines, 1) if len(line) > MAX_COLUMNS]
    assert wide == [], f"lines wider than {MAX_COLUMNS} columns: {wide}"
    tree = ast.parse(code)
    last = tree.body[-1]
    while isinstance(last, (ast.If, ast.With)):  # e.g. if __name__ == "__main__":
        last = last.body[-1]
    assert _is_check(last), "a snippet ends by checking its own result"
    assert sum(_is_check(node) for node in ast.walk(tree) if isinstance(node, ast.stmt)) >= 2


def test_verified_with_matches_this_environment() -> None:
    """verified-with.toml records the versions the snippets run against here."""
    with examples_meta.VERIFIED_WITH.open("rb") as file:
        recorded = tomllib.load(file)
    installed = examples_meta.installed_versions()
    differences = [
        f"{table}.{name}: recorded {recorded.get(table, {}).get(name)!r}, installed {version!r}"
        for table, versions in installed.items()
        for name, version in versions.items()
        if recorded.get(table, {}).get(name) != version
    ]
    differences += [
        f"{table}.{name}: recorded but not checked"
        for table in ("versions", "libraries")
        for name in recorded.get(table, {})
        if name not in installed[table]
    ]
    assert not differences, (
        "mlguide/data/examples/verified-with.toml does not match the snippets environment; "
        "run build-scripts/verify-snippets to rerun the snippets and rewrite it:\n  "
        + "\n  ".join(differences)
    )
    assert examples_meta.verified_versions() == installed["versions"]
    assert examples_meta.verified_date() <= dt.date.today()


def test_pins_match_this_environment() -> None:
    """Every package installed here is the exact version tests/snippets-constraints.txt pins,
    and every pin is installed: tox built this environment from the pins."""
    pins = examples_meta.read_pins(PINS)
    drift = examples_meta.pin_drift(pins, examples_meta.installed_distributions())
    assert drift == [], (
        f"{PINS.name} does not match the snippets environment; run "
        "build-scripts/verify-snippets to rerun the snippets and rewrite it:\n  "
        + "\n  ".join(drift)
    )
