"""What a reader of the PDFs gets (the real guide's handout and book, read back): the answer
on the handout's first page, a QR code that leads to the site, code whose names are never
broken, a book that says each thing once, keeps the developers' chapters out, agrees with
its bookmarks and has no near-empty page. Expected content comes from the data files read
here with tomllib, not from the renderer."""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
import tomllib
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

import mlguide
from tests.conftest import GUIDE_BASEURL

pytestmark = pytest.mark.pdf

DATA = mlguide.PACKAGE_DATA
#: A passage this long printed twice in the book is a repetition (the matrix's one-line
#: summaries are shorter, so they may stand in the grid and again in their panel).
REPEAT_CHARS = 200
#: The fewest lines of text a page of the book holds (the cover and part titles aside).
MIN_LINES = 4


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / name).read_text("utf-8"))


def _words(text: str) -> str:
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    text = re.sub("\u2010\\s*", "", text)  # a hyphen WeasyPrint added to break a word
    text = re.sub(r"(\w)-\s+(?=\w)", r"\1-", text)  # a word broken after its own hyphen
    return " ".join(text.replace("`", "").split())


@pytest.fixture(scope="module")
def handout_pages(guide_pdf_dir: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(guide_pdf_dir / "mlguide-handout.pdf").pages]


@pytest.fixture(scope="module")
def book_pages(guide_pdf_dir: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(guide_pdf_dir / "mlguide-guide.pdf").pages]


def test_the_handouts_first_page_answers_the_question(handout_pages: list[str]) -> None:
    """Page one holds the bottom line and every profile with its picks and its reason."""
    first = _words(handout_pages[0])
    raw = _toml("recommendations.toml")
    assert _words(raw["bottom_line"]["summary"]) in first
    names = {
        p.stem: _toml(f"frameworks/{p.name}")["framework"]["name"]
        for p in (DATA / "frameworks").glob("*.toml")
    }
    for rec in raw["recommendations"]:
        picks = [names[p] for p in rec["picks"]]
        joined = picks[0] + (", then " + ", ".join(picks[1:]) if picks[1:] else "")
        assert _words(f"{rec['profile']} → {joined} — {rec['reason']}") in first, rec["id"]


def test_no_pdf_says_nobody(handout_pages: list[str], book_pages: list[str]) -> None:
    """Where no framework leads, a verdict says what is true instead: "Nobody" is printed
    nowhere in the handout or the book."""
    for name, pages in (("handout", handout_pages), ("book", book_pages)):
        for number, page in enumerate(pages, 1):
            assert "Nobody" not in page, f"{name} page {number}"


