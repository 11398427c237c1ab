"""Where each file of the staged ``_static`` folder came from, so the PDF reads only trusted ones.

Sphinx fills ``_static`` from several places, later ones overwriting earlier ones (see
``StandaloneHTMLBuilder.copy_static_files``): stylesheets it generates (Pygments), the theme's
``static`` folders (the base theme first), then every ``html_static_path`` entry in order (the
project's own, and those extensions add), then ``html_logo`` and ``html_favicon``. Files ending
in ``_t`` or ``.jinja`` are templates written without that ending. A folder is walked following
symbolic links.

A staged file is trusted when its original lies inside the project (the source or
configuration folder), a theme folder, or an installed package (where extensions keep their
assets); a file copied from anywhere else (an ``html_static_path`` entry such as ``/etc``, a
link in the project's static folder pointing out of it) is not, and neither is a file whose
origin cannot be traced at all.
"""

from __future__ import annotations

import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sphinx.extension import Extension

__all__ = ["GENERATED", "StaticOrigins", "trace_static"]

#: Files written into ``_static`` by Sphinx or mlguide themselves rather than copied.
GENERATED = frozenset(
    {"pygments.css", "pygments_dark.css", "mlguide-frameworks.css", "translations.js"}
)
_TEMPLATE_ENDINGS = ("_t", ".jinja")


@dataclass(frozen=True)
class StaticOrigins:
    """The staged ``_static`` files, sorted by where they came from (all paths resolved)."""

    #: Staged files whose origin is trusted (or that Sphinx or mlguide generated).
    trusted: frozenset[Path]
    #: Staged copies of files from outside every trusted folder, mapped to their originals.
    outside: dict[Path, Path]


def _candidates(source: Path, name: str) -> Iterable[Path]:
    """Where a staged file called ``name`` (relative to ``_static``) may come from in
    ``source``: the file itself, or a template rendered to it."""
    if source.is_file():
        if source.name == name:
            yield source
        for ending in _TEMPLATE_ENDINGS:
            if source.name == name + ending:
                yield source
        return
    yield source / name
    for ending in _TEMPLATE_ENDINGS:
        yield source / (name + ending)


def _origin(name: str, sources: Sequence[Path]) -> Path | None:
    """The original of staged file ``name``: the last source (in copy order) that has it."""
    for source in reversed(sources):
        for candidate in _candidates(source, name):
            if candidate.is_file():
                return candidate.resolve()
    return None


def trusted_folders(
    project: Iterable[Path], themes: Iterable[Path], extensions: Iterable[Extension]
) -> tuple[Path, ...]:
    """The folders a static file may come from: the project's, the themes', the loaded
    Sphinx extensions' packages (installed or not) and the installed packages'."""
    paths = sysconfig.get_paths()
    packages = {Path(paths[key]) for key in ("purelib", "platlib") if key in paths}
    for extension in extensions:
        # the extension's top-level package (static files often sit beside its subpackages)
        top = sys.modules.get(extension.name.split(".")[0])
        top_file = getattr(top, "__file__", None)
        if top_file and Path(top_file).name == "__init__.py":
            packages.add(Path(top_file).parent)
    return tuple(p.resolve() for p in (*project, *themes, *packages))


def trace_static(
    static_dir: Path,
    *,
    theme_dirs: Sequence[Path],
    static_paths: Sequence[Path],
    single_files: Sequence[Path],
    trusted: Sequence[Path],
) -> StaticOrigins:
    """Trace every file under ``static_dir`` to its original.

    ``theme_dirs`` as ``Theme.get_theme_dirs()`` gives them (the theme itself first);
    ``static_paths`` the ``html_static_path`` entries in order, made absolute;
    ``single_files`` the logo and favicon (absolute); ``trusted`` the folders whose files may
    go into the PDF.
    """
    sources = [
        *(Path(d) / "static" for d in reversed(theme_dirs)),
        *static_paths,
        *single_files,
    ]
    ok: set[Path] = set()
    outside: dict[Path, Path] = {}
    for staged in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        name = staged.relative_to(static_dir).as_posix()
        origin = _origin(name, sources)
        if origin is None:
            if name in GENERATED:
                ok.add(staged.resolve())
            continue  # untraced: not allowed, refused with the generic warning
        if any(origin.is_relative_to(folder) for folder in trusted):
            ok.add(staged.resolve())
        else:
            outside[staged.resolve()] = origin
    return StaticOrigins(trusted=frozenset(ok), outside=outside)
