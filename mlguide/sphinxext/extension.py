"""Registration of everything the extension adds to Sphinx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlguide import __version__
from mlguide.sphinxext.config import setup_config
from mlguide.sphinxext.data import check_data, get_guide
from mlguide.sphinxext.domain import MlguideDomain
from mlguide.sphinxext.equivalents import CellLabels, TextCodeLines
from mlguide.sphinxext.incremental import STATIC_DIR, dedupe_static_path, setup_incremental
from mlguide.sphinxext.nodes import mlguide_cite, mlguide_sources, mlguide_where
from mlguide.sphinxext.panels import EveryPanelTransform
from mlguide.sphinxext.pdf.builder import setup_pdf
from mlguide.sphinxext.screen import framework_shape, setup_screen
from mlguide.sphinxext.singlepage import setup_single_page
from mlguide.sphinxext.textmatrix import TextMatrixTransform
from mlguide.sphinxext.transforms import (
    CitationTransform,
    HandoutLinkTransform,
    WhereTransform,
    copy_published_pdfs,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["STATIC_DIR", "setup_extension"]


def setup_extension(app: Sphinx) -> dict[str, Any]:
    """Add the config values, domain, nodes, transforms and static files."""
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_incremental(app)
    setup_single_page(app)
    app.add_domain(MlguideDomain)
    app.add_node(mlguide_cite)
    app.add_node(mlguide_sources)
    app.add_node(mlguide_where)
    app.add_post_transform(CitationTransform)
    app.add_post_transform(HandoutLinkTransform)
    app.add_post_transform(WhereTransform)
    app.add_post_transform(EveryPanelTransform)
    app.add_post_transform(TextMatrixTransform)
    app.add_post_transform(TextCodeLines)
    app.add_post_transform(CellLabels)
    app.connect("builder-inited", _builder_inited)
    # after _builder_inited: the screen stylesheet comes after mlguide.css, which it refines
    setup_screen(app)
    app.connect("build-finished", copy_published_pdfs)
    setup_pdf(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _builder_inited(app: Sphinx) -> None:
    check_data(app)
    dedupe_static_path(app)
    if app.builder.format == "html":
        app.add_css_file("mlguide.css")
        app.add_css_file("mlguide-frameworks.css")
        _write_framework_css(app)


def _write_framework_css(app: Sphinx) -> None:
    """Each framework's accent colour (from the data) and marker shape (the one its timeline
    lane draws) as CSS variables on its panels."""
    guide = get_guide(app.env)
    rules = "".join(
        f".mlguide-fw-{f.id} {{ --mlguide-fw-color: {f.color}; "
        f"--mlguide-fw-shape: {framework_shape(n)}; }}\n"
        for n, f in enumerate(guide.frameworks)
    )
    static = Path(app.builder.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / "mlguide-frameworks.css"
    if not target.is_file() or target.read_text(encoding="utf-8") != rules:
        target.write_text(rules, encoding="utf-8")
