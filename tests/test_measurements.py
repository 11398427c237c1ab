"""Recorded benchmark runs as data: loading and validating ``measurements/<id>.toml``, the
figures derived from them (medians, spreads, ratios, throughput), their exports and the CLI,
and the honesty rules: the recorded reference run used exactly the pinned framework versions.

The fixture run (tests/fixtures/measurements-data) has round figures; every expected value
below is worked out by hand from that file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

import mlguide
from mlguide.cli import main as cli_main
from mlguide.errors import DataError
from mlguide.examples_meta import read_pins
from mlguide.export import guide_to_dict
from mlguide.measurements import (
    format_bytes,
    format_duration,
    format_ratio,
    format_seconds,
    rows,
    run_output,
    run_to_csv,
    run_to_dict,
    run_to_markdown,
    run_to_text,
)
from mlguide.model_measurements import LOSS_TOLERANCE, loss_disagreement

FIXTURE = Path(__file__).parent / "fixtures" / "measurements-data"
SAMPLE = FIXTURE / "measurements" / "sample-cpu.toml"
PINS = Path(__file__).parent / "snippets-constraints.txt"
#: The frameworks a reference run must record the versions of.
FRAMEWORK_DISTRIBUTIONS = {"tensorflow-cpu", "torch", "jax", "jaxlib", "keras"}


@pytest.fixture(scope="module")
def sample() -> mlguide.Guide:
    return mlguide.load_uncached([FIXTURE])


def _copy(tmp_path: Path, old: str = "", new: str = "", name: str = "sample-cpu") -> Path:
    """The fixture directory with one edit to its run (``old`` must occur in it)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "data" / "measurements"
    target.mkdir(parents=True)
    (target / f"{name}.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "data"


def _error(tmp_path: Path, old: str, new: str) -> str:
    with pytest.raises(DataError) as caught:
        mlguide.load_uncached([_copy(tmp_path, old, new)])
    return str(caught.value)


# --- derived figures -------------------------------------------------------------------------


def test_rows_give_medians_spreads_ratios_and_throughput(sample: mlguide.Guide) -> None:
    """MLP: step medians 3.0, 1.5 and 1.0 ms give ratios 3, 1.5 and 1 to JAX, the fastest;
    the spread is the lowest and highest trial; throughput is the batch of 100 over the
    median; the quickest first step (PyTorch's 0.5 s) is 1 and XLA's 2 s is 4."""
    run = sample.measurement("sample-cpu")
    mlp = rows(run, "mlp")
    assert [r.variant.id for r in mlp] == ["tensorflow-xla", "pytorch-eager", "jax-jit"]
    assert [r.ratio for r in mlp] == pytest.approx([3.0, 1.5, 1.0])
    spreads = [v for r in mlp for v in (r.step.median, r.step.low, r.step.high)]
    assert spreads == pytest.approx(
        [0.003, 0.002, 0.004, 0.0015, 0.0014, 0.0016, 0.001, 9e-4, 11e-4]
    )
    assert [r.throughput for r in mlp] == pytest.approx([100 / 0.003, 100 / 0.0015, 100_000])
    assert [r.first_step_ratio for r in mlp] == pytest.approx([4.0, 1.0, 2.0])
    # CPU time: 2.0, 1.2 and 0.8 ms, so 2.5, 1.5 and 1 times the least
    assert [r.step_cpu.median for r in mlp] == pytest.approx([0.002, 0.0012, 0.0008])
    assert [r.cpu_ratio for r in mlp] == pytest.approx([2.5, 1.5, 1.0])
    assert mlp[0].result.imports.median == 3.0 and mlp[2].result.peak_memory.median == 2048.0
    assert mlp[1].first_loss == 2.3025851 and mlp[1].final_loss == 1.5


def test_a_workload_without_every_variant_compares_those_it_has(sample: mlguide.Guide) -> None:
    """The CNN has no TensorFlow result: its rows are PyTorch (fastest, 20 ms) and JAX (50 ms,
    2.5 times), in the run's order of variants."""
    cnn = rows(sample.measurement("sample-cpu"), "cnn")
    assert [(r.variant.id, r.ratio) for r in cnn] == [
        ("pytorch-eager", pytest.approx(1.0)),
        ("jax-jit", pytest.approx(2.5)),
    ]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (2.314, "2.31 s"),
        (1.0, "1.00 s"),
        (0.9994, "999 ms"),
        (0.99951, "1.00 s"),  # rounds to three digits first: not "1000 ms"
        (0.0123, "12.3 ms"),
        (0.001, "1.00 ms"),
        (0.0009994, "999 \N{MICRO SIGN}s"),
        (0.000571, "571 \N{MICRO SIGN}s"),
        (5e-7, "0.50 \N{MICRO SIGN}s"),
    ],
)
def test_format_seconds_keeps_three_digits_in_a_readable_unit(seconds: float, shown: str) -> None:
    """Each side of each unit's edge: 1 s and 1 ms start the larger unit."""
    assert format_seconds(seconds) == shown


