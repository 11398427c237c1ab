"""The guide as the browser tests see it: built like build-scripts/guide, served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import runpy
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Folders of the built site that hold assets, not pages.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads", "_screenshots")


@dataclass(frozen=True)
class BuiltGuide:
    """The built site: its folder, its pages (paths relative to it, ``/``-separated), the
    handout's file name, and why the handout is missing if its build failed."""

    html: Path
    pages: tuple[str, ...]
    handout: str
    handout_error: str | None


def _sphinx(builder: str, out: Path) -> list[str]:
    # As build-scripts/guide: sphinx-build -c conf -n -W --keep-going -j auto -b BUILDER source OUT
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
        "-b",
        builder,
        "source",
        str(out),
    ]


def build_guide(out: Path) -> BuiltGuide:
    """Build the HTML site into ``out/html`` and the PDF handout into ``out/pdf``, then copy the
    handout into the site, as build-scripts/guide does. The two builds run side by side.

    A failed HTML build raises; a failed PDF build is recorded (``handout_error``) so that the
    HTML tests still run and only the handout's own test fails.
    """
    html, pdf = out / "html", out / "pdf"
    handout = str(runpy.run_path(str(REPO / "conf" / "conf.py"))["mlguide_pdf_filename"])
    runs = {
        name: subprocess.Popen(
            _sphinx(builder, target),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, builder, target in (("html", "html", html), ("pdf", "mlguide-pdf", pdf))
    }
    logs = {name: run.communicate()[0] for name, run in runs.items()}
    if runs["html"].returncode:
        raise RuntimeError(f"the HTML build failed:\n{logs['html'][-4000:]}")
    handout_error = None
    if runs["pdf"].returncode:
        handout_error = f"the PDF build (-b mlguide-pdf) failed:\n{logs['pdf'][-3000:]}"
    elif not (pdf / handout).is_file():
        handout_error = f"the PDF build wrote no {handout} into {pdf}"
    else:
        shutil.copy2(pdf / handout, html / handout)
    pages = tuple(
        sorted(
            path.relative_to(html).as_posix()
            for path in html.rglob("*.html")
            if path.relative_to(html).parts[0] not in NOT_PAGES
        )
    )
    return BuiltGuide(html, pages, handout, handout_error)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="guide-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
