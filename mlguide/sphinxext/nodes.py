"""The extension's own nodes and the sphinx-design components it builds.

Directives emit builder-neutral trees: sphinx-design's generic components (``container``
nodes carrying ``design_component``, with a ``rubric`` as each tab's label), which
sphinx-design's HTML post-transform turns into tab-sets and which every other builder renders
as plain labelled blocks. Two placeholder nodes of ours are resolved after reading, once the
whole page is known: citations (``mlguide_cite``) and bibliographies (``mlguide_sources``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from docutils import nodes

__all__ = [
    "PictureNode",
    "card",
    "column_class",
    "component",
    "fact_list",
    "grid",
    "mlguide_cite",
    "mlguide_sources",
    "mlguide_where",
    "tab_set",
]


class PictureNode(nodes.General, nodes.Element):
    """A picture drawn at write time, for the builder that writes it (timeline, lineage,
    decision). It renders itself (it overrides ``walkabout``): the PDF builder gets
    :meth:`svg` as a raw HTML node; the other HTML-format builders (screens) get the SVG in a
    frame of its own and the children beside it as the picture's text view, which narrow
    screens show instead (see :mod:`mlguide.sphinxext.screen`); every other builder writes
    the children (the same facts as a list, links resolved by the domain)."""

    css_class = "mlguide-picture"
    #: The smallest font size the picture draws text in, in its own units (px).
    smallest_text: float = 10

    def svg(self, builder: Any) -> str:
        raise NotImplementedError

    def walkabout(self, visitor: nodes.NodeVisitor) -> bool:
        from mlguide.sphinxext.screen import is_screen_builder, picture_frame

        builder = getattr(visitor, "builder", None)
        if builder is None or getattr(builder, "format", "") != "html":
            return any(child.walkabout(visitor) for child in self.children)
        classes = [self.css_class, *self["classes"]]
        out: nodes.Element
        if is_screen_builder(builder):
            text_view = nodes.container(
                "", *(child.deepcopy() for child in self.children), classes=["mlguide-picture-text"]
            )
            frame = picture_frame(self.svg(builder), self.smallest_text)
            out = nodes.container(
                "", frame, text_view, classes=["mlguide-picture", *classes], ids=list(self["ids"])
            )
        else:
            out = nodes.raw("", self.svg(builder), format="html", classes=classes)
            out["ids"] = list(self["ids"])
        out.parent = self.parent
        if self.document is not None:
            out.document = self.document
        return out.walkabout(visitor)


def fact_list(items: Iterable[nodes.Node], title: str | None, name: str) -> nodes.container:
    """What a picture shows, as a bullet list (one item per paragraph given) under an
    optional rubric: classes ``{name}-list``, ``{name}-title`` and, on the whole,
    ``{name}-events`` (the fallback of a :class:`PictureNode`)."""
    bullets = nodes.bullet_list(classes=[f"{name}-list"])
    for item in items:
        bullets += nodes.list_item("", item)
    parts: list[nodes.Node] = []
    if title:
        parts.append(nodes.rubric("", title, classes=[f"{name}-title"]))
    parts.append(bullets)
    return nodes.container("", *parts, classes=[f"{name}-events"])


class mlguide_cite(nodes.Inline, nodes.TextElement):
    """A reference to a numbered source; becomes ``[n]`` linked to the bibliography entry.

    Attributes: ``number`` (the source's number in the whole guide), ``url``, ``title``.
    """


class mlguide_where(nodes.General, nodes.Element):
    """Where a colophon says the full guide is; filled per output by ``WhereTransform`` (the
    site's address, the book's, and in a PDF a QR code for the site)."""


class mlguide_sources(nodes.General, nodes.Element):
    """Where a bibliography goes; filled after reading with the sources its scope covers.

    Attributes: ``scope`` (``"page"`` or ``"all"``).
    """


def component(
    name: str, classes: Sequence[str] = (), children: Iterable[nodes.Node] = (), **attributes: Any
) -> nodes.container:
    """A sphinx-design component: a container that sphinx-design's transforms recognise."""
    node = nodes.container(
        "", is_div=True, design_component=name, classes=list(classes), **attributes
    )
    node.extend(children)
    return node


def tab_set(
    items: Sequence[tuple[str, list[nodes.Node], list[nodes.Node], list[str]]],
    sync_group: str | None,
    classes: Sequence[str] = (),
) -> nodes.container:
    """A tab-set: one ``(sync_id, label nodes, content nodes, ids)`` item per tab.

    Tabs whose ``sync_id`` matches switch together across the page when ``sync_group`` is set.
    """
    tabs = component("tab-set", ["sd-tab-set", *classes])
    for sync_id, label, content, ids in items:
        rubric = nodes.rubric("", "", *label, classes=["sd-tab-label", "mlguide-tab-label"])
        if sync_group:
            rubric["sync_id"] = sync_id
            rubric["sync_group"] = sync_group
        item = component(
            "tab-item",
            ["sd-tab-item"],
            [rubric, component("tab-content", ["sd-tab-content"], content)],
        )
        item["ids"] = list(ids)
        tabs += item
    return tabs


#: Panels side by side beyond this many share one class (print lays them out in rows).
MANY_COLUMNS = 7


def column_class(count: int) -> str:
    """The class that tells print CSS how many panels stand side by side:
    ``mlguide-cols-1`` to ``mlguide-cols-6``, ``mlguide-cols-7`` for seven or more."""
    return f"mlguide-cols-{min(max(count, 1), MANY_COLUMNS)}"


def grid(columns: int, cells: Iterable[nodes.Node], classes: Sequence[str] = ()) -> nodes.container:
    """A responsive grid: one column on phones, two on tablets, ``columns`` on wide screens."""
    row = component(
        "grid-row",
        [
            "sd-row",
            "sd-row-cols-1",
            "sd-row-cols-xs-1",
            "sd-row-cols-sm-1",
            f"sd-row-cols-md-{min(columns, 2)}",
            f"sd-row-cols-lg-{columns}",
            "sd-g-2",
            "sd-g-xs-2",
        ],
        [component("grid-item", ["sd-col", "sd-d-flex-column"], [cell]) for cell in cells],
    )
    return component(
        "grid-container",
        [
            "sd-container-fluid",
            "sd-sphinx-override",
            "sd-mb-4",
            "mlguide-columns",
            column_class(columns),
            *classes,
        ],
        [row],
        columns=columns,
    )


def card(
    header: list[nodes.Node], body: list[nodes.Node], classes: Sequence[str] = ()
) -> nodes.container:
    """A card with a header (the panel's label) and a body."""
    head = component(
        "card-header",
        ["sd-card-header", "mlguide-card-label"],
        [nodes.paragraph("", "", nodes.strong("", "", *header), classes=["sd-card-text"])],
    )
    return component(
        "card",
        ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "sd-w-100", *classes],
        [head, component("card-body", ["sd-card-body"], body)],
    )