def test_other_formats() -> None:
    """Ratios keep three digits; memory turns to GiB at 1024 MiB; durations read as
    minutes from 60 s and hours from 3600 s."""
    assert [format_ratio(r) for r in (1.0, 9.994, 12.34, 123.4)] == [
        "1.00\N{MULTIPLICATION SIGN}",
        "9.99\N{MULTIPLICATION SIGN}",
        "12.3\N{MULTIPLICATION SIGN}",
        "123\N{MULTIPLICATION SIGN}",
    ]
    assert [format_bytes(m) for m in (1023.0, 1024.0, 1536.0)] == ["1023 MiB", "1.0 GiB", "1.5 GiB"]
    assert [format_duration(s) for s in (59.4, 60.0, 1625.0, 3599.0, 3600.0)] == [
        "59 s",
        "1 min 0 s",
        "27 min 5 s",
        "59 min 59 s",
        "1 h 0 min",
    ]


# --- the first-loss rule -------------------------------------------------------------------


def test_losses_agree_just_inside_the_tolerance() -> None:
    """With the median at 2.0 and a tolerance of 1e-4, a loss 0.999 x 2e-4 away agrees."""
    assert loss_disagreement({"a": 2.0, "b": 2.0, "c": 2.0 + 2e-4 * 0.999}, 1e-4) is None


def test_losses_disagree_just_outside_the_tolerance() -> None:
    """A loss 1.001 x 2e-4 away from the median 2.0 does not agree, and is the one named."""
    problem = loss_disagreement({"a": 2.0, "b": 2.0, "c": 2.0 + 2e-4 * 1.001}, 1e-4)
    assert problem is not None
    assert problem[0] == "c"
    assert problem[1].startswith("the first loss of 'c' is 2.0002002, 1.00e-04 away from the ")
    assert "median 2.0 of 3 variants (allowed: 1e-04 relative)" in problem[1]


def test_one_loss_has_nothing_to_disagree_with() -> None:
    """A single variant cannot disagree (nor can none)."""
    assert loss_disagreement({"a": 9.0}, LOSS_TOLERANCE) is None
    assert loss_disagreement({}, LOSS_TOLERANCE) is None


