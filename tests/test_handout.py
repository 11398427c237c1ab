"""The handout: the real guide's four-page PDF read back, on A4 and on US Letter.

Expected content comes from the data files read here with tomllib (an independent walk, not
the renderer), and layout facts from pdfplumber's character boxes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from itertools import combinations
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

import mlguide

pytestmark = pytest.mark.pdf

REPO = Path(__file__).resolve().parent.parent
DATA = mlguide.PACKAGE_DATA
MAX_PAGES = 4
MIN_POINTS = 7.0
#: The published address the Letter build is given (a reserved example domain).
BASEURL = "https://guide.example.org/mlguide"
POINTS = {"A4": (841.89, 595.28), "Letter": (792.0, 612.0)}  # landscape


def _toml(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def _squash(text: str) -> str:
    """Text without any whitespace and with quotes straightened: wrapping moves spaces and
    line breaks, nothing else. Hyphens WeasyPrint inserts are kept, so code that got one
    fails to match."""
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", "", text)


def _plain(markdown: str) -> str:
    """Inline Markdown as the PDF shows it: no backticks, emphasis or link syntax."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    return text.replace("`", "").replace("**", "").replace("*", "")


@pytest.fixture(scope="module")
def letter_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handout alone on US Letter: the guide's conf.py, with the paper changed."""
    root = tmp_path_factory.mktemp("handout-letter")
    (root / "source").symlink_to(REPO / "source")
    conf = root / "conf"
    conf.mkdir()
    (conf / "conf.py").write_text(
        f"exec(compile(open({str(REPO / 'conf' / 'conf.py')!r}).read(), 'conf.py', 'exec'))\n"
        'mlguide_pdf_documents = [dict(d, paper="Letter") for d in mlguide_pdf_documents\n'
        '                         if d.get("layout") == "handout"]\n'
        f"html_baseurl = {BASEURL!r}\n",
        encoding="utf-8",
    )
    out = root / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "mlguide-pdf",
            "-n",
            "-W",
            "--keep-going",
            "-c",
            str(conf),
            str(root / "source"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764115200"},
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module", params=["A4", "Letter"])
def handout(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """The handout on each paper: A4 from the guide's own build, Letter from a build with
    the paper changed."""
    if request.param == "A4":
        return "A4", request.getfixturevalue("guide_pdf_dir") / "mlguide-handout.pdf"
    return "Letter", request.getfixturevalue("letter_dir") / "mlguide-handout.pdf"


@pytest.fixture(scope="module")
def handout_text(handout: tuple[str, Path]) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(handout[1]).pages)


def test_pages_and_paper(handout: tuple[str, Path]) -> None:
    """At most four pages, each the configured paper in landscape."""
    paper, path = handout
    pages = pypdf.PdfReader(path).pages
    assert 1 <= len(pages) <= MAX_PAGES
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == tuple(round(v) for v in POINTS[paper])


def test_title_date_and_data_version(handout_text: str) -> None:
    """The title block: the guide's title, the as-of date and the data version."""
    info = _toml("guide.toml")["guide"]
    text = " ".join(handout_text.split())
    assert info["title"] in text
    assert info["as_of"].strftime("%-d %B %Y") in text
    assert f"data version {info['data_version']}" in text


def test_every_framework_and_aspect_is_named(handout_text: str) -> None:
    """Every framework's name and every aspect's title appear (the matrix)."""
    squashed = _squash(handout_text)
    names = [
        _toml(f"frameworks/{p.name}")["framework"]["name"]
        for p in (DATA / "frameworks").glob("*.toml")
    ]
    assert len(names) == 4
    for name in names:
        assert _squash(name) in squashed, name
    aspects = _toml("aspects.toml")["aspects"]
    assert len(aspects) >= 18
    for aspect in aspects:
        assert _squash(aspect["title"]) in squashed, aspect["title"]


def test_every_equivalents_row_and_code_line(handout_text: str) -> None:
    """Every API-equivalents row's task and every line of its code, unhyphenated."""
    squashed = _squash(handout_text)
    rows = _toml("equivalents.toml")["equivalents"]
    for row in rows:
        assert _squash(row["task"]) in squashed, row["task"]
        for cell in row["cells"]:
            for line in (cell.get("code") or "").strip().splitlines():
                assert _squash(line) in squashed, (row["id"], cell["framework"], line)
            if "none" in cell:
                assert _squash(_plain(cell["none"])) in squashed, (row["id"], cell["framework"])


def test_every_claim_verdict_and_profile_pick(handout_text: str) -> None:
    """Every classic claim with its verdict (and its caveat when it partly holds), every
    reader profile with its picks in order."""
    squashed = _squash(handout_text)
    names = {
        p.stem: _toml(f"frameworks/{p.name}")["framework"]["name"]
        for p in (DATA / "frameworks").glob("*.toml")
    }
    for claim in _toml("claims.toml")["claims"]:
        verdict = claim["verdict"].replace("-", " ")  # "partly-holds" reads "partly holds"
        if "since" in claim:
            since = claim["since"]
            verdict = f"outdated since {names[since['framework']]} {since['version']}"
        line = _squash(f"{verdict[:1].upper()}{verdict[1:]}")
        assert line in squashed, claim["id"]
        assert _squash(f'"{claim["claim"]}"') in squashed, claim["id"]
        if "caveat" in claim:  # the handout never says "partly holds" without which part
            caveat = claim["caveat"].replace("`", "")  # inline code loses its backticks
            assert _squash(f'"{claim["claim"]}" — {caveat}') in squashed, claim["id"]
    for rec in _toml("recommendations.toml")["recommendations"]:
        picks = [names[p] for p in rec["picks"]]
        joined = picks[0] + "".join(
            (", then " if i == 1 else ", ") + p for i, p in enumerate(picks[1:], 1)
        )
        assert _squash(f"{rec['profile']} → {joined}") in squashed, rec["id"]


