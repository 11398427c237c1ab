"""The extension's configuration values (``mlguide_*`` in conf.py), with checks and help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sphinx.util import logging

from mlguide.errors import closest
from mlguide.sphinxext.pdf.documents import PAPER_SIZES, PdfConfigError, documents

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = [
    "PAPER_SIZES",
    "PDF_VARIANTS",
    "MlguideConfig",
    "check_default_ids",
    "check_pdf_variant",
    "default_aspects",
    "get_config",
    "setup_config",
    "stop_build",
]

logger = logging.getLogger(__name__)


def stop_build(message: str, subtype: str) -> NoReturn:
    """Stop the build with one error line and exit status 2.

    Sphinx prints a traceback section for any exception raised during a build, which would
    bury a one-line message about the user's configuration or data; this does not.
    """
    logger.error(message, type="mlguide", subtype=subtype)
    raise SystemExit(2)


@dataclass(frozen=True)
class MlguideConfig:
    """Every ``mlguide_*`` configuration value; a field ``x`` is ``mlguide_x`` in conf.py."""

    data_dirs: list[str] = field(default_factory=list)
    """Extra data directories (relative to the configuration directory) whose files add
    frameworks, aspects and other entries, or replace entries with the same id."""
    package_data: bool = True
    """Include the dataset shipped with mlguide."""
    frameworks: list[str] = field(default_factory=list)
    """Frameworks the directives show when none are given (default: all, in data order)."""
    aspects: list[str] = field(default_factory=list)
    """Aspects the directives show when none are given (default: all, in data order): aspect
    ids or group names (a group stands for its aspects, in data order). Fixing them keeps an
    aspect that a new edition of the bundled data adds out of the project's pages."""
    strict: bool = False
    """Refuse (stop the build) when a framework has no position on an aspect, instead of
    showing it as not assessed."""
    sync_tabs: bool = True
    """Keep tab choices in step across the page (aspect tabs with aspect tabs, framework tabs
    with framework tabs)."""
    pdf_documents: list[dict[str, str]] = field(default_factory=list)
    """The PDFs the ``mlguide-pdf`` builder writes, like ``latex_documents``: dicts with
    ``start`` and ``filename`` and optionally ``title``, ``subtitle``, ``author``, ``version``,
    ``header``, ``paper``, ``orientation`` and ``layout``. Empty: one book from ``root_doc``."""
    pdf_title: str = ""
    """Title of each PDF (cover, metadata) that sets none (default: ``project``)."""
    pdf_subtitle: str = ""
    """Subtitle on the cover of each PDF that sets none (default: none)."""
    pdf_author: str = ""
    """Author of each PDF that sets none (default: ``author``)."""
    pdf_version: str = ""
    """Version on the cover of each PDF that sets none (default: ``release``)."""
    pdf_header: str = ""
    """Running-header text of each PDF that sets none (default: the PDF's title)."""
    pdf_paper: str = "A4"
    """Paper size of each PDF that sets none: A4, Letter, A5 or Legal."""
    pdf_orientation: str = "portrait"
    """Orientation of each PDF that sets none: portrait or landscape."""
    pdf_filename: str = ""
    """File name of the PDF when ``pdf_documents`` is empty (default: the project name,
    slugified, plus ``.pdf``)."""
    pdf_keywords: list[str] = field(default_factory=list)
    """Keywords in the PDF metadata (default: the frameworks' names)."""
    pdf_variant: str = ""
    """A PDF variant for WeasyPrint, e.g. ``pdf/ua-1``; empty for a tagged plain PDF."""
    colophon: str = ""
    """What ``{mlguide:colophon}`` says of the facts' sources (Markdown), with ``{as_of}``,
    ``{data_version}``, ``{source_count}``, ``{latest}`` (each framework's latest release)
    and ``{verified}`` (the versions the bundled code ran on) filled in; empty for a default
    that holds for any project."""
    pdf_dir: str = ""
    """Folder (relative to conf.py) where ``-b mlguide-pdf`` wrote the PDFs: HTML builds copy
    each one found there into the site, where ``{mlguide:handout}`` links point."""


_TYPES: dict[str, tuple[type, ...]] = {
    "data_dirs": (list, tuple),
    "package_data": (bool,),
    "frameworks": (list, tuple),
    "aspects": (list, tuple),
    "strict": (bool,),
    "sync_tabs": (bool,),
    "pdf_documents": (list, tuple),
    "pdf_title": (str,),
    "pdf_subtitle": (str,),
    "pdf_author": (str,),
    "pdf_version": (str,),
    "pdf_header": (str,),
    "pdf_paper": (str,),
    "pdf_orientation": (str,),
    "pdf_filename": (str,),
    "pdf_keywords": (list, tuple),
    "pdf_variant": (str,),
    "pdf_dir": (str,),
    "colophon": (str,),
}


