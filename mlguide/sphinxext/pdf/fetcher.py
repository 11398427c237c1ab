"""WeasyPrint's URL fetching, limited to the build's own files and data: URIs.

A page may point an image at ``file:///etc/passwd`` or at a server; the PDF must contain
neither, and the build must not even make the request. Anything outside the allowed folders
is refused with a warning naming it, and WeasyPrint carries on without it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from mlguide.sphinxext.data import warn

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["RefusedURL", "make_fetcher"]


class RefusedURL(ValueError):
    """A URL the PDF builder does not fetch."""


def make_fetcher(allowed_roots: Sequence[Path]) -> Any:
    """A WeasyPrint ``URLFetcher`` that reads only files under ``allowed_roots`` and data: URIs."""
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    roots = [root.resolve() for root in allowed_roots]

    class BuildFilesFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in roots):
                    if not path.is_file():
                        warn(f"PDF: missing file {path}", "pdf-missing", None)
                        raise RefusedURL(f"missing file: {path}")
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": kind}
                    )
            warn(
                f"PDF: refused to fetch {url} (only files of the build and data: URIs are allowed)",
                "pdf-fetch",
                None,
            )
            raise RefusedURL(f"refused: {url}")

    return BuildFilesFetcher()