def test_sources_and_full_guide_are_pointed_to(
    handout: tuple[str, Path], handout_text: str
) -> None:
    """The colophon gives the site's address and the book's (the Letter build writes the
    handout alone, so it names the site only), and the number of numbered sources."""
    from tests.conftest import GUIDE_BASEURL

    # an address keeps its scheme and host on one line; its path may break after a slash
    assert not re.search(r"https://\s", handout_text)
    text = " ".join(re.sub(r"(?<=\w/)\n(?=\w)", "", handout_text).split())
    if handout[0] == "A4":
        base = GUIDE_BASEURL.rstrip("/")
        assert f"The full guide: {base}/ and, as a book, {base}/mlguide-guide.pdf." in text
    else:
        assert f"The full guide: {BASEURL}/." in text
    count = len(mlguide.load_uncached().sources())
    assert f"{count} sources" in text


@pytest.fixture(scope="module")
def chars(
    handout: tuple[str, Path],
) -> list[tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]]:
    """Per page: the page, its characters and its words (pdfplumber)."""
    pages = []
    with pdfplumber.open(handout[1]) as pdf:
        for page in pdf.pages:
            pages.append((page.bbox, list(page.chars), page.extract_words(use_text_flow=False)))
    return pages


def test_no_text_under_7_points(chars: list[Any]) -> None:
    """Every character is at least 7 pt."""
    for number, (_, page_chars, _) in enumerate(chars, 1):
        small = sorted(
            {(round(c["size"], 2), c["text"]) for c in page_chars if c["size"] < MIN_POINTS - 0.01}
        )
        assert small == [], f"page {number}: {small[:10]}"


def test_nothing_off_the_page(chars: list[Any]) -> None:
    """No character lies outside its page."""
    for number, (box, page_chars, _) in enumerate(chars, 1):
        x0, top, x1, bottom = box
        outside = [
            c["text"]
            for c in page_chars
            if c["x0"] < x0 - 0.5
            or c["x1"] > x1 + 0.5
            or c["top"] < top - 0.5
            or c["bottom"] > bottom + 0.5
        ]
        assert outside == [], f"page {number}: {outside[:20]}"


def _overlaps(a: dict[str, Any], b: dict[str, Any], slack: float = 0.6) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


def test_no_words_overlap(chars: list[Any]) -> None:
    """No word is drawn over another (boxes intersect by more than a hairline)."""
    for number, (_, _, page_words) in enumerate(chars, 1):
        ordered = sorted(page_words, key=lambda w: w["x0"])
        clashes = []
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if b["x0"] >= a["x1"]:
                    break
                if _overlaps(a, b):
                    clashes.append((a["text"], b["text"]))
        assert clashes == [], f"page {number}: {clashes[:10]}"


