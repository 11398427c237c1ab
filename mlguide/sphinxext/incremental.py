"""Incremental builds that follow the data: a data file added to, removed from or edited in
any data directory rebuilds exactly the pages that use the guide's data.

Every mlguide directive and role notes each data file as a dependency of its page, so Sphinx
itself rebuilds those pages when a file they depend on changes or disappears. A *new* file is
no dependency of anything yet: this module remembers the list of data files in the build
environment and, when the list differs, marks the pages that use the data as outdated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mlguide.sphinxext.data import data_files, forget_data_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__all__ = ["STATIC_DIR", "setup_incremental"]

#: The extension's stylesheets, which this module adds to ``html_static_path``.
STATIC_DIR = Path(__file__).parent / "static"

#: The build environment's attribute holding the data files of the last read.
_LISTING = "mlguide_data_files"


def _outdated_by_data(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    forget_data_files()  # list the directories afresh: files may have come or gone
    current = tuple(data_files(env))
    previous: tuple[str, ...] | None = getattr(env, _LISTING, None)
    setattr(env, _LISTING, current)
    if previous is None or previous == current:
        return []
    known = set(previous) | set(current)
    return sorted(
        docname
        for docname, dependencies in env.dependencies.items()
        if docname in env.all_docs
        and docname not in added | changed | removed
        and any(str(path) in known for path in dependencies)
    )


def _static_dirs() -> list[str]:
    from sphinx_design.extension import STATIC_DIR as DESIGN_STATIC

    return [str(DESIGN_STATIC), str(STATIC_DIR)]


def _static_path(app: Sphinx, config: Config) -> None:
    """Add the stylesheets' folders to ``html_static_path`` before the build environment
    compares the configuration with the last build's.

    sphinx-design appends its folder when the builder starts, after that comparison, so the
    saved configuration always had one entry more than the new one and every rebuild said
    "The configuration has changed (1 option: 'html_static_path')". Added here first (and
    the repeat dropped by :func:`dedupe_static_path`), both sides match.
    """
    paths = [str(p) for p in config.html_static_path]
    config.html_static_path = paths + [d for d in _static_dirs() if d not in paths]


def dedupe_static_path(app: Sphinx) -> None:
    """Drop repeated ``html_static_path`` entries (run after sphinx-design's builder hook)."""
    seen: list[str] = []
    for entry in app.config.html_static_path:
        if str(entry) not in seen:
            seen.append(str(entry))
    app.config.html_static_path = seen


def setup_incremental(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated_by_data)
    app.connect("config-inited", _static_path, priority=900)
