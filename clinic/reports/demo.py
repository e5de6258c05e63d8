"""Every page printed from a demo clinic says so, so a demo register or log is never taken for real."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from clinic.reports.fonts import cjk_font

DEMO_MARK = "DEMO 示范 · 虚构患者 fictional patients"


def stamp(pdf: Canvas) -> None:
    """A large, light diagonal mark across the page, drawn over its content."""
    width, height = pdf._pagesize
    size = max(8.0, min(width, height) / 14)
    pdf.saveState()
    pdf.setFont(cjk_font(), size)
    pdf.setFillColorRGB(0.8, 0.05, 0.1)
    pdf.setFillAlpha(0.16)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(30 if width >= height else 55)
    pdf.drawCentredString(0, -size / 3, DEMO_MARK)
    pdf.restoreState()


class DemoCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A canvas that marks each page as demo data as the page is finished."""

    def showPage(self) -> None:
        stamp(self)
        super().showPage()


def canvas_for(demo: bool) -> type[Canvas]:
    return DemoCanvas if demo else Canvas
