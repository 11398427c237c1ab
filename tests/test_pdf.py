"""The PDF handout: the real guide's PDF read back, and a test root of hostile input."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pdfplumber
import pypdf
import pytest

import mlguide
from tests.conftest import MINIMAL_DATA, ROOTS
from tests.expected import verdict_texts
from tests.pdfwords import headings_at_page_foot, text_over_text

pytestmark = pytest.mark.pdf

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1764115200"  # 2025-11-26, fixed so that two builds can be compared byte for byte


def sphinx_pdf(
    src: Path, out: Path, *extra: str, env: dict[str, str] | None = None, conf: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the PDF builder in a subprocess, as a user would."""
    args = [sys.executable, "-m", "sphinx", "-q", "-b", "mlguide-pdf", *extra]
    if conf:
        args += ["-c", str(conf)]
    return subprocess.run(
        [*args, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
        cwd=REPO,
    )


def normalise(text: str) -> str:
    """PDF text with WeasyPrint's hyphenation undone and whitespace and quotes unified."""
    text = re.sub("\u2010\\s*", "", text)
    text = re.sub(r"(\w)-\n", r"\1-", text)  # a line broken after a real hyphen
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.replace("`", "").split())


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def body_text(path: Path) -> list[str]:
    """The text of each page without its running header and footer (the words in the print
    theme's page margins, 20 mm top and 18 mm bottom, which WeasyPrint draws after the body),
    so that a sentence broken by a page reads whole when the pages are joined."""
    mm = 72 / 25.4
    pages = []
    with pdfplumber.open(path) as pdf:
        for plumbed, page in zip(pdf.pages, pypdf.PdfReader(path).pages, strict=True):
            margins = " ".join(
                w["text"]
                for w in plumbed.extract_words()
                if w["bottom"] <= 20 * mm or w["top"] >= plumbed.height - 18 * mm
            )
            lines = page.extract_text().splitlines()
            while lines and lines[-1].strip() and lines[-1].strip() in margins:
                lines.pop()
            pages.append("\n".join(lines))
    return pages


@pytest.fixture(scope="session")
def guide_pdf(guide_pdf_dir: Path) -> Path:
    """The real guide's book (built once, with the handout, by the guide_pdf_dir fixture)."""
    return guide_pdf_dir / "mlguide-guide.pdf"


@pytest.fixture(scope="session")
def guide_text(guide_pdf: Path) -> list[str]:
    """The text of each page of the guide's PDF (extracted once)."""
    return pdf_text(guide_pdf)


@pytest.fixture(scope="session")
def guide_layout(guide_pdf: Path) -> list[dict[str, object]]:
    """Per page: the text in the top and bottom margins, and any character off the page."""
    pages = []
    with pdfplumber.open(guide_pdf) as pdf:
        for page in pdf.pages:
            x0, top, x1, bottom = page.trimbox if getattr(page, "trimbox", None) else page.bbox
            mm = 72 / 25.4  # the print theme's page margins: 20 mm top, 18 mm bottom
            words = page.extract_words()
            outside = [
                c["text"]
                for c in page.chars
                if c["x0"] < x0 - 0.5
                or c["x1"] > x1 + 0.5
                or c["top"] < top - 0.5
                or c["bottom"] > bottom + 0.5
            ]
            pages.append(
                {
                    "header": " ".join(w["text"] for w in words if w["bottom"] <= top + 20 * mm),
                    "footer": " ".join(w["text"] for w in words if w["top"] >= bottom - 18 * mm),
                    "outside": outside,
                }
            )
    return pages


def test_every_summary_and_verdict_is_in_the_pdf(guide_pdf: Path, guide_text: list[str]) -> None:
    """Every position summary (or unknown reason), claim verdict and aspect verdict is printed.

    Compared without whitespace: narrow columns break long identifiers anywhere."""
    guide = mlguide.load_uncached()

    def squeeze(text: str) -> str:
        return "".join(normalise(text).split())

    text = squeeze("\n".join(guide_text))
    missing = []
    for position in guide.positions:
        wanted = position.summary or position.unknown or ""
        if squeeze(wanted) not in text:
            missing.append(f"{position.framework}/{position.aspect}: {wanted}")
    for claim_id, verdict in verdict_texts(mlguide.PACKAGE_DATA).items():
        if squeeze(verdict[:1].upper() + verdict[1:]) not in text:
            missing.append(f"claim {claim_id}: {verdict}")
    for aspect in guide.aspects:
        if aspect.verdict and squeeze(aspect.verdict.summary) not in text:
            missing.append(f"verdict {aspect.id}")
    assert not missing, "\n".join(missing)


