"""API equivalents as data: the shipped table's shape, the model's rules, located errors.

Running the cells is ``tests/test_equivalents_run.py`` (the ``snippets`` environment); these
tests need no framework installed.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

import mlguide
from mlguide.model_equivalents import CODE_LINE_MAX_CHARS

FRAMEWORKS = ("tensorflow", "pytorch", "jax", "keras")
#: The everyday operations the table must cover (the issue's list), by row id.
REQUIRED_ROWS = {
    "create-tensor",
    "random-seed",
    "matmul",
    "reshape",
    "gradient",
    "jit",
    "vectorize",
    "device",
    "define-model",
    "optimizer-step",
    "mixed-precision",
    "save-load-weights",
    "export-serving",
    "data-pipeline",
    "data-parallel",
    "profile",
    "tensorboard",
    "onnx",
}

CELL = """
[[equivalents]]
id = "matmul"
task = "Matrix multiply"
group = "Tensors"

[[equivalents.cells]]
framework = "pytorch"
setup = "a, b = torch.ones(2, 3), torch.ones(3, 4)"
code = "c = a @ b"
check = "assert c.shape == (2, 4)"

[[equivalents.cells]]
framework = "tensorflow"
none = "a reason"
"""


def test_the_shipped_table(guide: mlguide.Guide) -> None:
    """20 to 30 rows, the issue's operations among them, each with a cell for every
    framework, and ids unique."""
    ids = [row.id for row in guide.equivalents]
    assert 20 <= len(ids) <= 30
    assert len(set(ids)) == len(ids)
    assert set(ids) >= REQUIRED_ROWS, sorted(REQUIRED_ROWS - set(ids))
    for row in guide.equivalents:
        assert [c.framework for c in row.cells] == list(FRAMEWORKS), row.id
    assert set(guide.equivalent_imports) == set(FRAMEWORKS)


def test_the_shipped_table_as_read_from_the_file(guide: mlguide.Guide) -> None:
    """The loaded rows are the file's rows, in the file's order (an independent read)."""
    with (mlguide.PACKAGE_DATA / "equivalents.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    assert [r["id"] for r in raw["equivalents"]] == [row.id for row in guide.equivalents]
    first = raw["equivalents"][0]["cells"][0]
    assert guide.equivalents[0].cells[0].code == first["code"].strip()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_cell_is_python_with_a_check(guide: mlguide.Guide, framework: str) -> None:
    """Set-up, code and check parse as Python; the check asserts; the printed code is one
    or two lines that fit the handout's column; a cell without code gives its reason."""
    for row in guide.equivalents:
        cell = row.cell(framework)
        assert cell is not None
        if cell.code is None:
            assert (cell.none or cell.unknown or "").strip(), row.id
            continue
        for part in (cell.setup, cell.code, cell.check or ""):
            ast.parse(part)
        assert any(isinstance(n, ast.Assert) for n in ast.walk(ast.parse(cell.check or ""))) or (
            "assert_" in (cell.check or "")
        ), row.id
        lines = cell.code.splitlines()
        assert 1 <= len(lines) <= 2 and max(map(len, lines)) <= CODE_LINE_MAX_CHARS, row.id


def test_lookups(guide: mlguide.Guide) -> None:
    """Rows by id, cells by framework, and a suggestion for a misspelt id."""
    row = guide.equivalent("matmul")
    assert row.task == "Matrix multiply"
    cell = row.cell("pytorch")
    assert cell is not None and cell.kind == "code" and "a @ b" in (cell.code or "")
    assert row.cell("no-such-framework") is None
    assert guide.equivalent("gradient").cell("keras").kind == "none"  # type: ignore[union-attr]
    with pytest.raises(mlguide.UnknownIdError, match="did you mean 'matmul'"):
        guide.equivalent("matmull")


def test_rows_are_immutable(guide: mlguide.Guide) -> None:
    """Rows and their cells are frozen, and the cells are a tuple."""
    row = guide.equivalents[0]
    assert isinstance(guide.equivalents, tuple) and isinstance(row.cells, tuple)
    with pytest.raises(AttributeError):
        row.task = "x"  # type: ignore[misc]


def test_schema_describes_the_file() -> None:
    """The JSON Schema maps equivalents.toml to its definition, with the cell's fields."""
    schema = mlguide.schema()
    assert schema["x-mlguide-files"]["equivalents.toml"] == "#/$defs/EquivalentsFile"
    cell = schema["$defs"]["EquivalentCell"]["properties"]
    assert {"framework", "code", "setup", "check", "none", "unknown"} <= set(cell)


