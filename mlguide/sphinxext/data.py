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
from mlguide.shorten import one_line
from mlguide.sphinxext.config import default_aspects, get_config, stop_build

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
        return mlguide.load(
            *config.data_dirs, package_data=config.package_data, strict=config.strict
        )
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
        guide = get_guide(app.env)
    except MlguideDataError as exc:
        stop_build(str(exc), "data")
    report_edition_changes(guide, default_aspects(app.config, guide))


def report_edition_changes(guide: mlguide.Guide, shown: list[str]) -> None:
    """One info line (never a warning: a project that worked keeps building under ``-W``)
    per framework with aspects it gives no position on (among the aspects the project
    shows), and per entry a project's data directory replaces."""
    names = {f.id: f.name for f in guide.frameworks}
    for fw_id, aspect_ids in guide.gaps.items():
        missing = [a for a in aspect_ids if a in shown]
        if missing:
            logger.info(
                "mlguide: %s (%s) has no position on %d aspect%s, shown as not assessed: %s",
                names[fw_id],
                guide.origin("framework", fw_id),
                len(missing),
                "" if len(missing) == 1 else "s",
                ", ".join(missing),
            )
    positions: dict[tuple[str, str, str], list[str]] = {}
    for key, (earlier, later) in guide.replaced.items():
        kind, entry_id = key.split(":", 1)
        if kind == "position":
            fw_id, aspect_id = entry_id.split("/", 1)
            positions.setdefault((later, fw_id, earlier), []).append(aspect_id)
        else:
            logger.info("mlguide: %s replaces %s %r of %s", later, kind, entry_id, earlier)
    for (later, fw_id, earlier), replaced in positions.items():
        logger.info(
            "mlguide: %s replaces %s's position%s on %s of %s",
            later,
            names.get(fw_id, fw_id),
            "" if len(replaced) == 1 else "s",
            ", ".join(replaced),
            earlier,
        )


def warn(message: str, subtype: str, location: tuple[str, int] | nodes.Node | str | None) -> None:
    """Emit an ``mlguide`` warning with a subtype at a location: a node, ``(docname, line)``
    or ``"path:line"``."""
    logger.warning(
        one_line(message),  # values from pages and data can be long or hold line breaks
        location=location,
        type=WARNING_TYPE,
        subtype=subtype,
    )


def suggestion(given: str, known: list[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest known id, or nothing."""
    hint = closest(given, known)
    return f"; did you mean {hint!r}?" if hint else ""