def test_every_code_example_is_printed_in_full(guide_text: list[str]) -> None:
    """Each framework's snippet of each example is in the PDF, line for line (code wraps but
    is never hyphenated or cut)."""
    guide = mlguide.load_uncached()
    text = "".join("".join(guide_text).split())
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    missing = []
    for example in guide.examples:
        for snippet in example.snippets:
            for line in guide.snippet_code(example.id, snippet.framework).splitlines():
                squeezed = "".join(line.split())
                if squeezed and squeezed not in text:
                    missing.append(f"{example.id}/{snippet.framework}: {line.strip()}")
    assert guide.examples
    assert not missing, "\n".join(missing[:20])


def _outline_titles(outline: list[object]) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(item.title)  # type: ignore[attr-defined]
    return titles


def test_outline_holds_every_chapter_and_aspect(guide_pdf: Path) -> None:
    """Bookmarks: every chapter of the guide and every aspect's section."""
    titles = _outline_titles(pypdf.PdfReader(guide_pdf).outline)
    guide = mlguide.load_uncached()
    chapters = [
        "The frameworks",
        "How they differ",
        "Then and now: the classic claims",
        "Which should you learn or use?",
        "Code side by side",
        "Sources",
        "About this guide",
    ]
    for title in chapters + [a.title for a in guide.aspects]:
        assert title in titles, f"no bookmark for {title!r}"
    # what changed has a PDF of its own (it quotes the verdicts the book prints)
    assert "What changed in this edition" not in titles
    assert "Contents" not in titles[:1]


def test_every_page_after_the_cover_has_header_and_footer(
    guide_layout: list[dict[str, object]],
) -> None:
    """Running header (chapter title and name) and "page X of Y" on every page but the cover."""
    total = len(guide_layout)
    assert total > 20
    assert guide_layout[0]["header"] == "" and guide_layout[0]["footer"] == ""
    for number, page in enumerate(guide_layout[1:], start=2):
        assert f"page {number} of {total}" in str(page["footer"]), f"page {number}: {page}"
        header = str(page["header"])
        assert header.endswith("mlguide") and len(header) > len("mlguide"), (
            f"page {number}: {header!r}"
        )
    headers = [str(p["header"]) for p in guide_layout]
    assert headers[1].startswith("Contents")
    assert any(h.startswith("How they differ") for h in headers)


def test_contents_lists_chapters_with_page_numbers(guide_text: list[str]) -> None:
    """The contents page lists chapters with the page they start on."""
    contents = guide_text[1]
    assert "Contents" in contents
    match = re.search(r"How they differ\s*\.+\s*(\d+)", contents)
    assert match, contents
    page = int(match.group(1))
    assert "How they differ" in guide_text[page - 1]


def test_nothing_is_drawn_outside_the_page(guide_layout: list[dict[str, object]]) -> None:
    """No character lies outside its page's trim box."""
    for number, page in enumerate(guide_layout, start=1):
        assert page["outside"] == [], f"page {number}: {page['outside']}"


def test_metadata_tagging_and_fonts(guide_pdf: Path) -> None:
    """Title, author, subject, keywords, language; tagged (structure tree); fonts embedded."""
    reader = pypdf.PdfReader(guide_pdf)
    meta = reader.metadata
    assert meta is not None
    guide = mlguide.load_uncached()
    assert meta.title == guide.info.title
    assert meta.author == guide.info.authors
    assert meta.subject == guide.info.subtitle
    assert "PyTorch" in (meta.get("/Keywords") or "")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # the guide asks for the PDF/UA-1 variant
    fonts = set()
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor") or {}
            if not descriptor and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object() if descriptor else {}
            name = str(font["/BaseFont"])
            fonts.add(name.rsplit("+", maxsplit=1)[-1])
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            assert "+" in name, f"{name} is not subset"
    assert any("Charis" in f for f in fonts), fonts
    assert any("JetBrains" in f for f in fonts), fonts
    assert any("Inter" in f for f in fonts), fonts


