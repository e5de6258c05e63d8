"""Print any of our PDFs, with a preview, so the paper looks exactly like "Save as PDF".

Our documents are reportlab PDFs made in the core. Qt cannot draw a PDF itself here (QtPdf is not
in PySide6-Addons' wheel), so each page is rendered by pdfium (pypdfium2) at the printer's
resolution (capped, so a 1200 dpi PDF printer does not need a gigabyte per page) and drawn onto
the QPrinter, the page's size and orientation taken from the PDF page. The page's text is laid
under the image, transparent, at the same positions: a print to a PDF file stays searchable and
its words can be read back, while the paper shows only the rendered page.

The one API for every document:
- print_pdf(parent, title, pdf_bytes): the preview dialog, opened (not exec'd) and returned;
- print_in_background(parent, title, build): BUILD(progress) runs in a worker, then the preview;
- print_pdf_to(printer, pdf_bytes): paint every page onto PRINTER (what the preview calls).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from clinic.errors import ClinicError
from clinic.reports.fonts import cjk_font_file
from clinic.ui.common import error_text
from clinic.ui.worker import Progress, run_in_background

MAX_DPI = 300  # enough for print; a page at 1200 dpi would be ~400 MB of pixels
PREVIEW_DPI = 150  # the preview's own "printer" reports screen-like resolutions


def page_layout(width_pt: float, height_pt: float) -> QPageLayout:
    """A PDF page's size and orientation as a borderless page layout."""
    landscape = width_pt > height_pt
    size = QSizeF(min(width_pt, height_pt), max(width_pt, height_pt))
    page_size = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def page_count(pdf_bytes: bytes) -> int:
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return len(document)
    finally:
        document.close()


def render_page(page: pdfium.PdfPage, dpi: float) -> QImage:
    """The page as an opaque RGB image at DPI."""
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, fill_color=(255, 255, 255, 255))
    try:
        image = QImage(
            bitmap.buffer,
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGB888
            if bitmap.n_channels == 3
            else QImage.Format.Format_RGBA8888,
        )
        return image.copy()  # the bitmap's memory goes with it
    finally:
        bitmap.close()


@functools.cache
def _text_family() -> str | None:
    """The family of the font our PDFs embed, loaded into Qt once (None: Qt's default)."""
    path = cjk_font_file()
    if path is None:
        return None
    loaded = QFontDatabase.addApplicationFont(path)
    families = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
    return families[0] if families else None


TextRun = tuple[tuple[float, float, float, float], str]  # (left, bottom, right, top) in pt


@dataclass(frozen=True)
class PreparedPage:
    """One page ready to paint: its size in points, its pixels, its text runs."""

    width_pt: float
    height_pt: float
    image: QImage
    runs: tuple[TextRun, ...]


def _page_ready(page: pdfium.PdfPage, dpi: float) -> PreparedPage:
    text_page = page.get_textpage()
    try:
        runs = []
        for index in range(text_page.count_rects()):
            left, bottom, right, top = text_page.get_rect(index)
            text = text_page.get_text_bounded(left, bottom, right, top).strip()
            if text and right > left and top > bottom:
                runs.append(((left, bottom, right, top), text))
    finally:
        text_page.close()
    return PreparedPage(page.get_width(), page.get_height(), render_page(page, dpi), tuple(runs))


def prepare_pages(
    pdf_bytes: bytes, dpi: float, progress: Callable[[int, int], None] | None = None
) -> list[PreparedPage]:
    """Every page rendered at DPI with its text runs. Needs no GUI thread (pdfium and QImage
    only), so a long document is prepared in a worker, with progress, before its preview opens."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        pages = []
        total = len(document)
        for number in range(total):
            page = document[number]
            try:
                pages.append(_page_ready(page, dpi))
            finally:
                page.close()
            if progress is not None:
                progress(number + 1, total)
        return pages
    finally:
        document.close()


def _lay_text(painter: QPainter, page: PreparedPage, target: QRectF, scale: float) -> None:
    """Each run of the page's text, transparent, stretched over the rectangle it fills."""
    painter.save()
    painter.setPen(QPen(QColor(0, 0, 0, 0)))
    family = _text_family()
    font = QFont(family) if family else QFont()
    for (left, bottom, right, top), text in page.runs:
        box = QRectF(
            target.left() + left * scale,
            target.top() + (page.height_pt - top) * scale,
            (right - left) * scale,
            (top - bottom) * scale,
        )
        font.setPixelSize(max(1, round(box.height() * 0.85)))
        painter.setFont(font)
        natural = painter.fontMetrics().horizontalAdvance(text) or 1
        painter.save()
        painter.translate(box.left(), box.bottom() - box.height() * 0.2)
        painter.scale(box.width() / natural, 1.0)
        painter.drawText(QPointF(0, 0), text)
        painter.restore()
    painter.restore()