def test_the_handouts_qr_code_leads_to_the_site(guide_pdf_dir: Path, tmp_path: Path) -> None:
    """The first page prints the site's address and a QR code that reads back as it."""
    import zxingcpp
    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(guide_pdf_dir / "mlguide-handout.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("page*.png")
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
    assert found == [GUIDE_BASEURL]
    first = pypdf.PdfReader(guide_pdf_dir / "mlguide-handout.pdf").pages[0].extract_text()
    assert GUIDE_BASEURL in first


def _code_lines() -> list[tuple[str, str, str]]:
    rows = _toml("equivalents.toml")["equivalents"]
    return [
        (row["id"], cell["framework"], line)
        for row in rows
        for cell in row["cells"]
        for line in (cell.get("code") or "").strip().splitlines()
        if line.strip()
    ]


def _token_pattern(line: str) -> re.Pattern[str]:
    """The line's Python tokens, each as written (no break inside it), with any white space
    (a line break too) allowed between two of them."""
    skip = (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
    tokens: list[str] = []
    try:  # a line of a longer statement (an open bracket) ends the tokens early: fine
        for token in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
            if token.type not in skip and token.string:
                tokens.append(token.string)
    except tokenize.TokenError:
        pass
    parts: list[str] = []
    for token in tokens:
        if token.startswith("#"):  # a comment wraps like prose: its words, unbroken
            parts += [re.escape(word) for word in token.split()]
        else:
            parts.append(re.escape(token))
    return re.compile(r"\s*".join(parts))


@pytest.mark.parametrize("pdf", ["mlguide-handout.pdf", "mlguide-guide.pdf"])
def test_no_code_token_is_broken(guide_pdf_dir: Path, pdf: str) -> None:
    """Every token of every line of the API equivalents' code is printed whole: a line may
    wrap between two tokens (at a space, after a bracket or a comma, before a chained dot),
    never inside a name, number or string."""
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(guide_pdf_dir / pdf).pages).replace(
        "\u2019", "'"
    )
    broken = [
        (row, framework, line)
        for row, framework, line in _code_lines()
        if not _token_pattern(line).search(text)
    ]
    assert broken == [], broken[:5]


def test_the_book_says_each_thing_once(book_pages: list[str]) -> None:
    """No passage of 200 characters or more is printed twice in the book (the running
    headers and footers aside)."""
    body = []
    for page in book_pages:
        lines = page.splitlines()
        body.append(" ".join(lines[1:-2]))  # header line; footer's two lines
    text = _words(" ".join(body))
    seen: dict[int, int] = {}
    repeats = []
    for start in range(0, len(text) - REPEAT_CHARS, 8):
        key = hash(text[start : start + REPEAT_CHARS])
        if key in seen and start - seen[key] >= REPEAT_CHARS:
            repeats.append(text[start : start + 80])
        seen.setdefault(key, start)
    assert repeats == [], repeats[:3]


def _outline(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def test_the_book_has_no_developers_chapter(guide_pdf_dir: Path) -> None:
    """The library, command-line, data-file and extension chapters are not in the reader's
    book; they are the reference PDF's."""
    developers = (
        "Using the data from Python",
        "The mlguide command",
        "API reference",
        "Writing data files",
        "Using the extension",
    )
    book = [t for t, _ in _outline(pypdf.PdfReader(guide_pdf_dir / "mlguide-guide.pdf"))]
    reference = [t for t, _ in _outline(pypdf.PdfReader(guide_pdf_dir / "mlguide-reference.pdf"))]
    for title in developers:
        assert not any(t.startswith(title) for t in book), title
        assert any(t.startswith(title) for t in reference), title


def test_every_contents_entry_lands_where_its_bookmark_does(guide_pdf_dir: Path) -> None:
    """Each line of the contents prints the page its bookmark opens."""
    reader = pypdf.PdfReader(guide_pdf_dir / "mlguide-guide.pdf")
    marks: dict[str, list[int]] = {}
    for title, page in _outline(reader):
        marks.setdefault(_words(title), []).append(page)
    entries = []
    with pdfplumber.open(guide_pdf_dir / "mlguide-guide.pdf") as pdf:
        for page in pdf.pages[1:4]:
            text = page.extract_text() or ""
            if "Contents" not in text.splitlines()[0:3] and not entries and "Contents" not in text:
                continue
            entries += re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)$", text, re.MULTILINE)
    assert len(entries) > 20
    for title, number in entries:
        assert int(number) in marks.get(_words(title), []), (
            title,
            number,
            marks.get(_words(title)),
        )


def test_no_page_of_either_pdf_is_nearly_empty(guide_pdf_dir: Path) -> None:
    """Every page holds at least four lines of text, besides its running header and
    footer; the book's cover and part title pages aside."""
    for name in ("mlguide-handout.pdf", "mlguide-guide.pdf"):
        reader = pypdf.PdfReader(guide_pdf_dir / name)
        for number, page in enumerate(reader.pages, 1):
            lines = [line for line in page.extract_text().splitlines() if line.strip()]
            body = lines[1:-1]
            if name == "mlguide-guide.pdf" and (
                number == 1 or any(re.fullmatch(r"Part [IVX]+: .+|Appendix", t) for t in lines)
            ):
                continue
            assert len(body) >= MIN_LINES, f"{name} page {number}: {body}"
