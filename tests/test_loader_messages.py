"""The loader's error messages, word for word: each bad data file gives exactly this location
and this text (the field path, the closest known id, how many more problems the file has); the
frameworks come in the order guide.toml gives, the others after it by id; and two directories
merge as documented (what the later one replaces, adds and leaves alone, where each entry came
from, and errors located in the file that holds the entry)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mlguide
from tests.conftest import MINIMAL_DATA

PYTORCH = "frameworks/pytorch.toml"
LICENSE = 'license = "BSD-3-Clause"\n'
HOMEPAGE = 'homepage = "https://pytorch.org"\n'
CREATOR = 'creator = "Facebook AI Research (now Meta)"\n'
PLATFORMS = 'platforms = ["Linux", "macOS", "Windows"]'
ORDER = 'frameworks = ["tensorflow", "pytorch"]'
CLAIM_ASPECTS = 'aspects = ["execution-model"]'

NEW_ASPECT = '\n[[aspects]]\nid = "hardware"\ntitle = "Hardware"\nquestion = "Which chips?"\ngroup = "Background"\n'
ONLY_POSITIONS = '[positions.origin]\nunknown = "not researched"\n'

#: Each case: edits (file, text to replace, replacement; ``None`` appends the replacement to
#: the file, creating it), then the file, location and message of the error.
CASES: dict[str, tuple[list[tuple[str, str | None, str]], str, str, str]] = {
    "unknown key, nothing close": (
        [(PYTORCH, 'color = "#d43c26"', 'color = "#d43c26"\nzqxv = 1')],
        PYTORCH,
        "framework.zqxv",
        "unknown key",
    ),
    "a field of another kind is not suggested as itself": (
        [(PYTORCH, 'color = "#d43c26"', 'color = "#d43c26"\ntask = "x"')],
        PYTORCH,
        "framework.task",
        "unknown key",
    ),
    "wrong type shows the value": (
        [(PYTORCH, PLATFORMS, 'platforms = "Linux"')],
        PYTORCH,
        "framework.platforms",
        "Input should be a valid tuple (got str 'Linux')",
    ),
    "a long wrong value is shortened in the message": (
        [(PYTORCH, PLATFORMS, f'platforms = "{"L" * 5000}"')],
        PYTORCH,
        "framework.platforms",
        f"Input should be a valid tuple (got str '{'L' * 27}...{'L' * 28}')",
    ),
    "a deep wrong value is shortened in the message": (
        [(PYTORCH, PLATFORMS, 'platforms = [[[[["Linux"]]]]]')],
        PYTORCH,
        "framework.platforms[0]",
        "Input should be a valid string (got list [[[...]]])",
    ),
    "list index in the path": (
        [(PYTORCH, PLATFORMS, 'platforms = ["Linux", 3]')],
        PYTORCH,
        "framework.platforms[1]",
        "Input should be a valid string (got int 3)",
    ),
    "one more problem": (
        [(PYTORCH, LICENSE, ""), (PYTORCH, HOMEPAGE, "")],
        PYTORCH,
        "framework.license",
        "required field is missing (and 1 more problem in this file)",
    ),
    "two more problems": (
        [(PYTORCH, LICENSE, ""), (PYTORCH, HOMEPAGE, ""), (PYTORCH, CREATOR, "")],
        PYTORCH,
        "framework.creator",
        "required field is missing (and 2 more problems in this file)",
    ),
    "a misspelt key comes before an earlier field's wrong type": (
        [(PYTORCH, 'name = "PyTorch"', "name = 3"), (PYTORCH, "homepage =", "homepag =")],
        PYTORCH,
        "framework.homepag",
        # the wrong type of `name`; the `homepage` the misspelling leaves missing is no
        # second problem
        "unknown key; did you mean 'homepage'? (and 1 more problem in this file)",
    ),
    "a wrong type comes before an earlier missing field": (
        [(PYTORCH, LICENSE, ""), (PYTORCH, PLATFORMS, 'platforms = "Linux"')],
        PYTORCH,
        "framework.platforms",
        "Input should be a valid tuple (got str 'Linux') (and 1 more problem in this file)",
    ),
    "a check's own message, without pydantic's prefix": (
        [(PYTORCH, 'color = "#d43c26"', 'color = "red"')],
        PYTORCH,
        "framework.color",
        "'red' is not a 6-digit hex colour such as '#d43c26'",
    ),
    "a bad key of a table is marked (key)": (
        [(PYTORCH, "[positions.origin]", "[positions.Bad_Id]")],
        PYTORCH,
        "positions.Bad_Id (key)",
        "'Bad_Id' is not a valid id (lower-case letters, digits and single hyphens, starting "
        "with a letter) (and 2 more problems in this file)",
    ),
    "a position missing for an aspect of the same directory": (
        [("aspects.toml", None, NEW_ASPECT)],
        "frameworks/tensorflow.toml",
        "positions.hardware",
        # and the same for pytorch.toml: each is a problem of its own
        'missing: every framework needs a position on every aspect (or `unknown = "reason"`) '
        "(and 1 more problem in 2 files)",
    ),
    "positions for a framework nobody defines, nothing close": (
        [("frameworks/zzqx.toml", None, ONLY_POSITIONS)],
        "frameworks/zzqx.toml",
        "framework",
        "no [framework] table, and no framework 'zzqx' to add positions to",
    ),
    "positions for a framework nobody defines, one close": (
        [("frameworks/pytorh.toml", None, ONLY_POSITIONS)],
        "frameworks/pytorh.toml",
        "framework",
        "no [framework] table, and no framework 'pytorh' to add positions to; did you mean "
        "'pytorch'?",
    ),
    "a recommendation on an unknown aspect": (
        [("recommendations.toml", CLAIM_ASPECTS, 'aspects = ["execution-modle"]')],
        "recommendations.toml",
        "recommendations[0].aspects[0]",
        "unknown aspect 'execution-modle'; did you mean 'execution-model'?",
    ),
    "framework order names an unknown framework": (
        [("guide.toml", ORDER, 'frameworks = ["tensorflow", "pytorchx"]')],
        "guide.toml",
        "guide.frameworks[1]",
        "unknown framework 'pytorchx'; did you mean 'pytorch'?",
    ),
    "an unknown id with nothing close gets no suggestion": (
        [("guide.toml", ORDER, 'frameworks = ["tensorflow", "qqqqqqq"]')],
        "guide.toml",
        "guide.frameworks[1]",
        "unknown framework 'qqqqqqq'",
    ),
    "claim on an unknown aspect": (
        [("claims.toml", CLAIM_ASPECTS, 'aspects = ["execution-modle"]')],
        "claims.toml",
        "claims[0].aspects[0]",
        "unknown aspect 'execution-modle'; did you mean 'execution-model'?",
    ),
    "claim dated by an unknown framework": (
        [
            (
                "claims.toml",
                'since = { framework = "tensorflow"',
                'since = { framework = "tensorflw"',
            )
        ],
        "claims.toml",
        "claims[0].since.framework",
        "unknown framework 'tensorflw'; did you mean 'tensorflow'?",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_file_gives_this_location_and_message(case: str, data_copy: Path) -> None:
    """The error names the file (its path as given), the field path and exactly this text."""
    edits, file, location, message = CASES[case]
    for name, old, new in edits:
        path = data_copy / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if old is None:
            path.write_text(text + new, encoding="utf-8")
            continue
        assert old in text, f"test setup: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(mlguide.DataError) as info:
        # strict: a missing position is an error (without it, "not assessed")
        mlguide.load_uncached([data_copy], package_data=False, strict=True)
    assert (info.value.file, info.value.location, info.value.message) == (
        str(data_copy / file),
        location,
        message,
    )
    assert str(info.value) == f"{data_copy / file}: {location}: {message}"


def test_no_directory_at_all() -> None:
    """Neither the package data nor an extra directory: one error saying so."""
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([], package_data=False)
    assert str(info.value) == "(no data): no data directory given"


def test_no_guide_toml_anywhere(tmp_path: Path) -> None:
    """Directories without a guide.toml (and no package data): the error says none has one."""
    shutil.copytree(MINIMAL_DATA / "frameworks", tmp_path / "frameworks")
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([tmp_path], package_data=False)
    assert str(info.value) == "guide.toml: no data directory has a guide.toml"


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    """A data directory that is a loop of symbolic links is named in one error."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load(loop)
    assert (info.value.file, info.value.location) == (str(loop), "")
    assert str(info.value).startswith(f"{loop}: cannot resolve the data directory: ")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ('frameworks = ["pytorch", "tensorflow"]', ["pytorch", "tensorflow"]),
        ('frameworks = ["tensorflow"]', ["tensorflow", "pytorch"]),
        ("frameworks = []", ["pytorch", "tensorflow"]),
    ],
)
def test_framework_order(order: str, expected: list[str], data_copy: Path) -> None:
    """Frameworks come in guide.toml's order; those it leaves out follow, sorted by id."""
    path = data_copy / "guide.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(ORDER, order), encoding="utf-8")
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert [f.id for f in guide.frameworks] == expected


