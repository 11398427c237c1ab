"""The validated-data cache: a loaded guide kept on disk so that the next process skips validation.

Importing pydantic and validating every file costs over 100 ms per process; a script that only
looks something up should not pay it each time. The cache trusts nothing it did not make:

* it lives in a per-user directory created ``0700``; a directory owned by someone else, a
  symbolic link, or one that group or others can write is refused (mlguide then works
  uncached and says so in one debug line of the ``mlguide`` logger);
* files are written under an unguessable temporary name opened with ``O_EXCL|O_NOFOLLOW``
  and renamed into place atomically, all relative to the directory opened once;
* the key is a SHA-256 of the *contents* of every data file and of every module that
  decides what a valid guide is (:func:`rule_modules`: found, not listed by hand), never of
  sizes or times, and the file
  repeats the key and a digest of its payload, so a renamed, truncated or edited file is not
  used, and a stricter rule is never bypassed by data validated before it;
* the format is JSON: reading it builds mlguide's own data classes and can run no code
  (unlike pickle).

``MLGUIDE_CACHE_DIR`` moves the directory (default ``$XDG_CACHE_HOME/mlguide`` or
``~/.cache/mlguide``); ``MLGUIDE_CACHE=0`` turns the cache off (nothing is written).

The environment is untrusted (DESIGN.md, "Trust boundaries"): as the XDG Base Directory
specification says, a relative ``XDG_CACHE_HOME`` is ignored, and so is a relative
``MLGUIDE_CACHE_DIR`` (a cache inside the data directory would be read as data next time);
with no home directory (``HOME`` empty or relative, or unset for a user id without a passwd
entry, as in ``docker run --user N``) there is no cache: one info line on the ``mlguide``
logger, never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "cache_key", "read", "rule_modules", "write"]


def _debug(message: str, *args: object) -> None:
    """One debug line on the ``mlguide`` logger (logging is imported only when needed)."""
    import logging

    logging.getLogger("mlguide").debug(message, *args)


#: First line of every cache file; bump when the layout changes.
MAGIC = b"mlguide-cache 1\n"
#: Cache files kept (one per loaded data state: the guide alone, with a project's data, ...);
#: writing one more drops the least recently used.
KEEP = 4
#: A cache file unused for longer than this is dropped when another is written.
MAX_AGE = 30 * 24 * 3600
#: A cache file larger than this is not read.
MAX_BYTES = 64 * 1024 * 1024

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _info_once(message: str, *args: object) -> None:
    """One info line on the ``mlguide`` logger, once per process and message."""
    import logging

    if message not in _TOLD:
        _TOLD.add(message)
        logging.getLogger("mlguide").info(message, *args)


_TOLD: set[str] = set()


def cache_dir() -> Path | None:
    """Where the cache lives, or ``None``: ``MLGUIDE_CACHE=0``, or no usable directory
    (see the module's doc)."""
    if os.environ.get("MLGUIDE_CACHE", "1") == "0":
        return None
    if configured := os.environ.get("MLGUIDE_CACHE_DIR"):
        if Path(configured).is_absolute():
            return Path(configured)
        _info_once("mlguide: cache off: MLGUIDE_CACHE_DIR is not an absolute path; ignored")
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "mlguide"
    # a relative XDG_CACHE_HOME is invalid and ignored (XDG Base Directory specification)
    home = _home()
    if home is None:
        _info_once("mlguide: cache off: no home directory (HOME unset, empty or relative)")
        return None
    return home / ".cache" / "mlguide"


def _home() -> Path | None:
    """The user's home: ``HOME`` when set (absolute only), else the passwd entry's."""
    if "HOME" in os.environ:
        home = os.environ["HOME"]
        return Path(home) if home and Path(home).is_absolute() else None
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):  # no passwd module, or no entry for this user
        return None
    return Path(entry) if entry and Path(entry).is_absolute() else None


def rule_modules() -> list[Path]:
    """Every module that decides what a valid guide is, found rather than listed: the
    library's own top-level modules (the loader, the rules, the model, the cache itself and
    all they import; the Sphinx extension in its subpackage only renders a guide)."""
    return sorted(Path(__file__).parent.glob("*.py"))


def cache_key(contents: Iterable[tuple[str, bytes]]) -> str:
    """A key from the contents of the data files (named as given) and of the modules that
    decide what a valid guide is (:func:`rule_modules`), so a new release, or an edited
    checkout, never reads a guide an older one cached."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\n".encode())
    for code in rule_modules():
        digest.update(f"\0{code.name}\0".encode())
        digest.update(code.read_bytes())
    for name, data in contents:
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


_REFUSED: set[str] = set()


def _open_dir(folder: Path, create: bool) -> int | None:
    """A descriptor of the cache directory if it is this user's alone, else ``None``."""
    if create:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            _debug("mlguide: cache off: cannot create %s: %s", folder, exc.strerror)
            return None
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError as exc:
        if create or not isinstance(exc, FileNotFoundError):
            _debug("mlguide: cache off: cannot open %s: %s", folder, exc.strerror)
        return None
    info = os.fstat(fd)
    problem = ""
    if not stat.S_ISDIR(info.st_mode):
        problem = "not a directory"
    elif info.st_uid != os.getuid():
        problem = f"owned by uid {info.st_uid}, not by this user"
    elif info.st_mode & 0o022:
        problem = f"writable by group or others (mode {stat.S_IMODE(info.st_mode):o})"
    if problem:
        os.close(fd)
        if str(folder) not in _REFUSED:  # one line per directory and process
            _REFUSED.add(str(folder))
            _debug("mlguide: cache off: refusing %s: %s", folder, problem)
        return None
    return fd


