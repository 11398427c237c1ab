"""A project written for an earlier edition of the bundled data keeps building on this one.

``tests/roots/test-upgrade`` is made as a docs author made it against the November 2026 edition
(13 aspects): its own framework (Apache MXNet) with a position on each of those aspects and on
an aspect of its own, ``quantization``, whose id a later edition also uses; one replaced
PyTorch position; ``{mlguide:handout}`` on its index page and no ``mlguide_pdf_dir``. Built as
its author builds it (the site before the PDF, then every other builder, each with ``-n -W``)
in subprocesses outside the checkout, so that the ``wheel`` environment tests the installed
wheel. Every aspect the bundled data added since shows MXNet as "Not assessed".
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import mlguide
from tests.test_foreign import sphinx

ROOT = Path(__file__).parent / "roots" / "test-upgrade"
#: The aspects of the November 2026 edition, for which the project wrote positions.
EARLIER_ASPECTS = (
    "origin",
    "license",
    "execution-model",
    "serialization",
    "visualization",
    "learning-curve",
    "deployment",
    "mobile-edge",
    "browser",
    "distributed-training",
    "hardware",
    "ecosystem",
    "platforms-languages",
)
#: Builders in the order the project's author runs them: the site before the PDF.
BUILDERS = ("html", "singlehtml", "text", "latex", "mlguide-pdf")

pytestmark = pytest.mark.pdf


def _missing() -> list[str]:
    """The bundled aspects the project has no MXNet position on, in the data's order (read
    from the bundled aspects file and the project's framework file, not from mlguide)."""
    bundled = tomllib.loads((mlguide.PACKAGE_DATA / "aspects.toml").read_text("utf-8"))
    own = tomllib.loads((ROOT / "data" / "frameworks" / "mxnet.toml").read_text("utf-8"))
    return [a["id"] for a in bundled["aspects"] if a["id"] not in own["positions"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The project, built with each builder in turn and once more as html with ``-j 2``;
    returns the build folder and each build's standard output (its info lines)."""
    src = tmp_path_factory.mktemp("upgrade") / "mxnet-notes"
    shutil.copytree(ROOT, src)
    outputs: dict[str, str] = {}
    for builder, extra in [*((b, ()) for b in BUILDERS), ("html", ("-j", "2"))]:
        name = builder + ("-parallel" if extra else "")
        result = sphinx(src, builder, src / "_build" / name, *extra, quiet=False)
        assert result.returncode == 0, f"{name}:\n{result.stderr}"
        assert result.stderr == "", f"{name} warned:\n{result.stderr}"
        outputs[name] = result.stdout
    return src / "_build", outputs


def test_the_project_predates_four_or_more_aspects() -> None:
    """The test data is what the issue describes: positions on the 13 earlier aspects and on
    its own ``quantization``, so the aspects added since are missing (at least four)."""
    own = tomllib.loads((ROOT / "data" / "frameworks" / "mxnet.toml").read_text("utf-8"))
    assert sorted(own["positions"]) == sorted([*EARLIER_ASPECTS, "quantization"])
    assert {"interoperability", "llm-tooling", "compilers", "release-health"} <= set(_missing())


def test_every_builder_passes_with_warnings_as_errors(built: tuple[Path, dict[str, str]]) -> None:
    """html (before any PDF exists), singlehtml, text, latex, the PDF and a parallel html
    build all finish with no warning under ``-n -W``; each wrote its output."""
    out, _ = built
    assert (out / "html" / "index.html").is_file()
    assert (out / "html-parallel" / "index.html").is_file()
    assert (out / "singlehtml" / "index.html").is_file()
    assert (out / "text" / "index.txt").is_file()
    assert next((out / "latex").glob("*.tex"), None) is not None
    assert (out / "mlguide-pdf" / "mxnet-notes.pdf").is_file()


def test_missing_aspects_show_not_assessed_in_the_matrix(
    built: tuple[Path, dict[str, str]],
) -> None:
    """In the site's matrix, MXNet's cell reads "Not assessed" exactly on the aspects the
    project has no position on, and holds its own summary everywhere else."""
    out, _ = built
    soup = BeautifulSoup((out / "html" / "index.html").read_text("utf-8"), "html.parser")
    matrix = soup.select_one("table.mlguide-matrix")
    assert matrix is not None
    for label in matrix.select(".mlguide-matrix-label"):  # each cell's column name, for phones
        label.decompose()
    heads = [th.get_text(" ", strip=True) for th in matrix.select("thead th")]
    column = heads.index("Apache MXNet")
    titles = {a.title: a.id for a in mlguide.load().aspects}
    titles["Quantization in our stack"] = "quantization"
    not_assessed = []
    for row in matrix.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        if cells[column] == "Not assessed":
            not_assessed.append(titles[cells[0]])
        else:
            assert cells[column].startswith("Our team"), cells
    assert not_assessed == _missing()


def test_not_assessed_reaches_text_latex_and_pdf(built: tuple[Path, dict[str, str]]) -> None:
    """The other outputs say it too: the text matrix, the LaTeX source and the PDF's text each
    hold "Not assessed" for MXNet's missing aspects."""
    import pypdf

    out, _ = built
    assert "Not assessed" in (out / "text" / "index.txt").read_text("utf-8")
    assert "Not assessed" in next((out / "latex").glob("*.tex")).read_text("utf-8")
    reader = pypdf.PdfReader(out / "mlguide-pdf" / "mxnet-notes.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert text.count("Not assessed") >= len(_missing())


def test_the_override_and_the_own_aspect_are_kept(built: tuple[Path, dict[str, str]]) -> None:
    """The project's PyTorch deployment position replaces the bundled one, and its own
    ``quantization`` aspect replaces the bundled aspect of that id (its title and question
    are on the page; the bundled title is not)."""
    out, _ = built
    page = (out / "html" / "index.html").read_text("utf-8")
    assert "Served in our stack through the platform\u2019s model gateway." in page
    assert "Quantization in our stack" in page
    bundled = tomllib.loads((mlguide.PACKAGE_DATA / "aspects.toml").read_text("utf-8"))
    title = next(a["title"] for a in bundled["aspects"] if a["id"] == "quantization")
    assert title not in page


def test_the_build_says_what_changed_in_info_lines(built: tuple[Path, dict[str, str]]) -> None:
    """Each build prints (as information, not a warning) one line naming the aspects MXNet
    is not assessed on, and one naming the bundled aspect its own file replaces."""
    _, outputs = built
    for name, stdout in outputs.items():
        gaps = [line for line in stdout.splitlines() if "shown as not assessed" in line]
        assert len(gaps) == 1, (name, stdout)
        missing = _missing()
        assert gaps[0].startswith("mlguide: Apache MXNet (") and (
            "data/frameworks/mxnet.toml) has no position on " in gaps[0]
        ), gaps[0]
        assert gaps[0].endswith(
            f" {len(missing)} aspects, shown as not assessed: " + ", ".join(missing)
        ), gaps[0]
        assert any(
            line.endswith("replaces aspect 'quantization' of mlguide/data/aspects.toml")
            for line in stdout.splitlines()
        ), name


def test_strict_projects_still_fail_on_a_missing_position(tmp_path: Path) -> None:
    """With ``mlguide_strict = True`` the same project stops at the first build, naming the
    file and the missing aspect (the bundled data's own tests load it strictly too)."""
    src = tmp_path / "strict"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("mlguide_strict = True\n")
    result = sphinx(src, "html", tmp_path / "out")
    assert result.returncode != 0
    assert "mxnet.toml: positions.interoperability: missing" in result.stderr