# --- validation: located errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'variant = "jax-jit"\nstep_s = [0.001',
            'variant = "jax-jitt"\nstep_s = [0.001',
            "results[2].variant: unknown variant 'jax-jitt'; did you mean 'jax-jit'?",
        ),
        (
            'workload = "cnn"\nvariant = "jax-jit"',
            'workload = "mlp"\nvariant = "jax-jit"',
            "results[4].variant: 'jax-jit' on 'mlp' is recorded twice (also results[2])",
        ),
        (
            "step_s = [0.004, 0.002, 0.003]",
            "step_s = [0.004, 0.002]",
            "results[0].step_s: has 2 figures; the run has 3 trials (one figure each)",
        ),
        (
            "first_loss = [2.3025851, 2.3025851, 2.3025851]",
            "first_loss = [2.3025851, 2.33, 2.3025851]",
            "results[1].first_loss[1]: mlp, trial 2: the first loss of 'pytorch-eager' is 2.33, "
            "1.19e-02 away from the median 2.302585 of 3 variants (allowed: 1e-04 relative); its "
            "model or initial weights differ from the others'",
        ),
        (
            'device = "cpu"',
            'device = "gpu"',
            "run.device_name: a GPU run names its GPU; a CPU run has no device_name",
        ),
        (
            'memory = "process-rss"',
            'memory = "device-peak"',
            "run.memory: a CPU run records 'process-rss'",
        ),
        (
            'id = "cnn"',
            'id = "mlp"',
            "workloads[1].id: duplicate id 'mlp' (already used by workloads[0])",
        ),
        (
            "step_s = [0.004, 0.002, 0.003]",
            "step_s = [0.004, 0.0, 0.003]",
            "results[0].step_s[1]: must be a positive number (got 0.0)",
        ),
        (
            "step_s = [0.004, 0.002, 0.003]",
            "step_s = [4, 0.002, 0.003]",
            "results[0].step_s[0]: expected a number, got an integer 4 (values are not converted)",
        ),
        (
            'framework = "jax"',
            'framework = "jaxx"',
            "variants[2].framework: unknown framework 'jaxx'; did you mean 'jax'?",
        ),
        (
            'id = "sample-cpu"',
            'id = "other-cpu"',
            "run.id: id 'other-cpu' does not match the file name 'sample-cpu'",
        ),
        ("trials = 3", "trials = 0", "run.trials: must be at least 1 (got 0)"),
    ],
)
def test_a_broken_run_is_a_located_error(tmp_path: Path, old: str, new: str, expected: str) -> None:
    """Each broken rule names the file and the field at fault."""
    shown = tmp_path / "data" / "measurements" / "sample-cpu.toml"
    assert _error(tmp_path, old, new) == f"{shown}: {expected}"


def test_a_run_may_be_dated_today_but_not_tomorrow(tmp_path: Path) -> None:
    """A run finished today loads; one dated tomorrow is an error naming run.date."""
    today = dt.date.today()
    # the run records the pinned versions, not the day's facts: it may follow the as-of date
    mlguide.load_uncached([_copy(tmp_path / "a", "date = 2026-12-05", f"date = {today}")])
    tomorrow = today + dt.timedelta(days=1)
    message = _error(tmp_path / "b", "date = 2026-12-05", f"date = {tomorrow}")
    assert message.endswith(f"sample-cpu.toml: run.date: {tomorrow} is in the future")


def test_a_gpu_run_names_its_gpu_and_records_device_memory(tmp_path: Path) -> None:
    """device = "gpu" with a device_name and device-peak memory loads."""
    text = 'device = "gpu"\ndevice_name = "Example GPU"\nmemory = "device-peak"'
    data = _copy(tmp_path, 'device = "cpu"\nmemory = "process-rss"', text)
    run = mlguide.load_uncached([data]).measurement("sample-cpu")
    assert (run.run.device, run.run.device_name, run.run.memory) == (
        "gpu",
        "Example GPU",
        "device-peak",
    )


def test_a_later_directory_replaces_a_run_with_the_same_id(tmp_path: Path) -> None:
    """Runs are keyed by id: the later directory's sample-cpu wins; another id is added."""
    later = _copy(tmp_path / "later", 'title = "Sample run, CPU"', 'title = "Rerun"')
    other = _copy(tmp_path / "other", 'id = "sample-cpu"', 'id = "second"', name="second")
    guide = mlguide.load_uncached([FIXTURE, later, other])
    assert [(r.id, r.run.title) for r in guide.measurements] == [
        ("reference-cpu", "Reference run, CPU"),  # the package's own
        ("sample-cpu", "Rerun"),
        ("second", "Sample run, CPU"),
    ]


def test_an_unknown_run_id_suggests_the_closest(sample: mlguide.Guide) -> None:
    """guide.measurement() with a typo raises UnknownIdError with a suggestion."""
    with pytest.raises(mlguide.UnknownIdError, match="did you mean 'sample-cpu'"):
        sample.measurement("sample-cpv")


# --- exports and the CLI ----------------------------------------------------------------------


