"""Hostile and odd states of the validated-data cache: it trusts nothing it did not make."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mlguide
from mlguide import loader
from tests.conftest import MINIMAL_DATA

NOBODY = 65534


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache directory (not yet created) and no in-process memo."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLGUIDE_CACHE_DIR", str(folder))
    monkeypatch.delenv("MLGUIDE_CACHE", raising=False)
    loader._load_cached.cache_clear()
    yield folder
    loader._load_cached.cache_clear()


def _copy_data(target: Path) -> Path:
    shutil.copytree(MINIMAL_DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _load(data: Path) -> mlguide.Guide:
    loader._load_cached.cache_clear()
    return mlguide.load(data, package_data=False)


def _rename_pytorch(data: Path, name: str) -> None:
    path = data / "frameworks" / "pytorch.toml"
    text = path.read_text(encoding="utf-8")
    assert 'name = "PyTorch"' in text
    path.write_text(text.replace('name = "PyTorch"', f'name = "{name}"'), encoding="utf-8")


def test_cache_directory_is_created_owner_only(cache: Path, tmp_path: Path) -> None:
    """The cache directory is created with mode 0700 and its files with 0600."""
    _load(_copy_data(tmp_path / "data"))
    assert cache.stat().st_mode & 0o777 == 0o700
    files = list(cache.iterdir())
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o777 == 0o600


def test_directory_writable_by_others_is_refused(
    cache: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A world-writable cache directory is not used: the load works, writes nothing, and
    says why in one debug line of the ``mlguide`` logger."""
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    with caplog.at_level(logging.DEBUG, logger="mlguide"):
        guide = _load(_copy_data(tmp_path / "data"))
    assert guide.framework("pytorch").name == "PyTorch"
    assert list(cache.iterdir()) == []
    refusals = [r.getMessage() for r in caplog.records if r.name == "mlguide"]
    assert len(refusals) == 1
    assert refusals[0].startswith(f"mlguide: cache off: refusing {cache}: writable by group")


def test_directory_owned_by_someone_else_is_refused(cache: Path, tmp_path: Path) -> None:
    """A cache directory owned by another user is neither read nor written."""
    if os.getuid() != 0:
        pytest.fail("this test changes a directory's owner and needs root (as CI runs)")
    cache.mkdir(mode=0o700)
    os.chown(cache, NOBODY, NOBODY)
    _load(_copy_data(tmp_path / "data"))
    assert list(cache.iterdir()) == []


def test_directory_that_is_a_symlink_is_refused(cache: Path, tmp_path: Path) -> None:
    """A cache path that is a symbolic link (to a directory of this user) is not followed."""
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    cache.symlink_to(real)
    _load(_copy_data(tmp_path / "data"))
    assert list(real.iterdir()) == []


def test_symlink_at_the_cache_name_is_never_written_through(cache: Path, tmp_path: Path) -> None:
    """A symlink planted at the cache file's name is replaced, its target left untouched."""
    data = _copy_data(tmp_path / "data")
    _load(data)
    (name,) = [p.name for p in cache.iterdir()]
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (cache / name).unlink()
    (cache / name).symlink_to(victim)
    assert _load(data).framework("pytorch").name == "PyTorch"
    assert victim.read_text() == "precious\n"
    assert not (cache / name).is_symlink()


def test_cache_file_renamed_to_another_key_is_not_trusted(cache: Path, tmp_path: Path) -> None:
    """A valid cache file of one dataset, renamed to another dataset's name, is not used."""
    first = _copy_data(tmp_path / "first")
    second = _copy_data(tmp_path / "second")
    _rename_pytorch(second, "PyTorch Second")
    _load(first)
    (first_file,) = list(cache.iterdir())
    _load(second)
    (second_file,) = [p for p in cache.iterdir() if p != first_file]
    shutil.copyfile(first_file, second_file)
    assert _load(second).framework("pytorch").name == "PyTorch Second"


def test_pickle_at_the_cache_name_runs_no_code(cache: Path, tmp_path: Path) -> None:
    """A pickle placed at the cache file's name is data that fails to load, never code."""
    data = _copy_data(tmp_path / "data")
    _load(data)
    (path,) = list(cache.iterdir())
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    path.write_bytes(pickle.dumps(Payload()))
    path.chmod(0o600)
    assert _load(data).framework("pytorch").name == "PyTorch"
    assert not marker.exists()


def test_damaged_cache_file_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    """A truncated cache file is ignored (its digest fails) and the data is read again."""
    data = _copy_data(tmp_path / "data")
    _load(data)
    (path,) = list(cache.iterdir())
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])
    assert _load(data).framework("pytorch").name == "PyTorch"


