"""build-scripts/mutation.py reads mutmut's results into a table per module and flags the
targeted modules under 85% killed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).parent.parent / "build-scripts" / "mutation.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mutant_names_give_their_module() -> None:
    """Functions (x_) and methods (xǁClassǁ) name their module; other lines are no mutant."""
    pattern = _script().MUTANT
    line = "    mlguide.cli.x__compare_text__mutmut_12: survived"
    match = pattern.match(line)
    assert match is not None
    assert (match["module"], match["status"]) == ("mlguide.cli", "survived")
    method = pattern.match("    mlguide.guide.xǁGuideǁcompare__mutmut_3: killed")
    assert method is not None and method["module"] == "mlguide.guide"
    assert pattern.match("     also copying tests") is None


def test_the_table_counts_and_flags_modules_under_target() -> None:
    """Killed, timed-out and type-caught mutants count as killed; a targeted module at 80%
    is flagged, one at 90% is not, and an untargeted module gets no verdict."""
    script = _script()
    results = {
        "mlguide.cli": {f"m{i}": "killed" for i in range(8)} | {"s1": "survived", "s2": "survived"},
        "mlguide.model": {f"m{i}": "killed" for i in range(8)} | {"t": "timeout", "s": "survived"},
        "mlguide.errors": {"a": "survived", "b": "no tests"},
    }
    text, under = script.table(results)
    assert under == ["mlguide.cli"]
    rows = [line.split() for line in text.splitlines()[2:]]
    assert rows == [
        ["mlguide.cli", "10", "8", "2", "0", "80.0%", "UNDER", "85%"],
        ["mlguide.model", "10", "9", "1", "0", "90.0%", "met"],
        ["mlguide.errors", "2", "0", "1", "1", "0.0%"],
    ]
