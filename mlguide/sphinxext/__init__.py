"""The mlguide Sphinx extension: the comparison data rendered as tabbed, side-by-side panels.

Add it to a Sphinx project with::

    extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]

``sphinx_design`` is added for you if missing. See the guide's chapter "Using the extension"
for the directives, roles and ``mlguide_*`` configuration values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension (imports the Sphinx-specific modules only now)."""
    from mlguide.sphinxext.extension import setup_extension

    return setup_extension(app)