SOURCE = (
    '{ title = "T", url = "https://www.tensorflow.org/", publisher = "Google", '
    "accessed = 2026-11-26, primary = true }"
)
NODES = (
    '[[nodes]]\nid = "a"\nname = "A"\n[[nodes]]\nid = "b"\nname = "B"\nframework = "tensorflow"\n'
)
LINK = 'kind = "became"\nlabel = "L"\nsources = [' + SOURCE + "]\n"
EXAMPLE = (
    '[[examples]]\nid = "e"\ntitle = "E"\ndescription = "d"\naspects = ["{aspect}"]\n'
    'snippets = [{{ framework = "{framework}", file = "e/tensorflow.py" }}]\n'
)
SNIPPET = {"examples/e/tensorflow.py": "x = 1\n"}

#: Files added to the minimal data -> (file, location, message) of the error, or None: loads.
ADDED: dict[str, tuple[dict[str, str], tuple[str, str, str] | None]] = {
    "lineage: a good node and link load": (
        {"lineage.toml": NODES + '[[links]]\nsource = "a"\ntarget = "b"\n' + LINK},
        None,
    ),
    "lineage: a node id twice": (
        {"lineage.toml": NODES + '[[nodes]]\nid = "a"\nname = "A2"\n'},
        ("lineage.toml", "nodes[2].id", "duplicate id 'a'"),
    ),
    "lineage: a year without a source": (
        {"lineage.toml": NODES + '[[nodes]]\nid = "c"\nname = "C"\nyear = 2010\n'},
        ("lineage.toml", "nodes[2].sources", "a year or note needs a source"),
    ),
    "lineage: a note without a source": (
        {"lineage.toml": NODES + '[[nodes]]\nid = "c"\nname = "C"\nnote = "x"\n'},
        ("lineage.toml", "nodes[2].sources", "a year or note needs a source"),
    ),
    "lineage: a node of an unknown framework": (
        {"lineage.toml": NODES + '[[nodes]]\nid = "c"\nname = "C"\nframework = "pytorh"\n'},
        (
            "lineage.toml",
            "nodes[2].framework",
            "unknown framework 'pytorh'; did you mean 'pytorch'?",
        ),
    ),
    "lineage: a link from an unknown node": (
        {"lineage.toml": NODES + '[[links]]\nsource = "x"\ntarget = "b"\n' + LINK},
        ("lineage.toml", "links[0].source", "unknown node 'x'"),
    ),
    "lineage: a link to an unknown node": (
        {"lineage.toml": NODES + '[[links]]\nsource = "a"\ntarget = "bb"\n' + LINK},
        ("lineage.toml", "links[0].target", "unknown node 'bb'; did you mean 'b'?"),
    ),
    "example: a good snippet loads": (
        {"examples.toml": EXAMPLE.format(aspect="origin", framework="tensorflow")} | SNIPPET,
        None,
    ),
    "example: the snippet file is missing": (
        {"examples.toml": EXAMPLE.format(aspect="origin", framework="tensorflow")},
        (
            "examples.toml",
            "examples[0].snippets[0].file",
            "no such snippet file 'e/tensorflow.py'",
        ),
    ),
    "example: a snippet of an unknown framework": (
        {"examples.toml": EXAMPLE.format(aspect="origin", framework="tensorflw")} | SNIPPET,
        (
            "examples.toml",
            "examples[0].snippets[0].framework",
            "unknown framework 'tensorflw'; did you mean 'tensorflow'?",
        ),
    ),
    "example: an unknown aspect": (
        {"examples.toml": EXAMPLE.format(aspect="orign", framework="tensorflow")} | SNIPPET,
        (
            "examples.toml",
            "examples[0].aspects[0]",
            "unknown aspect 'orign'; did you mean 'origin'?",
        ),
    ),
    "equivalents: imports for an unknown framework": (
        {"equivalents.toml": '[imports]\ntensorflw = "import tensorflow as tf"\n'},
        (
            "equivalents.toml",
            "imports.tensorflw (key)",
            "unknown framework 'tensorflw'; did you mean 'tensorflow'?",
        ),
    ),
}


