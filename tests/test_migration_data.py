"""Migration routes as data (``migrations.toml``): the bundled routes, how a data directory's
routes load, merge and export, and the located errors for a broken route."""

from __future__ import annotations

import ast
import datetime as dt
import shutil
from pathlib import Path

import pytest

import mlguide
from mlguide import export
from mlguide.errors import DataError, UnknownIdError
from tests.conftest import MINIMAL_DATA

MIGRATION_DATA = Path(__file__).parent / "fixtures" / "migration-data"
ROUTE_TESTS = Path(__file__).parent / "test_migrations.py"
#: The routes the guide promises (issue 26): one per move readers make most.
BUNDLED_ROUTES = [
    "tensorflow-to-pytorch",
    "keras-2-to-3",
    "tf1-to-tf2",
    "weights-across-frameworks",
]


@pytest.fixture
def routes(tmp_path: Path) -> Path:
    """A private copy of the fixture routes, safe to break."""
    target = tmp_path / "routes"
    shutil.copytree(MIGRATION_DATA, target)
    return target


def load(routes: Path) -> mlguide.Guide:
    return mlguide.load_uncached([MINIMAL_DATA, routes], package_data=False)


def edit(routes: Path, old: str, new: str, count: int = 1) -> None:
    path = routes / "migrations.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"the fixture no longer holds {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_bundled_routes(guide: mlguide.Guide) -> None:
    """The guide's four routes, in order, each with a script under the package's
    examples/migrations/ and known frameworks."""
    assert [route.id for route in guide.migrations] == BUNDLED_ROUTES
    folder = mlguide.PACKAGE_DATA / "examples" / "migrations"
    for route in guide.migrations:
        assert guide.migration_script_path(route.id).parent == folder
        assert guide.migration_script(route.id).startswith('"""')
        assert set(route.frameworks) <= set(guide.framework_ids)
        assert route.concepts, route.id


def test_every_route_has_a_test_named_for_it(guide: mlguide.Guide) -> None:
    """tests/test_migrations.py has exactly one ``test_route_<id>`` per route, so a broken
    route fails a test that names it."""
    tree = ast.parse(ROUTE_TESTS.read_text(encoding="utf-8"))
    named = sorted(
        node.name.removeprefix("test_route_")
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith("test_route_")
        and not node.name.startswith("test_route_script")
    )
    assert named == sorted(r.replace("-", "_") for r in BUNDLED_ROUTES)


def test_a_directory_of_routes_loads(routes: Path) -> None:
    """Routes from a data directory: fields as written, the script read from that
    directory's examples/, the file each came from."""
    guide = load(routes)
    route = guide.migration("tf-to-torch")
    assert route.frameworks == ("tensorflow", "pytorch")
    assert [pair.before for pair in route.concepts] == ["`tf.function`", "SavedModel"]
    assert route.concepts[1].note == ""
    assert [p.text for p in route.pitfalls] == ["Kernels are *transposed*."]
    assert guide.migration("torch-to-tf").pitfalls == ()
    assert guide.migration_script_path("tf-to-torch") == routes / "examples/migrations/route.py"
    assert "total = sum(range(4))" in guide.migration_script("tf-to-torch")
    assert guide.origin("migration", "tf-to-torch") == str(routes / "migrations.toml")


def test_an_unknown_route_suggests_the_closest(routes: Path) -> None:
    """Looking up a route that is not there names the closest one."""
    with pytest.raises(
        UnknownIdError, match=r"unknown migration route 'tf-to-torh'; did you mean 'tf-to-torch'\?"
    ):
        load(routes).migration("tf-to-torh")


def test_a_later_directory_replaces_a_route(routes: Path, tmp_path: Path) -> None:
    """A route with the same id in a later directory replaces the earlier one whole, and its
    script is read from the later directory."""
    later = tmp_path / "later"
    (later / "examples" / "migrations").mkdir(parents=True)
    (later / "examples" / "migrations" / "route.py").write_text("assert True\n", encoding="utf-8")
    text = (routes / "migrations.toml").read_text(encoding="utf-8")
    first = text[: text.index('[[migrations]]\nid = "torch-to-tf"')]
    (later / "migrations.toml").write_text(first.replace("(test)", "(later)"), encoding="utf-8")
    guide = mlguide.load_uncached([MINIMAL_DATA, routes, later], package_data=False)
    assert [r.id for r in guide.migrations] == ["tf-to-torch", "torch-to-tf"]
    assert guide.migration("tf-to-torch").title == "TensorFlow to PyTorch (later)"
    assert guide.migration_script("tf-to-torch") == "assert True\n"
    assert guide.replaced["migration:tf-to-torch"] == (
        str(routes / "migrations.toml"),
        str(later / "migrations.toml"),
    )


def test_an_unknown_framework_is_located(routes: Path) -> None:
    """A route naming a framework the data lacks: file, entry, index and a suggestion."""
    edit(routes, 'frameworks = ["tensorflow", "pytorch"]', 'frameworks = ["tensorflow", "pytorhc"]')
    with pytest.raises(DataError) as caught:
        load(routes)
    assert str(caught.value) == (
        f"{routes / 'migrations.toml'}: migrations[0].frameworks[1]: unknown framework "
        "'pytorhc'; did you mean 'pytorch'?"
    )


def test_a_missing_script_is_located(routes: Path) -> None:
    """A route whose example script is not in its directory's examples/."""
    edit(routes, 'example = "migrations/route.py"', 'example = "migrations/gone.py"')
    with pytest.raises(DataError) as caught:
        load(routes)
    assert str(caught.value) == (
        f"{routes / 'migrations.toml'}: migrations[0].example: no such snippet file "
        "'migrations/gone.py'"
    )


@pytest.mark.parametrize("path", ["../route.py", "/tmp/route.py", "migrations/route.txt"])
def test_a_script_outside_examples_is_refused(routes: Path, path: str) -> None:
    """Only a relative .py path inside examples/ is a script: a parent, an absolute path or
    another suffix is refused where it is written."""
    edit(routes, 'example = "migrations/route.py"', f'example = "{path}"')
    with pytest.raises(DataError) as caught:
        load(routes)
    assert caught.value.location == "migrations[0].example"
    assert "is not a relative path to a .py file inside examples/" in caught.value.message


@pytest.mark.parametrize(
    ("written", "message"),
    [("", "required field is missing"), ("concepts = []\n", "needs at least one entry")],
    ids=["missing", "empty"],
)
def test_a_route_needs_a_concept(routes: Path, written: str, message: str) -> None:
    """A route without concept pairs, left out or empty, says so at its `concepts`."""
    text = (routes / "migrations.toml").read_text(encoding="utf-8")
    start = text.index('[[migrations.concepts]]\nbefore = "`torch.compile`"')
    (routes / "migrations.toml").write_text(text[:start] + written, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(routes)
    assert caught.value.location == "migrations[1].concepts"
    assert caught.value.message == message


def test_a_misspelt_key_is_named(routes: Path) -> None:
    """A misspelt key in a concept pair is reported with the field it misspells."""
    edit(routes, 'before = "SavedModel"', 'befor = "SavedModel"')
    with pytest.raises(DataError) as caught:
        load(routes)
    assert caught.value.location == "migrations[0].concepts[1].befor"
    assert caught.value.message == "unknown key; did you mean 'before'?"


@pytest.mark.parametrize(("days", "ok"), [(0, True), (1, False)])
def test_a_route_source_after_the_as_of_date(routes: Path, days: int, ok: bool) -> None:
    """A route's source read on the as-of date loads; one read a day later is refused."""
    as_of = dt.date(2026, 11, 26)  # the minimal data's as-of date
    day = (as_of + dt.timedelta(days=days)).isoformat()
    edit(routes, "accessed = 2026-11-01", f"accessed = {day}")
    if ok:
        assert load(routes).migration("tf-to-torch").sources[0].accessed == as_of
        return
    with pytest.raises(DataError) as caught:
        load(routes)
    assert caught.value.location == "migrations[0].sources[0].accessed"
    assert caught.value.message.startswith(f"{day} is after the data's as-of date 2026-11-26")


def test_one_url_one_citation_across_routes(routes: Path) -> None:
    """The same URL with another title in a second route is an error naming it."""
    text = (routes / "migrations.toml").read_text(encoding="utf-8")
    second = text.rindex('title = "Fixture source A"')
    text = text[:second] + 'title = "Fixture source A, renamed"' + text[second + 26 :]
    (routes / "migrations.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(routes)
    assert caught.value.location == "migrations[1].sources[0].title"


def test_routes_export_without_their_folders(routes: Path) -> None:
    """The JSON export holds the routes as written, not the local folder of their scripts;
    the schema names migrations.toml."""
    data = export.guide_to_dict(load(routes))
    assert [r["id"] for r in data["migrations"]] == ["tf-to-torch", "torch-to-tf"]
    assert data["migrations"][0]["example"] == "migrations/route.py"
    assert "migration_dirs" not in data
    assert mlguide.schema()["x-mlguide-files"]["migrations.toml"] == "#/$defs/MigrationsFile"
