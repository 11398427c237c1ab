"""The API equivalents table: everyday operations as rows, one column of code per framework.

``{mlguide:equivalents}`` renders :attr:`mlguide.Guide.equivalents` as a table with a header
of framework names (and the imports the code assumes), group rows, and an anchor per row
(``#mlguide-equivalent-<id>``). ``:layout: full`` (the default) adds each row's note;
``:layout: compact`` is the quick-reference form of the handout. ``:from:`` and ``:to:`` give
the view of one migration: two columns, the framework left and the one moved to, and only the
rows the framework left has code for. The tree is plain docutils (a table with literal
blocks), so every builder renders it completely.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from mlguide.model_equivalents import EquivalentCell
from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.config import get_config
from mlguide.sphinxext.data import suggestion

if TYPE_CHECKING:
    import mlguide

__all__ = [
    "CellLabels",
    "EquivalentsDirective",
    "TextCodeLines",
    "equivalent_anchor",
    "equivalents_table",
    "latest_releases",
]

LAYOUTS = ("full", "compact")
_EMPTY = EquivalentCell(framework="x", none="no cell")


def equivalent_anchor(equivalent_id: str) -> str:
    """HTML id of an equivalents row."""
    return f"mlguide-equivalent-{equivalent_id}"


def _code(code: str, classes: Sequence[str] = ()) -> nodes.literal_block:
    block = nodes.literal_block(code, code, language="python")
    block["classes"] += ["mlguide-equiv-code", *classes]
    return block


def _cell(cell: EquivalentCell | None, name: str) -> list[nodes.Node]:
    """A framework's cell, led by its name (shown only where the table is laid out as one
    block per task, on a phone or a portrait page; see :class:`CellLabels`)."""
    label = nodes.paragraph("", name, classes=["mlguide-equiv-label"])
    return [label, *_cell_content(cell)]


def _cell_content(cell: EquivalentCell | None) -> list[nodes.Node]:
    if cell is None:
        return [nodes.paragraph("", "—", classes=["mlguide-equiv-missing"])]
    if cell.code is not None:
        return [_code(cell.code)]
    kind = "none" if cell.none is not None else "unknown"
    para = nodes.paragraph("", "", classes=[f"mlguide-equiv-{kind}"])
    para += nodes.inline("", "none" if kind == "none" else "unknown", classes=["mlguide-tag"])
    para += nodes.Text(" ")
    para.extend(markdown.inline(cell.none or cell.unknown or ""))
    return [para]


def _row(cells: Sequence[Sequence[nodes.Node]], classes: Sequence[str] = ()) -> nodes.row:
    row = nodes.row(classes=list(classes))
    for content in cells:
        row += nodes.entry("", *content)
    return row


def equivalents_table(
    guide: mlguide.Guide,
    rows: Sequence[str],
    frameworks: Sequence[str],
    layout: str = "full",
    labels: Sequence[str] = (),
) -> nodes.table:
    """The table: a header of framework names with their imports, a row per operation
    (grouped, each with its anchor), and in the full layout each row's note.

    :param labels: a word after each framework's name in the header, e.g. ``("from", "to")``;
        with labels, the table is one migration's view and leaves the notes out (they compare
        all the frameworks, not the two shown).
    """
    columns = 1 + len(frameworks)
    table = nodes.table(
        classes=["mlguide-equivalents", f"mlguide-equivalents-{layout}", f"mlguide-cols-{columns}"]
    )
    group = nodes.tgroup(cols=columns)
    table += group
    # Widths in characters (the text builder lays code out in them; HTML and print use CSS).
    widths = [24]
    for framework_id in frameworks:
        texts = [guide.equivalent_imports.get(framework_id, "")]
        texts += [
            (row.cell(framework_id) or _EMPTY).code or "" for row in map(guide.equivalent, rows)
        ]
        widths.append(max([20] + [len(line) + 2 for t in texts for line in t.splitlines()]))
    group.extend(nodes.colspec(colwidth=w) for w in widths)

    head: list[list[nodes.Node]] = [[nodes.paragraph("", "Task")]]
    for index, framework_id in enumerate(frameworks):
        name = guide.framework(framework_id).name
        if index < len(labels):
            name = f"{name} ({labels[index]})"
        label: list[nodes.Node] = [nodes.paragraph("", name, classes=["mlguide-equiv-fw"])]
        imports = guide.equivalent_imports.get(framework_id)
        if imports:
            label.append(_code(imports, ["mlguide-equiv-imports"]))
        head.append(label)
    group += nodes.thead("", _row(head))

    body = nodes.tbody()
    current_group = None
    for equivalent_id in rows:
        row = guide.equivalent(equivalent_id)
        if row.group != current_group:
            current_group = row.group
            heading = nodes.entry("", nodes.paragraph("", row.group), morecols=columns - 1)
            body += nodes.row("", heading, classes=["mlguide-equiv-group"])
        task: list[nodes.Node] = [
            nodes.paragraph("", "", nodes.strong("", row.task), classes=["mlguide-equiv-task"])
        ]
        if layout == "full" and row.note and not labels:
            note = nodes.paragraph("", "", classes=["mlguide-equiv-note"])
            note.extend(markdown.inline(" ".join(row.note.split())))
            task.append(note)
        names = [guide.framework(f).name for f in frameworks]
        cells = [_cell(row.cell(f), name) for f, name in zip(frameworks, names, strict=True)]
        out = _row([task, *cells], ["mlguide-equiv-row"])
        out["ids"] = [equivalent_anchor(equivalent_id)]
        body += out
    group += body
    return table


class EquivalentsDirective(MlguideDirective):
    """API equivalents: everyday operations, one or two lines of code per framework."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "rows": directives.unchanged,
        "frameworks": directives.unchanged,
        "layout": directives.unchanged,
        "from": directives.unchanged,
        "to": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        known = [row.id for row in self.guide.equivalents]
        if not known:
            self.warn(
                "the data has no API equivalents (equivalents.toml); nothing to show", "empty"
            )
            return []
        rows = self.id_list("rows", "equivalent", known, known)
        layout = self.choice("layout", LAYOUTS, "full")
        route = self._route()
        if route is None:
            table = equivalents_table(self.guide, rows, self.frameworks(), layout)
        else:
            leaving = route[0]
            rows = [r for r in rows if (self.guide.equivalent(r).cell(leaving) or _EMPTY).code]
            if not rows:
                self.warn(f"no chosen row has code for {leaving!r}; nothing to show", "empty")
                return []
            table = equivalents_table(self.guide, rows, route, layout, ("from", "to"))
            table["classes"].append("mlguide-equivalents-route")
        parts: list[nodes.Node] = [table]
        # the whole table says what its cells ran on; a view of two columns is part of it
        verified = self._verified_line() if route is None else None
        if verified is not None:
            parts.append(verified)
        return [nodes.container("", *parts, classes=["mlguide-equivalents-block"])]

    def _route(self) -> list[str] | None:
        """``[from, to]`` when the view of one migration is asked for, else ``None``.

        Both options are needed and must name two different frameworks; otherwise a warning
        says why and the whole table is shown instead.
        """
        if "from" not in self.options and "to" not in self.options:
            return None
        known = self.guide.framework_ids
        ends: list[str] = []
        for option in ("from", "to"):
            given = (self.options.get(option) or "").strip()
            if not given:
                self.warn(
                    f":{option}: is missing or empty: the migration view needs both :from: "
                    "and :to:; showing every framework",
                    "option",
                )
                return None
            if given not in known:
                self.warn(
                    f"unknown framework {given!r} in :{option}:{suggestion(given, known)}; "
                    "showing every framework",
                    "unknown-id",
                )
                return None
            ends.append(given)
        if ends[0] == ends[1]:
            self.warn(f":from: and :to: both name {ends[0]!r}; showing every framework", "option")
            return None
        if "frameworks" in self.options:
            self.warn(":frameworks: is ignored when :from: and :to: are given", "option")
        return ends

    def _verified_line(self) -> nodes.paragraph | None:
        """The versions the cells ran with, when they are the package's own cells."""
        config = get_config(self.config)
        if not config.package_data or any(
            (Path(d) / "equivalents.toml").is_file() for d in config.data_dirs
        ):
            return None
        from mlguide.examples_meta import verified_versions

        versions = verified_versions()
        shown = ", ".join(f"{name} {version}" for name, version in versions.items())
        return nodes.paragraph(
            "",
            f"Every cell was run, with a check of its result, on {shown} (CPU; Keras 3 on "
            f"the JAX backend). The rest of the guide describes the releases current on "
            f"{self.guide.as_of.isoformat()}: {latest_releases(self.guide)}.",
            classes=["mlguide-verified"],
        )


