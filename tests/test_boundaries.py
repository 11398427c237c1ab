"""Both sides of the guards on paths, dates, sizes and trust: a case just inside each edge and
one just outside it (a sibling folder, one day late, one byte over), not only a far one."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import mlguide
from mlguide import cache, loader
from mlguide.datadir import MAX_FILE_BYTES
from tests.test_hostile_data import edit, error_for
from tests.test_hostile_snippets import with_snippets

# --- a link out of the data directory -----------------------------------------------------


def test_link_to_a_sibling_folder_sharing_the_name_is_refused(tmp_path: Path) -> None:
    """A snippet linked to ``data-private/secret.py``, a sibling whose name starts with the
    data directory's (a check by string prefix would take it for inside)."""
    data = with_snippets(tmp_path / "data")
    private = tmp_path / "data-private"
    private.mkdir()
    (private / "secret.py").write_text("SECRET = 1\n")
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.unlink()
    snippet.symlink_to(private / "secret.py")
    assert error_for(data) == (
        f"{snippet}: symbolic link to {private / 'secret.py'}, outside the data directory "
        "(only files inside it are read)"
    )


def test_link_to_the_parent_folder_is_refused(tmp_path: Path) -> None:
    """A snippet linked to ``../secret.py`` beside the data directory."""
    data = with_snippets(tmp_path / "data")
    (tmp_path / "secret.py").write_text("SECRET = 1\n")
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.unlink()
    snippet.symlink_to(Path("..") / ".." / ".." / "secret.py")
    assert "outside the data directory" in error_for(data)


def test_link_to_a_file_at_the_data_directorys_top_is_read(tmp_path: Path) -> None:
    """Just inside: a link to a file at the top of the data directory itself."""
    data = with_snippets(tmp_path / "data")
    snippet = data / "examples" / "step" / "pytorch.py"
    (data / "examples" / "shared.py").write_bytes(snippet.read_bytes())
    snippet.unlink()
    snippet.symlink_to(data / "examples" / "shared.py")
    guide = mlguide.load_uncached([data], package_data=False)
    assert guide.snippet_code("step", "pytorch").startswith("print(")


# --- dates --------------------------------------------------------------------------------


def _as_of(data: Path) -> dt.date:
    value = tomllib.loads((data / "guide.toml").read_text("utf-8"))["guide"]["as_of"]
    assert isinstance(value, dt.date)
    return value


def test_a_source_read_one_day_after_as_of_is_refused(data_copy: Path) -> None:
    """One day late: a source accessed the day after the as-of date."""
    as_of = _as_of(data_copy)
    path = data_copy / "frameworks" / "pytorch.toml"
    late = as_of + dt.timedelta(days=1)
    edit(path, f"accessed = {as_of}", f"accessed = {late}")
    assert error_for(data_copy).endswith(
        f"accessed: {late} is after the data's as-of date {as_of} ({data_copy / 'guide.toml'})"
    )


def test_a_source_read_on_the_as_of_day_is_read(data_copy: Path) -> None:
    """Just inside: a source accessed on the as-of date itself."""
    as_of = _as_of(data_copy)
    text = (data_copy / "frameworks" / "pytorch.toml").read_text("utf-8")
    assert f"accessed = {as_of}" in text
    assert mlguide.load_uncached([data_copy], package_data=False).as_of == as_of


def _set_as_of(data: Path, day: dt.date) -> None:
    edit(data / "guide.toml", f"as_of = {_as_of(data)}", f"as_of = {day}")


