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
def cjk_font() -> str:
    """The registered name of a font that draws Chinese and Latin text."""
    shipped = Path(__file__).resolve().parents[2] / "resources" / "fonts"
    paths = [(str(p), None) for p in sorted(shipped.glob("*.ttf"))] if shipped.is_dir() else []
    for path, index in [*paths, *CANDIDATES]:
        if Path(path).exists():
            try:
                font = TTFont("ClinicCJK", path, subfontIndex=index or 0)
            except Exception:  # a font reportlab can't embed (CFF outlines): try the next
                continue
            pdfmetrics.registerFont(font)
            return "ClinicCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
