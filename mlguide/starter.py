"""``mlguide init DIR``: a starter data directory that adds to the bundled data.

It holds ``guide.toml`` (a title of the project's own; every other field stays the bundled
one), one new framework (``frameworks/my-framework.toml``) with a position on every bundled
aspect and on one new aspect (``aspects.toml``), and, for each bundled framework, a small file
giving its position on the new aspect. The result passes ``mlguide check DIR`` and builds;
every value marked ``TODO`` is the author's to replace, and every source URL is a placeholder
on example.org until then.
"""

from __future__ import annotations

from pathlib import Path

import mlguide

__all__ = ["NEW_ASPECT", "NEW_FRAMEWORK", "write_starter"]

NEW_FRAMEWORK = "my-framework"
NEW_ASPECT = "team-support"

_SOURCE = """title = "TODO: the page that supports this"
url = "https://example.org/TODO"
publisher = "TODO: who published it"
accessed = {today}
kind = "documentation"
"""

_GUIDE = """# Overrides of the bundled guide.toml, field by field: fields left out keep their
# bundled values (the framework order included; frameworks not listed follow by id).
[guide]
title = "TODO: your guide's title"
"""

_ASPECTS = """# Aspects added to the bundled ones; each framework needs a position on each of them.
[[aspects]]
id = "{aspect}"
title = "Support for our team"
question = "TODO: the question this aspect answers for a reader"
group = "Our team"
"""

_FRAMEWORK = """# A framework of your own. The [framework] fields are all required; first_release
# and latest need sources (a date may be "unknown", since TOML has no null).
[framework]
id = "{framework}"
name = "My Framework"
summary = "TODO: the framework in one sentence."
creator = "TODO: who created it"
governance = "TODO: who runs it today"
license = "TODO: an SPDX licence id such as MIT"
repository = "https://example.org/TODO/repository"
homepage = "https://example.org/TODO"
implementation_languages = ["TODO"]
api_languages = ["Python"]
platforms = ["Linux"]
color = "#5b6abf"

[framework.first_release]
date = "unknown"
[[framework.first_release.sources]]
{source}
[framework.latest]
version = "0.1"
date = "unknown"
[[framework.latest.sources]]
{source}
[[framework.sources]]
{source}
# A known position: a summary of at most 120 characters, details, and at least one source.
[positions.{aspect}]
summary = "TODO: the position in a phrase that fits a table cell."
details = "TODO: the full position, in Markdown."
[[positions.{aspect}.sources]]
{source}"""

_UNKNOWN = """
[positions.{aspect}]
unknown = "TODO: not written up yet."
"""

_BUNDLED = """# The bundled framework's position on the aspect this directory adds.
[positions.{aspect}]
unknown = "TODO: not written up yet."
"""


def write_starter(target: Path) -> list[Path]:
    """Write the starter files into ``target`` (which must be empty or absent); returns
    them. Raises :class:`FileExistsError` if ``target`` holds anything."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not empty")
    bundled = mlguide.load_uncached()
    source = _SOURCE.format(today=bundled.info.as_of.isoformat())
    framework = _FRAMEWORK.format(framework=NEW_FRAMEWORK, aspect=NEW_ASPECT, source=source)
    framework += "".join(_UNKNOWN.format(aspect=a.id) for a in bundled.aspects)
    files = {
        "guide.toml": _GUIDE,
        "aspects.toml": _ASPECTS.format(aspect=NEW_ASPECT),
        f"frameworks/{NEW_FRAMEWORK}.toml": framework,
    }
    for other in bundled.frameworks:
        files[f"frameworks/{other.id}.toml"] = _BUNDLED.format(aspect=NEW_ASPECT)
    written = []
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
