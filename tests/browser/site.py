"""The guide as the browser tests see it: built like build-scripts/guide, served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import runpy
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Folders of the built site that hold assets, not pages.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads", "_screenshots")


class BuiltGuide:
    """The built site: its folder, its pages (paths relative to it, ``/``-separated) and the
    handout's file name. The PDF build goes on in the background while the HTML is tested;
    ``handout_error()`` waits for it."""

    def __init__(self, html: Path, pdfs: list[str], pdf_build: subprocess.Popen[bytes], pdf: Path):
        self.html = html
        self.pdfs = pdfs  # every PDF the home page offers, the handout first
        self.handout = pdfs[0]
        self.pages = tuple(
            sorted(
                path.relative_to(html).as_posix()
                for path in html.rglob("*.html")
                if path.relative_to(html).parts[0] not in NOT_PAGES
            )
        )
        self._pdf_build = pdf_build
        self._pdf = pdf
        self._handout_error: str | None = None

    def handout_error(self) -> str | None:
        """Wait for the PDF build; None once the handout is in the site, else what went wrong."""
        if self._pdf_build.returncode is None:
            started = time.monotonic()
            returncode = self._pdf_build.wait()
            print(f"waited {time.monotonic() - started:.1f} s for the PDF build")
            log = (self._pdf.parent / "pdf.log").read_text("utf-8", "replace")
            if returncode:
                self._handout_error = f"the PDF build (-b mlguide-pdf) failed:\n{log[-3000:]}"
            elif not (self._pdf / self.handout).is_file():
                self._handout_error = f"the PDF build wrote no {self.handout} into {self._pdf}"
            else:
                for name in self.pdfs:
                    shutil.copy2(self._pdf / name, self.html / name)
        return self._handout_error

    def close(self) -> None:
        """Stop the PDF build if nobody waited for it."""
        if self._pdf_build.returncode is None:
            self._pdf_build.terminate()
            self._pdf_build.wait()


def _sphinx(builder: str, out: Path) -> list[str]:
    # As build-scripts/guide: sphinx-build -c conf -n -W --keep-going -j auto -b BUILDER source OUT
    # but both builds run at once, so the HTML build cannot find the PDF yet (its "handout"
    # warning is silenced) and the PDF is copied into the site when it is done.
    extra = ["-D", "suppress_warnings=mlguide.handout"] if builder == "html" else []
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-c",
        "conf",
        "-n",
        "-W",
        "--keep-going",
        "-j",
        "auto",
        "-q",
        *extra,
        "-b",
        builder,
        "source",
        str(out),
    ]


def _start(builder: str, out: Path) -> subprocess.Popen[bytes]:
    with (out.parent / f"{out.name}.log").open("wb") as log:
        return subprocess.Popen(
            _sphinx(builder, out), cwd=REPO, stdout=log, stderr=subprocess.STDOUT
        )


def build_guide(out: Path) -> BuiltGuide:
    """Build the guide as build-scripts/guide does: the HTML site into ``out/html``, the PDF
    handout into ``out/pdf`` and then copied into the site. Both builds start at once; this
    returns when the HTML is built (a failure raises), the PDF build going on meanwhile."""
    html, pdf = out / "html", out / "pdf"
    conf = runpy.run_path(str(REPO / "conf" / "conf.py"))
    pdfs = [str(document["filename"]) for document in conf["mlguide_pdf_documents"]]
    pdf_build = _start("mlguide-pdf", pdf)
    try:
        if _start("html", html).wait():
            log = (out / "html.log").read_text("utf-8", "replace")
            raise RuntimeError(f"the HTML build failed:\n{log[-4000:]}")
    except BaseException:
        pdf_build.kill()
        pdf_build.wait()
        raise
    return BuiltGuide(html, pdfs, pdf_build, pdf)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # The browser may leave a page before all of it arrived (a broken pipe): not a fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="guide-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


#: The conf.py of the guide built in another theme: the guide's own, with the theme swapped
#: and its folders made absolute (they are relative to conf/).
_THEME_CONF = """\
import runpy
_guide = runpy.run_path({conf!r})
globals().update({{k: v for k, v in _guide.items() if not k.startswith("__")}})
html_theme = {theme!r}
html_theme_options = {{}}  # furo's options are not this theme's
html_static_path = [{static!r}]
html_logo = html_favicon = {logo!r}
mlguide_pdf_dir = {pdf!r}
"""


def build_site_in_theme(out: Path, theme: str) -> Path:
    """The guide's HTML site built in ``theme`` (warning-free, as build-scripts/guide builds
    it, without the PDFs) into ``out/html``; returns that folder."""
    conf = out / "conf"
    conf.mkdir(parents=True)
    (conf / "conf.py").write_text(
        _THEME_CONF.format(
            conf=str(REPO / "conf" / "conf.py"),
            theme=theme,
            static=str(REPO / "source" / "_static"),
            logo=str(REPO / "source" / "_static" / "logo.svg"),
            pdf=str(out / "pdf"),
        ),
        encoding="utf-8",
    )
    html = out / "html"
    command = _sphinx("html", html)
    command[command.index("conf")] = str(conf)
    with (out / "html.log").open("wb") as log:
        done = subprocess.run(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, check=False)
        if done.returncode:
            text = (out / "html.log").read_text("utf-8", "replace")
            raise RuntimeError(f"the HTML build in {theme} failed:\n{text[-4000:]}")
    return html
