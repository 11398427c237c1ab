"""The data model of measured speed: recorded runs of ``build-scripts/bench-frameworks``.

A run (``measurements/<id>.toml``) is written by the harness, never by hand: the machine and
versions it ran with (``[run]``), the workloads (the same small models in every framework),
the variants (a framework and a way of running it: eager, compiled, a Keras backend) and, for
each workload and variant, one figure per trial. Everything the guide says about speed is
derived here from those figures (medians, spreads, ratios to the fastest); no timing is typed
anywhere else.

:func:`check_run` holds the rules a run obeys beyond its types (each id known, one figure
per trial, the first losses in agreement); the loader applies them to every run it reads.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from mlguide.errors import DataError, closest
from mlguide.model import Id, Text, _Check, _Model

__all__ = [
    "LOSS_TOLERANCE",
    "FrozenMap",
    "MeasuredRun",
    "MeasuredVariant",
    "MeasuredWorkload",
    "Measurement",
    "RunInfo",
    "Spread",
    "check_run",
    "loss_disagreement",
]

#: How far apart the first losses of one workload may be, relative to their median, when the
#: models are the same: float32 rounding differs between frameworks by about 1e-7 here, a
#: 1% change in one layer's initial weights moves the loss by about 1e-3.
LOSS_TOLERANCE = 1e-4


def _check_positive(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"must be a positive number (got {value})")
    return value


def _check_finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number (got {value})")
    return value


def _check_count(value: int) -> int:
    if value < 1:
        raise ValueError(f"must be at least 1 (got {value})")
    return value


def _check_not_negative(value: int) -> int:
    if value < 0:
        raise ValueError(f"must not be negative (got {value})")
    return value


class FrozenMap(Mapping[str, str]):
    """A read-only mapping of names to text (a run's versions and settings): no caller can
    change what :func:`mlguide.load` hands to the next one. It pickles (the validated-data
    cache) and exports as an object."""

    __slots__ = ("_items",)
    _items: dict[str, str]

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        object.__setattr__(self, "_items", dict(items or {}))

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a {type(self).__name__} cannot be changed")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self._items),))


class _Frozen:
    """Annotated metadata: a TOML table of strings, validated as a dict and kept as a
    :class:`FrozenMap` (exported as an object). Imports pydantic only when pydantic asks."""

    def __repr__(self) -> str:  # how signatures in the API reference show it (no address)
        return "read-only once loaded"

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            FrozenMap,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


def _freeze(obj: Any, *names: str) -> None:
    """Make mappings read-only however the object was built (validated, or rebuilt from the
    validated-data cache, which revives mappings as dicts)."""
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, FrozenMap):
            object.__setattr__(obj, name, FrozenMap(value))


#: Names to text, read-only once loaded (versions, settings).
TextMap = Annotated[Mapping[str, Text], _Frozen()]
Positive = Annotated[float, _Check(_check_positive, exclusiveMinimum=0)]
Finite = Annotated[float, _Check(_check_finite)]
Count = Annotated[int, _Check(_check_count, minimum=1)]
NotNegative = Annotated[int, _Check(_check_not_negative, minimum=0)]
#: One figure per trial.
PerTrial = tuple[Positive, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class RunInfo(_Model):
    """Where, when and how a run was made: its provenance, shown beside every figure."""

    id: Id
    """Stable identifier; the file's name (``measurements/<id>.toml``)."""
    title: Text
    """What the run is, in a few words, e.g. ``"Reference run, CPU"``."""
    date: dt.date
    """The day the run finished."""
    command: Text
    """The command that made it (to rerun it)."""
    duration_s: Positive
    """How long the whole run took, in seconds."""
    size: Text
    """The harness's size (``reference`` for the guide's figures, ``tiny`` in the tests)."""
    trials: Count
    """How many times each variant ran each workload, each time in a fresh process."""
    order: Text
    """How the processes were ordered (interleaved across trials)."""
    warmup_steps: NotNegative
    """Steps run after the first and before the timed ones, not timed."""
    timed_steps: Count
    """Steps timed in each trial; a trial's step time is their median."""
    threads: Count
    """CPU threads each framework was given (and the CPUs its process was pinned to)."""
    settings: TextMap = field(default_factory=FrozenMap)
    """What the harness set, by name: thread counts (environment variables and framework
    calls) and, on a GPU, full float32 arithmetic (TensorFloat-32 off)."""
    device: Literal["cpu", "gpu"]
    """Where the models ran: ``cpu``, or ``gpu`` when every framework found one."""
    device_name: Text | None = None
    """The GPU's name (``None`` on a CPU run)."""
    memory: Literal["process-rss", "device-peak"]
    """What the peak memory is: the process's peak resident set on a CPU run, the device's
    peak allocation on a GPU run."""
    cpu: Text
    """The CPU's model name, as the operating system reports it (with its family and model
    numbers where it gives them)."""
    cpu_flags: tuple[Text, ...] = ()
    """The vector instruction sets the CPU reports (``avx2``, ``avx512f``, ...): the kernels
    the frameworks pick depend on them."""
    cores: Count
    """Logical CPUs the machine has."""
    memory_gib: Positive
    """The machine's memory, in GiB."""
    os: Text
    """Operating system and kernel."""
    python: Text
    """Python version."""
    versions: TextMap
    """Exact version of every framework and library the workloads use, by distribution name
    (``torch``, ``tensorflow-cpu``, ...)."""
    load_start: tuple[Finite, Finite, Finite]
    """The machine's load averages (1, 5 and 15 minutes) when the run started."""
    load_end: tuple[Finite, Finite, Finite]
    """The load averages when it ended."""
    loss_tolerance: Positive = LOSS_TOLERANCE
    """How far the first losses of a workload may be apart, relative to their median."""

    def __post_init__(self) -> None:
        _freeze(self, "settings", "versions")


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasuredWorkload(_Model):
    """A model and its data, the same in every framework."""

    id: Id
    """Stable identifier, e.g. ``"mlp"``."""
    title: Text
    """Name for headings, e.g. ``"MLP on tabular data"``."""
    model: Text
    """The architecture in words, with its sizes."""
    data: Text
    """The synthetic input in words."""
    parameters: Count
    """Trainable parameters (every framework's model has exactly these)."""
    batch: Count
    """Samples per step."""
    dtype: Text
    """Floating-point type of weights and activations."""
    optimizer: Text
    """The optimizer, e.g. ``"SGD"``."""
    learning_rate: Positive
    """Its learning rate."""


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasuredVariant(_Model):
    """One framework run one way: eager, compiled, or Keras on one of its backends."""

    id: Id
    """Stable identifier, e.g. ``"pytorch-compile"``."""
    framework: Id
    """The guide's framework id."""
    label: Text
    """Short name for charts, e.g. ``"PyTorch compile"``."""
    how: Text
    """What runs, in words."""
    settings: TextMap = field(default_factory=FrozenMap)
    """Settings the variant resolved at run time (Keras's ``jit_compile``, for instance)."""

    def __post_init__(self) -> None:
        _freeze(self, "settings")


@dataclass(frozen=True)
class Spread:
    """A median with the lowest and highest value it was taken from."""

    median: float
    low: float
    high: float


def _spread(values: Sequence[float]) -> Spread:
    return Spread(statistics.median(values), min(values), max(values))


@dataclass(frozen=True, kw_only=True, slots=True)
class Measurement(_Model):
    """One variant on one workload: a figure per trial."""

    workload: Id
    """Id of the workload."""
    variant: Id
    """Id of the variant."""
    step_s: PerTrial
    """Steady-state step time per trial, in seconds: the median of the trial's timed steps,
    on the clock (the time a user waits)."""
    step_cpu_s: PerTrial
    """The same steps in CPU time, per trial (the process's, every thread): the work a step
    takes. On an idle machine it is close to ``step_s`` (one thread); on a busy one the clock
    also counts the time spent waiting for a core, and this does not."""
    first_step_s: PerTrial
    """Seconds from building the model to the end of its first step (tracing and
    compilation included), per trial."""
    import_s: PerTrial
    """Seconds to import the framework, per trial."""
    peak_memory_mib: PerTrial
    """Peak memory per trial, in MiB (what kind: the run's ``memory``)."""
    first_loss: tuple[Finite, ...]
    """The loss of the first step, per trial (before any update: the same in every framework)."""
    final_loss: tuple[Finite, ...]
    """The loss on the first batch after the last step, per trial."""

    @property
    def step(self) -> Spread:
        """Steady-state step time over the trials (seconds)."""
        return _spread(self.step_s)

    @property
    def step_cpu(self) -> Spread:
        """CPU time per steady-state step over the trials (seconds)."""
        return _spread(self.step_cpu_s)

    @property
    def first_step(self) -> Spread:
        """Time to the first finished step over the trials (seconds)."""
        return _spread(self.first_step_s)

    @property
    def imports(self) -> Spread:
        """Import time over the trials (seconds)."""
        return _spread(self.import_s)

    @property
    def peak_memory(self) -> Spread:
        """Peak memory over the trials (MiB)."""
        return _spread(self.peak_memory_mib)


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasuredRun(_Model):
    """``measurements/<id>.toml``: one recorded run of the harness."""

    run: RunInfo
    workloads: tuple[MeasuredWorkload, ...]
    variants: tuple[MeasuredVariant, ...]
    results: tuple[Measurement, ...]

    @property
    def id(self) -> str:
        """The run's id."""
        return self.run.id

    def workload(self, workload_id: str) -> MeasuredWorkload:
        """The workload with this id (``KeyError`` if none)."""
        for workload in self.workloads:
            if workload.id == workload_id:
                return workload
        raise KeyError(workload_id)

    def variant(self, variant_id: str) -> MeasuredVariant:
        """The variant with this id (``KeyError`` if none)."""
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise KeyError(variant_id)

    def results_for(self, workload_id: str) -> list[Measurement]:
        """The results of one workload, in the order of the run's variants."""
        order = {v.id: n for n, v in enumerate(self.variants)}
        found = [r for r in self.results if r.workload == workload_id]
        return sorted(found, key=lambda r: order.get(r.variant, len(order)))

    def ratios(
        self, workload_id: str, measure: Callable[[Measurement], Spread] | None = None
    ) -> dict[str, float]:
        """Each variant's median over the fastest variant's median on one workload (the
        fastest is 1.0), for the steady-state step time unless ``measure`` picks another
        figure (``lambda m: m.first_step``)."""
        pick = measure or (lambda m: m.step)
        medians = {r.variant: pick(r).median for r in self.results_for(workload_id)}
        if not medians:
            return {}
        fastest = min(medians.values())
        return {variant: value / fastest for variant, value in medians.items()}


def loss_disagreement(losses: Mapping[str, float], tolerance: float) -> tuple[str, str] | None:
    """The variant whose first loss is furthest off and why, or ``None`` when they agree.

    They agree when every loss lies within ``tolerance`` times the median's magnitude of the
    median (relative agreement; the median is robust to the one model that differs, which the
    message names).
    """
    if len(losses) < 2:
        return None
    middle = statistics.median(losses.values())
    allowed = tolerance * abs(middle)
    worst = max(losses, key=lambda key: abs(losses[key] - middle))
    off = abs(losses[worst] - middle)
    if off <= allowed:
        return None
    return worst, (
        f"the first loss of {worst!r} is {losses[worst]!r}, {off / abs(middle):.2e} away from the "
        f"median {middle!r} of {len(losses)} variants (allowed: {tolerance:.0e} relative); its "
        "model or initial weights differ from the others'"
    )


def check_run(run: MeasuredRun, shown: str) -> None:
    """The rules a run obeys beyond its types; a broken one is a
    :class:`~mlguide.DataError` naming the file and field.

    Ids are unique and every result names a known workload and variant, once per pair; each
    result has one figure per trial; the run is not dated in the future; a GPU run names its
    GPU and reports device memory, a CPU run its process's; and in each trial the first
    losses of a workload agree within ``run.loss_tolerance``.
    """
    info = run.run
    if info.date > dt.date.today():
        raise DataError(shown, "run.date", f"{info.date} is in the future")
    if (info.device == "gpu") != (info.device_name is not None):
        raise DataError(
            shown, "run.device_name", "a GPU run names its GPU; a CPU run has no device_name"
        )
    expected_memory = "device-peak" if info.device == "gpu" else "process-rss"
    if info.memory != expected_memory:
        raise DataError(
            shown, "run.memory", f"a {info.device.upper()} run records {expected_memory!r}"
        )
    workloads = [w.id for w in run.workloads]
    variants = [v.id for v in run.variants]
    for key, ids in (("workloads", workloads), ("variants", variants)):
        seen: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in seen:
                raise DataError(
                    shown,
                    f"{key}[{index}].id",
                    f"duplicate id {item_id!r} (already used by {key}[{seen[item_id]}])",
                )
            seen[item_id] = index
    pairs: dict[tuple[str, str], int] = {}
    for index, result in enumerate(run.results):
        where = f"results[{index}]"
        for kind, given, known in (
            ("workload", result.workload, workloads),
            ("variant", result.variant, variants),
        ):
            if given not in known:
                hint = closest(given, known)
                raise DataError(
                    shown,
                    f"{where}.{kind}",
                    f"unknown {kind} {given!r}" + (f"; did you mean {hint!r}?" if hint else ""),
                )
        pair = (result.workload, result.variant)
        if pair in pairs:
            raise DataError(
                shown,
                f"{where}.variant",
                f"{result.variant!r} on {result.workload!r} is recorded twice "
                f"(also results[{pairs[pair]}])",
            )
        pairs[pair] = index
        for name in (
            "step_s",
            "step_cpu_s",
            "first_step_s",
            "import_s",
            "peak_memory_mib",
            "first_loss",
            "final_loss",
        ):
            count = len(getattr(result, name))
            if count != info.trials:
                raise DataError(
                    shown,
                    f"{where}.{name}",
                    f"has {count} figures; the run has {info.trials} trials (one figure each)",
                )
    for workload in workloads:
        results = [(i, r) for i, r in enumerate(run.results) if r.workload == workload]
        for trial in range(info.trials):
            losses = {r.variant: r.first_loss[trial] for _, r in results}
            problem = loss_disagreement(losses, info.loss_tolerance)
            if problem:
                variant, message = problem
                index = next(i for i, r in results if r.variant == variant)
                raise DataError(
                    shown,
                    f"results[{index}].first_loss[{trial}]",
                    f"{workload}, trial {trial + 1}: {message}",
                )