def test_two_builds_are_byte_identical(guide_pdf: Path, tmp_path: Path) -> None:
    """The same sources, address and SOURCE_DATE_EPOCH give the same bytes."""
    from tests.conftest import GUIDE_BASEURL

    result = sphinx_pdf(
        REPO / "source", tmp_path, conf=REPO / "conf", env={"MLGUIDE_BASEURL": GUIDE_BASEURL}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / guide_pdf.name).read_bytes() == guide_pdf.read_bytes()
    handout = guide_pdf.with_name("mlguide-handout.pdf")
    assert (tmp_path / handout.name).read_bytes() == handout.read_bytes()


# --- hostile and awkward input, on a small test root ---------------------------------------


class _Probe(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        _Probe.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str, list[str], list[str]]:
    """The test root built with a loopback server listening and a panel longer than a page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Probe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = tmp_path_factory.mktemp("pdf-root")
    src = root / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    hostile = src / "hostile.md"
    hostile.write_text(hostile.read_text().replace("PORT", str(server.server_address[1])))
    # a panel longer than three pages: 400 numbered sentences in PyTorch's deployment details,
    # in four paragraphs of about 3,200 characters (a paragraph holds at most 4,000)
    sentences = [f"Sentence {i} of the long panel." for i in range(1, 401)]
    details = "\n\n".join(" ".join(sentences[k : k + 100]) for k in range(0, 400, 100))
    extra = root / "extra" / "frameworks"
    extra.mkdir(parents=True)
    (extra / "pytorch.toml").write_text(
        '[positions.deployment]\nsummary = "A panel longer than a page."\n'
        f'details = """{details}"""\n'
        'sources = [{ title = "t", url = "https://example.org/long", publisher = "p", '
        "accessed = 2026-11-26, primary = true }]\n"
    )
    out = root / "out"
    try:
        result = sphinx_pdf(
            src,
            out,
            env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA), "MLGUIDE_TEST_EXTRA": str(extra.parent)},
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    return out / "test.pdf", result.stderr, list(_Probe.requests), sentences


def test_refuses_local_files_outside_the_build(
    hostile_build: tuple[Path, str, list[str], list[str]],
) -> None:
    """file:///etc/passwd is refused with a warning naming it, and nothing of it is printed."""
    pdf, warnings, _, _ = hostile_build
    assert "refused to fetch file:///etc/passwd" in warnings
    assert "root:x:0:0" not in "".join(pdf_text(pdf))


def test_makes_no_network_request(hostile_build: tuple[Path, str, list[str], list[str]]) -> None:
    """An image on a loopback HTTP server is refused before any request is made."""
    _, warnings, requests, _ = hostile_build
    assert requests == []
    assert re.search(r"refused to fetch http://127\.0\.0\.1:\d+/probe\.png", warnings)


def test_missing_image_warns_and_the_page_goes_on(
    hostile_build: tuple[Path, str, list[str], list[str]],
) -> None:
    """A missing image is a warning naming the file; the text after it is printed."""
    pdf, warnings, _, _ = hostile_build
    assert "missing file" in warnings and "not-there.png" in warnings
    assert "The text after the images is still here." in normalise("".join(pdf_text(pdf)))


def test_long_code_and_wide_tables_stay_on_the_page(
    hostile_build: tuple[Path, str, list[str], list[str]],
) -> None:
    """A very long code line wraps and a twelve-column table fits: all text, inside the page."""
    pdf, _, _, _ = hostile_build
    text = normalise("".join(pdf_text(pdf))).replace(" ", "")
    assert "_END" in text and "WIDE_TABLE_END" in text and "argument_seven" in text
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width + 0.5, char["text"]


def test_panel_longer_than_a_page_keeps_all_its_text(
    hostile_build: tuple[Path, str, list[str], list[str]],
) -> None:
    """Every sentence of a panel that runs over several pages is in the PDF, in both layouts."""
    pdf, _, _, sentences = hostile_build
    text = normalise("\n".join(body_text(pdf)))
    missing = [s for s in sentences if s not in text]
    assert not missing, f"{len(missing)} sentences lost, e.g. {missing[:3]}"
    assert len(pypdf.PdfReader(pdf).pages) >= 6
    # the page breaks fall inside sentences too (their halves join across the running
    # header and footer, which body_text leaves out)
    pages = [normalise(page) for page in body_text(pdf)]
    assert any(re.search(r"Sentence \d+ of the long panel\.$", page) is None for page in pages[:-1])


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_size(tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    """A4 by default and US Letter by mlguide_pdf_paper."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    (src / "hostile.md").write_text("# Nothing hostile\n\nText.\n")
    extra = [] if paper == "A4" else ["-D", f"mlguide_pdf_paper={paper}"]
    result = sphinx_pdf(src, tmp_path / "out", *extra, env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA)})
    assert result.returncode == 0, result.stderr
    page = pypdf.PdfReader(tmp_path / "out" / "test.pdf").pages[1]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_unknown_paper_size_is_a_clear_error(tmp_path: Path) -> None:
    """An unknown paper size stops the build with one line listing the sizes, no traceback."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    result = sphinx_pdf(
        src,
        tmp_path / "out",
        "-D",
        "mlguide_pdf_paper=A3",
        env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA)},
    )
    assert result.returncode == 2
    assert "mlguide_pdf_paper: unknown paper size 'A3'" in result.stderr
    assert "(known: A4, Letter, A5, Legal)" in result.stderr
    assert "Traceback" not in result.stderr