@pytest.mark.parametrize("case", list(ADDED), ids=list(ADDED))
def test_added_file_loads_or_gives_this_error(case: str, data_copy: Path) -> None:
    """Lineage, examples and equivalents added to the minimal data: a consistent file loads
    (and its entries are there), an inconsistent one gives exactly this location and text."""
    files, expected = ADDED[case]
    for name, text in files.items():
        path = data_copy / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if expected is None:
        guide = mlguide.load_uncached([data_copy], package_data=False)
        if "lineage.toml" in files:
            assert [(n.id, n.framework) for n in guide.lineage.nodes] == [
                ("a", None),
                ("b", "tensorflow"),
            ]
            assert [(k.source, k.target) for k in guide.lineage.links] == [("a", "b")]
        else:
            assert [e.id for e in guide.examples] == ["e"]
            assert guide.snippet_code("e", "tensorflow") == "x = 1\n"
        return
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    file, location, message = expected
    assert (info.value.file, info.value.location, info.value.message) == (
        str(data_copy / file),
        location,
        message,
    )


def test_framework_id_must_match_its_file_name(data_copy: Path) -> None:
    """A framework file whose id differs from its file name says both."""
    path = data_copy / "frameworks" / "tensorflow.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('id = "tensorflow"', 'id = "tensorflo"', 1), encoding="utf-8")
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    assert str(info.value) == (
        f"{path}: framework.id: id 'tensorflo' does not match the file name 'tensorflow'"
    )


