"""One small PDF build with odd inputs at the edges: a stale file in the staging folder, a
framework named ``amp``, and the longest file name allowed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_DATA
from tests.test_hostile_data import edit
from tests.test_hostile_pdf import _attachments
from tests.test_pdf import normalise, pdf_text, sphinx_pdf

pytestmark = pytest.mark.pdf

#: The longest PDF file name allowed: 200 bytes of UTF-8.
LONGEST = "é" + "n" * 194 + ".pdf"
STALE = "STALE-COPY-FROM-AN-EARLIER-BUILD"
SIBLING = "FROM-A-SIBLING-OF-THE-SOURCE-FOLDER"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The PDF (named :data:`LONGEST`) and the build's warnings. PyTorch is renamed ``amp``
    and its origin summary starts with "Q&A:"; the page attaches a stale file that an
    earlier build left in the staged page's ``_images/``, a staged file that is not there,
    a static file from ``../src-static`` and a file of ``../src-files``, siblings whose
    names start with the source folder's."""
    root = tmp_path_factory.mktemp("edges")
    data = root / "data"
    shutil.copytree(MINIMAL_DATA, data)
    pytorch = data / "frameworks" / "pytorch.toml"
    edit(pytorch, 'name = "PyTorch"', 'name = "amp"')
    edit(pytorch, 'summary = "Created at Facebook', 'summary = "Q&A: created at Facebook')
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        'project = "Edges"\nmlguide_package_data = False\n'
        f"mlguide_data_dirs = [{str(data)!r}]\nmlguide_pdf_filename = {LONGEST!r}\n"
        'html_static_path = ["../src-static"]\n',
        encoding="utf-8",
    )
    # siblings of the source folder whose names start with its name ("src-..."): outside it
    (root / "src-static").mkdir()
    (root / "src-static" / "sibling.txt").write_text(SIBLING + "\n")
    (root / "src-files").mkdir()
    (root / "src-files" / "sibling-file.txt").write_text(SIBLING + "\n")
    sibling_file = (root / "src-files" / "sibling-file.txt").as_uri()
    (src / "index.md").write_text(
        "# Edges\n\n```{mlguide:aspect} origin\n```\n\n```{raw} html\n"
        '<p><a rel="attachment" href="_images/stale.txt">stale</a>\n'
        '<a rel="attachment" href="_images/gone.txt">gone</a>\n'
        '<a rel="attachment" href="_static/sibling.txt">sibling static</a>\n'
        f'<a rel="attachment" href="{sibling_file}">sibling file</a></p>\n```\n',
        encoding="utf-8",
    )
    out = root / "out"
    staging = out / ".doctrees" / "mlguide-pdf-html" / "_images"  # where the page is staged
    staging.mkdir(parents=True)
    (staging / "stale.txt").write_text(STALE + "\n")
    result = sphinx_pdf(src, out)
    assert result.returncode == 0, result.stderr
    return out / LONGEST, result.stderr


def test_a_file_name_of_200_bytes_is_written(built: tuple[Path, str]) -> None:
    """Just inside the file-name limit: the PDF is written under its 200-byte name."""
    pdf, _ = built
    assert pdf.is_file()
    assert len(pdf.name.encode()) == 200


def test_stale_file_in_the_staging_folder_is_refused(built: tuple[Path, str]) -> None:
    """A file an earlier build left in ``_images/`` is traced to nothing this build staged:
    it is refused, not attached (only a *missing* staged file is looked for there)."""
    pdf, warnings = built
    assert "stale.txt" not in _attachments(pdf)
    assert "PDF: refused to fetch file://" in warnings
    assert "/_images/stale.txt (only files of the source folder" in warnings


def test_missing_file_in_the_staging_folder_is_reported_missing(built: tuple[Path, str]) -> None:
    """Just inside: a file absent from ``_images/`` is reported as missing, not refused."""
    _, warnings = built
    assert "PDF: missing file " in warnings and "/_images/gone.txt" in warnings


def test_a_framework_named_amp_prints_ampersands(built: tuple[Path, str]) -> None:
    """With a framework named ``amp``, "Q&A" prints as "Q&A" (it printed "Q&amp;A")."""
    pdf, _ = built
    text = normalise(" ".join(pdf_text(pdf)))
    assert "Q&A: created at Facebook" in text
    assert "&amp;" not in text


def test_static_file_from_a_sibling_sharing_the_name_is_refused(built: tuple[Path, str]) -> None:
    """``html_static_path = ["../src-static"]``: a sibling of ``src`` whose name starts with
    it is outside the project (a check by string prefix would trust it)."""
    pdf, warnings = built
    assert "sibling.txt" not in _attachments(pdf)
    assert re.search(
        r"PDF: refused to include sibling\.txt: it is a copy of \S+/src-static/sibling\.txt, "
        r"which is outside the project",
        warnings,
    ), warnings


def test_file_of_a_sibling_sharing_the_name_is_refused(built: tuple[Path, str]) -> None:
    """A page attaching ``file:///.../src-files/sibling-file.txt``: outside the source
    folder, refused."""
    pdf, warnings = built
    assert "sibling-file.txt" not in _attachments(pdf)
    assert "/src-files/sibling-file.txt (only files of the source folder" in warnings