def latest_releases(guide: mlguide.Guide) -> str:
    """``TensorFlow 2.21.0, PyTorch 2.15.0, ..., Keras 3.15.1``: each framework's latest
    release as of the data's date (a name that ends in the version's major number, "Keras 3",
    is not repeated before it)."""
    shown = []
    for framework in guide.frameworks:
        version = framework.latest.version
        if not version:
            continue
        name, _, last = framework.name.rpartition(" ")
        if name and version.startswith(f"{last}."):
            shown.append(f"{name} {version}")
        else:
            shown.append(f"{framework.name} {version}")
    return ", ".join(shown)


class TextCodeLines(SphinxPostTransform):
    """For the text builder, one literal block per line of code in the table: its table
    writer wraps a cell's text, which would run the two lines of a cell into one."""

    default_priority = 200
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if "mlguide-equivalents" not in table["classes"]:
                continue
            for block in list(table.findall(nodes.literal_block)):
                lines = block.astext().splitlines()
                if len(lines) > 1:
                    extra = [c for c in block["classes"] if c != "mlguide-equiv-code"]
                    block.replace_self([_code(line, extra) for line in lines])


class CellLabels(SphinxPostTransform):
    """Builders that are not HTML print the table as a table, where each column is headed
    by its framework: the labels inside its cells (for the block layout of HTML and print
    CSS) would repeat the name in every cell, so they are removed."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        if self.env._app.builder.format == "html":
            return
        for table in self.document.findall(nodes.table):
            if "mlguide-equivalents" not in table["classes"]:
                continue
            for label in list(table.findall(nodes.paragraph)):
                if "mlguide-equiv-label" in label["classes"]:
                    label.parent.remove(label)
