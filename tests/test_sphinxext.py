"""The Sphinx extension on real builds: every builder gets every panel, labelled, warning-free."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from tests.conftest import MINIMAL_DATA, ROOTS
from tests.expected import verdict_texts

pytestmark = pytest.mark.sphinx

GUIDE = mlguide.load_uncached([MINIMAL_DATA], package_data=False)


def build(
    make_app: Any, tmp_path: Path, root: str, builder: str, **confoverrides: Any
) -> tuple[Path, str]:
    """Build a copy of a test root; returns the output folder and the warnings."""
    src = tmp_path / root
    shutil.copytree(ROOTS / f"test-{root}", src)
    app = make_app(builder, srcdir=src, confoverrides=confoverrides, freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def flat(text: str) -> str:
    """Whitespace collapsed and inline-code markers dropped, to find data text in output."""
    return " ".join(text.replace("`", "").replace('"', "").split())


def plain(markdown_text: str) -> str:
    return flat(markdown_text)


@pytest.mark.parametrize("root", ["myst", "rest"])
@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_html_build_is_clean_and_complete(
    make_app: Any, tmp_path: Path, root: str, theme: str
) -> None:
    """HTML: no warnings; compare has one tab per aspect with one labelled panel per framework."""
    out, warnings = build(make_app, tmp_path, root, "html", html_theme=theme)
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    compare = soup.select_one(".mlguide-compare")
    assert compare is not None and "sd-tab-set" in compare["class"]
    labels = [label.get_text(strip=True) for label in compare.find_all("label", recursive=False)]
    assert labels == [a.title for a in GUIDE.aspects]
    assert {label["data-sync-group"] for label in compare.find_all("label", recursive=False)} == {
        "mlguide-aspect"
    }
    names = [f.name for f in GUIDE.frameworks]
    for content in compare.find_all("div", class_="sd-tab-content", recursive=False):
        headers = [h.get_text(strip=True) for h in content.select(".mlguide-panel .sd-card-header")]
        assert headers == names
    aspects = BeautifulSoup((out / "aspects.html").read_text(), "html.parser")
    tabs = aspects.select_one(".mlguide-framework-tabs")
    assert tabs is not None
    assert [lab.get_text(strip=True) for lab in tabs.find_all("label", recursive=False)] == names
    # the role links to the aspect's full rendering on the other page
    link = soup.find("a", href=re.compile(r"aspects\.html#mlguide-aspect-deployment$"))
    assert link is not None and link.get_text() == GUIDE.aspect("deployment").title
    assert (out / "_static" / "mlguide.css").is_file()


@pytest.mark.parametrize("root", ["myst", "rest"])
def test_text_build_contains_every_summary(make_app: Any, tmp_path: Path, root: str) -> None:
    """Text builder: every position's summary, every framework label and verdict is there."""
    out, warnings = build(make_app, tmp_path, root, "text")
    assert warnings == ""
    index = flat((out / "index.txt").read_text())
    aspects = flat((out / "aspects.txt").read_text())
    for position in GUIDE.positions:
        assert plain(position.summary or "") in index
    for aspect in GUIDE.aspects:
        assert flat(aspect.title) in index
    verdicts = verdict_texts(MINIMAL_DATA)
    assert verdicts, "the test data has claims"
    for text in verdicts.values():
        assert text[:1].upper() + text[1:] in index
    # the framework tabs of the execution aspect: every panel labelled with its framework
    execution = aspects.split("Execution", 1)[1].split("Serialization", 1)[0]
    for framework in GUIDE.frameworks:
        assert framework.name in execution
        assert plain(GUIDE.position(framework.id, "execution-model").summary or "") in execution


@pytest.mark.parametrize("root", ["myst", "rest"])
def test_singlehtml_resolves_references_in_page(make_app: Any, tmp_path: Path, root: str) -> None:
    """singlehtml: roles, matrix links, citations and the tables of contents (the body's
    toctree and the sidebar's, which Sphinx 9 writes as ``#document-x#anchor``) point at
    anchors inside the single page, each a plain fragment with one ``#``."""
    out, warnings = build(make_app, tmp_path, root, "singlehtml")
    assert warnings == ""
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    hrefs = [a["href"] for a in soup.select("a.mlguide-cite")]
    assert hrefs
    for href in hrefs:
        assert href.startswith("#") and href[1:] in ids
    role = soup.find("a", string=GUIDE.aspect("deployment").title)
    assert role is not None and role["href"] == "#mlguide-aspect-deployment"
    internal = [str(a["href"]) for a in soup.select('a[href^="#"]') if "mlguide-" in a["href"]]
    assert len(internal) > len(hrefs)
    # every in-page link, toctree entries for sections included
    toc = [str(a["href"]) for a in soup.select("li[class^='toctree-l'] > a")]
    assert any(h.startswith("#") and not h.startswith("#document-") for h in toc), toc
    in_page = [str(a["href"]) for a in soup.select('a[href^="#"]') if a["href"] != "#"]
    assert [h for h in in_page if h.count("#") != 1 or h[1:] not in ids] == []


def test_myst_and_rest_render_the_same(make_app: Any, tmp_path: Path) -> None:
    """The same directives give the same HTML on a MyST page and on a reST page."""
    fragments = {}
    for root in ("myst", "rest"):
        out, _ = build(make_app, tmp_path, root, "html")
        parts = []
        for page in ("index.html", "aspects.html", "frameworks.html"):
            soup = BeautifulSoup((out / page).read_text(), "html.parser")
            for node in soup.select(
                ".mlguide-compare, .mlguide-aspect, .mlguide-matrix, .mlguide-claims, .mlguide-profile-card, ul.mlguide-bibliography"
            ):
                parts.append(str(node))
        fragments[root] = parts
    assert len(fragments["myst"]) > 10
    assert fragments["myst"] == fragments["rest"]


