"""The guide's data as the extension sees it: loaded once per build, errors stop the build."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

import mlguide
from mlguide.errors import closest
from mlguide.sphinxext.config import get_config, stop_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["MlguideDataError", "data_files", "forget_data_files", "get_guide", "warn"]

logger = logging.getLogger(__name__)

#: The ``type`` of every warning the extension emits; subtypes name the kind of problem so
#: that a project can silence one kind with ``suppress_warnings = ["mlguide.unknown-id"]``.
WARNING_TYPE = "mlguide"


class MlguideDataError(SphinxError):
    """A data file is broken: the build stops with the loader's one-line message."""

    category = "mlguide data error"


def get_guide(env: BuildEnvironment) -> mlguide.Guide:
    """The guide for this build: the package data plus ``mlguide_data_dirs``."""
    config = get_config(env.config)
    try:
        return mlguide.load(*config.data_dirs, package_data=config.package_data)
    except mlguide.DataError as exc:
        raise MlguideDataError(str(exc)) from None


def data_files(env: BuildEnvironment) -> list[str]:
    """Every data file the guide was read from (for rebuilds when the data changes)."""
    config = get_config(env.config)
    roots = ([str(mlguide.PACKAGE_DATA)] if config.package_data else []) + list(config.data_dirs)
    return _files_under(tuple(roots))


def forget_data_files() -> None:
    """Drop the listing of data files (a new build may find files added or removed)."""
    _files_under.cache_clear()


@functools.lru_cache(maxsize=8)
def _files_under(roots: tuple[str, ...]) -> list[str]:
    # listed once per build process, not once per directive
    return sorted(
        str(p) for root in roots for p in Path(root).rglob("*") if p.suffix in (".toml", ".py")
    )


def check_data(app: Sphinx) -> None:
    """Load the data when the build starts, so a broken file stops it before any page.

    The build stops with the loader's one-line message and exit status 2.
    """
    try:
        get_guide(app.env)
    except MlguideDataError as exc:
        stop_build(str(exc), "data")


def warn(message: str, subtype: str, location: tuple[str, int] | nodes.Node | str | None) -> None:
    """Emit an ``mlguide`` warning with a subtype at a location: a node, ``(docname, line)``
    or ``"path:line"``."""
    logger.warning(
        message,
        location=location,
        type=WARNING_TYPE,
        subtype=subtype,
    )


def suggestion(given: str, known: list[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest known id, or nothing."""
    hint = closest(given, known)
    return f"; did you mean {hint!r}?" if hint else ""
