"""Check the built sdist and wheel, install the wheel, and lay out the tests to run against it.

Usage (the ``wheel`` tox environment runs it): ``python build-scripts/check_dist.py DIST SUITE``

- ``twine check --strict`` on both archives (metadata renders, README included);
- the wheel's METADATA names the package, its version and the ``pdf`` extra, and its
  description (the README) shows the extension's conf.py line and ``mlguide init``;
- the wheel's RECORD lists every file of the checkout's ``mlguide/`` package: modules, the
  PDF theme, static files, data files and code examples (walked here from the checkout, not
  read from the packaging configuration), and the sdist holds them too;
- installs the wheel with its ``pdf`` extra into this interpreter's environment (not the
  checkout, not editable);
- copies ``tests/`` into ``SUITE``, a folder with no ``mlguide/`` beside it, so that the
  tests run from there import the installed package.

Exits non-zero with a list of what is missing.
"""

from __future__ import annotations

import email.parser
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def package_files() -> list[str]:
    """Every file of the package in the checkout, as paths relative to the checkout."""
    return sorted(
        str(path.relative_to(CHECKOUT))
        for path in (CHECKOUT / "mlguide").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def main(dist: Path, suite: Path) -> int:
    wheels = sorted(dist.glob("mlguide-*.whl"))
    sdists = sorted(dist.glob("mlguide-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"check_dist: expected one wheel and one sdist in {dist}, found {wheels + sdists}")
        return 1
    wheel, sdist = wheels[0], sdists[0]
    subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], check=True
    )
    problems: list[str] = []
    expected = package_files()
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        record = next(n for n in names if n.endswith(".dist-info/RECORD"))
        metadata = email.parser.Parser().parsestr(archive.read(info).decode())
        recorded = {line.split(",")[0] for line in archive.read(record).decode().splitlines()}
    init = (CHECKOUT / "mlguide" / "__init__.py").read_text(encoding="utf-8")
    __version__ = re.search(r'^__version__ = "([^"]+)"', init, re.MULTILINE).group(1)  # type: ignore[union-attr]
    if metadata["Name"] != "mlguide" or metadata["Version"] != __version__:
        problems.append(f"METADATA names {metadata['Name']} {metadata['Version']}")
    if "pdf" not in (metadata.get_all("Provides-Extra") or []):
        problems.append("METADATA has no 'pdf' extra")
    # someone with only the wheel finds how to use the extension in its description
    description = metadata.get_payload()
    for needed in ('extensions = ["myst_parser", "mlguide.sphinxext"]', "mlguide init"):
        if needed not in description:
            problems.append(f"the wheel's description does not show {needed!r}")
    problems += [f"wheel RECORD lacks {name}" for name in expected if name not in recorded]
    with tarfile.open(sdist) as archive:
        members = {"/".join(m.split("/")[1:]) for m in archive.getnames()}
    problems += [f"sdist lacks {name}" for name in expected if name not in members]
    if problems:
        print("check_dist:", *problems, sep="\n  ")
        return 1
    print(f"check_dist: {wheel.name} and {sdist.name} hold all {len(expected)} package files")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--force-reinstall", "--no-deps", str(wheel)],
        check=True,
    )
    subprocess.run([sys.executable, "-m", "pip", "install", f"{wheel}[pdf]"], check=True)
    if suite.exists():
        shutil.rmtree(suite)
    shutil.copytree(
        CHECKOUT / "tests",
        suite / "tests",
        ignore=shutil.ignore_patterns("__pycache__", "node_modules", "*.pyc"),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
