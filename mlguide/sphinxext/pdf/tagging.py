"""Finishing touches to the tagged PDF's structure tree, applied before WeasyPrint writes it.

WeasyPrint tags table header cells ``/TH`` and gives data cells ``/Headers``, but writes no
``/Scope`` on the header cells, so a PDF/UA checker cannot tell what a header heads
(PDF/UA-1, clause 7.5). :func:`add_table_scopes` gives every header cell its scope: a header
in the table's head, or in a row of header cells only, heads its column; any other header (a
stub cell beginning a body row) heads its row.
"""

from __future__ import annotations

from typing import Any

__all__ = ["add_table_scopes", "finish_pdf"]


def add_table_scopes(pdf: Any) -> int:
    """Set ``/Scope`` on every ``/TH`` structure element of a pydyf PDF; returns how many."""
    import pydyf  # type: ignore[import-untyped]

    elements = {
        obj.reference: obj
        for obj in pdf.objects
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"
    }
    count = 0
    for element in elements.values():
        if element.get("S") != "/TH":
            continue
        row = elements.get(element.get("P"))
        group = elements.get(row.get("P")) if row is not None else None
        cells = [elements.get(kid) for kid in row.get("K", ())] if row is not None else []
        header_row = all(cell is not None and cell.get("S") == "/TH" for cell in cells)
        in_head = group is not None and group.get("S") == "/THead"
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column" if in_head or header_row else "/Row"
        count += 1
    return count


def finish_pdf(document: Any, pdf: Any) -> None:
    """WeasyPrint's ``finisher``: structure fixes before the PDF is written."""
    add_table_scopes(pdf)