def test_edit_keeping_size_and_mtime_misses_the_cache(cache: Path, tmp_path: Path) -> None:
    """An edit that keeps a file's size and mtime (``touch -r``) still gives the new data."""
    data = _copy_data(tmp_path / "data")
    assert _load(data).framework("pytorch").name == "PyTorch"
    path = data / "frameworks" / "pytorch.toml"
    before = path.stat()
    _rename_pytorch(data, "PyTorcH")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert _load(data).framework("pytorch").name == "PyTorcH"


def _run(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout.strip()


PROBE = (
    "import sys, mlguide; g = mlguide.load(); "
    "print(g.framework('pytorch').name, len(g.positions), 'pydantic' in sys.modules)"
)


def test_second_process_reads_the_cache_without_validating(tmp_path: Path) -> None:
    """The first process validates and writes the cache; the next one reads it, never
    importing pydantic (so it did not validate again), and gets the same data."""
    env = {**os.environ, "MLGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("MLGUIDE_CACHE", None)
    first = _run(PROBE, env)
    second = _run(PROBE, env)
    assert first.endswith(" True")
    assert second.endswith(" False")
    assert first.rsplit(" ", 1)[0] == second.rsplit(" ", 1)[0]


def test_cache_off_writes_nothing(tmp_path: Path) -> None:
    """With MLGUIDE_CACHE=0 nothing is written: the cache directory is never created."""
    folder = tmp_path / "cache"
    env = {**os.environ, "MLGUIDE_CACHE_DIR": str(folder), "MLGUIDE_CACHE": "0"}
    assert _run(PROBE, env).endswith(" True")
    assert _run(PROBE, env).endswith(" True")
    assert not folder.exists()


# --- how much the cache keeps: KEEP files, none unused for longer than MAX_AGE ---------------


def _states(tmp_path: Path, count: int) -> list[Path]:
    """``count`` data directories that differ in one name: ``count`` cache files when each
    is loaded once."""
    dirs = []
    for index in range(count):
        data = _copy_data(tmp_path / f"data-{index}")
        _rename_pytorch(data, f"PyTorch {index}")
        dirs.append(data)
    return dirs


def test_the_cache_keeps_at_most_keep_files(cache: Path, tmp_path: Path) -> None:
    """KEEP data states leave KEEP cache files; one more state drops the least recently used
    one (the first loaded), not the others."""
    import time

    from mlguide.cache import KEEP

    dirs = _states(tmp_path, KEEP + 1)
    names: list[set[str]] = []
    now = time.time()
    for index, data in enumerate(dirs[:KEEP]):
        _load(data)
        (written,) = [p for p in cache.iterdir() if not names or p.name not in names[-1]]
        # a minute apart, in load order (file times are too coarse to tell quick writes apart)
        os.utime(written, (now - 600 + 60 * index, now - 600 + 60 * index))
        names.append({p.name for p in cache.iterdir()})
    assert len(names[-1]) == KEEP
    first = next(iter(names[0]))
    _load(dirs[KEEP])
    kept = {p.name for p in cache.iterdir()}
    assert len(kept) == KEEP and first not in kept
    assert names[-1] - {first} <= kept


def test_a_file_used_just_within_max_age_is_kept_and_just_past_it_dropped(
    cache: Path, tmp_path: Path
) -> None:
    """Writing a cache file drops another one unused for longer than MAX_AGE (one second
    more) and keeps one unused for one second less."""
    import time

    from mlguide.cache import MAX_AGE

    young, old, new = _states(tmp_path, 3)
    now = time.time()
    _load(young)
    (young_file,) = cache.iterdir()
    os.utime(young_file, (now - MAX_AGE + 60, now - MAX_AGE + 60))
    _load(old)
    (old_file,) = {p for p in cache.iterdir()} - {young_file}
    os.utime(old_file, (now - MAX_AGE - 60, now - MAX_AGE - 60))
    _load(new)
    kept = {p.name for p in cache.iterdir()}
    assert young_file.name in kept and old_file.name not in kept and len(kept) == 2


def test_reading_a_cache_file_marks_it_used(cache: Path, tmp_path: Path) -> None:
    """A cache hit renews the file's time, so a state in daily use is never the one dropped."""
    import time

    data = _copy_data(tmp_path / "data")
    _load(data)
    (file,) = cache.iterdir()
    os.utime(file, (1, 1))
    _load(data)
    assert file.stat().st_mtime > time.time() - 60
