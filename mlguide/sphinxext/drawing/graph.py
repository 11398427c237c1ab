"""A layered drawing of a directed graph: boxes in columns, edges between them (pure).

Used by the lineage picture (where each framework came from). Each node goes in a column:
its given ``layer``, or one past the furthest of its predecessors. An edge that spans several
columns passes through the columns between on a reserved slot of its own, so edges only ever
run through the gutters between columns and through their own slots: never through a box.
Within a column, boxes are ordered by the mean place of their neighbours (a few sweeps each
way) and placed level with their predecessors where there is room; every text is measured in
the face it is drawn in.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from mlguide.sphinxext.drawing.geometry import Box, Text, block, text
from mlguide.sphinxext.drawing.measure import SCREEN, Face, wrap

__all__ = ["GraphEdge", "GraphLayout", "GraphNode", "PlacedEdge", "PlacedNode", "layout_graph"]

MARGIN = 12
GUTTER = 36
"""Room between columns, where the edges run."""
PAD = 6
"""Between a box's frame and its text."""
NAME_SIZE, SUB_SIZE, TITLE_SIZE, KEY_SIZE = 12, 10, 14, 10
NAME_LINE, SUB_LINE = 15, 12
GAP = 10
"""Between boxes one above the other."""
SLOT = 8
"""Height reserved in a column for an edge passing through it."""
KEY_LINE = 24
"""Length of a key's sample line."""
MIN_COLUMN = 72
"""Narrowest column: room for a short word at the name's size beside the padding."""


@dataclass(frozen=True)
class GraphNode:
    """A box: its name (bold) and an optional second line."""

    id: str
    name: str
    sub: str | None = None
    layer: int | None = None
    """The column, counted from 0 at the left; ``None``: after its predecessors."""
    kind: str = "node"
    """A class for the writer (its frame's style)."""
    color: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class GraphEdge:
    """An arrow from one node to another, styled by its kind."""

    source: str
    target: str
    kind: str
    title: str = ""
    """What the edge means, in words (its tooltip and its entry in the description)."""


@dataclass(frozen=True)
class PlacedNode:
    node: GraphNode
    box: Box
    name: Text
    sub: Text | None


@dataclass(frozen=True)
class PlacedEdge:
    edge: GraphEdge
    points: tuple[tuple[float, float], ...]
    """The polyline, from the source's right side to the target's left side."""


@dataclass(frozen=True)
class GraphLayout:
    width: float
    height: float
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]
    title: Text | None
    key: tuple[tuple[str, float, float], ...]
    """``(kind, x, y)``: a sample line of an edge kind, from ``x`` to ``x + KEY_LINE``."""
    key_texts: tuple[Text, ...]
    face: Face = field(default=SCREEN)

    @property
    def view_box(self) -> Box:
        return Box(0, 0, self.width, self.height)

    def texts(self) -> list[Text]:
        """Every text drawn (for overlap checks)."""
        out = [t for t in (self.title,) if t is not None] + list(self.key_texts)
        for placed in self.nodes:
            out.append(placed.name)
            if placed.sub is not None:
                out.append(placed.sub)
        return out


@dataclass
class _Item:
    """A box or an edge's slot in a column (mutable state of :func:`layout_graph`)."""

    key: str
    layer: int
    h: float
    node: GraphNode | None = None
    lines: list[str] = field(default_factory=list)
    sub_lines: list[str] = field(default_factory=list)
    preds: list[_Item] = field(default_factory=list)
    succs: list[_Item] = field(default_factory=list)
    order: float = 0.0
    y: float = 0.0

    @property
    def centre(self) -> float:
        return self.y + self.h / 2