def test_the_whole_export_holds_the_run_as_recorded(sample: mlguide.Guide) -> None:
    """``mlguide export`` (guide_to_dict) carries each run with its figures per trial."""
    exported = guide_to_dict(sample)["measurements"]
    assert [m["run"]["id"] for m in exported] == ["reference-cpu", "sample-cpu"]
    run = exported[1]
    assert run["results"][0]["step_s"] == [0.004, 0.002, 0.003]
    assert run["results"][0]["step_cpu_s"] == [0.002, 0.0021, 0.0019]
    assert run["run"]["date"] == "2026-12-05"
    # read-only mappings once loaded, plain objects once exported
    assert run["run"]["versions"] == {
        "tensorflow-cpu": "2.21.0",
        "torch": "2.13.0+cpu",
        "jax": "0.10.2",
    }
    assert run["variants"][2]["settings"] == {"donate": "params"}
    assert json.loads(mlguide.export.to_json(run))["run"]["settings"]["OMP_NUM_THREADS"] == "1"


def test_the_run_exports_its_derived_rows(sample: mlguide.Guide) -> None:
    """run_to_dict: the conditions, then per workload the rows with medians and ratios; the
    CSV has one row per workload and variant with the same numbers."""
    run = sample.measurement("sample-cpu")
    data = run_to_dict(run)
    assert data["run"]["cpu"] == "Example CPU (family 1, model 2)"
    mlp = data["workloads"][0]
    assert mlp["id"] == "mlp" and mlp["batch"] == 100
    assert [(r["variant"], r["step_ratio"]) for r in mlp["rows"]] == [
        ("tensorflow-xla", pytest.approx(3.0)),
        ("pytorch-eager", pytest.approx(1.5)),
        ("jax-jit", pytest.approx(1.0)),
    ]
    table = list(csv.DictReader(io.StringIO(run_to_csv(run))))
    assert [(r["workload"], r["variant"]) for r in table] == [
        ("mlp", "tensorflow-xla"),
        ("mlp", "pytorch-eager"),
        ("mlp", "jax-jit"),
        ("cnn", "pytorch-eager"),
        ("cnn", "jax-jit"),
    ]
    assert float(table[4]["step_ratio"]) == pytest.approx(2.5)
    assert float(table[4]["step_cpu_ratio"]) == pytest.approx(3.0)
    assert table[0]["step_median_s"] == "0.003" and table[0]["first_step_max_s"] == "2.25"


def test_markdown_and_text_tables(sample: mlguide.Guide) -> None:
    """Markdown: a header line per workload and a row per variant with its median, spread,
    ratio, throughput, first step, memory and loss; the text table drops columns from the
    right to fit a narrow terminal, keeping the variant and its ratio."""
    run = sample.measurement("sample-cpu")
    markdown = run_to_markdown(run)
    assert "**MLP on tabular data: 212 parameters, batch 100, 5 timed steps**" in markdown
    x, d, mu = "\N{MULTIPLICATION SIGN}", "\N{EN DASH}", "\N{MICRO SIGN}"
    assert (
        f"| JAX jit | 1.00 ms | 900 {mu}s{d}1.10 ms | 1.00{x} | 800 {mu}s | 1.00{x} | 100,000 "
        "| 1.00 s | 2.0 GiB | 1.5000 |" in markdown
    )
    assert "- Command: build-scripts/bench-frameworks --size tiny --trials 3" in markdown
    wide = run_to_text(run, 120)
    assert re.search(
        rf"TF XLA +3\.00 ms +2\.00{d}4\.00 ms +3\.00{x} +2\.00 ms +2\.50{x} +33,333 +2\.00 s", wide
    )
    narrow = run_to_text(run, 24)
    assert re.search(rf"^TF XLA +3\.00{x}$", narrow, re.M)
    assert max(len(line) for line in narrow.splitlines()) <= 24