def paint_pages(
    printer: QPrinter,
    pages: Iterable[PreparedPage],
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    """Paint PAGES onto PRINTER, each page its own size and orientation; the pages painted."""
    painter = QPainter()
    painted = 0
    try:
        for page in pages:
            if painted == 0:
                printer.setFullPage(True)
                printer.setPageLayout(page_layout(page.width_pt, page.height_pt))
                if not painter.begin(printer):
                    raise ClinicError(en="The printer could not be opened.", zh="无法打开打印机。")
            else:
                now = printer.pageLayout().fullRect(QPageLayout.Unit.Point)
                size = (round(page.width_pt), round(page.height_pt))
                if (round(now.width()), round(now.height())) != size:
                    # a page of another size or orientation (a PDF file takes it; a printer
                    # driver or the preview may keep the first page's and scale into it)
                    printer.setPageLayout(page_layout(page.width_pt, page.height_pt))
                printer.newPage()
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            _lay_text(painter, page, target, target.width() / page.width_pt)
            painter.drawImage(target, page.image)
            painted += 1
            if progress is not None:
                progress(painted, total)
        return painted
    finally:
        if painter.isActive():
            painter.end()


def print_pdf_to(
    printer: QPrinter,
    pdf_bytes: bytes,
    *,
    dpi: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Paint every page of PDF_BYTES onto PRINTER, each page its own size; the pages painted.

    Pages are rendered one at a time as they are painted (lazily), at the printer's resolution
    (at most MAX_DPI) unless DPI says, so a long register never holds more than one page's
    pixels."""
    resolution = dpi or min(printer.resolution(), MAX_DPI)
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        total = len(document)

        def pages() -> Iterator[PreparedPage]:
            for number in range(total):
                page = document[number]
                try:
                    ready = _page_ready(page, resolution)
                finally:
                    page.close()
                yield ready

        return paint_pages(printer, pages(), progress, total)
    finally:
        document.close()


class PrintPreview(QPrintPreviewDialog):
    """The print preview of one PDF; its Print button prints the same pages."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        pdf_bytes: bytes,
        prepared: list[PreparedPage] | None = None,
    ) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        super().__init__(printer, parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(title)
        self.pdf_bytes = pdf_bytes
        self.title = title
        self.printer_used = printer
        self.pages_painted = 0
        self.prepared = prepared  # the pages at PREVIEW_DPI, made once
        self.resize(900, 760)
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        engine = printer.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Picture:
            # the preview records into a picture: the pages prepared at screen quality,
            # rendered once (in the worker for a long document), however often it repaints
            if self.prepared is None:
                self.prepared = prepare_pages(self.pdf_bytes, PREVIEW_DPI)
            self.pages_painted = paint_pages(printer, self.prepared, total=len(self.prepared))
        else:  # the real printer: each page rendered at its resolution as it is printed
            self.pages_painted = print_pdf_to(printer, self.pdf_bytes)


def print_pdf(
    parent: QWidget | None,
    title: str,
    pdf_bytes: bytes,
    prepared: list[PreparedPage] | None = None,
) -> PrintPreview:
    """Open the print preview of PDF_BYTES (window-modal, not blocking) and return it; PREPARED
    (from prepare_pages at PREVIEW_DPI) spares the UI thread the rendering."""
    dialog = PrintPreview(parent, title, pdf_bytes, prepared)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog


def print_in_background(
    parent: QWidget,
    title: str,
    build: Callable[[Progress], bytes],
    *,
    on_shown: Callable[[PrintPreview], Any] | None = None,
    on_failed: Callable[[Exception], Any] | None = None,
) -> None:
    """Build the PDF in a worker (progress that moves, Cancel), then open its print preview.
    ON_FAILED (else a message box) hears of a refusal or a Cancel."""

    def work(progress: Progress) -> tuple[bytes, list[PreparedPage]]:
        pdf = build(progress)
        return pdf, prepare_pages(pdf, PREVIEW_DPI, progress)  # the bar fills again: pages

    def done(made: tuple[bytes, list[PreparedPage]]) -> None:
        preview = print_pdf(parent, title, *made)
        if on_shown is not None:
            on_shown(preview)

    def failed(exc: Exception) -> None:
        if on_failed is not None:
            on_failed(exc)
        else:
            QMessageBox.warning(parent, title, error_text(exc))

    run_in_background(parent, title, work, on_done=done, on_error=failed)
