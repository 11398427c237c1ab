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


#: Text fields of the data that hold Markdown, beside the aspect details above: the file, the
#: entry's id, the field, the directive that renders it and the field as a warning names it.
DATA_TEXT = [
    (
        "claims.toml",
        "pytorch-saves-by-pickling",
        "explanation",
        "claims",
        "claim {!r}, explanation",
    ),
    ("recommendations.toml", "researcher", "advice", "recommend", "recommendation {!r}, advice"),
    ("examples.toml", "define-model", "description", "examples", "example {!r}, description"),
]


@pytest.mark.parametrize(
    ("filename", "entry", "field", "directive", "named"),
    DATA_TEXT,
    ids=[case[0].removesuffix(".toml") for case in DATA_TEXT],
)
def test_unknown_code_language_in_each_kind_of_data_text_is_located(
    make_app: Any,
    tmp_path: Path,
    filename: str,
    entry: str,
    field: str,
    directive: str,
    named: str,
) -> None:
    """A claim's explanation, a profile's advice and an example's description: a bad code
    fence in one names the directive's line, the data file, the entry and the field."""
    import mlguide

    data = tmp_path / "data"
    shutil.copytree(mlguide.PACKAGE_DATA, data, ignore=shutil.ignore_patterns("__pycache__"))
    path = data / filename
    text = path.read_text(encoding="utf-8")
    start = text.index(f'{field} = """', text.index(f'id = "{entry}"')) + len(f'{field} = """')
    path.write_text(text[:start] + "\n```nosuchlang\nx = 1\n```\n" + text[start:], "utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "mlguide.sphinxext"]\n'
        f"mlguide_package_data = False\nmlguide_data_dirs = [{str(data)!r}]\n",
        encoding="utf-8",
    )
    option = {"claims": "claims", "recommend": "profiles", "examples": "examples"}[directive]
    (src / "index.md").write_text(
        f"# Data text\n\n```{{mlguide:{directive}}}\n:{option}: {entry}\n```\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    expected = (
        f"index.md:3: WARNING: {path}: {named.format(entry)}: unknown code language "
        "'nosuchlang' in a code fence (no Pygments lexer has that name); shown as plain text "
        "[mlguide.data-text]"
    )
    assert expected in warnings, warnings
    assert "Pygments lexer name" not in warnings


def test_page_with_too_many_panels_refuses_the_extra_directives(
    make_app: Any, tmp_path: Path
) -> None:
    """A page of 101 compare directives (10 panels each) keeps the first 100 and leaves out
    the 101st with a located warning: the page stays bounded instead of growing without end."""
    from mlguide.sphinxext.base import MAX_PANELS

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    count = MAX_PANELS // 10 + 1
    (src / "index.md").write_text(
        "# Many panels\n\n" + "```{mlguide:compare}\n```\n\n" * count, encoding="utf-8"
    )
    (src / "frameworks.md").write_text("# Frameworks\n", encoding="utf-8")
    (src / "aspects.md").write_text("# Aspects\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    refused = re.findall(
        r"index\.md:(\d+): WARNING: the mlguide:compare directive is left out: with its 10 "
        rf"panels this page would hold {MAX_PANELS + 10}, over the {MAX_PANELS} a page may "
        r"hold",
        warnings,
    )
    assert refused == [str(3 + 3 * (count - 1))], warnings
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert html.count('class="sd-tab-set mlguide-compare') == count - 1


@pytest.mark.parametrize(
    ("written", "warned"),
    [
        ("See {mlguide:framework}`pytorch` for more.", "'{mlguide:framework}'"),
        ("See :mlguide:aspect:`deployment` for more.", "':mlguide:aspect:'"),
        ("The role `{mlguide:framework}` is for pages.", None),
    ],
    ids=["myst-role", "rest-role", "in-code"],
)
def test_a_role_in_data_text_is_a_located_warning(
    make_app: Any, tmp_path: Path, data_copy: Path, written: str, warned: str | None
) -> None:
    """Role syntax in a data text field (which the extension renders as Markdown, so the
    role would print as written) is a warning naming the page line, the file and the field;
    the same words inside a code span are not a role and raise nothing."""
    path = data_copy / "frameworks" / "pytorch.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('details = """', text.index("[positions.deployment]"))
    start += len('details = """')
    path.write_text(text[:start] + f"\n{written}\n\n" + text[start:], encoding="utf-8")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    app = make_app(
        "html", srcdir=src, confoverrides={"mlguide_data_dirs": [str(data_copy)]}, freshenv=True
    )
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    located = re.findall(
        rf"index\.md:\d+: WARNING: {re.escape(str(path))}: positions\.deployment\.details: "
        r"(\S+) is role syntax, which data text does not run \(it prints as written\): write "
        r"the name, or a Markdown link \[mlguide\.data-text\]",
        warnings,
    )
    if warned is None:
        assert located == [] and "role syntax" not in warnings, warnings
    else:
        assert located and set(located) == {warned}, warnings
