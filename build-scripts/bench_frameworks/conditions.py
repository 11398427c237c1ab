"""The conditions a run records: the machine, the operating system, Python and the exact
version of every framework and library the workloads use (read from the installed
distributions' metadata, without importing them)."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

__all__ = ["DISTRIBUTIONS", "cpu_model", "memory_gib", "operating_system", "versions"]

#: What a run records the version of: each entry's first installed distribution.
DISTRIBUTIONS: tuple[tuple[str, ...], ...] = (
    ("tensorflow-cpu", "tensorflow"),
    ("torch",),
    ("jax",),
    ("jaxlib",),
    ("keras",),
    ("optax",),
    ("numpy",),
)


def versions() -> dict[str, str]:
    """Exact installed versions by distribution name (a local label such as ``+cpu`` kept:
    it says which build ran)."""
    found: dict[str, str] = {}
    for names in DISTRIBUTIONS:
        for name in names:
            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                continue
            break
        else:
            raise SystemExit(f"bench-frameworks: {' or '.join(names)} is not installed")
    return found


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what ``platform`` says."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                return " ".join(value.split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def memory_gib() -> float:
    """The machine's memory in GiB."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return round(pages / 2**30, 1)


def operating_system() -> str:
    """``Debian GNU/Linux 12 (bookworm), Linux 6.1.0-x86_64``: the distribution when
    /etc/os-release names one, then the kernel."""
    kernel = f"{platform.system()} {platform.release()}"
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.partition('=')[2].strip().strip(chr(34))}, {kernel}"
    except OSError:
        pass
    return kernel
