"""Claim verdicts beyond holds/outdated/wrong, and the data growing with the 2026 aspects.

A claim can *partly hold*, with a caveat that every output shows next to the verdict, and an
outdated claim may name no release when a trend rather than a version outdated it. The
package data is checked against the files themselves (read here with ``tomllib``), so the
expected values never come from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import mlguide
from mlguide.cli import main
from mlguide.errors import DataError

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "mlguide" / "data"

#: The aspects the 2026 edition added; each must be a full aspect of the guide.
NEW_ASPECTS = {"llm-tooling", "quantization", "interoperability", "compilers", "release-health"}
#: The reader profiles the 2026 edition added.
NEW_PROFILES = {"job-seeker", "llm-fine-tuning-serving", "apple-silicon-laptop"}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


def claims_in_files() -> list[dict[str, Any]]:
    """The claims as written in claims.toml, read without mlguide."""
    with (DATA / "claims.toml").open("rb") as f:
        claims: list[dict[str, Any]] = tomllib.load(f)["claims"]
    return claims


def partly_holding() -> list[dict[str, Any]]:
    found = [c for c in claims_in_files() if c["verdict"] == "partly-holds"]
    assert found, "the package data has claims that partly hold"
    return found


def edit_claim(data: Path, claim_id: str, old: str, new: str) -> None:
    """Rewrite one line of a claim in a copied data directory."""
    path = data / "claims.toml"
    text = path.read_text()
    start = text.index(f'id = "{claim_id}"')
    end = text.find("[[claims]]", start)
    end = len(text) if end < 0 else end
    block = text[start:end]
    assert old in block
    path.write_text(text[:start] + block.replace(old, new, 1) + text[end:])


# --- the model --------------------------------------------------------------------------


def test_partly_holds_without_caveat_names_file_and_field(data_copy: Path) -> None:
    """A claim marked 'partly-holds' without a caveat is refused, naming file and field."""
    edit_claim(
        data_copy, "static-vs-dynamic-graphs", 'verdict = "outdated"', 'verdict = "partly-holds"'
    )
    edit_claim(data_copy, "static-vs-dynamic-graphs", "since = {", "# since = {")
    with pytest.raises(DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    message = str(info.value)
    assert "claims.toml" in message and "claims[0]" in message
    assert "caveat" in message


def test_caveat_on_another_verdict_is_refused(data_copy: Path) -> None:
    """A caveat belongs to 'partly-holds' only; on another verdict it is an error, not ignored."""
    edit_claim(
        data_copy,
        "static-vs-dynamic-graphs",
        'verdict = "outdated"',
        'verdict = "outdated"\ncaveat = "but"',
    )
    with pytest.raises(DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    assert "caveat" in str(info.value) and "claims.toml" in str(info.value)


def test_outdated_claim_may_name_no_release(data_copy: Path) -> None:
    """An outdated claim without `since` loads, and its verdict reads plainly 'outdated'."""
    edit_claim(data_copy, "static-vs-dynamic-graphs", "since = {", "# since = {")
    guide = mlguide.load_uncached([data_copy], package_data=False)
    claim = guide.claim("static-vs-dynamic-graphs")
    assert claim.since is None
    assert claim.verdict_text() == "outdated"


def test_unknown_verdict_kind_is_refused(data_copy: Path) -> None:
    """A misspelt verdict ('partly' for 'partly-holds') is an error naming the field."""
    edit_claim(data_copy, "static-vs-dynamic-graphs", 'verdict = "outdated"', 'verdict = "partly"')
    with pytest.raises(DataError) as info:
        mlguide.load_uncached([data_copy], package_data=False)
    assert "claims[0].verdict" in str(info.value)


# --- the caveat wherever the verdict is shown -------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown"])
def test_cli_claims_show_the_caveat(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`mlguide claims` in every format prints 'partly holds' followed by the claim's caveat."""
    out = run(["claims", "-f", fmt], capsys)
    if fmt == "json":
        verdicts = {c["id"]: c["verdict"] for c in json.loads(out)}
    elif fmt == "csv":
        verdicts = {r["id"]: r["verdict"] for r in csv.DictReader(io.StringIO(out))}
    else:
        verdicts = {}
    flat = " ".join(out.replace("`", "").split())
    for claim in partly_holding():
        caveat = " ".join(claim["caveat"].replace("`", "").split())
        if verdicts:
            assert verdicts[claim["id"]] == f"partly holds: {caveat}"
        else:
            assert f"partly holds: {caveat}" in flat


def test_export_carries_verdict_kind_and_caveat(capsys: pytest.CaptureFixture[str]) -> None:
    """`mlguide export` (JSON) keeps each claim's verdict kind, caveat and missing `since`."""
    exported = {c["id"]: c for c in json.loads(run(["export"], capsys))["claims"]}
    for claim in claims_in_files():
        entry = exported[claim["id"]]
        assert entry["verdict"] == claim["verdict"]
        assert entry["caveat"] == claim.get("caveat", "").strip() or entry["caveat"] is None
        assert (entry["since"] is None) == ("since" not in claim)


