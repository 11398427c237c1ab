"""The validated-data cache against its environment and its own boundaries: no home, odd XDG
values, a stricter rule after the cache was written, a payload edited into other valid JSON."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import mlguide
from mlguide import cache, loader
from mlguide.cli import main
from tests.conftest import MINIMAL_DATA

#: A user id with no passwd entry (as ``docker run --user 54321`` gives).
STRANGER = 54321


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No cache variables set and no in-process memo; the caller sets what it tests."""
    for name in ("MLGUIDE_CACHE", "MLGUIDE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    loader._load_cached.cache_clear()
    yield monkeypatch
    loader._load_cached.cache_clear()


def as_stranger(func: Callable[[], str]) -> str:
    """``func()`` run in a forked child whose real and effective user id is :data:`STRANGER`
    (which has no passwd entry); its result or its exception, as text."""
    assert os.getuid() == 0, "this test changes its user id and needs root (as CI runs)"
    with pytest.raises(KeyError):
        import pwd

        pwd.getpwuid(STRANGER)
    # Run it here first, uncached: the child, another user, cannot read the standard library
    # under /root, so everything it imports must be imported before the fork.
    os.environ["MLGUIDE_CACHE"] = "0"
    try:
        func()
    finally:
        del os.environ["MLGUIDE_CACHE"]
        loader._load_cached.cache_clear()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read)
            os.setgid(STRANGER)
            os.setuid(STRANGER)
            result = func()
        except BaseException as exc:  # reported to the parent, which fails the test
            result, status = f"{type(exc).__name__}: {exc}", 1
        os.write(write, result.encode())
        os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        out = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out
    return out


def test_no_home_and_no_passwd_entry_loads_uncached(environment: pytest.MonkeyPatch) -> None:
    """HOME unset for a user id without a passwd entry: the guide loads without a cache (it
    used to die with "Could not determine home directory")."""
    environment.delenv("HOME", raising=False)

    def probe() -> str:
        return f"{cache.cache_dir()} {len(mlguide.load().frameworks)}"

    assert as_stranger(probe) == "None 4"


def test_no_home_and_no_passwd_entry_cli_works(environment: pytest.MonkeyPatch) -> None:
    """The same for the command line: ``mlguide frameworks`` lists the frameworks, exit 0."""
    environment.delenv("HOME", raising=False)

    def probe() -> str:
        out = io.StringIO()
        status = main(["frameworks"], stdout=out)
        return f"{status} {out.getvalue().count(chr(10) + chr(10))}"

    assert as_stranger(probe) == "0 4"