def setup_config(app: Sphinx) -> None:
    """Register the ``mlguide_*`` values and check them once the configuration is read."""
    defaults = MlguideConfig()
    for item in fields(MlguideConfig):
        app.add_config_value(f"mlguide_{item.name}", getattr(defaults, item.name), "env")
    app.connect("config-inited", _check, priority=100)


def get_config(config: Config) -> MlguideConfig:
    """The ``mlguide_*`` values of a Sphinx configuration, as one object."""
    values = {item.name: getattr(config, f"mlguide_{item.name}") for item in fields(MlguideConfig)}
    for key in ("data_dirs", "frameworks", "aspects", "pdf_keywords"):
        values[key] = list(values[key])
    values["pdf_documents"] = [dict(d) for d in values["pdf_documents"]]
    return MlguideConfig(**values)


def _check(app: Sphinx, config: Config) -> None:
    for name, types in _TYPES.items():
        value: Any = getattr(config, f"mlguide_{name}")
        if not isinstance(value, types):
            wanted = " or ".join(t.__name__ for t in types)
            stop_build(
                f"mlguide_{name} must be a {wanted}, not {type(value).__name__} ({value!r})",
                "config",
            )
        if name == "pdf_documents":
            continue  # dicts, checked below
        if isinstance(value, (list, tuple)) and not all(isinstance(v, str) for v in value):
            stop_build(f"mlguide_{name} must hold strings only (got {value!r})", "config")
    try:
        documents(config)
    except PdfConfigError as exc:
        stop_build(str(exc), "config")
    check_pdf_variant(config.mlguide_pdf_variant)
    confdir = Path(app.confdir)
    config.mlguide_data_dirs = [str((confdir / d).resolve()) for d in config.mlguide_data_dirs]
    check_default_ids(config)


#: PDF variants WeasyPrint writes (``weasyprint.pdf.VARIANTS``, without its debug mode).
PDF_VARIANTS = (
    "pdf/a-1a",
    "pdf/a-1b",
    "pdf/a-2a",
    "pdf/a-2b",
    "pdf/a-2u",
    "pdf/a-3a",
    "pdf/a-3b",
    "pdf/a-3u",
    "pdf/a-4e",
    "pdf/a-4f",
    "pdf/a-4u",
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/x-1a",
    "pdf/x-3",
    "pdf/x-4",
    "pdf/x-5g",
)


def _hint(given: str, known: Sequence[str]) -> str:
    hint = closest(given, known) or closest(given.lower(), known)
    return f"; did you mean {hint!r}?" if hint else ""


def check_pdf_variant(variant: str, option: str = "mlguide_pdf_variant") -> None:
    """A PDF variant is empty (a tagged plain PDF) or one WeasyPrint knows."""
    if variant and variant not in PDF_VARIANTS:
        stop_build(
            f"{option}: unknown PDF variant {variant!r}{_hint(variant, PDF_VARIANTS)} "
            f"(known: {', '.join(PDF_VARIANTS)}; or empty for a tagged plain PDF)",
            "config",
        )


def check_default_ids(config: Config) -> None:
    """``mlguide_frameworks`` and ``mlguide_aspects`` name ids (or, for aspects, groups) the
    data has."""
    frameworks, aspects = config.mlguide_frameworks, config.mlguide_aspects
    if not frameworks and not aspects:
        return
    import mlguide

    try:
        guide = mlguide.load(
            *config.mlguide_data_dirs,
            package_data=config.mlguide_package_data,
            strict=config.mlguide_strict,
        )
    except mlguide.DataError as exc:
        stop_build(str(exc), "data")
    groups = list(dict.fromkeys(a.group for a in guide.aspects))
    for option, given, known, what in (
        ("mlguide_frameworks", frameworks, guide.framework_ids, "id"),
        ("mlguide_aspects", aspects, guide.aspect_ids + groups, "aspect id or group"),
    ):
        for value in given:
            if value not in known:
                stop_build(
                    f"{option}: unknown {what} {value!r}{_hint(value, known)} "
                    f"(known: {', '.join(known)})",
                    "config",
                )
        repeated = sorted({v for v in given if list(given).count(v) > 1})
        if repeated:
            stop_build(f"{option}: {', '.join(map(repr, repeated))} given twice", "config")


def default_aspects(config: Config, guide: Any) -> list[str]:
    """The aspects directives show when none are given: ``mlguide_aspects`` with each group
    name replaced by its aspects (in data order), each aspect once; every aspect when unset."""
    chosen: list[str] = []
    for value in get_config(config).aspects:
        members = [a.id for a in guide.aspects if a.group == value]
        chosen.extend(members or [value])
    return list(dict.fromkeys(chosen)) or list(guide.aspect_ids)
