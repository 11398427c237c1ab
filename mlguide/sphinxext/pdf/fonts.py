"""The fonts the print theme asks for, and a check that fontconfig (WeasyPrint's font source)
has each of them: a missing one is a warning naming it and how to get it, instead of a PDF
silently set in a fallback face."""

from __future__ import annotations

__all__ = ["FONTS", "missing_fonts"]

#: Font family → where to get it. The print stylesheet sets body text in Charis SIL, headings,
#: labels, running headers and footers in Inter, and code in JetBrains Mono.
FONTS = {
    "Charis SIL": "Debian/Ubuntu package fonts-sil-charis, or https://software.sil.org/charis/",
    "Inter": "Debian/Ubuntu package fonts-inter, or https://rsms.me/inter/",
    "JetBrains Mono": (
        "Debian/Ubuntu package fonts-jetbrains-mono, or https://www.jetbrains.com/lp/mono/"
    ),
}


def matched_family(family: str) -> str:
    """The family fontconfig picks for ``family`` (as ``fc-match`` does), through the same
    library WeasyPrint uses."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return ""
        try:
            name = ffi.new("FcChar8 **")
            if fontconfig.FcPatternGetString(match, b"family", 0, name) != 0:
                return ""
            return str(ffi.string(ffi.cast("char *", name[0])).decode("utf-8", "replace"))
        finally:
            fontconfig.FcPatternDestroy(match)
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)


def missing_fonts() -> dict[str, str]:
    """Each font of :data:`FONTS` that fontconfig does not have, with where to get it."""
    return {
        family: source
        for family, source in FONTS.items()
        if matched_family(family).casefold() != family.casefold()
    }