def test_no_home_is_one_info_line(
    environment: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Without a home the cache is off, said once in an info line, however many loads."""
    environment.setenv("HOME", "")
    cache._TOLD.clear()
    with caplog.at_level(logging.INFO, logger="mlguide"):
        mlguide.load(MINIMAL_DATA, package_data=False)
        loader._load_cached.cache_clear()
        mlguide.load(MINIMAL_DATA, package_data=False)
    said = [r.getMessage() for r in caplog.records if r.name == "mlguide"]
    assert said == ["mlguide: cache off: no home directory (HOME unset, empty or relative)"]


def test_empty_home_means_no_cache(environment: pytest.MonkeyPatch) -> None:
    """``HOME=''`` is no home (it used to put the cache in ``/.cache`` or the current
    folder)."""
    environment.setenv("HOME", "")
    assert cache.cache_dir() is None


def test_relative_home_means_no_cache(environment: pytest.MonkeyPatch) -> None:
    """A relative HOME is no home either."""
    environment.setenv("HOME", "home")
    assert cache.cache_dir() is None


def test_absolute_home_holds_the_cache(environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Just inside: an absolute HOME gives ``$HOME/.cache/mlguide``."""
    environment.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "mlguide"


def test_relative_xdg_cache_home_is_ignored(
    environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory specification says:
    run from inside a data directory, it put the cache there, and the next load read the
    cache's own file as data."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    environment.setenv("HOME", str(tmp_path / "home"))
    environment.setenv("XDG_CACHE_HOME", "cache")
    environment.chdir(data)
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "mlguide"
    mlguide.load(data, package_data=False)
    loader._load_cached.cache_clear()
    assert mlguide.load(data, package_data=False).framework("pytorch").name == "PyTorch"
    assert not (data / "cache").exists()


def test_absolute_xdg_cache_home_is_used(environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Just inside: an absolute XDG_CACHE_HOME holds the cache."""
    environment.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "mlguide"


def test_relative_mlguide_cache_dir_is_ignored(environment: pytest.MonkeyPatch) -> None:
    """MLGUIDE_CACHE_DIR must be absolute too (a relative one is off, said in one line)."""
    environment.setenv("MLGUIDE_CACHE_DIR", "cache")
    assert cache.cache_dir() is None


# --- the key: every module that decides validity ------------------------------------------


def test_rule_modules_cover_every_module_a_load_imports() -> None:
    """Every mlguide module that a fresh process has imported once it has validated the data
    (seen from ``sys.modules``, independently of how the key finds them) is in the key."""
    code = (
        "import sys, mlguide; mlguide.load_uncached(); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('mlguide'))))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    files = {str(p.relative_to(Path(mlguide.__file__).parent)) for p in cache.rule_modules()}
    expected = {
        "__init__.py" if name == "mlguide" else name.removeprefix("mlguide.") + ".py"
        for name in imported
    }
    assert expected - files == set()
    assert {
        "loader.py",
        "integrity.py",
        "datadir.py",
        "lineage.py",
        "model.py",
        "model_equivalents.py",
        "guide.py",
        "cache.py",
    } <= files


STRICTER_PROBE = """
import mlguide
try:
    print(mlguide.__file__, mlguide.load().framework("pytorch").name)
except mlguide.DataError as error:
    print(mlguide.__file__, error)
"""


def test_a_stricter_rule_is_not_bypassed_by_the_cache(tmp_path: Path) -> None:
    """Data cached by one version of the rules, then a rule in integrity.py made stricter:
    the next load validates again and refuses the data (it used to be served from the cache,
    whose key covered model.py, guide.py and cache.py only)."""
    copy = tmp_path / "copy"
    shutil.copytree(
        Path(mlguide.__file__).parent,
        copy / "mlguide",
        ignore=shutil.ignore_patterns("__pycache__", "sphinxext", "editions"),
    )
    env = {**os.environ, "MLGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("MLGUIDE_CACHE", None)
    probe = [sys.executable, "-c", STRICTER_PROBE]
    first = subprocess.run(probe, cwd=copy, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == f"{copy}/mlguide/__init__.py PyTorch"
    with (copy / "mlguide" / "integrity.py").open("a", encoding="utf-8") as rules:
        rules.write(
            "\n\n_lenient = check_text\n\n\n"
            "def check_text(text: str, shown: str, where: str) -> None:  # stricter\n"
            "    if text == 'PyTorch':\n"
            "        raise DataError(shown, where, 'a stricter rule refuses this name')\n"
            "    _lenient(text, shown, where)\n"
        )
    second = subprocess.run(probe, cwd=copy, env=env, capture_output=True, text=True, check=True)
    assert ": a stricter rule refuses this name" in second.stdout, second.stdout


# --- the digest -------------------------------------------------------------------------------


def cached_file(tmp_path: Path, environment: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the minimal data loaded once with a fresh cache; the data and the file."""
    environment.setenv("MLGUIDE_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    mlguide.load(data, package_data=False)
    loader._load_cached.cache_clear()
    (path,) = (tmp_path / "cache").iterdir()
    return data, path


def test_payload_edited_into_other_valid_json_is_not_used(
    environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cache file whose payload was edited (still valid JSON, same length) but whose digest
    line was not: its digest fails and the data is read again."""
    data, path = cached_file(tmp_path, environment)
    blob = path.read_bytes()
    assert blob.count(b'"name":"PyTorch"') == 1
    path.write_bytes(blob.replace(b'"name":"PyTorch"', b'"name":"PyTorcH"'))
    assert mlguide.load(data, package_data=False).framework("pytorch").name == "PyTorch"


def test_payload_edited_with_its_digest_is_what_the_cache_serves(
    environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Just inside: the same edit with the digest line recomputed is a well-formed cache
    file, and it is served (so the digest, and nothing else, refused the edit above)."""
    data, path = cached_file(tmp_path, environment)
    magic, key, _, payload = path.read_bytes().split(b"\n", 3)
    payload = payload.replace(b'"name":"PyTorch"', b'"name":"PyTorcH"')
    digest = hashlib.sha256(payload).hexdigest().encode()
    path.write_bytes(b"\n".join([magic, key, digest, payload]))
    assert mlguide.load(data, package_data=False).framework("pytorch").name == "PyTorcH"