def test_bad_input_warns_with_location_and_subtype(make_app: Any, tmp_path: Path) -> None:
    """Unknown ids, bad options, content, empty and duplicate lists: located, typed warnings."""
    out, warnings = build(make_app, tmp_path, "bad", "html")
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    expected = [
        (
            3,
            "unknown framework 'pytorh' in :mlguide:framework:; did you mean 'pytorch'?",
            "unknown-id",
        ),
        (
            3,
            "unknown aspect 'deploy' in :mlguide:aspect:; did you mean 'deployment'?",
            "unknown-id",
        ),
        (5, "unknown framework 'pytorh' in :frameworks:; did you mean 'pytorch'?", "unknown-id"),
        (9, "unknown aspect 'deploymnt'; did you mean 'deployment'?", "unknown-id"),
        (12, "invalid value 'colums' for :layout:; did you mean 'columns'?", "option"),
        (16, ":aspects: is empty", "empty"),
        (20, "framework 'pytorch' is listed twice in :frameworks:", "duplicate"),
        (24, "the mlguide:framework directive takes no content", "content"),
        (28, "the mlguide:framework directive needs a framework id", "argument"),
        (31, "invalid value 'everything' for :scope:", "option"),
        (
            35,
            "unknown claim 'static-graphs' in :claims:; did you mean 'static-vs-dynamic-graphs'?",
            "unknown-id",
        ),
        (35, "no known claim left in :claims:; showing the default", "empty"),
        (39, "unknown profile 'begginer' in :profiles:; did you mean 'beginner'?", "unknown-id"),
        (39, "no known profile left in :profiles:; showing the default", "empty"),
        (
            43,
            "invalid value 'grid' for :layout: (choose from cards, list); using 'cards'",
            "option",
        ),
        (
            47,
            "invalid value 'table' for :layout: (choose from cards, list); using 'cards'",
            "option",
        ),
        (51, "unknown example 'tensors-autodif' in :examples:", "unknown-id"),
        (51, "no known example left in :examples:; showing the default", "empty"),
    ]
    for line_no, text, subtype in expected:
        matching = [
            line
            for line in lines
            if f"index.md:{line_no}:" in line and text in line and f"[mlguide.{subtype}]" in line
        ]
        assert matching, f"no warning at line {line_no}: {text!r} [{subtype}] in:\n{warnings}"
    assert len(lines) == len(expected)
    html = (out / "index.html").read_text()
    assert "After the bad directives the page goes on." in html
    assert html.count("mlguide-panel") >= 2  # the compare with the known framework still renders


def test_raw_html_in_data_is_text(make_app: Any, tmp_path: Path) -> None:
    """`<script>` in a data string is shown as text, never passed through as markup."""
    extra = tmp_path / "extra" / "frameworks"
    extra.mkdir(parents=True)
    (extra / "pytorch.toml").write_text(
        "[positions.deployment]\n"
        'summary = "Served <script>alert(1)</script> <b>bold</b>"\n'
        'details = "<img src=x onerror=alert(2)> and `code`"\n'
        'sources = [{ title = "t", url = "https://example.org/", publisher = "p", accessed = 2026-11-26, primary = true }]\n'
    )
    out, warnings = build(
        make_app,
        tmp_path,
        "myst",
        "html",
        mlguide_data_dirs=[str(MINIMAL_DATA), str(extra.parent)],
    )
    assert warnings == ""
    html = (out / "aspects.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_broken_data_stops_the_build_with_one_line(tmp_path: Path) -> None:
    """A broken data file stops sphinx-build with the loader's one-line message, no traceback."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    path = data / "frameworks" / "pytorch.toml"
    path.write_text(path.read_text().replace("homepage =", "homepag ="))
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), "MLGUIDE_TEST_DATA": str(data)},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{path}: framework.homepag: unknown key; did you mean 'homepage'?" in result.stderr


def test_unknown_paper_size_is_a_clear_config_error(tmp_path: Path) -> None:
    """An unknown mlguide_pdf_paper stops the build and suggests the closest size."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-D",
            "mlguide_pdf_paper=letter",
            str(src),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mlguide_pdf_paper: unknown paper size 'letter'; did you mean 'Letter'?" in result.stderr


def test_parallel_build_gives_the_same_output(tmp_path: Path) -> None:
    """`-j 2` writes the same HTML as a serial build (parallel read and write are safe)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-myst", src)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-W",
                "-E",
                "-j",
                jobs,
                "-b",
                "html",
                str(src),
                str(out),
            ],
            check=True,
            env=_env(),
        )
        outputs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.glob("*.html")}
    assert set(outputs["1"]) == {
        "index.html",
        "aspects.html",
        "frameworks.html",
        "genindex.html",
        "search.html",
    }
    for name, content in outputs["1"].items():
        assert outputs["2"][name] == content, name


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "MLGUIDE_TEST_DATA": os.environ["MLGUIDE_TEST_DATA"]}


@pytest.mark.parametrize("page", ["index", "frameworks", "aspects"])
def test_doctree_regression(make_app: Any, tmp_path: Path, page: str, file_regression: Any) -> None:
    """The builder-neutral node structure of every directive, pinned (regenerate on purpose)."""
    out, warnings = build(make_app, tmp_path, "myst", "pseudoxml")
    assert warnings == ""
    text = (out / f"{page}.pseudoxml").read_text()
    text = re.sub(r'source="[^"]*"', 'source="..."', text)
    file_regression.check(text, basename=f"doctree_{page}", extension=".pseudoxml")
