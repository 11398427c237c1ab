"""The at-a-glance matrix in plain text: a list per aspect when table columns would be too
narrow to read (the text builder wraps every cell to its column, a few characters wide)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["MIN_COLUMN_CHARS", "TextMatrixTransform"]

#: The narrowest readable column, in characters; narrower matrices become lists.
MIN_COLUMN_CHARS = 24


class TextMatrixTransform(SphinxPostTransform):
    """In text output, a matrix whose columns would be narrower than :data:`MIN_COLUMN_CHARS`
    becomes one entry per aspect: its title, then one line per framework (and who leads)."""

    default_priority = 150
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        from sphinx.writers.text import MAXWIDTH

        for table in list(self.document.findall(nodes.table)):
            if "mlguide-matrix" not in table["classes"]:
                continue
            head = table.next_node(nodes.thead)
            body = table.next_node(nodes.tbody)
            if head is None or body is None:
                continue
            names = [entry.astext() for entry in head.findall(nodes.entry)]
            if MAXWIDTH // max(len(names), 1) >= MIN_COLUMN_CHARS:
                continue
            listing = nodes.definition_list(classes=["mlguide-matrix-list"])
            for row in body.findall(nodes.row):
                cells = [entry for entry in row.children if isinstance(entry, nodes.entry)]
                term = nodes.term("", "", *cells[0].children[0].children)
                items = nodes.bullet_list()
                for name, cell in zip(names[1:], cells[1:], strict=True):
                    para = nodes.paragraph("", "", nodes.strong("", f"{name}:"), nodes.Text(" "))
                    para.extend(cell.children[0].children)
                    items += nodes.list_item("", para)
                listing += nodes.definition_list_item("", term, nodes.definition("", items))
            table.replace_self(listing)
