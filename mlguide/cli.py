"""The ``mlguide`` command: look up, compare and export the comparison from a terminal.

Exit status: 0 on success, 2 on bad usage or bad data (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from mlguide import __version__
from mlguide.errors import MlguideError

if TYPE_CHECKING:
    import mlguide
    from mlguide.model import Release

__all__ = ["main"]

FORMATS = ("text", "json", "csv", "markdown")
#: The narrowest cell the compare table wraps text into.
MIN_CELL = 6
#: The widest table ``--width`` may ask for (a wider one would only be spaces; a huge one
#: would exhaust memory).
MAX_WIDTH = 1000


class _UsageError(Exception):
    """Bad command-line usage; reported as one line with exit status 2."""


class _OutputError(MlguideError):
    """A file the command was asked to write cannot be written."""


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
    # --data is accepted after the command too (``mlguide check --data DIR ...``); argparse
    # gives a subcommand's defaults precedence, so its list has a name of its own
    data_after = _Parser(add_help=False)
    data_after.add_argument(
        "--data",
        metavar="DIR",
        action="append",
        dest="data_after",
        default=[],
        help="extra data directory adding or overriding entries (repeatable)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def command(name: str, help: str, data: bool = True) -> argparse.ArgumentParser:
        """A command; ``data``: it reads the guide, so it takes --data too."""
        parents = [data_after] if data else []
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help, parents=parents)
        return sub

    def fmt(sub: argparse.ArgumentParser, choices: Sequence[str] = FORMATS) -> None:
        sub.add_argument(
            "--format",
            "-f",
            choices=choices,
            default="text",
            help="output format (default: %(default)s)",
        )

    fmt(command("frameworks", "list the frameworks"))
    fmt(command("aspects", "list the aspects of comparison"))
    show = command("show", "show one framework's profile and positions")
    show.add_argument("framework", help="framework id, e.g. pytorch")
    fmt(show, ("text", "json"))
    compare = command("compare", "compare two or more frameworks")
    compare.add_argument("frameworks", nargs="+", metavar="FRAMEWORK", help="framework ids")
    compare.add_argument(
        "--aspects", "-a", metavar="IDS", help="comma-separated aspect ids (default: all)"
    )
    compare.add_argument("--width", type=int, help="table width (default: the terminal's)")
    fmt(compare)
    fmt(command("claims", "the classic claims and what is true today"))
    fmt(command("recommend", "which framework to use, by reader profile"))
    fmt(command("examples", "list the code examples (ids for the examples directive)"))
    fmt(command("equivalents", "list the API equivalents (ids for the equivalents directive)"))
    measured = command("speed", "measured speed: a recorded run of the framework benchmark")
    measured.add_argument("run", nargs="?", help="run id (default: the first recorded run)")
    fmt(measured)
    export = command("export", "export the whole dataset as JSON")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    command("schema", "print the JSON Schema of the data files", data=False)
    check = command("check", "validate a data directory (every problem, each located)", data=False)
    check.add_argument("directory", help="directory of data files to check")
    check.add_argument(
        "--alone",
        action="store_true",
        help="check the directory on its own, not as an addition to the package data",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="a framework without a position on an aspect is an error, not a note",
    )
    init = command(
        "init", "write a starter data directory (guide.toml, a framework, an aspect)", data=False
    )
    init.add_argument("directory", help="where to write it (absent or empty)")
    diff = command("diff", "what changed between two editions of the data")
    diff.add_argument(
        "old",
        nargs="?",
        help="a stored edition (e.g. 2026.12.0), an export file or a data directory "
        "(default: the stored edition before the current data version)",
    )
    diff.add_argument(
        "new", nargs="?", default="current", help="the same kinds, or 'current' (the default)"
    )
    fmt(diff, ("text", "markdown", "json"))
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    Every error is one line on stderr and exit status 2, never a traceback: bad usage, bad
    data, a file that cannot be written, a closed or full standard output. Text the terminal
    cannot encode is replaced (``?``), and control characters never reach it.
    """
    out = stdout if stdout is not None else _stdout()
    if out is None:
        _error("mlguide: error: standard output is closed")
        return 2
    try:
        args = _parser().parse_args(argv)
        status = _run(args, _TerminalSafe(out))
        out.flush()
        return status
    except _UsageError as exc:
        _error(str(exc))
        return 2
    except MlguideError as exc:
        _error(f"mlguide: error: {exc}")
        return 2
    except BrokenPipeError:  # e.g. piped into head: the reader has all it wanted
        _discard(out)
        return 0
    except OSError as exc:
        _discard(out)
        reason = exc.strerror or str(exc)
        if exc.filename:
            _error(f"mlguide: error: {exc.filename}: {reason}")
        else:
            _error(f"mlguide: error: cannot write the output: {reason}")
        return 2
    except (UnicodeError, RecursionError, MemoryError) as exc:
        _error(f"mlguide: error: {type(exc).__name__}: {exc}")
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the user knows; no traceback, the shell's status
        _discard(out)
        return 130


