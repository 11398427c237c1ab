"""Code blocks on paper: each line its own box with a hanging indent, and break opportunities
only where code may wrap, so that no name is ever split (``tf.r|educe_sum``).

Inside every ``<pre>`` of the page the PDF is made of:

* each source line becomes ``<span class="mlguide-line">``, which the print stylesheet lays
  out as a block with a hanging indent: a line too long for its column continues, indented,
  below itself;
* a break opportunity (``<wbr>``) follows an opening bracket (unless the bracket closes at
  once) or a comma, and precedes a dot that follows a closing bracket (a method chain:
  ``from_tensor_slices(x)`` / ``.batch(4)``).

Spaces are break opportunities already (the stylesheet sets ``white-space: pre-wrap``); a
name, a number or a string never gets one. Only the text between tags changes; a tag that is
open at the end of a line (Pygments' span of a multi-line string) is closed there and opened
again on the next line, so that the markup stays well nested.
"""

from __future__ import annotations

import html as html_lib
import re

__all__ = ["break_code_lines", "break_points"]

_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.DOTALL | re.IGNORECASE)
_TOKENS = re.compile(r"(<[^>]*>|&#?\w+;)")
_OPEN_TAG = re.compile(r"<([a-zA-Z][\w:-]*)\b[^>]*>")
LINE = '<span class="mlguide-line">'


def break_code_lines(html: str) -> str:
    """Every ``<pre>`` of ``html`` with its lines boxed and its break opportunities added."""
    return _PRE.sub(lambda m: m.group(1) + _lines(m.group(2)) + m.group(3), html)


def _literal_mask(code: str) -> list[bool]:
    """Per character: inside a string literal or a comment (no break point goes there)."""
    mask = [False] * len(code)
    index, quote = 0, ""
    while index < len(code):
        char = code[index]
        if quote:
            mask[index] = True
            if char == "\\":
                if index + 1 < len(code):
                    mask[index + 1] = True
                index += 2
                continue
            if code.startswith(quote, index):
                for k in range(index, min(index + len(quote), len(code))):
                    mask[k] = True
                index += len(quote)
                quote = ""
                continue
            if char == "\n" and len(quote) == 1:
                quote = ""  # an unterminated one-line string ends with its line
        elif char == "#":
            end = code.find("\n", index)
            end = len(code) if end < 0 else end
            for k in range(index, end):
                mask[k] = True
            index = end
            continue
        elif char in "'\"":
            quote = code[index : index + 3] if code[index : index + 3] in ('"""', "'''") else char
            for k in range(index, min(index + len(quote), len(code))):
                mask[k] = True
            index += len(quote)
            continue
        index += 1
    return mask


def break_points(code: str) -> set[int]:
    """Offsets in ``code`` before which a line may break (besides its spaces), never inside a
    string literal or a comment."""
    points: set[int] = set()
    literal = _literal_mask(code)
    for index, char in enumerate(code):
        if literal[index]:
            continue
        following = code[index + 1 : index + 2]
        # after an opening bracket that does not close at once, or a comma; not before a
        # space (a space breaks already) or at the end of a line
        closes = ")] \n" if char in "([" else " \n"
        if char in "([," and following and following not in closes:
            points.add(index + 1)
        elif char == "." and index and code[index - 1] in ")]":
            points.add(index)
    return points


def _lines(body: str) -> str:
    # the code as text (a character reference counts as the one character it stands for)
    parts = [p for p in _TOKENS.split(body) if p]
    text = "".join(
        "" if p.startswith("<") else html_lib.unescape(p) if p.startswith("&") else p for p in parts
    )
    points = break_points(text)
    out: list[str] = [LINE]
    open_tags: list[str] = []
    offset = 0
    for part in parts:
        if part.startswith("<"):
            out.append(part)
            if part.startswith("</"):
                if open_tags:
                    open_tags.pop()
            elif (
                not part.endswith("/>")
                and (match := _OPEN_TAG.match(part))
                and match.group(1).lower() not in ("br", "wbr")
            ):
                open_tags.append(part)
            continue
        chars = [part] if part.startswith("&") else list(part)
        for char in chars:
            if offset in points:
                out.append("<wbr>")
            if char == "\n":
                # close what is open, end the line, start the next and reopen
                # (no newline character: each line is a block of its own in print)
                out.append("</span>" * len(open_tags) + "</span>" + LINE + "".join(open_tags))
            else:
                out.append(char)
            offset += 1
    out.append("</span>")
    # a block that ends with a newline leaves an empty last line box: drop it
    return "".join(out).removesuffix(LINE + "</span>")
