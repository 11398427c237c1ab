"""singlehtml: links of the tables of contents with one ``#``, as on every other page.

Sphinx 9's singlehtml builder writes toctree entries for sections as
``#document-aspects#deployment`` (sphinx-doc/sphinx#14221, open as of Sphinx 9.0); a browser
looks for an element with the id ``document-aspects#deployment``, finds none and stays put.
Sphinx 8 repaired such links in ``SingleFileHTMLBuilder.fix_refuris``, which Sphinx 9 no longer
calls. Here the body's toctrees are repaired once resolved, and the theme's tables of contents
(``toc`` and the ``toctree()`` template function, which furo and others call) as they are
rendered.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

__all__ = ["one_fragment", "setup_single_page"]

#: ``href="…#document-x#anchor"``: everything between the first and the second ``#`` goes.
_DOUBLE_FRAGMENT = re.compile(r'(href=")([^"#]*)#[^"#]*#([^"]*")')


def one_fragment(uri: str) -> str:
    """``#document-x#anchor`` → ``#anchor``; a URI with one ``#`` or none is unchanged."""
    first = uri.find("#")
    second = uri.find("#", first + 1) if first >= 0 else -1
    return uri if second < 0 else uri[:first] + uri[second:]


def _fix_html(html: str) -> str:
    return _DOUBLE_FRAGMENT.sub(r"\1\2#\3", html)


def _fix_doctree(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    if app.builder.name != "singlehtml":
        return
    for reference in doctree.findall(nodes.reference):
        if "refuri" in reference:
            reference["refuri"] = one_fragment(reference["refuri"])


def _fix_context(
    app: Sphinx, _pagename: str, _template: str, context: dict[str, Any], _doctree: Any
) -> None:
    if app.builder.name != "singlehtml":
        return
    if isinstance(context.get("toc"), str):
        context["toc"] = _fix_html(context["toc"])
    toctree = context.get("toctree")
    if callable(toctree):
        render: Callable[..., str] = toctree

        def fixed_toctree(**kwargs: Any) -> str:
            return _fix_html(render(**kwargs))

        context["toctree"] = fixed_toctree


def setup_single_page(app: Sphinx) -> None:
    """Connect the repairs (they act on the singlehtml builder only)."""
    app.connect("doctree-resolved", _fix_doctree)
    # before the theme's own handlers (furo builds its navigation from ``toctree()`` there)
    app.connect("html-page-context", _fix_context, priority=100)