# --- two directories merged -------------------------------------------------------

PT_ORIGIN = (
    "Created at Facebook AI Research as the Python successor to Lua Torch; PyTorch Foundation "
    "since 2022."
)
NODE = '[[nodes]]\nid = "{id}"\nname = "{name}"\n'


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_positions_only_file_replaces_one_position_and_keeps_the_rest(tmp_path: Path) -> None:
    """A later frameworks/pytorch.toml without a [framework] table replaces the positions it
    gives and keeps every other position and the framework itself; the origin of the replaced
    position is the later file."""
    extra = _write(
        tmp_path / "extra",
        {"frameworks/pytorch.toml": '[positions.origin]\nunknown = "being re-checked"\n'},
    )
    guide = mlguide.load_uncached([MINIMAL_DATA, extra], package_data=False)
    origin = guide.position("pytorch", "origin")
    assert (origin.summary, origin.unknown) == (None, "being re-checked")
    assert guide.position("tensorflow", "origin").unknown is None
    assert guide.framework("pytorch").name == "PyTorch"
    assert guide.origin("position", "pytorch/origin") == str(extra / "frameworks/pytorch.toml")
    assert guide.origin("position", "pytorch/deployment") == str(
        MINIMAL_DATA / "frameworks/pytorch.toml"
    )
    assert guide.origin("framework", "pytorch") == str(MINIMAL_DATA / "frameworks/pytorch.toml")
    assert guide.origin("aspect", "origin") == str(MINIMAL_DATA / "aspects.toml")
    assert guide.origin("aspect", "nowhere") == "the data"


def test_an_aspect_of_the_same_id_is_replaced_in_place(tmp_path: Path) -> None:
    """A later aspect with an id the earlier data has replaces it and keeps its place."""
    extra = _write(
        tmp_path / "extra",
        {
            "aspects.toml": '[[aspects]]\nid = "execution-model"\ntitle = "Execution"\n'
            'question = "Eager or graph?"\ngroup = "Core"\n'
        },
    )
    guide = mlguide.load_uncached([MINIMAL_DATA, extra], package_data=False)
    assert [(a.id, a.title) for a in guide.aspects][:2] == [
        ("origin", "Origin and governance"),
        ("execution-model", "Execution"),
    ]
    assert guide.origin("aspect", "execution-model") == str(extra / "aspects.toml")
    assert guide.position("pytorch", "origin").summary == PT_ORIGIN


def test_a_later_lineage_replaces_the_earlier_one(tmp_path: Path) -> None:
    """Each directory's lineage.toml replaces the one before: only the last one's nodes."""
    first = _write(tmp_path / "first", {"lineage.toml": NODE.format(id="a", name="A")})
    second = _write(tmp_path / "second", {"lineage.toml": NODE.format(id="b", name="B")})
    guide = mlguide.load_uncached([MINIMAL_DATA, first, second], package_data=False)
    assert [n.id for n in guide.lineage.nodes] == ["b"]
    assert mlguide.load_uncached([MINIMAL_DATA], package_data=False).lineage.nodes == ()


def test_later_imports_replace_per_framework(tmp_path: Path) -> None:
    """A later equivalents.toml's imports replace those of the same framework only."""
    first = _write(
        tmp_path / "first",
        {
            "equivalents.toml": '[imports]\ntensorflow = "import tensorflow"\npytorch = "import torch"\n'
        },
    )
    second = _write(
        tmp_path / "second", {"equivalents.toml": '[imports]\npytorch = "import torch as t"\n'}
    )
    guide = mlguide.load_uncached([MINIMAL_DATA, first, second], package_data=False)
    assert dict(guide.equivalent_imports) == {
        "tensorflow": "import tensorflow",
        "pytorch": "import torch as t",
    }


