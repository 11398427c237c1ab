"""Every ``mlguide_*`` config value is checked when the configuration is read: one clear error."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx

from tests.conftest import ROOTS


def config_error(tmp_path: Path, **overrides: Any) -> str:
    """The one error line a Sphinx project with ``overrides`` stops with (exit status 2)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    warning = io.StringIO()
    with pytest.raises(SystemExit) as info:
        Sphinx(
            str(src),
            str(src),
            str(tmp_path / "out"),
            str(tmp_path / "doctrees"),
            "html",
            confoverrides=overrides,
            status=None,
            warning=warning,
            freshenv=True,
        )
    assert info.value.code == 2
    # the application stopped in its set-up: undo what it registered globally, as
    # sphinx.testing does after each of its applications, or the next one warns about it
    from sphinx.testing.util import _clean_up_global_state

    _clean_up_global_state()
    # (a second application in one process re-registers Sphinx's own nodes: not ours to judge)
    lines = [
        line
        for line in warning.getvalue().splitlines()
        if line.strip() and "is already registered" not in line
    ]
    assert len(lines) == 1, lines
    return lines[0]


def test_pdf_filename_in_a_subfolder_is_refused(tmp_path: Path) -> None:
    """``mlguide_pdf_filename = "sub/dir/x.pdf"`` stops the build: names are plain names."""
    assert "filename 'sub/dir/x.pdf' must be a plain file name ending in .pdf (no folder)" in (
        config_error(tmp_path, mlguide_pdf_filename="sub/dir/x.pdf")
    )


def test_pdf_filename_leading_outside_the_output_folder_is_refused(tmp_path: Path) -> None:
    """``../../../x.pdf`` would write outside the output folder; it stops the build instead."""
    message = config_error(tmp_path, mlguide_pdf_filename="../../../x.pdf")
    assert "filename '../../../x.pdf' must be a plain file name" in message
    assert not (tmp_path.parent / "x.pdf").exists()


def test_pdf_filename_without_pdf_suffix_is_refused(tmp_path: Path) -> None:
    """A file name must end in .pdf (a reader's viewer picks the program by it)."""
    assert "'handout.html' must be a plain file name ending in .pdf" in config_error(
        tmp_path, mlguide_pdf_filename="handout.html"
    )


def test_unknown_pdf_variant_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    """``pdf/bogus`` is not a variant; ``pdf/ua1`` suggests ``pdf/ua-1``."""
    assert "mlguide_pdf_variant: unknown PDF variant 'pdf/bogus'" in config_error(
        tmp_path, mlguide_pdf_variant="pdf/bogus"
    )
    assert "did you mean 'pdf/ua-1'?" in config_error(
        tmp_path / "again", mlguide_pdf_variant="pdf/ua1"
    )


def test_unknown_default_framework_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    """``mlguide_frameworks = ["pytorhc"]`` stops the build and suggests ``pytorch``."""
    message = config_error(tmp_path, mlguide_frameworks=["pytorhc"])
    assert "mlguide_frameworks: unknown id 'pytorhc'; did you mean 'pytorch'?" in message
    assert "(known: tensorflow, pytorch)" in message


def test_unknown_framework_without_a_close_match_lists_the_known(tmp_path: Path) -> None:
    """``mlguide_frameworks = ["nope"]`` names the known ids."""
    assert "mlguide_frameworks: unknown id 'nope' (known: tensorflow, pytorch)" in (
        config_error(tmp_path, mlguide_frameworks=["nope"])
    )


def test_unknown_default_aspect_is_refused(tmp_path: Path) -> None:
    """``mlguide_aspects`` is checked against the data's aspects too."""
    assert (
        "mlguide_aspects: unknown aspect id or group 'deploy'; did you mean 'deployment'?"
        in config_error(tmp_path, mlguide_aspects=["deploy"])
    )


def test_repeated_default_framework_is_refused(tmp_path: Path) -> None:
    """A framework named twice in ``mlguide_frameworks`` is an error, not a double column."""
    assert "mlguide_frameworks: 'pytorch' given twice" in config_error(
        tmp_path, mlguide_frameworks=["pytorch", "pytorch"]
    )
