"""``{mlguide:changes}``: what changed in this edition of the data, for a reader who has the
last one (printed or bookmarked).

It compares the guide's data with a stored edition (:mod:`mlguide.diff`): by default the
newest one shipped with the package that is older than the data's version, or the one
``:since:`` names (a stored edition's version, or an export file relative to the page). The
changes a reader must not miss come first, a line each, quoted in full: verdicts, picks,
summaries; then releases, what was added or removed, details and sources, each section one
paragraph of short sentences. Plain
docutils nodes, so every builder (the PDF included) prints it as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from mlguide.sphinxext import markdown
from mlguide.sphinxext.base import MlguideDirective

__all__ = ["ChangesDirective", "changes_block"]


def _value(text: Any) -> list[nodes.Node]:
    """A changed value as a reader sees it: Markdown text rendered inline, anything else as
    text."""
    if isinstance(text, str):
        return markdown.inline(text)
    return [nodes.Text(str(text))]


def _item(change: Any) -> nodes.list_item:
    from mlguide.diff import describe, shows_old

    para = nodes.paragraph()
    if not change.major:
        para += nodes.Text(describe(change))
        return nodes.list_item("", para, classes=[f"mlguide-change-{change.kind}"])
    para += nodes.strong("", f"{change.label}: ")
    if change.kind == "changed":
        para += nodes.Text("now " if shows_old(change) else "reworded, now ")
        para.extend(_value(change.new))
        if shows_old(change):
            was = nodes.inline("", " (was: ", classes=["mlguide-change-was"])
            was.extend(_value(change.old))
            was += nodes.Text(")")
            para += was
    elif change.kind == "added":
        para.extend(_value(change.new))
    else:
        para += nodes.Text("removed")
    return nodes.list_item("", para, classes=[f"mlguide-change-{change.kind}"])


def _run_on(changes: Any, name: str) -> nodes.paragraph:
    """Lesser changes as one paragraph, each a sentence: ``Label: revised. Label: removed.``"""
    from mlguide.diff import describe

    para = nodes.paragraph(classes=["mlguide-changes-run", f"mlguide-changes-{name}"])
    for index, change in enumerate(changes):
        if index:
            para += nodes.Text(" ")
        para += nodes.inline("", describe(change) + ".", classes=[f"mlguide-change-{change.kind}"])
    return para


def changes_block(diff: Any) -> nodes.container:
    """The changes of a :class:`mlguide.diff.EditionDiff`, section by section."""
    from mlguide.diff import SECTIONS

    old, new = diff.old, diff.new
    intro = nodes.paragraph(classes=["mlguide-changes-intro"])
    intro += nodes.Text("Changes from edition ")
    intro += nodes.strong("", str(old.get("data_version", "?")))
    intro += nodes.Text(f" (facts as of {old.get('as_of', '?')}) to edition ")
    intro += nodes.strong("", str(new.get("data_version", "?")))
    intro += nodes.Text(f" (facts as of {new.get('as_of', '?')}).")
    parts: list[nodes.Node] = [intro]
    if not diff.changes:
        parts.append(nodes.paragraph("", "Nothing changed."))
    for name, heading in SECTIONS.items():
        changes = diff.section(name)
        if not changes:
            continue
        parts.append(
            nodes.rubric("", f"{heading} ({len(changes)})", classes=["mlguide-changes-title"])
        )
        if changes[0].major:  # what a reader must not miss: a line each, quoted whole
            items = nodes.bullet_list(classes=["mlguide-changes-list", f"mlguide-changes-{name}"])
            items.extend(_item(c) for c in changes)
            parts.append(items)
        else:  # the rest in one run of text, to keep the page to one printed side
            parts.append(_run_on(changes, name))
    return nodes.container("", *parts, classes=["mlguide-changes"])


class ChangesDirective(MlguideDirective):
    """What changed since the previous edition (or the one ``:since:`` names)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **MlguideDirective.option_spec,
        "since": directives.unchanged_required,
    }

    def render(self) -> list[nodes.Node]:
        from mlguide.diff import (
            EditionError,
            diff_editions,
            load_edition,
            previous_edition,
            stored_editions,
        )
        from mlguide.export import guide_to_dict

        guide = self.guide
        since = (self.options.get("since") or "").strip()
        if not since:
            found = previous_edition(guide.info.data_version)
            if found is None:
                self.warn(
                    f"no stored edition is older than data version {guide.info.data_version}; "
                    "give one with :since:",
                    "changes",
                )
                return []
            since = found
        stored = stored_editions()
        if since in stored:
            spec: str | Path = since
            self.env.note_dependency(str(stored[since]))
        else:
            _, absolute = self.env.relfn2path(since)
            spec = Path(absolute)
            self.env.note_dependency(absolute)
        try:
            old = load_edition(spec)
        except EditionError as exc:
            self.warn(f":since: {exc}", "changes")
            return []
        return [changes_block(diff_editions(old, guide_to_dict(guide)))]
