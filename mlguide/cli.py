"""The ``mlguide`` command: look up, compare and export the comparison from a terminal.

Exit status: 0 on success, 2 on bad usage or bad data (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from mlguide import __version__
from mlguide.errors import MlguideError

if TYPE_CHECKING:
    import mlguide

__all__ = ["main"]

FORMATS = ("text", "json", "csv", "markdown")
#: The narrowest cell the compare table wraps text into.
MIN_CELL = 6


class _UsageError(Exception):
    """Bad command-line usage; reported as one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mlguide",
        description="A sourced comparison of TensorFlow, PyTorch, JAX and Keras 3.",
        epilog="Run 'mlguide COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"mlguide {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        action="append",
        default=[],
        help="extra data directory adding or overriding entries (repeatable)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def fmt(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format")

    fmt(commands.add_parser("frameworks", help="list the frameworks"))
    fmt(commands.add_parser("aspects", help="list the aspects of comparison"))
    show = commands.add_parser("show", help="show one framework's profile and positions")
    show.add_argument("framework", help="framework id, e.g. pytorch")
    show.add_argument("--format", "-f", choices=("text", "json"), default="text")
    compare = commands.add_parser("compare", help="compare two or more frameworks")
    compare.add_argument("frameworks", nargs="+", metavar="FRAMEWORK", help="framework ids")
    compare.add_argument(
        "--aspects", "-a", metavar="IDS", help="comma-separated aspect ids (default: all)"
    )
    compare.add_argument("--width", type=int, help="table width (default: the terminal's)")
    fmt(compare)
    fmt(commands.add_parser("claims", help="the classic claims and what is true today"))
    fmt(commands.add_parser("recommend", help="which framework to use, by reader profile"))
    export = commands.add_parser("export", help="export the whole dataset as JSON")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    commands.add_parser("schema", help="print the JSON Schema of the data files")
    check = commands.add_parser("check", help="validate a data directory")
    check.add_argument("directory", help="directory of data files to check")
    check.add_argument(
        "--alone",
        action="store_true",
        help="check the directory on its own, not as an addition to the package data",
    )
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out = stdout or sys.stdout
    try:
        args = _parser().parse_args(argv)
        return _run(args, out)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except MlguideError as exc:
        print(f"mlguide: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0


def _run(args: argparse.Namespace, out: TextIO) -> int:
    import mlguide

    if args.command == "schema":
        out.write(json.dumps(mlguide.schema(), indent=2) + "\n")
        return 0
    if args.command == "check":
        return _check(args.directory, args.alone, out)
    guide = mlguide.load(*args.data)
    if args.command == "export":
        from mlguide.export import guide_to_dict, to_json

        text = to_json(guide_to_dict(guide))
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            out.write(text)
        return 0
    if args.command == "compare":
        if len(args.frameworks) < 2:
            raise _UsageError(
                "mlguide compare: give two or more frameworks (use 'mlguide show' for one)"
            )
        aspects = (
            [a.strip() for a in args.aspects.split(",") if a.strip()] if args.aspects else None
        )
        if aspects == []:
            raise _UsageError("mlguide compare: --aspects: no aspect ids given")
        try:
            comparison = guide.compare(*args.frameworks, aspects=aspects)
        except ValueError as exc:
            raise _UsageError(f"mlguide compare: {exc}") from None
        if args.format == "json":
            out.write(comparison.to_json())
        elif args.format == "csv":
            out.write(comparison.to_csv())
        elif args.format == "markdown":
            out.write(comparison.to_markdown())
        else:
            out.write(_compare_text(comparison, _table_width(args.width, len(args.frameworks))))
        return 0
    if args.command == "show":
        framework = guide.framework(args.framework)
        if args.format == "json":
            from mlguide.export import to_data

            data = to_data(framework)
            data["positions"] = {
                p.aspect: to_data(p, exclude={"framework", "aspect"})
                for p in guide.positions
                if p.framework == framework.id
            }
            out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        else:
            out.write(_show_text(guide, framework.id))
        return 0
    return _listing(guide, args.command, args.format, out)


def _check(directory: str, alone: bool, out: TextIO) -> int:
    from mlguide.loader import load_uncached

    guide = load_uncached([directory], package_data=not alone)
    out.write(
        f"{directory}: ok ({len(guide.frameworks)} frameworks, {len(guide.aspects)} aspects, "
        f"{len(guide.positions)} positions, {len(guide.claims)} claims)\n"
    )
    return 0


def _listing(guide: mlguide.Guide, command: str, fmt: str, out: TextIO) -> int:
    from mlguide.export import to_json

    items: list[dict[str, str]]
    names = {f.id: f.name for f in guide.frameworks}
    if command == "frameworks":
        items = [
            {
                "id": f.id,
                "name": f.name,
                "latest": f"{f.latest.version or '?'} ({f.latest.date or 'date unknown'})",
                "summary": f.summary,
            }
            for f in guide.frameworks
        ]
    elif command == "aspects":
        items = [
            {"id": a.id, "title": a.title, "group": a.group, "question": a.question}
            for a in guide.aspects
        ]
    elif command == "claims":
        items = [
            {
                "id": c.id,
                "claim": c.claim,
                "verdict": c.verdict_text(names),
                "why": _plain(c.explanation),
            }
            for c in guide.claims
        ]
    else:
        items = [
            {
                "id": r.id,
                "profile": r.profile,
                "picks": ", ".join(guide.framework(p).name for p in r.picks),
                "advice": _plain(r.advice),
            }
            for r in guide.recommendations
        ]
    if fmt == "json":
        out.write(to_json(items))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(
            out, fieldnames=list(items[0]) if items else ["id"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(items)
    elif fmt == "markdown":
        keys = list(items[0]) if items else ["id"]
        out.write("| " + " | ".join(keys) + " |\n|" + "|".join("---" for _ in keys) + "|\n")
        for item in items:
            out.write("| " + " | ".join(_plain(item[k]).replace("|", "\\|") for k in keys) + " |\n")
    else:
        width = _width()
        for item in items:
            values = list(item.values())
            out.write(f"{values[0]}\n")
            for key, value in list(item.items())[1:]:
                out.write(_wrap(f"{key}: {_plain(value)}", width, "    ") + "\n")
            out.write("\n")
    return 0


def _show_text(guide: mlguide.Guide, framework_id: str) -> str:
    f = guide.framework(framework_id)
    width = _width()
    lines = [f"{f.name} ({f.id})", _wrap(_plain(f.summary), width, "")]
    facts = [
        ("created by", f.creator),
        (
            "first release",
            f"{f.first_release.version or ''} {f.first_release.date or 'unknown'}".strip(),
        ),
        (
            "latest",
            f"{f.latest.version or '?'} ({f.latest.date or 'date unknown'}), as of {guide.as_of}",
        ),
        ("governance", _plain(f.governance)),
        ("license", f.license),
        ("languages", ", ".join(f.api_languages)),
        ("platforms", ", ".join(f.platforms)),
        ("repository", f.repository),
        ("homepage", f.homepage),
    ]
    lines.append("")
    lines += [_wrap(f"{k + ':':<15}{v}", width, " " * 15) for k, v in facts]
    lines.append("")
    for aspect in guide.aspects:
        position = guide.position(f.id, aspect.id)
        text = position.summary if position.summary is not None else f"Unknown: {position.unknown}"
        lines.append(aspect.title)
        lines.append(_wrap(_plain(text), width, "    ", "    "))
    return "\n".join(lines) + "\n"


def _compare_text(comparison: mlguide.Comparison, width: int) -> str:
    """A plain-text table that fits ``width`` columns, cells wrapped word by word."""
    names = [f.name for f in comparison.frameworks]
    n = len(names)
    gap = " | "
    # What the cells share once the n separators are paid for: the aspect column takes an
    # equal share (up to 24 columns), the frameworks split the rest.
    room = width - len(gap) * n
    first = min(24, room // (n + 1))
    rest = (room - first) // n
    widths = [first] + [rest] * n
    rule = "-+-".join("-" * w for w in widths)

    def row(cells: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths, strict=True)]
        height = max(len(w) for w in wrapped)
        return [
            gap.join(
                (w[i] if i < len(w) else "").ljust(widths[j]) for j, w in enumerate(wrapped)
            ).rstrip()
            for i in range(height)
        ]

    lines = [f"Compared as of {comparison.as_of}", ""]
    lines += row(["Aspect", *names])
    lines.append(rule)
    for aspect, positions in comparison.rows():
        cells = [aspect.title]
        cells += [
            _plain(p.summary) if p.summary is not None else f"Unknown: {_plain(p.unknown or '')}"
            for p in positions
        ]
        lines += row(cells)
        if aspect.verdict:
            lines.append(_wrap("Verdict: " + _plain(aspect.verdict.summary), width, "  ", "  "))
        lines.append(rule)
    return "\n".join(lines) + "\n"


def _plain(text: str) -> str:
    """Markdown reduced to plain text for the terminal (backticks dropped, spaces collapsed)."""
    return " ".join(text.replace("`", "").split())


def _wrap(text: str, width: int, indent: str, first: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=width,
        initial_indent=first if first is not None else indent[:0],
        subsequent_indent=indent,
    )


def _table_width(asked: int | None, frameworks: int) -> int:
    """The compare table's width: ``--width`` when given, else the terminal's."""
    if asked is None:
        return _width()
    least = MIN_CELL * (frameworks + 1) + 3 * frameworks
    if asked < least:
        raise _UsageError(
            f"mlguide compare: --width {asked} is too narrow for {frameworks} frameworks "
            f"(at least {least})"
        )
    return asked


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
