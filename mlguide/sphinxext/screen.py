"""What pages read on a screen need beyond the markup every builder shares.

"Screen builders" are the HTML-format builders other than the PDF's: they link
``mlguide-screen.css`` and ``mlguide-screen.js`` (see :func:`setup_screen`). For them only:

* :class:`ScreenMatrixTransform`: each cell of the at-a-glance matrix carries its column's
  name (hidden while the matrix is a table; shown where narrow screens lay it out as one card
  per aspect), inline code in it may wrap after a dot or a slash (``torch.utils.`` /
  ``tensorboard``) so that a cell never breaks inside a word, and the table sits in a frame
  that scrolls sideways if even that does not fit; the migration routes' tables of concepts
  get the same break points;
* the pictures (:class:`~mlguide.sphinxext.nodes.PictureNode`) carry their text view beside
  the SVG (see :func:`picture_html`);
* :class:`DropPrintOnly`: what a page marks as for paper only (class ``mlguide-print-only``,
  the PDF builder's counterpart of ``mlguide-screen-only``) is left out;
* the script that turns a tab-set with more labels than fit in two rows into a menu.

The PDF builder and the non-HTML builders get none of this, so their output is unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "MIN_PICTURE_TEXT",
    "SCREEN_PICTURE_WIDTH",
    "SHAPE_CLIPS",
    "DropPrintOnly",
    "ScreenMatrixTransform",
    "framework_shape",
    "is_screen_builder",
    "picture_frame",
    "picture_layout_width",
    "picture_scale",
    "setup_screen",
]

#: The smallest size, in CSS pixels, at which a picture's text is drawn on a screen.
MIN_PICTURE_TEXT = 11
#: How wide a picture is drawn on a screen, in CSS pixels: it fits the content column of the
#: common themes at desktop widths (furo's is about 740 px, sphinx-book-theme's 690); where
#: the column is narrower the picture scrolls inside its frame, and narrow screens show its
#: text view instead.
SCREEN_PICTURE_WIDTH = 680

#: Where inline code in a matrix cell may wrap: after a dot, a slash or an equals sign that
#: follows a name (or a bracket) and that a name or a string follows.
_CODE_BREAK = re.compile(r"(?<=[\w)\]][./=])(?=[A-Za-z_\"'])")
#: Where its text may wrap: after a slash between words ("Sequential/functional").
_TEXT_BREAK = re.compile(r"(?<=/)(?=[A-Za-z(])")


def is_screen_builder(builder: Any) -> bool:
    """An HTML-format builder whose pages are read on a screen (every one but the PDF's)."""
    return bool(getattr(builder, "format", "") == "html" and builder.name != "mlguide-pdf")


def picture_scale(smallest_text: float) -> float:
    """How much a picture is enlarged on a screen so that its smallest text, drawn at
    ``smallest_text`` px in the picture's own units, shows at :data:`MIN_PICTURE_TEXT` px."""
    return max(1.0, MIN_PICTURE_TEXT / smallest_text)


#: Each marker shape of the pictures (:data:`~mlguide.sphinxext.drawing.svg.SHAPES`) as a
#: CSS ``clip-path``, so that a framework's card shows the marker its timeline lane uses.
SHAPE_CLIPS = {
    "circle": "circle(50%)",
    "square": "inset(6%)",
    "diamond": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
    "triangle": "polygon(50% 2%, 100% 92%, 0 92%)",
    "triangle-down": "polygon(0 8%, 100% 8%, 50% 98%)",
    "hexagon": "polygon(25% 6%, 75% 6%, 100% 50%, 75% 94%, 25% 94%, 0 50%)",
}


def framework_shape(index: int) -> str:
    """The ``clip-path`` of the marker of the ``index``-th framework (in the data's order, as
    the timeline's lanes take their shapes)."""
    from mlguide.sphinxext.drawing.svg import SHAPES

    return SHAPE_CLIPS[SHAPES[index % len(SHAPES)]]


def picture_layout_width(smallest_text: float) -> float:
    """The width, in the picture's own units, to lay a picture out in for a screen: drawn
    :func:`picture_scale` times larger, it is :data:`SCREEN_PICTURE_WIDTH` px wide."""
    return round(SCREEN_PICTURE_WIDTH / picture_scale(smallest_text), 2)


_VIEWBOX = re.compile(r'viewBox="0 0 ([0-9.]+) ')


def picture_frame(svg: str, smallest_text: float) -> nodes.raw:
    """The SVG in its frame: drawn :func:`picture_scale` times its own size (the CSS
    variable ``--mlguide-picture-width``), scrolling sideways where the column is narrower."""
    match = _VIEWBOX.search(svg)
    style = ""
    if match:
        width = float(match.group(1)) * picture_scale(smallest_text)
        style = f' style="--mlguide-picture-width: {width:.1f}px"'
    return nodes.raw("", f'<div class="mlguide-picture-frame"{style}>{svg}</div>', format="html")


def _breakable(cell: nodes.Element) -> None:
    """Break opportunities (``<wbr>``) after the dots and slashes of inline code, and after
    the slashes between words of text: a narrow column wraps there, not inside a word."""
    for text in list(cell.findall(nodes.Text)):
        code = any(isinstance(a, nodes.literal) for a in _ancestors(text))
        parts = (_CODE_BREAK if code else _TEXT_BREAK).split(str(text))
        if len(parts) < 2:
            continue
        pieces: list[nodes.Node] = []
        for index, part in enumerate(parts):
            if index:
                pieces.append(nodes.raw("", "<wbr>", format="html"))
            pieces.append(nodes.Text(part))
        parent = text.parent
        assert parent is not None
        at = parent.index(text)
        parent[at : at + 1] = pieces


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


class ScreenMatrixTransform(SphinxPostTransform):
    """The matrix for screens: labelled cells, breakable code, a frame (see the module)."""

    default_priority = 210  # after the references are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not is_screen_builder(self.env._app.builder):
            return
        for table in list(self.document.findall(nodes.table)):
            if "mlguide-migration-concepts" in table["classes"]:
                body = table.next_node(nodes.tbody)
                if body is not None:  # two columns of code: wrap between a name's parts
                    _breakable(body)
                continue
            if "mlguide-matrix" not in table["classes"]:
                continue
            head = table.next_node(nodes.thead)
            body = table.next_node(nodes.tbody)
            if head is None or body is None:
                continue
            names = [entry.astext().strip() for entry in head.findall(nodes.entry)]
            for row in body.findall(nodes.row):
                cells = [c for c in row.children if isinstance(c, nodes.entry)]
                for name, cell in zip(names[1:], cells[1:], strict=False):
                    label = nodes.paragraph("", name, classes=["mlguide-matrix-label"])
                    cell.insert(0, label)
            _breakable(body)
            # (not replace_self, which would copy the table's ids and classes to the frame)
            frame = nodes.container("", classes=["mlguide-matrix-frame"])
            table.parent.replace(table, frame)
            frame += table


#: The class of content meant for paper only (a sentence pointing to a printed table, say).
PRINT_ONLY = "mlguide-print-only"


class DropPrintOnly(SphinxPostTransform):
    """Leave out, on screens, every element a page marks as for paper only."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not is_screen_builder(self.env._app.builder):
            return
        for element in list(self.document.findall(nodes.Element)):
            if PRINT_ONLY in element.get("classes", ()) and element.parent is not None:
                element.parent.remove(element)


def _builder_inited(app: Sphinx) -> None:
    if is_screen_builder(app.builder):
        app.add_css_file("mlguide-screen.css")
        app.add_js_file("mlguide-screen.js", loading_method="defer")


def setup_screen(app: Sphinx) -> None:
    """Register the screen-only transform and static files."""
    app.add_post_transform(DropPrintOnly)
    app.add_post_transform(ScreenMatrixTransform)
    app.connect("builder-inited", _builder_inited)
