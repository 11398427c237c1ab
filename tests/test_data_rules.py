"""The sourcing, dating and length rules of the data, each proved by a bad file the loader
rejects with a located error (file, field path, what is wrong)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import mlguide

Edit = Callable[[dict[str, Any]], None]

_SOURCE = {
    "title": "PyTorch repository",
    "url": "https://github.com/pytorch/pytorch",
    "publisher": "PyTorch Foundation",
    "accessed": dt.date(2026, 11, 26),
    "primary": True,
}


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _drop(path: tuple[Any, ...]) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


def _verdict_without_sources(data: dict[str, Any]) -> None:
    data["aspects"][0]["verdict"] = {"leaders": [], "summary": "Nobody leads.", "sources": []}


def _milestone_without_date(data: dict[str, Any]) -> None:
    data["framework"]["milestones"] = [{"label": "Released", "change": "First release."}]


CASES = [
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("positions", "origin", "sources"), []),
        "positions.origin",
        "a known position cites at least one source in `sources`",
        id="known-position-without-sources",
    ),
    pytest.param(
        "claims.toml",
        _set(("claims", 0, "sources"), []),
        "claims[0].sources",
        "needs at least one entry",
        id="claim-without-sources",
    ),
    pytest.param(
        "aspects.toml",
        _verdict_without_sources,
        "aspects[0].verdict.sources",
        "needs at least one entry",
        id="verdict-without-sources",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("framework", "sources"), []),
        "framework.sources",
        "needs at least one entry",
        id="framework-profile-without-sources",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("framework", "first_release", "sources"), []),
        "framework.first_release.sources",
        "needs at least one entry",
        id="first-release-without-sources",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _drop(("framework", "latest", "sources")),
        "framework.latest.sources",
        "required field is missing",
        id="latest-release-without-sources",
    ),
    pytest.param(
        "recommendations.toml",
        _set(("recommendations", 0, "sources"), []),
        "recommendations[0].sources",
        "needs at least one entry",
        id="recommendation-without-sources",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _drop(("positions", "origin", "history", 0, "date")),
        "positions.origin.history[0].date",
        "required field is missing",
        id="history-entry-without-date",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _milestone_without_date,
        "framework.milestones[0].date",
        "required field is missing",
        id="milestone-without-date",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("positions", "execution-model", "history", 0, "version"), "2.0-final"),
        "positions.execution-model.history[0].version",
        "'2.0-final' is not a well-formed version",
        id="malformed-version",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("framework", "latest", "version"), "2.15.0.1.2"),
        "framework.latest.version",
        "'2.15.0.1.2' is not a well-formed version",
        id="version-with-five-parts",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("positions", "origin", "history", 0, "label"), "x" * 49),
        "positions.origin.history[0].label",
        "is 49 characters long; a label has at most 48",
        id="label-too-long",
    ),
    pytest.param(
        "frameworks/pytorch.toml",
        _set(("framework", "sources", 0, "url"), "http://github.com/pytorch/pytorch"),
        "framework.sources[0].url",
        "URL must be an absolute https:// address (got 'http://github.com/pytorch/pytorch')",
        id="plain-http-source",
    ),
]


def _rewrite(path: Path, edit: Edit) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(("file", "edit", "location", "message"), CASES)
def test_the_loader_rejects_the_bad_file_and_names_the_field(
    data_copy: Path, file: str, edit: Edit, location: str, message: str
) -> None:
    """A file breaking one rule fails to load with a DataError naming that file, the field
    path and the rule; the same data without the break loads."""
    mlguide.load_uncached([data_copy], package_data=False)  # the unbroken copy loads
    _rewrite(data_copy / file, edit)
    with pytest.raises(mlguide.DataError) as caught:
        mlguide.load_uncached([data_copy], package_data=False)
    error = caught.value
    assert error.file == str(data_copy / file)
    assert error.location == location
    assert error.message.startswith(message)


def test_a_label_of_48_characters_and_a_four_part_version_load(data_copy: Path) -> None:
    """The limits are inclusive: 48 characters and four version parts are accepted."""
    path = data_copy / "frameworks" / "pytorch.toml"
    _rewrite(path, _set(("positions", "origin", "history", 0, "label"), "x" * 48))
    _rewrite(path, _set(("framework", "latest", "version"), "2.15.0.1"))
    _rewrite(
        path, _set(("framework", "milestones"), [{"date": dt.date(2017, 1, 19), **_MILESTONE}])
    )
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert guide.position("pytorch", "origin").history[0].label == "x" * 48
    assert guide.framework("pytorch").latest.version == "2.15.0.1"
    assert guide.framework("pytorch").milestones[0].label == "First public release"


_MILESTONE = {
    "label": "First public release",
    "change": "PyTorch is released.",
    "sources": [_SOURCE],
}