def _layers(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> dict[str, int]:
    """Each node's column: its given layer, else one past its furthest predecessor.

    Depth first without recursion (a chain of any length is resolved); each edge is looked
    at once.
    """
    preds: dict[str, list[str]] = {n.id: [] for n in nodes}
    for edge in edges:
        preds[edge.target].append(edge.source)
    out = {n.id: n.layer for n in nodes if n.layer is not None}
    for node in nodes:
        if node.id in out:
            continue
        # the nodes being resolved, each with its predecessors still to look at
        stack = [(node.id, iter(preds[node.id]))]
        resolving = {node.id}
        while stack:
            node_id, waiting = stack[-1]
            pred = next((p for p in waiting if p not in out), None)
            if pred is None:
                out[node_id] = max((out[p] for p in preds[node_id]), default=-1) + 1
                stack.pop()
                resolving.discard(node_id)
            elif pred in resolving:
                raise ValueError(f"the graph has a cycle through {pred!r}")
            else:
                stack.append((pred, iter(preds[pred])))
                resolving.add(pred)
    return out


def layout_graph(
    nodes: Sequence[GraphNode],
    edges: Sequence[GraphEdge],
    width: float = 760,
    title: str | None = None,
    key: Sequence[tuple[str, str]] = (),
    face: Face = SCREEN,
) -> GraphLayout:
    """Place the boxes and route the edges (see the module's description).

    :param key: ``(kind, words)`` of the edge kinds to explain under the picture (those
        that some edge has).
    :raises ValueError: on an edge to an unknown node, an edge that does not go rightwards
        (its target in a column after its source's) or a cycle.
    """
    ids = {n.id for n in nodes}
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in ids:
                raise ValueError(f"edge {edge.source!r} -> {edge.target!r}: no node {end!r}")
    layer_of = _layers(nodes, edges)
    for edge in edges:
        if layer_of[edge.target] <= layer_of[edge.source]:
            raise ValueError(f"edge {edge.source!r} -> {edge.target!r} does not go rightwards")
    count = max(layer_of.values(), default=0) + 1
    usable = width - 2 * MARGIN - GUTTER * (count - 1)
    # Too many columns for the width: the picture grows wider (a page scales it down, a
    # screen scrolls it) rather than drawing columns too narrow for a word.
    least = MIN_COLUMN * count
    if usable < least:
        usable = least
        width = 2 * MARGIN + GUTTER * (count - 1) + usable
    widths = [usable / count] * count
    starts = itertools.accumulate(widths[:-1], initial=0.0)  # sum(widths[:i]), in one pass
    lefts = [MARGIN + start + GUTTER * i for i, start in enumerate(starts)]

    y = 4.0
    title_text = None
    if title:
        lines = wrap(title, width - 2 * MARGIN, TITLE_SIZE, bold=True, face=face)
        title_text = block(MARGIN, y + 15, lines, TITLE_SIZE, "title", TITLE_SIZE + 4, face=face)
        y = title_text.box.bottom + 8
    top = y + 4

    # items: the boxes, then one slot per column an edge passes through
    columns: list[list[_Item]] = [[] for _ in range(count)]
    items: dict[str, _Item] = {}
    for node in nodes:
        inner = widths[layer_of[node.id]] - 2 * PAD
        lines = wrap(node.name, inner, NAME_SIZE, bold=True, face=face)
        sub = wrap(node.sub, inner, SUB_SIZE, face=face) if node.sub else []
        h = 2 * PAD + NAME_LINE * len(lines) + SUB_LINE * len(sub)
        item = _Item(node.id, layer_of[node.id], h, node, lines, sub)
        items[node.id] = item
        columns[item.layer].append(item)
    chains: list[tuple[GraphEdge, list[_Item]]] = []
    for n, edge in enumerate(edges):
        chain = [items[edge.source]]
        for layer in range(layer_of[edge.source] + 1, layer_of[edge.target]):
            slot = _Item(f"edge-{n}-{layer}", layer, SLOT)
            columns[layer].append(slot)
            chain.append(slot)
        chain.append(items[edge.target])
        for a, b in itertools.pairwise(chain):
            a.succs.append(b)
            b.preds.append(a)
        chains.append((edge, chain))

    # order within columns: data order, then barycentre sweeps right and left
    for column in columns:
        for i, it in enumerate(column):
            it.order = i
    for _ in range(4):
        for layers, side in ((range(1, count), "preds"), (range(count - 2, -1, -1), "succs")):
            for layer in layers:
                column = columns[layer]
                for it in column:
                    near = getattr(it, side)
                    if near:
                        it.order = sum(o.order for o in near) / len(near)
                column.sort(key=lambda it: it.order)
                for i, it in enumerate(column):
                    it.order = i

    # heights: level with the predecessors where there is room, never overlapping
    for column in columns:
        bottom = top - GAP
        for it in column:
            wanted = top
            if it.preds:
                wanted = sum(p.centre for p in it.preds) / len(it.preds) - it.h / 2
            it.y = max(wanted, bottom + GAP)
            bottom = it.y + it.h
    height = max((it.y + it.h for column in columns for it in column), default=top) + 8

    placed_nodes: list[PlacedNode] = []
    boxes: dict[str, Box] = {}
    for node in nodes:
        it = items[node.id]
        left = lefts[it.layer]
        box = Box(left, round(it.y, 2), widths[it.layer], it.h)
        boxes[node.id] = box
        name = block(
            left + PAD, it.y + PAD + NAME_SIZE, it.lines, NAME_SIZE, "name", NAME_LINE, face=face
        )
        sub_text = None
        if it.sub_lines:
            base = it.y + PAD + NAME_LINE * len(it.lines) + SUB_SIZE
            sub_text = block(left + PAD, base, it.sub_lines, SUB_SIZE, "sub", SUB_LINE, False, face)
        placed_nodes.append(PlacedNode(node, box, name, sub_text))

    # edges: ports spread along the boxes' sides, in the order of the other ends
    outs: dict[str, list[int]] = {n.id: [] for n in nodes}
    ins: dict[str, list[int]] = {n.id: [] for n in nodes}
    for n, (_, chain) in enumerate(chains):
        outs[chain[0].key].append(n)
        ins[chain[-1].key].append(n)
    port: dict[tuple[str, str, int], float] = {}
    for side, ends in (("out", outs), ("in", ins)):
        for node_id, edge_ids in ends.items():
            # the other end's height: the next item along the chain, or the one before
            far = {n: chains[n][1][1 if side == "out" else -2].centre for n in edge_ids}
            box = boxes[node_id]
            for k, n in enumerate(sorted(edge_ids, key=lambda n: (far[n], n))):
                port[(side, node_id, n)] = box.y + box.h * (k + 1) / (len(edge_ids) + 1)
    placed_edges: list[PlacedEdge] = []
    for n, (edge, chain) in enumerate(chains):
        points = [(boxes[edge.source].right, port[("out", edge.source, n)])]
        for slot in chain[1:-1]:
            mid = slot.centre
            points += [(lefts[slot.layer], mid), (lefts[slot.layer] + widths[slot.layer], mid)]
        points.append((boxes[edge.target].x, port[("in", edge.target, n)]))
        rounded = tuple((round(x, 2), round(py, 2)) for x, py in points)
        placed_edges.append(PlacedEdge(edge, rounded))

    # the key: a sample line and the words for each kind of edge drawn
    key_lines: list[tuple[str, float, float]] = []
    key_texts: list[Text] = []
    kinds = {e.kind for e in edges}
    x, ky = float(MARGIN), height + 12
    for kind, words in key:
        if kind not in kinds:
            continue
        need = KEY_LINE + 6 + face.width(words, KEY_SIZE)
        if x > MARGIN and x + need > width - MARGIN:
            x, ky = float(MARGIN), ky + 16
        key_lines.append((kind, x, ky - 3.5))
        label = text(x + KEY_LINE + 6, ky, words, KEY_SIZE, "key", face=face)
        key_texts.append(label)
        x = label.box.right + 18
    if key_texts:
        height = ky + 8
    return GraphLayout(
        width=width,
        height=round(height, 2),
        nodes=tuple(placed_nodes),
        edges=tuple(placed_edges),
        title=title_text,
        key=tuple(key_lines),
        key_texts=tuple(key_texts),
        face=face,
    )