@pytest.mark.sphinx
def test_html_claim_card_shows_badge_then_caveat(
    make_app: Any, tmp_path: Path, data_copy: Path
) -> None:
    """In HTML, a partly-holding claim has its own badge class and the caveat right after it."""
    edit_claim(
        data_copy, "static-vs-dynamic-graphs", 'verdict = "outdated"', 'verdict = "partly-holds"'
    )
    edit_claim(
        data_copy,
        "static-vs-dynamic-graphs",
        "since = {",
        'caveat = "TensorFlow 1.x code still builds `Session` graphs"\n# since = {',
    )
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "mlguide.sphinxext"]\n'
        "mlguide_package_data = False\n"
        f"mlguide_data_dirs = [{str(data_copy)!r}]\n"
    )
    (src / "index.md").write_text("# Claims\n\n```{mlguide:claims}\n```\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    card = soup.select_one("#mlguide-claim-static-vs-dynamic-graphs")
    assert card is not None
    verdict = card.select_one(".mlguide-claim-verdict")
    assert verdict is not None
    badge = verdict.select_one(".mlguide-badge.mlguide-verdict-partly-holds")
    assert badge is not None and badge.get_text(strip=True) == "Partly holds"
    caveat = verdict.select_one(".mlguide-caveat")
    assert caveat is not None and caveat.find("code").get_text() == "Session"
    assert " ".join(verdict.get_text().split()) == (
        "Partly holds: TensorFlow 1.x code still builds Session graphs"
    )


# --- the data grows with the 2026 edition -----------------------------------------------


def test_at_least_eighteen_aspects_including_the_new_five(guide: mlguide.Guide) -> None:
    """The guide compares at least 18 aspects, among them the five added for 2026."""
    with (DATA / "aspects.toml").open("rb") as f:
        ids = [a["id"] for a in tomllib.load(f)["aspects"]]
    assert len(ids) >= 18
    assert set(ids) >= NEW_ASPECTS
    assert guide.aspect_ids == ids


def test_new_aspects_have_four_sourced_positions_and_a_verdict(guide: mlguide.Guide) -> None:
    """Each new aspect has a known, sourced position for all four frameworks and a verdict."""
    for aspect_id in sorted(NEW_ASPECTS):
        aspect = guide.aspect(aspect_id)
        assert aspect.verdict is not None and aspect.verdict.sources, aspect_id
        for framework in ("tensorflow", "pytorch", "jax", "keras"):
            position = guide.position(framework, aspect_id)
            assert position.is_known and position.details.strip(), (framework, aspect_id)
            assert position.sources, (framework, aspect_id)


def test_every_aspect_has_its_own_page_in_the_guide() -> None:
    """Every aspect in aspects.toml has a page under source/differences rendering it, listed in
    the section's table of contents in data order."""
    with (DATA / "aspects.toml").open("rb") as f:
        ids = [a["id"] for a in tomllib.load(f)["aspects"]]
    pages = REPO / "source" / "differences"
    for aspect_id in ids:
        page = pages / f"{aspect_id}.md"
        assert page.is_file(), aspect_id
        assert re.search(rf"```\{{mlguide:aspect\}} {aspect_id}\n", page.read_text()), aspect_id
    toc = (pages / "index.md").read_text().split("```{toctree}", 1)[1].split("```", 1)[0]
    assert [line for line in toc.splitlines()[2:] if line.strip()] == ids


def test_pytorch_deployment_names_its_serving_options(guide: mlguide.Guide) -> None:
    """PyTorch's deployment position names the real serving paths, each with a cited source."""
    position = guide.position("pytorch", "deployment")
    text = f"{position.summary} {position.details}"
    urls = " ".join(s.url for s in position.sources)
    for name, site in [
        ("vLLM", "vllm-project/vllm"),
        ("SGLang", "sgl-project/sglang"),
        ("Triton", "triton-inference-server"),
        ("KServe", "kserve"),
        ("Ray Serve", "docs.ray.io"),
        ("Torch-TensorRT", "TensorRT"),
        ("ONNX Runtime", "onnxruntime"),
        ("AOTInductor", "aot_inductor"),
    ]:
        assert name in text, name
        assert site in urls, site


def test_new_profiles_exist_and_cite_their_aspects(guide: mlguide.Guide) -> None:
    """The three new reader profiles exist, tie to aspects, and cite primary sources."""
    ids = {r.id for r in guide.recommendations}
    assert ids >= NEW_PROFILES
    assert len(ids) >= 10
    for profile in sorted(NEW_PROFILES):
        rec = guide.recommendation(profile)
        assert rec.aspects and all(a in guide.aspect_ids for a in rec.aspects)
        assert any(s.primary for s in rec.sources)


def test_every_partly_holding_claim_has_a_caveat_and_only_those() -> None:
    """In the files, 'caveat' appears exactly on the claims that partly hold."""
    for claim in claims_in_files():
        assert ("caveat" in claim) == (claim["verdict"] == "partly-holds"), claim["id"]
        assert claim["verdict"] in {"holds", "partly-holds", "outdated", "wrong"}