# --- print layout: no text over text, no heading alone at a page foot, PDF/UA -----------------


def guide_pdfs(guide_pdf: Path) -> list[Path]:
    """Every PDF the guide's build wrote (the handout, the full guide, ...)."""
    pdfs = sorted(guide_pdf.parent.glob("*.pdf"))
    assert guide_pdf in pdfs
    return pdfs


def test_no_text_is_drawn_over_text(guide_pdf: Path) -> None:
    """On every page of every PDF the guide builds, no glyph is drawn over another one (a
    code name running into the next column, a label across a label of a picture)."""
    for pdf in guide_pdfs(guide_pdf):
        assert text_over_text(pdf) == [], pdf.name


def test_no_heading_is_left_alone_at_a_page_foot(guide_pdf: Path) -> None:
    """The last line of every page's body is never a heading (h1-h4 and rubrics are printed
    at 10.8 pt or more; body text, tables and code smaller)."""
    for pdf in guide_pdfs(guide_pdf):
        assert headings_at_page_foot(pdf) == [], pdf.name


def test_pdfua_checker_reports_nothing(guide_pdf: Path) -> None:
    """The pdfua checker (machine-checkable PDF/UA-1 rules) finds no error and no warning in
    any PDF the guide builds; in particular every table header carries its /Scope."""
    from pdfua import validate

    for pdf in guide_pdfs(guide_pdf):
        report = validate(str(pdf))
        findings = [
            f"{f.rule_id} {f.severity.name} page {f.location.page}: {f.message}"
            for f in report.findings
        ]
        assert findings == [], pdf.name


def test_every_table_header_has_a_scope(guide_pdf: Path) -> None:
    """Read back independently of the checker: every /TH structure element carries /Scope,
    /Column in a table's head and /Row for a header starting a body row."""
    reader = pypdf.PdfReader(guide_pdf)
    scopes: dict[str, int] = {}
    for ref in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(ref)
        except Exception:  # a free slot in the cross-reference table
            continue
        if isinstance(obj, pypdf.generic.DictionaryObject) and obj.get("/S") == "/TH":
            attributes = obj["/A"].get_object()
            scope = str(attributes.get("/Scope"))
            scopes[scope] = scopes.get(scope, 0) + 1
            parent = obj["/P"].get_object()["/P"].get_object()
            if parent.get("/S") == "/THead":
                assert scope == "/Column"
    assert scopes and set(scopes) <= {"/Column", "/Row"}, scopes


def test_text_over_text_check_fails_on_a_broken_stylesheet(
    hostile_build: tuple[Path, str, list[str], list[str]], tmp_path: Path
) -> None:
    """The check is not blind: the test root's PDF has no text over text, and the same
    root with a stylesheet that squeezes lines together and keeps inline code on one line
    has some."""
    assert text_over_text(hostile_build[0]) == []
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    (src / "_static").mkdir()
    (src / "_static" / "broken.css").write_text(
        "p, li, td, th { line-height: 0.35 !important; }\n"
        "code span.pre { white-space: nowrap !important; }\n"
        "td code, th code { overflow-wrap: normal !important; }\n"
    )
    out = tmp_path / "out"
    result = sphinx_pdf(
        src,
        out,
        "-D",
        "html_static_path=_static",
        "-D",
        "html_css_files=broken.css",
        env={"MLGUIDE_TEST_DATA": str(MINIMAL_DATA)},
    )
    assert result.returncode == 0, result.stderr
    assert text_over_text(out / "test.pdf") != []