def test_as_of_tomorrow_is_refused(data_copy: Path) -> None:
    """One day late: the data cannot describe tomorrow."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    _set_as_of(data_copy, tomorrow)
    assert error_for(data_copy).startswith(
        f"{data_copy / 'guide.toml'}: guide.as_of: {tomorrow} is in the future"
    )


def test_as_of_today_is_read(data_copy: Path) -> None:
    """Just inside: data as of today."""
    _set_as_of(data_copy, dt.date.today())
    assert mlguide.load_uncached([data_copy], package_data=False).as_of == dt.date.today()


# --- sizes --------------------------------------------------------------------------------


def test_a_data_file_of_16_mib_is_read(data_copy: Path) -> None:
    """Just inside: a data file of exactly 16 MiB (a claims file of one long comment) is
    read, not refused for its size."""
    path = data_copy / "claims.toml"
    path.write_bytes(b"#" + b"x" * (MAX_FILE_BYTES - 2) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert mlguide.load_uncached([data_copy], package_data=False).claims == ()


def test_a_data_file_one_byte_over_16_mib_is_refused(data_copy: Path) -> None:
    """Just outside: one byte more and the file is refused, named, before it is parsed."""
    path = data_copy / "claims.toml"
    path.write_bytes(b"#" + b"x" * (MAX_FILE_BYTES - 1) + b"\n")
    assert error_for(data_copy) == f"{path}: larger than 16 MiB; not a data file"


# --- the cache's own trust checks -----------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder (not yet created) and a copy of the minimal data, no in-process memo."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLGUIDE_CACHE_DIR", str(folder))
    monkeypatch.delenv("MLGUIDE_CACHE", raising=False)
    loader._load_cached.cache_clear()
    yield folder
    loader._load_cached.cache_clear()


def _cached(folder: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The data loaded once (the cache written); the data and the cache file."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal-data", data)
    mlguide.load(data, package_data=False)
    loader._load_cached.cache_clear()
    (path,) = folder.iterdir()
    return data, path


def _renamed(data: Path, path: Path) -> str:
    """Edit the cached guide's PyTorch name (with a valid digest), then load: the name shows
    whether the cache file was used."""
    magic, key, _, payload = path.read_bytes().split(b"\n", 3)
    payload = payload.replace(b'"name":"PyTorch"', b'"name":"PyTorcH"')
    path.write_bytes(
        b"\n".join([magic, key, hashlib.sha256(payload).hexdigest().encode(), payload])
    )
    return mlguide.load(data, package_data=False).framework("pytorch").name


def test_cache_folder_readable_by_others_is_used(cache_dir: Path, tmp_path: Path) -> None:
    """Just inside: a cache folder of mode 0755 (others may read, not write) is used."""
    data, path = _cached(cache_dir, tmp_path)
    cache_dir.chmod(0o755)
    assert _renamed(data, path) == "PyTorcH"


def test_cache_folder_writable_by_the_group_is_refused(cache_dir: Path, tmp_path: Path) -> None:
    """Just outside: the group's write bit alone (0775) and the folder is not used."""
    data, path = _cached(cache_dir, tmp_path)
    cache_dir.chmod(0o775)
    assert _renamed(data, path) == "PyTorch"


def test_cache_file_readable_by_the_group_is_refused(cache_dir: Path, tmp_path: Path) -> None:
    """A cache file with any group or other bit (0640) is not read; 0600 is (above)."""
    data, path = _cached(cache_dir, tmp_path)
    path.chmod(0o640)
    assert _renamed(data, path) == "PyTorch"


def test_cache_file_at_the_size_limit_is_read(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Just inside the size limit (here set to the file's own size) the file is read."""
    data, path = _cached(cache_dir, tmp_path)
    _renamed(data, path)
    loader._load_cached.cache_clear()
    monkeypatch.setattr(cache, "MAX_BYTES", path.stat().st_size)
    assert mlguide.load(data, package_data=False).framework("pytorch").name == "PyTorcH"


def test_cache_file_one_byte_over_the_size_limit_is_not_read(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Just outside: the limit one byte under the file's size and the file is not read."""
    data, path = _cached(cache_dir, tmp_path)
    _renamed(data, path)
    loader._load_cached.cache_clear()
    monkeypatch.setattr(cache, "MAX_BYTES", path.stat().st_size - 1)
    assert mlguide.load(data, package_data=False).framework("pytorch").name == "PyTorch"