def read(key: str) -> Any | None:
    """The guide cached under ``key``, or ``None`` (missing, refused, stale or damaged)."""
    folder = cache_dir()
    if folder is None:
        return None
    dir_fd = _open_dir(folder, create=False)
    if dir_fd is None:
        return None
    try:
        fd = os.open(_name(key), os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=dir_fd)
    except OSError:
        return None
    finally:
        os.close(dir_fd)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.getuid()
            or info.st_mode & 0o077
            or info.st_size > MAX_BYTES
        ):
            _debug("mlguide: cache file %s refused (type, owner or mode)", _name(key))
            return None
        blob = handle.read(MAX_BYTES + 1)
        with contextlib.suppress(OSError):
            os.utime(handle.fileno())  # used now: pruning drops the least recently used
    return _decode(blob, key)


def write(key: str, guide: Any) -> None:
    """Store ``guide`` under ``key``; any failure only costs speed next time."""
    folder = cache_dir()
    if folder is None:
        return
    dir_fd = _open_dir(folder, create=True)
    if dir_fd is None:
        return
    tmp = f"tmp-{os.urandom(16).hex()}"
    try:
        _prune(dir_fd)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=dir_fd)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_encode(guide, key))
            os.replace(tmp, _name(key), src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
    except (OSError, TypeError, ValueError) as exc:
        _debug("mlguide: cache not written: %s", exc)
    finally:
        os.close(dir_fd)


def _name(key: str) -> str:
    return f"guide-{key[:40]}.json"


def _prune(dir_fd: int, now: float | None = None) -> None:
    """Before a write: keep the ``KEEP - 1`` most recently used cache files that were used in
    the last ``MAX_AGE`` seconds; drop the rest, and temporary files left by a killed
    process."""
    now = time.time() if now is None else now
    entries = []
    for name in os.listdir(dir_fd):
        if not (name.startswith(("guide-", "tmp-"))):
            continue
        with contextlib.suppress(OSError):
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            entries.append((info.st_mtime, name))
    entries.sort()
    stale = {name for mtime, name in entries if now - mtime > MAX_AGE}
    stale |= {name for _, name in entries[: max(0, len(entries) - KEEP + 1)]}
    for name in stale:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)


# --- the format -------------------------------------------------------------------------
# MAGIC, then the key and the SHA-256 of the payload on one line each, then the payload:
# JSON in which a data class is {"$": "module:Class", field: value, ...}, a date is
# {"$date": "YYYY-MM-DD"}, a tuple {"$tuple": [...]} and a dict {"$dict": [[key, value], ...]}.


def _encode(guide: Any, key: str) -> bytes:
    payload = json.dumps(_plain(guide), ensure_ascii=False, separators=(",", ":")).encode()
    digest = hashlib.sha256(payload).hexdigest()
    return MAGIC + f"{key}\n{digest}\n".encode() + payload


def _plain(value: Any) -> Any:
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_plain(v) for v in value]}
    if isinstance(value, Mapping):  # a dict or a read-only view of one
        return {"$dict": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        out: dict[str, Any] = {"$": f"{cls.__module__}:{cls.__qualname__}"}
        for item in dataclasses.fields(value):
            if item.init:
                out[item.name] = _plain(getattr(value, item.name))
        return out
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(blob: bytes, key: str) -> Any | None:
    head = MAGIC + key.encode() + b"\n"
    if not blob.startswith(head):
        return None
    rest = blob[len(head) :]
    digest, _, payload = rest.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        _debug("mlguide: cache file %s is damaged; ignored", _name(key))
        return None
    try:
        return json.loads(payload, object_hook=_revive)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _revive(obj: dict[str, Any]) -> Any:
    if "$" in obj:
        name = obj.pop("$")
        cls = _CLASSES.get(name) or _data_class(name)
        return cls(**obj)
    if "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    if "$tuple" in obj:
        return tuple(obj["$tuple"])
    if "$dict" in obj:
        return {k: v for k, v in obj["$dict"]}
    return obj


def _data_class(name: str) -> Any:
    """A data class of an already imported mlguide module (nothing is imported here)."""
    module_name, _, qualname = name.partition(":")
    module = sys.modules.get(module_name) if module_name.split(".")[0] == "mlguide" else None
    cls = getattr(module, qualname, None) if module is not None and "." not in qualname else None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise KeyError(name)
    _CLASSES[name] = cls
    return cls


_CLASSES: dict[str, Any] = {}