def test_cli_prints_a_run_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    """``mlguide speed`` prints the first run; json, csv and markdown are the
    exports above; an unknown run id is one line on stderr and exit status 2."""
    assert cli_main(["--data", str(FIXTURE), "speed"]) == 0  # the first run: the package's
    assert capsys.readouterr().out.startswith("Measured speed: Reference run, CPU, ")
    assert cli_main(["--data", str(FIXTURE), "speed", "sample-cpu"]) == 0
    assert "Measured speed: Sample run, CPU, 2026-12-05" in capsys.readouterr().out
    assert cli_main(["--data", str(FIXTURE), "speed", "sample-cpu", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["workloads"][1]["rows"][1]["step_ratio"] == 2.5
    assert cli_main(["--data", str(FIXTURE), "speed", "sample-cpu", "-f", "csv"]) == 0
    assert capsys.readouterr().out.startswith("run,workload,variant,framework,step_median_s,")
    assert cli_main(["--data", str(FIXTURE), "speed", "sample-cpu", "-f", "markdown"]) == 0
    assert "| PyTorch eager | 20.0 ms |" in capsys.readouterr().out
    assert cli_main(["--data", str(FIXTURE), "speed", "nope"]) == 2
    assert "unknown measurement run 'nope'" in capsys.readouterr().err


def test_data_without_any_run_says_how_to_make_one(tmp_path: Path) -> None:
    """Data that records no run: ``mlguide speed`` has nothing to show, and says
    which command records one."""
    (tmp_path / "guide.toml").write_text(
        '[guide]\ntitle = "T"\nsubtitle = "S"\nas_of = 2026-11-26\ndata_version = "1"\n',
        encoding="utf-8",
    )
    bare = mlguide.load_uncached([tmp_path], package_data=False)
    with pytest.raises(mlguide.MlguideError) as caught:
        run_output(bare, None, "text", 100)
    assert str(caught.value) == (
        "the data records no measurements (run build-scripts/bench-frameworks)"
    )


def test_the_schema_describes_a_run(tmp_path: Path) -> None:
    """The JSON Schema has a definition for measurements/<id>.toml that accepts the fixture
    and rejects an unknown key in it."""
    schema = mlguide.schema()
    ref = schema["x-mlguide-files"]["measurements/<id>.toml"]
    sub = {"$ref": ref, "$defs": schema["$defs"]}
    data = json.loads(json.dumps(tomllib.loads(SAMPLE.read_text()), default=str))
    jsonschema.validate(data, sub)
    data["run"]["bogus"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, sub)


# --- the recorded reference run -----------------------------------------------------------------


def version_drift(recorded: dict[str, str], pins: dict[str, str]) -> list[str]:
    """Each recorded version that differs from its pin (or has none), one line each."""
    return [
        f"{name}: recorded {version}, pinned {pins.get(name, '(not pinned)')}"
        for name, version in sorted(recorded.items())
        if pins.get(name) != version
    ]


def test_the_reference_run_used_the_pinned_versions(guide: mlguide.Guide) -> None:
    """The package data holds the reference run, and every version it records is the exact
    pin of tests/snippets-constraints.txt: bumping the pins without rerunning
    build-scripts/bench-frameworks --reference fails here."""
    run = guide.measurement("reference-cpu")
    assert set(run.run.versions) >= FRAMEWORK_DISTRIBUTIONS
    assert version_drift(dict(run.run.versions), read_pins(PINS)) == [], (
        "rerun build-scripts/bench-frameworks --reference in the snippets environment"
    )


def test_a_bumped_pin_is_drift(guide: mlguide.Guide, tmp_path: Path) -> None:
    """The check above fails when a pin moves: torch pinned one release later is reported."""
    pins = tmp_path / "pins.txt"
    text = PINS.read_text(encoding="utf-8")
    recorded = guide.measurement("reference-cpu").run.versions["torch"]
    pins.write_text(text.replace(f"torch=={recorded}", "torch==2.13.1+cpu"), encoding="utf-8")
    assert version_drift(
        dict(guide.measurement("reference-cpu").run.versions), read_pins(pins)
    ) == [f"torch: recorded {recorded}, pinned 2.13.1+cpu"]


def test_no_gpu_run_is_recorded_unless_one_ran(guide: mlguide.Guide) -> None:
    """The bundled runs are CPU runs: the guide claims nothing about GPUs (a GPU run would
    have to be a recorded file with device = "gpu" and its GPU's name)."""
    assert {r.run.device for r in guide.measurements} == {"cpu"}
    assert all(r.run.device_name is None for r in guide.measurements)


def test_the_reference_run_compares_every_variant_on_every_workload(guide: mlguide.Guide) -> None:
    """Three workloads by nine variants, each with the guide's framework; five trials."""
    run = guide.measurement("reference-cpu")
    assert [w.id for w in run.workloads] == ["mlp", "cnn", "transformer"]
    assert {v.framework for v in run.variants} == {"tensorflow", "pytorch", "jax", "keras"}
    assert len(run.variants) == 9 and len(run.results) == 27
    assert run.run.trials == 5 and run.run.size == "reference"
