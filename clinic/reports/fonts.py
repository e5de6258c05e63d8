"""A CJK font for reportlab: a TrueType font embedded when one is installed, else the STSong CID font."""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", None),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
)


@functools.cache
def cjk_font_file() -> str | None:
    """The TrueType file our PDFs embed for Chinese and Latin text, None if none is found.

    The print helper lays a page's text in this same font: a font that draws an ideograph and
    the look-alike Kangxi radical with one glyph (Noto CJK does) would make a printed PDF's
    text read back as radicals (⼀ for 一), and no search would find it."""
    shipped = Path(__file__).resolve().parents[2] / "resources" / "fonts"
    paths = [(str(p), None) for p in sorted(shipped.glob("*.ttf"))] if shipped.is_dir() else []
    for path, index in [*paths, *CANDIDATES]:
        if Path(path).exists():
            try:
                font = TTFont("ClinicCJK", path, subfontIndex=index or 0)
            except Exception:  # a font reportlab can't embed (CFF outlines): try the next
                continue
            pdfmetrics.registerFont(font)
            return path
    return None


@functools.cache
def cjk_font() -> str:
    """The registered name of a font that draws Chinese and Latin text."""
    if cjk_font_file() is not None:
        return "ClinicCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