def _load_error(data: Path, text: str) -> str:
    (data / "equivalents.toml").write_text(text, encoding="utf-8")
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data], package_data=False)
    return str(info.value)


def test_a_valid_file_loads(data_copy: Path) -> None:
    """The minimal dataset plus a small equivalents file loads, imports included."""
    (data_copy / "equivalents.toml").write_text('[imports]\npytorch = "import torch"\n' + CELL)
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert [row.id for row in guide.equivalents] == ["matmul"]
    assert guide.equivalent_imports == {"pytorch": "import torch"}
    assert guide.equivalent("matmul").cell("tensorflow").none == "a reason"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'code = "c = a @ b"',
            'code = "c = a @ b\\nd = c\\ne = d"',
            "equivalents[0].cells[0].code: has 3 lines; an equivalent is at most 2 lines",
        ),
        (
            'code = "c = a @ b"',
            f'code = "c = {"a" * CODE_LINE_MAX_CHARS}"',
            f"equivalents[0].cells[0].code: line 1 is {CODE_LINE_MAX_CHARS + 4} characters long",
        ),
        (
            'check = "assert c.shape == (2, 4)"',
            'check = "print(c)"',
            "equivalents[0].cells[0]: a cell with `code` has a `check` with an `assert`",
        ),
        (
            'none = "a reason"',
            'none = "a reason"\ncode = "x = 1"\ncheck = "assert x"',
            "equivalents[0].cells[1]: a cell has exactly one of `code`, `none`",
        ),
        (
            'framework = "tensorflow"',
            'framework = "tensorflw"',
            "equivalents[0].cells[1].framework: unknown framework 'tensorflw'; "
            "did you mean 'tensorflow'?",
        ),
        (
            'framework = "tensorflow"',
            'framework = "pytorch"',
            "equivalents[0].cells[1].framework: framework 'pytorch' has two cells in row "
            "'matmul' (also cells[0])",
        ),
        (
            'framework = "tensorflow"\nnone',
            'framework = "tensorflow"\nsetup = "x = 1"\nnone',
            "equivalents[0].cells[1]: `setup` and `check` belong to a cell with `code`",
        ),
        (
            'task = "Matrix multiply"',
            'tsk = "Matrix multiply"',
            "equivalents[0].tsk: unknown key; did you mean 'task'?",
        ),
    ],
    ids=[
        "three-lines",
        "long-line",
        "check-without-assert",
        "code-and-none",
        "unknown-framework",
        "two-cells-one-framework",
        "setup-without-code",
        "unknown-key",
    ],
)
def test_bad_cells_are_located(data_copy: Path, old: str, new: str, expected: str) -> None:
    """Each broken cell gives one message naming the file and the field."""
    assert old in CELL
    message = _load_error(data_copy, CELL.replace(old, new, 1))
    assert message.startswith(f"{data_copy / 'equivalents.toml'}: "), message
    assert expected in message, message


def test_imports_for_an_unknown_framework(data_copy: Path) -> None:
    """An import line for a framework the data does not have is an error with a suggestion."""
    message = _load_error(data_copy, '[imports]\npytorh = "import torch"\n' + CELL)
    assert message == (
        f"{data_copy / 'equivalents.toml'}: imports.pytorh (key): unknown framework 'pytorh'; "
        "did you mean 'pytorch'?"
    )


def test_a_duplicate_row_id(data_copy: Path) -> None:
    """Two rows with one id in one file: the second is named."""
    message = _load_error(data_copy, CELL + CELL.replace("[[equivalents.cells]]", "#", 0))
    assert message.endswith(
        "equivalents[1].id: duplicate id 'matmul' (already used by equivalents[0])"
    )


def test_export_holds_the_equivalents(guide: mlguide.Guide) -> None:
    """The JSON export carries every row with its cells, and the imports as a plain object."""
    import json

    from mlguide.export import guide_to_dict

    data = json.loads(json.dumps(guide_to_dict(guide)))
    with (mlguide.PACKAGE_DATA / "equivalents.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    assert [row["id"] for row in data["equivalents"]] == [r["id"] for r in raw["equivalents"]]
    assert data["equivalent_imports"] == raw["imports"]
    first = data["equivalents"][0]["cells"][0]
    assert first["code"] == raw["equivalents"][0]["cells"][0]["code"].strip()
