"""WeasyPrint's URL fetching, limited to what the project's own sources and themes provide.

A page may point an image at ``file:///etc/passwd`` or at a server; the PDF must contain
neither, and the build must not even make the request. Nor may it contain a file Sphinx
copied into the build from outside the source folder (``{image} ../../etc/passwd`` puts a
copy in ``_images/``): staged images and downloads are traced back to their originals.
Anything not allowed is refused with a warning naming it, and WeasyPrint carries on.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from mlguide.sphinxext.data import warn

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Allowed", "RefusedURL", "make_fetcher"]


class RefusedURL(ValueError):
    """A URL the PDF builder does not fetch."""


@dataclass(frozen=True)
class Allowed:
    """What the PDF may contain: the build's own files, traced back to where they came from.

    ``files`` are single files (the staged page, images and downloads whose originals lie
    inside the source folder, ``_static`` files traced to the project, a theme or an
    extension); ``folders`` are folders whose files are all allowed (the source folder);
    ``excluded`` are folders inside those that are not (the build's output and doctrees);
    ``outside`` maps a staged copy of a file from outside the folders it may come from to its
    original and to those folders in words, for the warning.
    """

    files: frozenset[Path]
    folders: tuple[Path, ...]
    excluded: tuple[Path, ...] = ()
    #: Staged folders whose traced files are in ``files``; a file missing there is reported
    #: as missing rather than refused.
    staged: tuple[Path, ...] = ()
    outside: dict[Path, tuple[Path, str]] = field(default_factory=dict)

    def allows(self, path: Path) -> bool:
        """Whether ``path`` (resolved) may be read (or, if it does not exist, be looked for
        where the build's own files are)."""
        if path in self.files:
            return True
        if not path.exists() and any(path.is_relative_to(folder) for folder in self.staged):
            return True
        for folder in self.folders:
            if path.is_relative_to(folder):
                return not any(
                    path.is_relative_to(x) and not folder.is_relative_to(x) for x in self.excluded
                )
        return False


def make_fetcher(allowed: Allowed | Sequence[Path]) -> Any:
    """A WeasyPrint ``URLFetcher`` that reads only allowed files and data: URIs.

    ``allowed`` is an :class:`Allowed` (or, simply, folders whose files are all allowed).
    """
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    if not isinstance(allowed, Allowed):
        allowed = Allowed(files=frozenset(), folders=tuple(p.resolve() for p in allowed))
    rules = allowed

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
                if path in rules.outside:
                    origin, folders = rules.outside[path]
                    warn(
                        f"PDF: refused to include {path.name}: it is a copy of "
                        f"{origin}, which is outside {folders}",
                        "pdf-fetch",
                        None,
                    )
                    raise RefusedURL(f"refused: {url}")
                if rules.allows(path):
                    if not path.is_file():
                        warn(f"PDF: missing file {path}", "pdf-missing", None)
                        raise RefusedURL(f"missing file: {path}")
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": kind}
                    )
            warn(
                f"PDF: refused to fetch {url} (only files of the source folder, the themes "
                "and data: URIs are allowed)",
                "pdf-fetch",
                None,
            )
            raise RefusedURL(f"refused: {url}")

    return BuildFilesFetcher()
