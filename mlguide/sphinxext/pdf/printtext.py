"""Line-breaking hints for the printed page, added to the single HTML page the PDF is made of.

* Inline code gets a break opportunity (``<wbr>``) before each dot between the parts of a
  name and after each slash, so ``torch.utils.tensorboard`` wraps in a narrow table cell as
  ``torch.utils`` / ``.tensorboard`` instead of running into the next column; a name itself
  (``save_weights``) is never split.
* The frameworks' names are wrapped in ``<span class="mlguide-name">``, which the print
  stylesheet never hyphenates ("PyT-orch" helps no reader).

Only text between tags is touched, never attributes, and nothing inside ``<pre>``,
``<svg>``, ``<style>``, ``<script>`` or ``<title>``; names are left alone inside code and
inside character references (a framework named ``amp`` must not turn ``&amp;`` into
``&<span>amp</span>;``, which prints as "&amp;").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

__all__ = ["add_print_hints"]

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_SKIP = ("pre", "svg", "style", "script", "title", "textarea")
#: After a slash, and before a dot (a chained name's parts), never inside a name.
_BREAK_BEFORE_DOT = re.compile(r"(?<=[A-Za-z0-9_)\]])(\.)(?=[A-Za-z_])")
_BREAK_AFTER = re.compile(r"(/)(?=[A-Za-z0-9_])")


def add_print_hints(html: str, names: Iterable[str]) -> str:
    """The page with break hints in inline code and framework names kept whole."""
    words = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    # A character reference is matched first and kept whole, so no name is found inside one.
    name_re = (
        re.compile(
            r"(&#?\w+;)|(?<!\w)(" + "|".join(re.escape(_as_html(w)) for w in words) + r")(?!\w)"
        )
        if words
        else None
    )
    out: list[str] = []
    skipping: list[str] = []
    in_code = 0
    for token in _TOKENS.split(html):
        if not token:
            continue
        if token.startswith("<"):
            match = re.match(r"<(/?)([a-zA-Z][\w:-]*)", token)
            if match:
                closing, tag = match.group(1) == "/", match.group(2).lower()
                if tag in _SKIP and not token.endswith("/>"):
                    if closing and skipping and skipping[-1] == tag:
                        skipping.pop()
                    elif not closing:
                        skipping.append(tag)
                elif tag == "code" and not skipping:
                    in_code += -1 if closing else 1
            out.append(token)
            continue
        if skipping:
            out.append(token)
        elif in_code > 0:
            out.append(_BREAK_BEFORE_DOT.sub(r"<wbr>\1", _BREAK_AFTER.sub(r"\1<wbr>", token)))
        elif name_re is not None:
            out.append(name_re.sub(_keep_whole, token))
        else:
            out.append(token)
    return "".join(out)


def _keep_whole(match: re.Match[str]) -> str:
    """A character reference unchanged; a name in a span that keeps it whole."""
    if match.group(1):
        return match.group(1)
    return f'<span class="mlguide-name">{match.group(2)}</span>'


def _as_html(name: str) -> str:
    """A name as docutils writes it in HTML text (``&``, ``<``, ``>`` and ``"`` escaped)."""
    return escape(name, quote=False).replace('"', "&quot;")
