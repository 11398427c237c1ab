"""The bundled frameworks' colours: each its own hue, and visible on a light and a dark page.

A framework's colour is drawn as a graphic only (a card's edge, a timeline marker, a picture's
frame), always beside a second cue (its name, its marker's shape), never as text; so it needs
the 3:1 contrast of WCAG 2.2's non-text contrast (1.4.11) against the page in both modes. The
browser tests check that no text is drawn in it (tests/test_browser.py)."""

from __future__ import annotations

import colorsys
import itertools

import pytest

import mlguide

#: The pages the colours are drawn on: white, and furo's dark background.
LIGHT, DARK = "#ffffff", "#131416"
#: Non-text contrast (WCAG 2.2, 1.4.11).
LEAST_CONTRAST = 3.0
#: Hues closer than this read as one colour (Keras's #d00000 and PyTorch's #d43c26 were 7.6°).
LEAST_HUE_APART = 15.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2.2's definition) of ``#rrggbb``."""
    r, g, b = (_channel(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hue(color: str) -> float:
    """Hue in degrees."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def hues_apart(a: str, b: str) -> float:
    apart = abs(hue(a) - hue(b)) % 360
    return min(apart, 360 - apart)


@pytest.mark.parametrize(
    ("color", "page", "passes"),
    [
        ("#949494", LIGHT, True),  # 3.03:1
        ("#959595", LIGHT, False),  # 2.99:1
        ("#626262", DARK, True),  # 3.02:1
        ("#616161", DARK, False),  # 2.98:1
    ],
)
def test_contrast_check_on_both_sides_of_three_to_one(color: str, page: str, passes: bool) -> None:
    """The contrast measure passes a grey just above 3:1 and fails one just below it, on the
    light page and on the dark one (values worked out by hand from WCAG's formula)."""
    assert (contrast(color, page) >= LEAST_CONTRAST) is passes


def test_hue_check_tells_the_old_reds_apart_from_the_new_colours() -> None:
    """The hue measure: the two reds of the old data are too close; red and orange are not."""
    assert hues_apart("#d00000", "#d43c26") < LEAST_HUE_APART
    assert hues_apart("#d43c26", "#d86a0a") >= LEAST_HUE_APART
    assert hues_apart("#ff0000", "#ff0040") == pytest.approx(15.06, abs=0.01)  # wraps at 360


def test_every_framework_has_its_own_hue() -> None:
    """No two bundled frameworks share a colour: their hues are at least 15° apart."""
    frameworks = mlguide.load().frameworks
    close = [
        (a.id, a.color, b.id, b.color, round(hues_apart(a.color, b.color), 1))
        for a, b in itertools.combinations(frameworks, 2)
        if hues_apart(a.color, b.color) < LEAST_HUE_APART
    ]
    assert close == []


@pytest.mark.parametrize("page", [LIGHT, DARK], ids=["light", "dark"])
def test_every_framework_colour_shows_on_light_and_dark_pages(page: str) -> None:
    """Each bundled colour has 3:1 contrast or more against the page, in both modes."""
    low = {
        f.id: round(contrast(f.color, page), 2)
        for f in mlguide.load().frameworks
        if contrast(f.color, page) < LEAST_CONTRAST
    }
    assert low == {}
