"""Markdown from the data, turned into docutils nodes the same way on MyST and reST pages.

The data's text fields hold a small Markdown subset: paragraphs, lists, inline code,
emphasis, strong emphasis and links. Raw HTML is disabled, so ``<script>`` in a data string
comes out as literal text, never as markup.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from docutils import nodes

from mlguide.shorten import shown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["blocks", "inline"]


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # "commonmark" with html off: raw HTML tokens become text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def inline(text: str) -> list[nodes.Node]:
    """Inline nodes for a one-line Markdown string (a summary, a label)."""
    tokens = _parser().parseInline(text.strip())
    if not tokens:
        return []
    return _inline(tokens[0].children or [])


#: Role syntax (``{mlguide:framework}`x```, ``:mlguide:aspect:`x```), which data text does not
#: run: it would print as written.
_ROLE = re.compile(r"\{[a-z][\w.-]*(?::[\w.-]+)*\}`|(?<![\w`]):[a-z][\w-]*(?::[\w-]+)+:`")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.S)


def _role_in(text: str) -> re.Match[str] | None:
    """The first role in ``text`` that is not inside a code span (a role's own backticks
    are not a code span)."""
    spans = [
        m.span()
        for m in _CODE_SPAN.finditer(text)
        if not (m.start() and text[m.start() - 1] in "}:")
    ]
    return next(
        (r for r in _ROLE.finditer(text) if not any(a <= r.start() < b for a, b in spans)),
        None,
    )


#: The attribute of a node built from data text with a problem to report (see
#: ``MlguideDirective.run``, which warns at the directive's location and removes it).
PROBLEM = "mlguide_problem"


def blocks(text: str, where: str = "") -> list[nodes.Node]:
    """Block nodes (paragraphs, lists) for a Markdown text (details, explanations).

    :param where: the data file and field the text comes from, for problems found in it
        (a code fence in an unknown language is shown as plain text, and its node carries
        the message in :data:`PROBLEM`).
    """
    tokens = _parser().parse(text.strip())
    out: list[nodes.Node] = []
    stack: list[nodes.Element] = []
    role = _role_in(text)

    def add(node: nodes.Element) -> None:
        _append(stack, out, node)
        if role and not any(PROBLEM in n for n in out if isinstance(n, nodes.Element)):
            written = role.group(0).rstrip("`")
            node[PROBLEM] = (
                f"{where or 'data text'}: {written!r} is role syntax, which data text "
                "does not run (it prints as written): write the name, or a Markdown link"
            )

    for token in tokens:
        kind = token.type
        if kind == "paragraph_open":
            para = nodes.paragraph()
            add(para)
            stack.append(para)
        elif kind in (
            "paragraph_close",
            "bullet_list_close",
            "ordered_list_close",
            "list_item_close",
            "blockquote_close",
        ):
            stack.pop()
        elif kind == "bullet_list_open":
            lst: nodes.Element = nodes.bullet_list(bullet="-")
            add(lst)
            stack.append(lst)
        elif kind == "ordered_list_open":
            lst = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            add(lst)
            stack.append(lst)
        elif kind == "list_item_open":
            item = nodes.list_item()
            add(item)
            stack.append(item)
        elif kind == "blockquote_open":
            quote = nodes.block_quote()
            add(quote)
            stack.append(quote)
        elif kind == "inline":
            target = stack[-1] if stack else None
            children = _inline(token.children or [])
            if target is None or isinstance(target, nodes.list_item):
                para = nodes.paragraph()
                para.extend(children)
                add(para)
            else:
                target.extend(children)
        elif kind in ("fence", "code_block"):
            language = (token.info or "text").split()[0]
            block = nodes.literal_block(token.content, token.content, language=language)
            if not _known_language(language):
                block["language"] = "text"
                block[PROBLEM] = (
                    f"{where or 'data text'}: unknown code language {shown(language)} in a code "
                    "fence (no Pygments lexer has that name); shown as plain text"
                )
            add(block)
        elif kind in ("heading_open", "heading_close", "hr"):
            continue  # headings in data would break the page outline; their text is kept
        else:
            text = token.content
            if text:
                add(nodes.paragraph(text, text))
    return out


@cache
def _known_language(language: str) -> bool:
    """Whether Sphinx can highlight ``language`` (its own names, or a Pygments lexer's)."""
    if language in ("default", "none", "text", "python", "py", "python3", "py3", "pycon"):
        return True
    from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]

    try:
        get_lexer_by_name(language)
    except ClassNotFound:
        return False
    return True


def _inline(tokens: list[Token]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    stack: list[nodes.Element] = []

    def add(node: nodes.Node) -> None:
        _append(stack, out, node)

    for token in tokens:
        kind = token.type
        if kind in ("text", "html_inline"):
            add(nodes.Text(token.content))
        elif kind == "code_inline":
            add(nodes.literal(token.content, token.content))
        elif kind in ("softbreak", "hardbreak"):
            add(nodes.Text(" "))
        elif kind in ("em_open", "strong_open", "link_open"):
            element: nodes.Element
            if kind == "em_open":
                element = nodes.emphasis()
            elif kind == "strong_open":
                element = nodes.strong()
            else:
                href = str(token.attrs.get("href", ""))
                element = nodes.reference(refuri=href) if _safe_url(href) else nodes.inline()
            add(element)
            stack.append(element)
        elif kind in ("em_close", "strong_close", "link_close"):
            if stack:
                stack.pop()
        elif token.content:
            add(nodes.Text(token.content))
    return out


def _append(stack: list[nodes.Element], out: list[nodes.Node], node: nodes.Node) -> None:
    """Into the innermost open element, or at the top level when none is open."""
    if stack:
        stack[-1].append(node)
    else:
        out.append(node)


def _safe_url(href: Any) -> bool:
    return isinstance(href, str) and href.startswith(("https://", "http://", "#"))