def test_the_overlap_check_finds_an_overlap() -> None:
    """The overlap check itself: two boxes drawn across each other clash, neighbours do not."""
    a = {"x0": 10.0, "x1": 30.0, "top": 10.0, "bottom": 18.0}
    assert _overlaps(a, {"x0": 25.0, "x1": 40.0, "top": 12.0, "bottom": 20.0})
    assert not _overlaps(a, {"x0": 30.2, "x1": 40.0, "top": 10.0, "bottom": 18.0})
    assert not _overlaps(a, {"x0": 10.0, "x1": 30.0, "top": 18.2, "bottom": 26.0})
    assert list(combinations([a], 2)) == []


def test_metadata_and_tags(handout: tuple[str, Path]) -> None:
    """Title, author, language; a tagged PDF (structure tree, marked) claiming PDF/UA-1;
    the outline has the handout's sections."""
    reader = pypdf.PdfReader(handout[1])
    meta = reader.metadata
    assert meta is not None
    info = _toml("guide.toml")["guide"]
    assert meta.title == info["title"]
    assert meta.author == info.get("authors", "The mlguide authors")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "API equivalents" in " ".join(titles) or any(
        "API equivalents" in str(i) for i in reader.outline
    )


def test_page_count_reader_agrees_with_pypdf(guide_pdf_dir: Path) -> None:
    """The downloads list's page counter reads both real PDFs (compressed object streams)
    as pypdf does, and says None for a file that is not a PDF."""
    from mlguide.sphinxext.downloads import pdf_page_count

    for path in sorted(guide_pdf_dir.glob("*.pdf")):
        assert pdf_page_count(path) == len(pypdf.PdfReader(path).pages), path.name
    assert pdf_page_count(REPO / "README.md") is None
    assert pdf_page_count(REPO / "no-such.pdf") is None


@pytest.mark.sphinx
def test_downloads_list_pages_and_sizes(make_app: Any, tmp_path: Path, guide_pdf_dir: Path) -> None:
    """An HTML build offers every configured PDF with its paper, page count and size, links
    each to the copy it publishes at the site's root, and warns about nothing."""
    import shutil

    from bs4 import BeautifulSoup

    from tests.conftest import ROOTS

    os.environ.setdefault("MLGUIDE_TEST_EQUIVALENTS", str(REPO / "tests/fixtures/equivalents-data"))
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-equivalents", src)
    index = src / "index.md"
    index.write_text(
        index.read_text().replace(
            "## Compact", "```{mlguide:downloads} Take it with you:\n```\n\n## Compact"
        )
    )
    documents = [
        {
            "start": "index",
            "filename": "mlguide-handout.pdf",
            "label": "The handout",
            "layout": "handout",
            "orientation": "landscape",
        },
        {
            "start": "rest",
            "filename": "mlguide-guide.pdf",
            "label": "The full guide",
            "paper": "Letter",
        },
    ]
    app = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={"mlguide_pdf_documents": documents, "mlguide_pdf_dir": str(guide_pdf_dir)},
    )
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    block = soup.select_one(".mlguide-downloads")
    assert block is not None and block.p.get_text() == "Take it with you:"
    items = [" ".join(li.get_text(" ", strip=True).split()) for li in block.select("li")]
    handout, book = guide_pdf_dir / "mlguide-handout.pdf", guide_pdf_dir / "mlguide-guide.pdf"
    handout_pages = len(pypdf.PdfReader(handout).pages)
    book_pages = len(pypdf.PdfReader(book).pages)
    assert items[0].startswith(
        f"The handout (PDF: mlguide-handout.pdf, A4 landscape, {handout_pages} pages, "
    )
    assert items[0].endswith(f"{round(handout.stat().st_size / 1000)} kB)")
    assert items[1].startswith(
        f"The full guide (PDF: mlguide-guide.pdf, Letter portrait, {book_pages} pages, "
    )
    assert [a["href"] for a in block.select("a")] == ["mlguide-handout.pdf", "mlguide-guide.pdf"]
    assert (out / "mlguide-handout.pdf").read_bytes() == handout.read_bytes()