def test_a_verdict_led_by_an_unknown_framework_is_located_in_its_own_file(
    tmp_path: Path,
) -> None:
    """A verdict's leader must be a framework. The error locates the aspect by its place in
    the file that holds it (aspects[0] here), not by its place among the merged aspects
    (fifth), and gives the leader's index and the closest framework."""
    extra = _write(
        tmp_path / "extra",
        {
            "aspects.toml": '[[aspects]]\nid = "deployment"\ntitle = "Deployment"\n'
            'question = "How?"\ngroup = "Shipping"\n[aspects.verdict]\n'
            'leaders = ["tensorflow", "pytorh"]\nsummary = "Both."\n'
            '[[aspects.verdict.sources]]\ntitle = "T"\nurl = "https://www.tensorflow.org/"\n'
            'publisher = "Google"\naccessed = 2026-11-26\nprimary = true\n'
        },
    )
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([MINIMAL_DATA, extra], package_data=False)
    assert str(info.value) == (
        f"{extra / 'aspects.toml'}: aspects[0].verdict.leaders[1]: unknown framework 'pytorh'; "
        "did you mean 'pytorch'?"
    )


def test_a_later_claim_and_recommendation_are_located_in_their_own_file(tmp_path: Path) -> None:
    """A claim or recommendation added by a later directory is located by its index in that
    directory's file (claims[0], recommendations[0]), though the earlier data has others."""
    claim = (
        '[[claims]]\nid = "new-claim"\nclaim = "A claim."\naspects = ["orign"]\n'
        'verdict = "holds"\nexplanation = "Why."\n[[claims.sources]]\ntitle = "T"\n'
        'url = "https://www.tensorflow.org/"\npublisher = "Google"\n'
        "accessed = 2026-11-26\nprimary = true\n"
    )
    extra = _write(tmp_path / "claims", {"claims.toml": claim})
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([MINIMAL_DATA, extra], package_data=False)
    assert (info.value.location, info.value.message) == (
        "claims[0].aspects[0]",
        "unknown aspect 'orign'; did you mean 'origin'?",
    )
    rec = (MINIMAL_DATA / "recommendations.toml").read_text(encoding="utf-8")
    bad = rec.replace('id = "beginner"', 'id = "researcher"').replace(
        'picks = ["pytorch", "tensorflow"]', 'picks = ["pytorch", "tensorflw"]'
    )
    extra = _write(tmp_path / "recs", {"recommendations.toml": bad})
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([MINIMAL_DATA, extra], package_data=False)
    assert (info.value.location, info.value.message) == (
        "recommendations[0].picks[1]",
        "unknown framework 'tensorflw'; did you mean 'tensorflow'?",
    )


# --- snippet files ------------------------------------------------------------------

SNIPPET_FILE = "examples/e/tensorflow.py"


def _with_snippet(data: Path, code: bytes) -> None:
    (data / "examples.toml").write_text(
        EXAMPLE.format(aspect="origin", framework="tensorflow"), encoding="utf-8"
    )
    path = data / SNIPPET_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(code)


def test_a_snippet_with_crlf_line_ends_and_form_feeds_loads(data_copy: Path) -> None:
    """Carriage returns (CRLF line ends), form feeds and tabs are allowed in a snippet."""
    _with_snippet(data_copy, b"x = 1\r\n\f\ty = 2\r\n")
    guide = mlguide.load_uncached([data_copy], package_data=False)
    assert guide.snippet_path("e", "tensorflow") == data_copy / SNIPPET_FILE


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            b"x = 1\x1b[2J\n",
            "control character U+001B in code "
            "(a snippet may hold newlines, tabs and form feeds only)",
        ),
        (b"x = 1\nname = '\xff'\n", "not UTF-8 text: byte 0xff on line 2"),
    ],
    ids=["escape", "not-utf8"],
)
def test_a_bad_snippet_is_named_by_its_own_path(code: bytes, message: str, data_copy: Path) -> None:
    """A control character or bytes that are not UTF-8 in a snippet: the error names the
    snippet file itself (no field) and says what is wrong."""
    _with_snippet(data_copy, code)
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    assert str(info.value) == f"{data_copy / SNIPPET_FILE}: {message}"
    assert info.value.location == ""


def test_claims_and_recommendations_know_their_file() -> None:
    """The guide names the file each claim and recommendation came from."""
    guide = mlguide.load_uncached([MINIMAL_DATA], package_data=False)
    assert guide.origin("claim", "static-vs-dynamic-graphs") == str(MINIMAL_DATA / "claims.toml")
    assert guide.origin("recommendation", "beginner") == str(MINIMAL_DATA / "recommendations.toml")