def _stdout() -> TextIO | None:
    """Standard output, with characters the terminal cannot encode replaced, not fatal."""
    stream = sys.stdout
    if stream is None:
        return None
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")
    return stream


def _error(message: str) -> None:
    """One line on stderr (if there is one to write to): control characters dropped, line
    breaks escaped, and its middle cut when an argument made it long."""
    if sys.stderr is None:
        return
    from mlguide.shorten import one_line

    with contextlib.suppress(OSError, ValueError):
        print(one_line(_strip_controls(message), 500), file=sys.stderr)
        sys.stderr.flush()


def _discard(out: TextIO) -> None:
    """Point standard output at /dev/null so that what is still buffered cannot fail again
    when the interpreter exits (and print a second error)."""
    if out is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)


def _strip_controls(text: str) -> str:
    """Text without terminal control characters (escape sequences, bell, ...)."""
    return _CONTROLS.sub("", text)


#: C0 (but tab and newline), DEL, C1, and the bidirectional controls (mlguide.integrity):
#: what would let text on the terminal read differently from what it holds.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class _TerminalSafe:
    """A text stream that drops control characters (but newline and tab) before writing."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(_strip_controls(text))

    def flush(self) -> None:
        self._out.flush()


def _run(args: argparse.Namespace, out: Any) -> int:
    import mlguide

    if args.command == "schema":
        out.write(json.dumps(mlguide.schema(), indent=2) + "\n")
        return 0
    args.data = [*args.data, *getattr(args, "data_after", [])]
    if args.command == "check":
        return _check(args.directory, args.alone, args.strict, out)
    if args.command == "diff":
        return _diff(args.old, args.new, args.data, args.format, out)
    if args.command == "init":
        from mlguide.starter import write_starter

        try:
            written = write_starter(Path(args.directory))
        except FileExistsError as exc:
            raise _UsageError(f"mlguide init: {exc}") from None
        out.write(
            f"{args.directory}: wrote {len(written)} files; check them with "
            f"'mlguide check {args.directory}', then replace each TODO\n"
        )
        return 0
    guide = mlguide.load(*args.data)
    if args.command == "export":
        from mlguide.export import guide_to_dict, to_json

        text = to_json(guide_to_dict(guide))
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise _OutputError(f"cannot write {args.output}: {exc.strerror}") from None
        else:
            out.write(text)
        return 0
    if args.command == "speed":
        from mlguide.measurements import run_output

        out.write(run_output(guide, args.run, args.format, _width()))
        return 0
    if args.command == "compare":
        if len(args.frameworks) < 2:
            raise _UsageError(
                "mlguide compare: give two or more frameworks (use 'mlguide show' for one)"
            )
        aspects = (
            [a.strip() for a in args.aspects.split(",") if a.strip()]
            if args.aspects is not None
            else None
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
            facts = guide.releases(framework.id)
            data["releases"] = facts.to_dict() if facts is not None else None
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


#: The most problems ``mlguide check`` lists (it says how many more it found).
MAX_LISTED = 100


def _check(directory: str, alone: bool, strict: bool, out: Any) -> int:
    """Every problem of the directory, each on a line of its own (at most
    :data:`MAX_LISTED`): what loading refuses, else what :mod:`mlguide.checks` finds (typed
    facts the collected snapshot contradicts, unsourced history, a second as-of date);
    frameworks without a position on an aspect as notes (errors when ``strict``)."""
    from mlguide.checks import check_data
    from mlguide.errors import DataErrors

    try:
        guide, problems = check_data([directory], package_data=not alone, strict=strict)
    except DataErrors as exc:
        guide, problems = None, list(exc.errors)
    if guide is None or problems:
        for error in problems[:MAX_LISTED]:
            _error(f"mlguide: error: {error}")
        more = len(problems) - MAX_LISTED
        listed = f" (the first {MAX_LISTED} listed; {more} more not shown)" if more > 0 else ""
        _error(f"mlguide check: {len(problems)} problems in {directory}{listed}")
        return 2
    for fw_id, aspect_ids in guide.gaps.items():
        for aspect_id in aspect_ids:
            out.write(
                f"note: {guide.origin('framework', fw_id)}: positions.{aspect_id}: no position, "
                "shown as not assessed (--strict makes this an error)\n"
            )
    out.write(
        f"{directory}: ok ({len(guide.frameworks)} frameworks, {len(guide.aspects)} aspects, "
        f"{len(guide.positions)} positions, {len(guide.claims)} claims)\n"
    )
    return 0


def _diff(old: str | None, new: str, data: list[str], fmt: str, out: Any) -> int:
    import mlguide
    from mlguide.diff import diff_editions, load_edition, previous_edition

    if old is None:
        version = mlguide.load(*data).info.data_version
        old = previous_edition(version)
        if old is None:
            raise _UsageError(f"mlguide diff: no stored edition before {version}; give OLD")
    result = diff_editions(load_edition(old, data), load_edition(new, data))
    texts = {"json": result.to_json, "markdown": result.to_markdown, "text": result.to_text}
    out.write(texts[fmt]())
    return 0


def _listing(guide: mlguide.Guide, command: str, fmt: str, out: Any) -> int:
    from mlguide.export import csv_cell, markdown_cell, to_json

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
    elif command == "examples":
        items = [
            {
                "id": e.id,
                "title": e.title,
                "frameworks": ", ".join(names[f] for f in guide.framework_ids if e.snippet(f)),
                "description": _plain(e.description),
            }
            for e in guide.examples
        ]
    elif command == "equivalents":
        items = [
            {
                "id": row.id,
                "task": row.task,
                "group": row.group,
                "frameworks": ", ".join(names[c.framework] for c in row.cells),
            }
            for row in guide.equivalents
        ]
    else:
        items = [
            {
                "id": r.id,
                "profile": r.profile,
                "picks": ", ".join(guide.framework(p).name for p in r.picks),
                "reason": _plain(r.reason or ""),
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
        writer.writerows({k: csv_cell(v) for k, v in item.items()} for item in items)
    elif fmt == "markdown":
        keys = list(items[0]) if items else ["id"]
        out.write("| " + " | ".join(keys) + " |\n|" + "|".join("---" for _ in keys) + "|\n")
        for item in items:
            out.write("| " + " | ".join(markdown_cell(_plain(item[k])) for k in keys) + " |\n")
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
        ("first release", _first_release(f.first_release)),
        (
            "latest",
            f"{f.latest.version or '?'} ({f.latest.date or 'date unknown'}), as of {guide.as_of}",
        ),
        *_release_facts(guide, f.id),
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
        lines.append(aspect.title)
        lines.append(_wrap(_plain(position.cell_text), width, "    ", "    "))
    return "\n".join(lines) + "\n"


def _release_facts(guide: mlguide.Guide, framework_id: str) -> list[tuple[str, str]]:
    """The facts derived from the collected snapshot (none when the data has none)."""
    facts = guide.releases(framework_id)
    if facts is None:
        return []
    found = []
    if facts.count_text():
        found.append(("releases", f"{facts.count_text()} (collected {facts.collected})"))
    if facts.python:
        found.append(("python", facts.python))
    if facts.platforms_text():
        found.append(("wheels", str(facts.platforms_text())))
    return found


def _first_release(release: Release) -> str:
    """``0.5.0 (2015-11-09)``, ``2015-11-09`` when the release had no version number, and
    ``(date unknown)`` in place of a date nobody knows."""
    date = str(release.date) if release.date is not None else None
    if release.version is None:
        return date or "unknown"
    return f"{release.version} ({date or 'date unknown'})"


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
        cells += [_plain(p.cell_text) for p in positions]
        lines += row(cells)
        if aspect.verdict:
            headline = aspect.verdict.headline
            lead = f"Verdict: {_plain(headline).rstrip('.')}. " if headline else "Verdict: "
            lines.append(_wrap(lead + _plain(aspect.verdict.summary), width, "  ", "  "))
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
    if asked > MAX_WIDTH:
        raise _UsageError(
            f"mlguide compare: --width {asked} is too wide (accepted: {least} to {MAX_WIDTH} "
            f"for {frameworks} frameworks)"
        )
    return asked


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
