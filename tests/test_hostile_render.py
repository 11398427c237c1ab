"""Problems in the data's text found while rendering are warnings naming the data file and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOTS

pytestmark = pytest.mark.sphinx


def test_unknown_code_language_in_data_text_is_located(
    make_app: Any, tmp_path: Path, data_copy: Path
) -> None:
    """A code fence in an unknown language names the page line, the data file and the field,
    instead of Sphinx's unlocated "Pygments lexer name ... is not known"."""
    path = data_copy / "frameworks" / "pytorch.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('details = """', text.index("[positions.deployment]"))
    start += len('details = """')
    path.write_text(text[:start] + "\n```nosuchlang\nx = 1\n```\n" + text[start:], encoding="utf-8")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    app = make_app(
        "html", srcdir=src, confoverrides={"mlguide_data_dirs": [str(data_copy)]}, freshenv=True
    )
    app.build()
    warnings = app.warning.getvalue()
    assert "Pygments lexer name" not in warnings
    located = re.findall(
        rf"index\.md:\d+: WARNING: {re.escape(str(path))}: positions\.deployment\.details: "
        r"unknown code language 'nosuchlang' in a code fence \(no Pygments lexer has that "
        r"name\); shown as plain text \[mlguide\.data-text\]",
        warnings,
    )
    assert located, warnings
    assert "x = 1" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
