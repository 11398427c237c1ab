"""A migration route: ``{mlguide:migration} <route-id>``.

Renders one entry of ``migrations.toml`` (:attr:`mlguide.Guide.migrations`): the route's
summary, a table pairing each concept of the framework left with its counterpart in the one
moved to, the pitfalls, and the route's example script as the tests run it, with what it
proves and the versions it was verified with. The tree is plain docutils (paragraphs, a table,
a list, a literal block), so every builder, the PDF's included, renders all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective
from mlguide.sphinxext.render import cites

if TYPE_CHECKING:
    import mlguide
    from mlguide.model_migrations import Migration

__all__ = ["MigrationDirective", "migration_anchor", "migration_block"]


def migration_anchor(migration_id: str) -> str:
    """HTML id of a route's rendering."""
    return f"mlguide-migration-{migration_id}"


def _where(guide: mlguide.Guide, route: Migration, field: str) -> str:
    return f"{guide.origin('migration', route.id)}: migration {route.id!r}, {field}"


def _concepts(guide: mlguide.Guide, route: Migration) -> nodes.table:
    """Two columns, the framework left and the one moved to; a note and the sources of each
    pair under its right-hand cell."""
    table = nodes.table(classes=["mlguide-migration-concepts"])
    group = nodes.tgroup(cols=2)
    table += group
    group.extend(nodes.colspec(colwidth=width) for width in (40, 48))
    head = nodes.row()
    for text in (route.origin, route.destination):
        para = nodes.paragraph("", "", classes=["mlguide-migration-end"])
        para.extend(markdown.inline(text))
        head += nodes.entry("", para)
    group += nodes.thead("", head)
    body = nodes.tbody()
    for pair in route.concepts:
        before = nodes.paragraph("", "")
        before.extend(markdown.inline(" ".join(pair.before.split())))
        after: list[nodes.Node] = [nodes.paragraph("", "", *markdown.inline(pair.after))]
        note = nodes.paragraph("", "", classes=["mlguide-migration-note"])
        if pair.note:
            note.extend(markdown.inline(" ".join(pair.note.split())))
            note += nodes.Text(" ")
        note.extend(cites(guide, pair.sources))
        after.append(note)
        body += nodes.row("", nodes.entry("", before), nodes.entry("", *after))
    group += body
    return table


def _pitfalls(guide: mlguide.Guide, route: Migration) -> list[nodes.Node]:
    if not route.pitfalls:
        return []
    items = nodes.bullet_list(classes=["mlguide-migration-pitfalls"])
    for pitfall in route.pitfalls:
        para = nodes.paragraph("", "")
        para.extend(markdown.inline(" ".join(pitfall.text.split())))
        para += nodes.Text(" ")
        para.extend(cites(guide, pitfall.sources))
        items += nodes.list_item("", para)
    return [nodes.rubric("", "Pitfalls", classes=["mlguide-migration-title"]), items]


def migration_block(
    guide: mlguide.Guide, migration_id: str, versions: dict[str, str], *, example: bool = True
) -> nodes.container:
    """A route: summary, concepts, pitfalls, then (unless ``example`` is false) the example
    script the tests run, with what it proves and ``versions``, the versions it passed with
    (an empty mapping says nothing about them)."""
    route = guide.migration(migration_id)
    parts: list[nodes.Node] = list(markdown.blocks(route.summary, _where(guide, route, "summary")))
    sources = nodes.paragraph("", "Sources: ", classes=["mlguide-sources-line"])
    sources.extend(cites(guide, route.sources))
    parts.append(sources)
    parts.append(nodes.rubric("", "Concept by concept", classes=["mlguide-migration-title"]))
    parts.append(_concepts(guide, route))
    parts.extend(_pitfalls(guide, route))
    if example:
        parts.extend(_example(guide, route, versions))
    node = nodes.container("", *parts, classes=["mlguide-migration"])
    node["ids"] = [migration_anchor(migration_id)]
    return node


def _example(guide: mlguide.Guide, route: Migration, versions: dict[str, str]) -> list[nodes.Node]:
    parts: list[nodes.Node] = [
        nodes.rubric("", "The route, run", classes=["mlguide-migration-title"])
    ]
    parts.extend(markdown.blocks(route.example_proves, _where(guide, route, "example_proves")))
    code = guide.migration_script(route.id)
    parts.append(nodes.literal_block(code, code, language="python", classes=["mlguide-code"]))
    if versions:
        shown = ", ".join(f"{name} {version}" for name, version in versions.items())
        parts.append(
            nodes.paragraph(
                "",
                f"The test suite runs this script, and it passed with {shown}.",
                classes=["mlguide-verified"],
            )
        )
    return parts


class MigrationDirective(MlguideDirective):
    """One migration route: concepts side by side, pitfalls and a tested example script."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "no-example": directives.flag,
    }

    def render(self) -> list[nodes.Node]:
        known = [route.id for route in self.guide.migrations]
        if not known:
            self.warn(
                "the data has no migration routes (migrations.toml); nothing to show", "empty"
            )
            return []
        route_id = self.one_id("migration route", known)
        if route_id is None:
            return []
        versions: dict[str, str] = {}
        if self.guide.origin("migration", route_id).startswith("mlguide/data/"):
            # the package's own scripts: the versions its test suite recorded for them
            from mlguide.examples_meta import verified_versions

            versions = verified_versions()
        example = "no-example" not in self.options
        return [migration_block(self.guide, route_id, versions, example=example)]
