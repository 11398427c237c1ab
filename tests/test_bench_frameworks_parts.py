"""The framework benchmark's parts that need no framework: the order of its processes
(interleaved over trials) and its TOML writer (what it writes, mlguide reads back with the
types it was given). The harness itself runs in tests/test_bench_frameworks.py."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "build-scripts"))

from bench_frameworks import spec, toml_out
from bench_frameworks.orchestrate import schedule

VARIANTS = spec.VARIANTS[:3]  # tensorflow-eager, tensorflow-function, tensorflow-xla
WORKLOADS = spec.WORKLOADS[:2]  # mlp, cnn


def test_each_trial_starts_one_variant_later() -> None:
    """Three trials of three variants: each trial runs every variant once, trial 2 starting
    with the second and trial 3 with the third; the workloads rotate too, one process each."""
    plan = [(trial, v.id, ids) for trial, v, ids in schedule(VARIANTS, WORKLOADS, 3, "workload")]
    eager, function, xla = (v.id for v in VARIANTS)
    assert plan == [
        (0, eager, ["mlp"]), (0, eager, ["cnn"]),
        (0, function, ["mlp"]), (0, function, ["cnn"]),
        (0, xla, ["mlp"]), (0, xla, ["cnn"]),
        (1, function, ["cnn"]), (1, function, ["mlp"]),
        (1, xla, ["cnn"]), (1, xla, ["mlp"]),
        (1, eager, ["cnn"]), (1, eager, ["mlp"]),
        (2, xla, ["mlp"]), (2, xla, ["cnn"]),
        (2, eager, ["mlp"]), (2, eager, ["cnn"]),
        (2, function, ["mlp"]), (2, function, ["cnn"]),
    ]  # fmt: skip


def test_one_process_per_variant_runs_all_its_workloads() -> None:
    """With --isolate variant, a trial is one process per variant with every workload."""
    plan = [(trial, v.id, ids) for trial, v, ids in schedule(VARIANTS, WORKLOADS, 2, "variant")]
    assert [p[1] for p in plan] == [v.id for v in VARIANTS] + [
        v.id for v in (*VARIANTS[1:], VARIANTS[0])
    ]
    assert plan[0][2] == ["mlp", "cnn"] and plan[3][2] == ["cnn", "mlp"]


def test_toml_round_trip_keeps_values_and_types() -> None:
    """Strings with quotes, backslashes, newlines and a control character, floats that look
    like integers or need an exponent, integers, dates, lists, string tables as sub-tables
    and inline tables: read back by tomllib, equal and of the same types; None is left out."""
    document = {
        "run": {
            "id": "x",
            "text": 'a "quoted" \\ back\nslash\ttab\x01 é',
            "whole": 300.0,
            "tiny": 1e-07,
            "count": 3,
            "date": dt.date(2026, 12, 7),
            "loads": [0.5, 1.25, 2.0],
            "nothing": None,
            "versions": {"tensorflow-cpu": "2.21.0", "tf.config.threading": "1"},
        },
        "results": [
            {"workload": "mlp", "step_s": [0.001, 2.0], "settings": {"jit_compile": "True"}},
            {"workload": "cnn", "step_s": [5.0]},
        ],
    }
    text = toml_out.dumps(document, comment=["Written by a test.", ""])
    assert text.startswith("# Written by a test.\n#\n\n[run]\n")
    back = tomllib.loads(text)
    expected = {**document["run"]}  # type: ignore[dict-item]
    del expected["nothing"]
    assert back["run"] == expected
    assert back["results"] == document["results"]
    assert type(back["run"]["whole"]) is float and type(back["run"]["count"]) is int
    assert "[run.versions]" in text and '"tf.config.threading" = "1"' in text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), object()])
def test_toml_refuses_what_it_cannot_write(value: object) -> None:
    """NaN, infinity and unknown types are errors, not silently odd TOML."""
    with pytest.raises((ValueError, TypeError)):
        toml_out.dumps({"run": {"x": value}})
