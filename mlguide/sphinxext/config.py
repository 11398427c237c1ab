"""The extension's configuration values (``mlguide_*`` in conf.py), with checks and help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sphinx.util import logging

from mlguide.errors import closest

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = [
    "PAPER_SIZES",
    "PDF_VARIANTS",
    "MlguideConfig",
    "check_default_ids",
    "check_pdf_filename",
    "check_pdf_variant",
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


#: Paper sizes the PDF builder accepts (CSS ``@page`` sizes).
PAPER_SIZES = {"A4": "A4", "Letter": "letter", "A5": "A5", "Legal": "legal"}


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
    """Aspects the directives show when none are given (default: all, in data order)."""
    sync_tabs: bool = True
    """Keep tab choices in step across the page (aspect tabs with aspect tabs, framework tabs
    with framework tabs)."""
    pdf_paper: str = "A4"
    """Paper size of the PDF handout: A4, Letter, A5 or Legal."""
    pdf_filename: str = ""
    """File name of the PDF handout (default: the project name, slugified, plus ``.pdf``)."""
    pdf_subtitle: str = ""
    """Subtitle on the PDF's cover (default: the dataset's subtitle)."""
    pdf_author: str = ""
    """Author in the PDF metadata (default: the project's ``author``)."""
    pdf_keywords: list[str] = field(default_factory=list)
    """Keywords in the PDF metadata (default: the frameworks' names)."""
    pdf_variant: str = ""
    """A PDF variant for WeasyPrint, e.g. ``pdf/ua-1``; empty for a tagged plain PDF."""
    pdf_html_copy: bool = True
    """Also copy the handout into the HTML output (``_downloads/``) when both are built."""


_TYPES: dict[str, tuple[type, ...]] = {
    "data_dirs": (list, tuple),
    "package_data": (bool,),
    "frameworks": (list, tuple),
    "aspects": (list, tuple),
    "sync_tabs": (bool,),
    "pdf_paper": (str,),
    "pdf_filename": (str,),
    "pdf_subtitle": (str,),
    "pdf_author": (str,),
    "pdf_keywords": (list, tuple),
    "pdf_variant": (str,),
    "pdf_html_copy": (bool,),
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
        if isinstance(value, (list, tuple)) and not all(isinstance(v, str) for v in value):
            stop_build(f"mlguide_{name} must hold strings only (got {value!r})", "config")
    paper = config.mlguide_pdf_paper
    if paper not in PAPER_SIZES:
        hint = closest(paper, PAPER_SIZES) or closest(paper.capitalize(), PAPER_SIZES)
        stop_build(
            f"mlguide_pdf_paper: unknown paper size {paper!r}"
            + (f"; did you mean {hint!r}?" if hint else "")
            + f" (known: {', '.join(PAPER_SIZES)})",
            "config",
        )
    check_pdf_filename(config.mlguide_pdf_filename)
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


def check_pdf_filename(name: str, option: str = "mlguide_pdf_filename") -> None:
    """A PDF file name is a plain name ending in ``.pdf``: it is written into the output
    folder, never into a subfolder or outside it."""
    if not name:
        return  # the default: the project's name
    plain = (
        "/" not in name
        and "\\" not in name
        and name not in (".", "..")
        and not name.startswith(".")
        and name.isprintable()
    )
    if not plain or not name.lower().endswith(".pdf"):
        stop_build(
            f"{option}: {name!r} is not a plain file name ending in .pdf (the PDF is written "
            "into the output folder; give a name such as 'guide.pdf')",
            "config",
        )


def check_pdf_variant(variant: str, option: str = "mlguide_pdf_variant") -> None:
    """A PDF variant is empty (a tagged plain PDF) or one WeasyPrint knows."""
    if variant and variant not in PDF_VARIANTS:
        stop_build(
            f"{option}: unknown PDF variant {variant!r}{_hint(variant, PDF_VARIANTS)} "
            f"(known: {', '.join(PDF_VARIANTS)}; or empty for a tagged plain PDF)",
            "config",
        )


def check_default_ids(config: Config) -> None:
    """``mlguide_frameworks`` and ``mlguide_aspects`` name ids the data has."""
    frameworks, aspects = config.mlguide_frameworks, config.mlguide_aspects
    if not frameworks and not aspects:
        return
    import mlguide

    try:
        guide = mlguide.load(*config.mlguide_data_dirs, package_data=config.mlguide_package_data)
    except mlguide.DataError as exc:
        stop_build(str(exc), "data")
    for option, given, known in (
        ("mlguide_frameworks", frameworks, guide.framework_ids),
        ("mlguide_aspects", aspects, guide.aspect_ids),
    ):
        for value in given:
            if value not in known:
                stop_build(
                    f"{option}: unknown id {value!r}{_hint(value, known)} "
                    f"(known: {', '.join(known)})",
                    "config",
                )
        repeated = sorted({v for v in given if list(given).count(v) > 1})
        if repeated:
            stop_build(f"{option}: {', '.join(map(repr, repeated))} given twice", "config")
