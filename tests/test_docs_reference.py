"""The extension's page documents every directive and every option each one takes."""

from __future__ import annotations

from pathlib import Path

from mlguide.sphinxext.directives import DIRECTIVES

PAGE = Path(__file__).resolve().parent.parent / "source" / "extension.md"


def test_every_directive_and_option_is_documented() -> None:
    """Each directive has a row naming its options, and each option a row in the options
    table (walked from the directives' own option specs)."""
    text = PAGE.read_text()
    rows = {
        line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `")
    }
    for name, directive in DIRECTIVES.items():
        key = next((k for k in rows if k.startswith(f"`mlguide:{name}")), None)
        assert key is not None, f"mlguide:{name} has no row"
        for option in directive.option_spec:
            if option == "class":
                continue
            assert f"`{option}`" in rows[key], f"mlguide:{name}: option {option} not in its row"
            assert any(f"`{option}`" in k.split(", ") for k in rows), (
                f"option {option} has no row of its own"
            )
    assert "| `class` | all |" in text
