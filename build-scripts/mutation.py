"""Mutation testing of mlguide with mutmut: run it, then print a table per module.

Run through tox (``tox run -e mutation``; not part of the default run, it takes long). mutmut
copies the package and the tests to ``mutants/``, makes many small changes to the code (a
``<`` for a ``<=``, a string changed, a return value dropped...) and runs the tests that cover
each changed function: a mutant the tests notice is *killed*, one they miss *survived*.
Configuration (modules, tests) is ``[tool.mutmut]`` in pyproject.toml.

Usage: python build-scripts/mutation.py [--table-only] [--max-children N] [--survivors]
Exit status 1 when a module below is under its target share of killed mutants.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Share of mutants the tests must kill, by module.
TARGET = 0.85
TARGETED = (
    "mlguide.model",
    "mlguide.loader",
    "mlguide.guide",
    "mlguide.export",
    "mlguide.cli",
    "mlguide.sphinxext.directives",
    "mlguide.sphinxext.render",
)
#: How mutmut names a mutant: module, then x_function or xǁClassǁmethod, then __mutmut_N.
MUTANT = re.compile(r"^\s*(?P<name>(?P<module>[\w.]+?)\.x[_ǁ]\S*__mutmut_\d+): (?P<status>.+)$")


def _mutmut() -> str:
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("mutation: mutmut is not installed here (run: tox run -e mutation)")
    return found


def results() -> dict[str, dict[str, str]]:
    """Status of every mutant, by module: ``{"mlguide.cli": {"mlguide.cli.x_main__mutmut_1":
    "killed", ...}}``."""
    listing = subprocess.run(
        [_mutmut(), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    by_module: dict[str, dict[str, str]] = defaultdict(dict)
    for line in listing.splitlines():
        if match := MUTANT.match(line):
            by_module[match["module"]][match["name"]] = match["status"].strip()
    return dict(sorted(by_module.items()))


def table(by_module: dict[str, dict[str, str]]) -> tuple[str, list[str]]:
    """The table, and the targeted modules under their target."""
    rows = [("module", "mutants", "killed", "survived", "other", "killed %", "target")]
    under = []
    for module, mutants in by_module.items():
        counts = Counter(mutants.values())
        killed = counts["killed"] + counts["caught by type check"] + counts["timeout"]
        share = killed / len(mutants) if mutants else 1.0
        target = ""
        if module in TARGETED:
            target = "met" if share >= TARGET else f"UNDER {TARGET:.0%}"
            if share < TARGET:
                under.append(module)
        rows.append(
            (
                module,
                str(len(mutants)),
                str(killed),
                str(counts["survived"]),
                str(len(mutants) - killed - counts["survived"]),
                f"{share:.1%}",
                target,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines), under


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table-only", action="store_true", help="print the last run's table")
    parser.add_argument("--max-children", type=int, default=2, help="parallel test processes")
    parser.add_argument("--survivors", action="store_true", help="list every surviving mutant")
    args = parser.parse_args()
    if not args.table_only:
        command = [_mutmut(), "run", "--max-children", str(args.max_children)]
        run = subprocess.run(command, cwd=ROOT, check=False)
        if run.returncode not in (0, 1):
            return run.returncode
    by_module = results()
    if not by_module:
        print("mutation: no results (run without --table-only first)", file=sys.stderr)
        return 2
    text, under = table(by_module)
    print(text)
    if args.survivors:
        print("\nsurvived:")
        for mutants in by_module.values():
            for name, status in mutants.items():
                if status == "survived":
                    print(f"  {name}")
    if under:
        print(f"\nmutation: under {TARGET:.0%} killed: {', '.join(under)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
