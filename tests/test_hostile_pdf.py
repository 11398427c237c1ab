"""The PDF contains only what the project's source folder and the themes provide."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from tests.conftest import MINIMAL_DATA, ROOTS
from tests.test_pdf import sphinx_pdf

pytestmark = pytest.mark.pdf

#: A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
OUTSIDE_TEXT = "SECRET-FROM-OUTSIDE-THE-SOURCE-FOLDER"


@pytest.fixture(scope="module")
def leak_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """A project whose page pulls a file from outside its source folder into ``_images/``
    (by a relative path and by a symbolic link) and into ``_static/`` (an ``html_static_path``
    entry outside the project, a link in the project's static folder pointing out of it), and
    attaches the copies to the PDF, beside a file, an image and a static file of its own."""
    root = tmp_path_factory.mktemp("leak")
    secret = root / "secret.txt"
    secret.write_text(OUTSIDE_TEXT + "\n")
    src = root / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    (src / "dot.png").write_bytes(PNG)
    (src / "own.txt").write_text("OWN-ATTACHMENT\n")
    (src / "not-an-image.png").write_text("plain text, not a PNG\n")
    (src / "linked.png").symlink_to(secret)
    shared = root / "shared-static"
    shared.mkdir()
    (shared / "shared.txt").write_text(OUTSIDE_TEXT + " (static path)\n")
    (src / "_static").mkdir()
    (src / "_static" / "own-static.txt").write_text("OWN-STATIC\n")
    (src / "_static" / "linked-static.txt").symlink_to(secret)
    with (src / "conf.py").open("a") as conf:
        conf.write(f"html_static_path = ['_static', {str(shared)!r}]\n")
    up = "../" * (len(src.parts) + 2)
    (src / "hostile.md").write_text(
        "# Files from elsewhere\n\n"
        f"```{{image}} {up}{secret.relative_to('/')}\n```\n\n"
        "```{image} linked.png\n```\n\n"
        "```{image} dot.png\n```\n\n"
        "```{raw} html\n"
        '<p><a rel="attachment" href="_images/secret.txt">relative</a>\n'
        '<a rel="attachment" href="_images/linked.png">linked</a>\n'
        '<a rel="attachment" href="_images/dot.png">own image</a>\n'
        f'<a rel="attachment" href="{(src / "own.txt").as_uri()}">own file</a>\n'
        '<a rel="attachment" href="_static/shared.txt">static path outside</a>\n'
        '<a rel="attachment" href="_static/linked-static.txt">static link</a>\n'
        '<a rel="attachment" href="_static/own-static.txt">own static</a>\n'
        '<a rel="attachment" href="_static/mlguide-print.css">theme file</a></p>\n'
        f'<p><img src="{(src / "not-an-image.png").as_uri()}" alt="broken"></p>\n'
        "```\n\nThe text after the links.\n"
    )
    out = root / "out"
    result = sphinx_pdf(src, out, env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA)})
    assert result.returncode == 0, result.stderr
    return out / "test.pdf", result.stderr, secret


def _attachments(pdf: Path) -> dict[str, list[bytes]]:
    """Every embedded file: the document's and those of link annotations, by file name."""
    reader = pypdf.PdfReader(pdf)
    found: dict[str, list[bytes]] = {k: list(v) for k, v in reader.attachments.items()}
    for page in reader.pages:
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                spec = annotation["/FS"].get_object()
                data = spec["/EF"]["/F"].get_object().get_data()
                found.setdefault(str(spec["/F"]), []).append(data)
    return found


def test_copy_of_a_file_outside_the_source_folder_is_not_attached(
    leak_build: tuple[Path, str, Path],
) -> None:
    """``{image} ../../secret.txt`` is staged by Sphinx, but its copy never enters the PDF."""
    pdf, warnings, secret = leak_build
    attachments = _attachments(pdf)
    assert "secret.txt" not in attachments
    assert not any(OUTSIDE_TEXT.encode() in b for blobs in attachments.values() for b in blobs)
    assert (
        f"PDF: refused to include secret.txt: it is a copy of {secret}, which is outside "
        "the source folder"
    ) in warnings


def test_symlinked_image_leading_outside_is_not_attached(
    leak_build: tuple[Path, str, Path],
) -> None:
    """An image that is a symbolic link out of the source folder is refused, named: Sphinx
    stages the link's target under the target's name, so both images (the relative path
    and the link) are refused as copies of the outside file, and the link's own name is
    nowhere in the staging folder."""
    pdf, warnings, secret = leak_build
    assert "linked.png" not in _attachments(pdf)
    refusal = f"PDF: refused to include secret.txt: it is a copy of {secret}, which is outside"
    assert warnings.count(refusal) == 2, warnings
    assert "PDF: missing file " in warnings and "/_images/linked.png" in warnings


def test_static_file_from_a_static_path_outside_the_project_is_not_attached(
    leak_build: tuple[Path, str, Path],
) -> None:
    """``html_static_path`` naming a folder outside the project: Sphinx copies its files into
    ``_static/``, the PDF refuses them, naming the original."""
    pdf, warnings, secret = leak_build
    attachments = _attachments(pdf)
    assert "shared.txt" not in attachments
    assert not any(OUTSIDE_TEXT.encode() in b for blobs in attachments.values() for b in blobs)
    original = secret.parent / "shared-static" / "shared.txt"
    assert (
        f"PDF: refused to include shared.txt: it is a copy of {original}, which is outside "
        "the project and the folders of its themes and extensions"
    ) in warnings


def test_static_link_leading_outside_the_project_is_not_attached(
    leak_build: tuple[Path, str, Path],
) -> None:
    """A link in the project's own static folder pointing out of the project is traced to
    its target and refused."""
    pdf, warnings, secret = leak_build
    assert "linked-static.txt" not in _attachments(pdf)
    assert (
        f"PDF: refused to include linked-static.txt: it is a copy of {secret}, which is "
        "outside the project and the folders of its themes and extensions"
    ) in warnings


def test_own_files_and_images_are_attached(leak_build: tuple[Path, str, Path]) -> None:
    """Files of the source folder, staged copies of its images and of its static files, and
    the theme's files still go into the PDF."""
    pdf, _, _ = leak_build
    attachments = _attachments(pdf)
    assert attachments["own.txt"] == [b"OWN-ATTACHMENT\n"]
    assert attachments["dot.png"] == [PNG]
    assert attachments["own-static.txt"] == [b"OWN-STATIC\n"]
    assert b"@page" in attachments["mlguide-print.css"][0]


def test_image_that_fails_to_load_gives_a_reason(leak_build: tuple[Path, str, Path]) -> None:
    """WeasyPrint's "Failed to load image at ...:" carries a reason, not an empty one."""
    _, warnings, _ = leak_build
    line = next(w for w in warnings.splitlines() if "Failed to load image" in w)
    assert "not-an-image.png" in line
    assert re.search(r"Failed to load image at '[^']+': \S", line), line
    assert "cannot identify image file" in line


def test_page_too_large_to_lay_out_is_refused(tmp_path: Path) -> None:
    """A single page over the layout limit stops the build with one clear error and no PDF,
    instead of running for many minutes and gigabytes."""
    from mlguide.sphinxext.pdf.builder import MAX_HTML_BYTES

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    paragraph = "<p>" + "A sentence that fills the page. " * 30 + "</p>\n"
    count = MAX_HTML_BYTES // len(paragraph) + 100
    (src / "hostile.md").write_text(
        "# A very long page\n\n```{raw} html\n" + paragraph * count + "```\n"
    )
    result = sphinx_pdf(src, tmp_path / "out", env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.search(
        r"PDF: refusing to lay out test\.pdf: its single page is [\d.]+ MiB of HTML "
        r"\(about \d+ pages\), over the limit of 8 MiB",
        result.stderr,
    ), result.stderr
    assert not (tmp_path / "out" / "test.pdf").exists()


def test_pdf_builder_reports_progress(tmp_path: Path) -> None:
    """Without -q the builder says when it lays out, how many pages it made, and when done."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    (src / "hostile.md").write_text("# Nothing hostile\n\nText.\n")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "mlguide-pdf", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MLGUIDE_TEST_DATA": str(MINIMAL_DATA)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"test\.pdf: laying out with WeasyPrint \(\d+ KiB of HTML", out), out
    assert re.search(r"test\.pdf: layout done, \d+ pages \([\d.]+ s\)", out), out
    assert re.search(r"test\.pdf: written \(\d+ pages", out), out
