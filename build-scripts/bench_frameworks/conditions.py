"""The conditions a run records: the machine, the operating system, Python and the exact
version of every framework and library the workloads use (read from the installed
distributions' metadata, without importing them)."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

__all__ = [
    "DISTRIBUTIONS",
    "VECTOR_FLAGS",
    "cpu_flags",
    "cpu_model",
    "memory_gib",
    "operating_system",
    "versions",
]

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


#: The CPU flags a run records: the vector instruction sets the frameworks' kernels choose by.
VECTOR_FLAGS = (
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "avx512f",
    "avx512_vnni",
    "avx512_bf16",
    "avx_vnni",
    "amx_tile",
    "asimd",
    "sve",
)


def _cpuinfo() -> dict[str, str]:
    """The first processor's entries in /proc/cpuinfo (Linux; empty elsewhere)."""
    found: dict[str, str] = {}
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return found
    for line in text.splitlines():
        if not line.strip():
            if found:
                break
            continue
        key, _, value = line.partition(":")
        found.setdefault(key.strip(), " ".join(value.split()))
    return found


def cpu_model() -> str:
    """``AMD EPYC (family 26, model 2; in a virtual machine)``: the model name the system
    reports, the family and model numbers that tell its generation, and whether it runs
    under a hypervisor."""
    info = _cpuinfo()
    name = info.get("model name") or platform.processor() or platform.machine() or "unknown"
    details = []
    if info.get("cpu family") and info.get("model"):
        details.append(f"family {info['cpu family']}, model {info['model']}")
    if "hypervisor" in info.get("flags", "").split():
        details.append("in a virtual machine")
    return f"{name} ({'; '.join(details)})" if details else name


def cpu_flags() -> list[str]:
    """Which of :data:`VECTOR_FLAGS` the CPU reports, in that order."""
    flags = set(_cpuinfo().get("flags", _cpuinfo().get("Features", "")).split())
    return [flag for flag in VECTOR_FLAGS if flag in flags]


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
