"""The data model of the API equivalents: everyday operations, one or two lines of code per
framework, each cell executed by the tests (see ``equivalents.toml``).

Built on :mod:`mlguide.model` (its field types and base class); a module of its own so that
each stays a readable size, imported from here (the model does not import it back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from mlguide.model import Id, Text, _Check, _Model

__all__ = [
    "CODE_LINE_MAX_CHARS",
    "CODE_MAX_LINES",
    "Equivalent",
    "EquivalentCell",
    "EquivalentsFile",
]

#: An API equivalent's code: at most this many lines of at most this many characters.
CODE_MAX_LINES = 2
CODE_LINE_MAX_CHARS = 64


def _check_code(value: str) -> str:
    lines = value.strip("\n").splitlines()
    if not lines or not value.strip():
        raise ValueError("must not be empty")
    if len(lines) > CODE_MAX_LINES:
        raise ValueError(
            f"has {len(lines)} lines; an equivalent is at most {CODE_MAX_LINES} lines of code "
            "(move set-up into `setup`)"
        )
    for number, line in enumerate(lines, 1):
        if len(line) > CODE_LINE_MAX_CHARS:
            raise ValueError(
                f"line {number} is {len(line)} characters long; at most {CODE_LINE_MAX_CHARS} "
                "fit a column of the handout"
            )
    return "\n".join(line.rstrip() for line in lines)


Code = Annotated[str, _Check(_check_code)]


@dataclass(frozen=True, kw_only=True, slots=True)
class EquivalentCell(_Model):
    """One framework's way to do an everyday operation: one or two lines of code that the
    tests execute, or the reason there is none (or that it is unknown).

    Exactly one of ``code``, ``none`` and ``unknown`` is set.
    """

    framework: Id
    """Id of the framework."""
    code: Code | None = None
    """The code as printed: one or two lines, using the names that ``setup`` defines."""
    setup: str = ""
    """Code run before ``code`` and not printed (it builds the inputs, e.g. a small model)."""
    check: str | None = None
    """Code run after ``code`` and not printed: ``assert`` statements proving the code does
    what the row says (value, shape, dtype or type). Required with ``code``."""
    none: Text | None = None
    """Set instead of ``code`` when the framework has no such API: why, and what to use."""
    unknown: Text | None = None
    """Set instead of ``code`` when it is not known: the reason."""

    def __post_init__(self) -> None:
        kinds = [k for k in ("code", "none", "unknown") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                "a cell has exactly one of `code`, `none` (no such API: why) and `unknown` "
                f"(the reason); got {', '.join(kinds) or 'none of them'}"
            )
        if self.code is not None and (self.check is None or "assert" not in self.check):
            raise ValueError("a cell with `code` has a `check` with an `assert` on its result")
        if self.code is None and (self.setup or self.check):
            raise ValueError("`setup` and `check` belong to a cell with `code`")

    @property
    def kind(self) -> Literal["code", "none", "unknown"]:
        """Which of the three the cell is."""
        if self.code is not None:
            return "code"
        return "none" if self.none is not None else "unknown"


@dataclass(frozen=True, kw_only=True, slots=True)
class Equivalent(_Model):
    """An everyday operation and how each framework spells it (a row of the API table)."""

    id: Id
    """Stable identifier, used in directive options and as the row's anchor."""
    task: Text
    """What the code does, e.g. ``"Matrix multiply"``."""
    group: Text
    """The group of the row, e.g. ``"Tensors"`` or ``"Training"``."""
    cells: tuple[EquivalentCell, ...] = ()
    """One cell per framework; a framework without a cell has no entry in the data."""
    note: str = ""
    """A remark shown under the row in the full guide (Markdown)."""

    def cell(self, framework_id: str) -> EquivalentCell | None:
        """The cell of one framework, or ``None`` when the row has none for it."""
        for cell in self.cells:
            if cell.framework == framework_id:
                return cell
        return None


@dataclass(frozen=True, kw_only=True, slots=True)
class EquivalentsFile(_Model):
    """``equivalents.toml``: the API equivalents and the imports their code assumes."""

    imports: dict[Id, str] = field(default_factory=dict)
    """Per framework id, the import lines every cell's code assumes (printed once)."""
    equivalents: tuple[Equivalent, ...] = ()
