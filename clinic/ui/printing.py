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
from collections.abc import Callable
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


def _lay_text(painter: QPainter, page: pdfium.PdfPage, target: QRectF, scale: float) -> None:
    """Each run of the page's text, transparent, stretched over the rectangle it fills."""
    text_page = page.get_textpage()
    height_pt = page.get_height()
    try:
        painter.save()
        painter.setPen(QPen(QColor(0, 0, 0, 0)))
        family = _text_family()
        font = QFont(family) if family else QFont()
        for index in range(text_page.count_rects()):
            left, bottom, right, top = text_page.get_rect(index)
            text = text_page.get_text_bounded(left, bottom, right, top).strip()
            if not text or right <= left or top <= bottom:
                continue
            box = QRectF(
                target.left() + left * scale,
                target.top() + (height_pt - top) * scale,
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
    finally:
        text_page.close()


def print_pdf_to(
    printer: QPrinter,
    pdf_bytes: bytes,
    *,
    dpi: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Paint every page of PDF_BYTES onto PRINTER, each page its own size; the pages painted.

    Pages are rendered one at a time as they are painted (lazily), so a long register never holds
    more than one page's pixels."""
    document = pdfium.PdfDocument(pdf_bytes)
    painter = QPainter()
    try:
        total = len(document)
        if total == 0:
            return 0
        first = document[0]
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(first.get_width(), first.get_height()))
        first.close()
        if not painter.begin(printer):
            raise ClinicError(en="The printer could not be opened.", zh="无法打开打印机。")
        resolution = dpi or min(printer.resolution(), MAX_DPI)
        for number in range(total):
            page = document[number]
            try:
                if number:
                    now = printer.pageLayout().fullRect(QPageLayout.Unit.Point)
                    size = (round(page.get_width()), round(page.get_height()))
                    if (round(now.width()), round(now.height())) != size:
                        # a page of another size or orientation (a PDF file takes it; a printer
                        # driver or the preview may keep the first page's and scale into it)
                        printer.setPageLayout(page_layout(page.get_width(), page.get_height()))
                    printer.newPage()
                device = printer.pageLayout().fullRectPixels(printer.resolution())
                target = QRectF(device)
                scale = target.width() / page.get_width()
                _lay_text(painter, page, target, scale)
                painter.drawImage(target, render_page(page, resolution))
            finally:
                page.close()
            if progress is not None:
                progress(number + 1, total)
        return total
    finally:
        if painter.isActive():
            painter.end()
        document.close()


class PrintPreview(QPrintPreviewDialog):
    """The print preview of one PDF; its Print button prints the same pages."""

    def __init__(self, parent: QWidget | None, title: str, pdf_bytes: bytes) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        super().__init__(printer, parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(title)
        self.pdf_bytes = pdf_bytes
        self.title = title
        self.printer_used = printer
        self.pages_painted = 0
        self.resize(900, 760)
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        # The preview's printer reports a low resolution: render there at a readable minimum.
        dpi = max(min(printer.resolution(), MAX_DPI), PREVIEW_DPI)
        self.pages_painted = print_pdf_to(printer, self.pdf_bytes, dpi=dpi)


def print_pdf(parent: QWidget | None, title: str, pdf_bytes: bytes) -> PrintPreview:
    """Open the print preview of PDF_BYTES (window-modal, not blocking) and return it."""
    dialog = PrintPreview(parent, title, pdf_bytes)
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

    def done(pdf: bytes) -> None:
        preview = print_pdf(parent, title, pdf)
        if on_shown is not None:
            on_shown(preview)

    def failed(exc: Exception) -> None:
        if on_failed is not None:
            on_failed(exc)
        else:
            QMessageBox.warning(parent, title, error_text(exc))

    run_in_background(parent, title, build, on_done=done, on_error=failed)
