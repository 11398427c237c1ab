"""A QR code for a web address, drawn as SVG for the PDF (generated offline with segno).

The printed handout sends its reader to the site with a code a phone can scan; the address is
the project's own configuration, and the SVG is segno's, so the markup is trusted.
"""

from __future__ import annotations

__all__ = ["qr_svg"]


def qr_svg(url: str) -> str:
    """``url`` as an inline SVG QR code (medium error correction, a quiet zone of four
    modules, as scanners expect), scaled by CSS (``.mlguide-qr svg``). Its ``<title>`` names
    the address: WeasyPrint writes it as the figure's ``/Alt`` text, read out instead of the
    picture."""
    import segno

    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(
        scale=1,
        border=4,
        dark="#000000",
        light="#ffffff",
        omitsize=False,
        title=f"QR code for {url}",
    )
    return svg
