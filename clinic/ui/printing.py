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
- print_pdf_to(printer, pdf_bytes): paint every page onto PRINTER;
- print_to_printer(parent, title, printer, pdf_bytes): what the preview's Print button does,
  with progress and Cancel: pdfium renders each page at the printer's resolution (seconds for
  a long register) in a worker, and the UI thread paints it onto the printer a band at a time
  between its events, so the window never freezes. The printer, its painter and the fonts stay
  on the UI thread; the worker touches only pdfium and the QImage it fills, as prepare_pages
  always has.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import (
    QCoreApplication,
    QMarginsF,
    QObject,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
)
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
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from clinic.errors import Cancelled, ClinicError
from clinic.reports.fonts import cjk_font_file
from clinic.ui.common import error_text
from clinic.ui.worker import Progress, run_in_background

MAX_DPI = 300  # enough for print; a page at 1200 dpi would be ~400 MB of pixels
# A page's image is drawn onto a printer in bands of this many rows, one band per step of the UI
# thread: Qt's PDF engine (a PDF file, and CUPS on Linux) JPEG-encodes the image inside
# drawImage, about 0.4 s for a whole A4 page at 300 dpi (30 ms a band). A multiple of 16 rows:
# each band is whole JPEG blocks, encoded as they are in one image, so no seam shows.
BAND_ROWS = 256
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


def _image_bands(image: QImage, band: int | None) -> list[QRectF]:
    """IMAGE's rows in bands of BAND rows (None: all at once), edge to edge."""
    if band is None or image.height() <= band:
        return [QRectF(image.rect())]
    return [
        QRectF(0, top, image.width(), min(band, image.height() - top))
        for top in range(0, image.height(), band)
    ]


class PageWriter:
    """Pages onto a printer one step at a time: start() a page (its size, its text), then
    draw() its image band by band, so the UI thread can paint between its events."""

    def __init__(self, printer: QPrinter, band: int | None = None) -> None:
        self.printer = printer
        self.band = band
        self.painter = QPainter()
        self.painted = 0

    def start(self, page: PreparedPage) -> list[tuple[QRectF, QRectF]]:
        """Begin PAGE (a new sheet, its size, its text laid); its image's bands still to draw,
        each (where on the sheet, which rows)."""
        printer, painter = self.printer, self.painter
        if not painter.isActive():
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
        scale = target.height() / page.image.height()
        return [
            (
                QRectF(
                    target.left(),
                    target.top() + rows.top() * scale,
                    target.width(),
                    rows.height() * scale,
                ),
                rows,
            )
            for rows in _image_bands(page.image, self.band)
        ]

    def draw(self, page: PreparedPage, where: QRectF, rows: QRectF) -> None:
        self.painter.drawImage(where, page.image, rows)

    def finish(self) -> None:
        if self.painter.isActive():
            self.painter.end()

    def abandon(self) -> None:
        """A Cancel or a failure: drop the job where the engine can (Windows, macOS); a PDF
        file or a CUPS job (Linux) cannot be aborted, and what was painted is still sent."""
        if self.painter.isActive():
            self.printer.abort()
            self.painter.end()


def paint_pages(
    printer: QPrinter,
    pages: Iterable[PreparedPage],
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
    band: int | None = None,
) -> int:
    """Paint PAGES onto PRINTER, each page its own size and orientation; the pages painted.
    BAND: draw each page's image in bands of so many rows (see BAND_ROWS)."""
    writer = PageWriter(printer, band)
    try:
        for page in pages:
            for where, rows in writer.start(page):
                writer.draw(page, where, rows)
            writer.painted += 1
            if progress is not None:
                progress(writer.painted, total)
        writer.finish()
        return writer.painted
    finally:
        writer.abandon()


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

        return paint_pages(printer, pages(), progress, total, BAND_ROWS)
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
        self.print_progress: QProgressDialog | None = None  # the real print, once started
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
        else:  # the real printer: each page rendered at its resolution, in a worker
            self.print_progress = print_to_printer(
                self.parentWidget(), self.title, printer, self.pdf_bytes, on_done=self._printed
            )

    def _printed(self, pages: int) -> None:
        self.pages_painted = pages


_outcomes: set[QMessageBox] = set()  # a print's outcome boxes, until they are answered


class _Handoff:
    """Pages the worker has rendered, waiting for the UI thread to paint them: one at a time,
    so a long register holds at most three pages' pixels (rendered, waiting, being painted)."""

    def __init__(self) -> None:
        self.pages: queue.Queue[PreparedPage] = queue.Queue(maxsize=1)
        self.rendered_all = False
        self.painted = 0
        self.finished = threading.Event()
        self.error: Exception | None = None
        self.abandoned = False  # the painter went with its window (a sign-out, a closed page)

    def check(self) -> None:
        if self.abandoned:
            raise Cancelled(
                en="Printing stopped: its window was closed.", zh="打印已停止：窗口已关闭。"
            )


class _SheetPainter(QObject):
    """On the UI thread, a step per timer tick: take the next rendered page, start its sheet,
    draw its image a band at a time (a few tens of milliseconds each)."""

    def __init__(self, writer: PageWriter, handoff: _Handoff) -> None:
        super().__init__()
        self.writer = writer
        self.handoff = handoff
        self.page: PreparedPage | None = None
        self.bands: list[tuple[QRectF, QRectF]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.step)

    def step(self) -> None:
        try:
            if self.page is not None and self.bands:
                where, rows = self.bands.pop(0)
                self.writer.draw(self.page, where, rows)
                if not self.bands:
                    self.page = None
                    self.handoff.painted += 1
                return
            try:
                self.page = self.handoff.pages.get_nowait()
            except queue.Empty:
                if self.handoff.rendered_all:
                    self.timer.stop()
                    self.writer.finish()
                    self.handoff.finished.set()
                return
            self.bands = self.writer.start(self.page)
        except Exception as exc:  # the printer could not be opened: the worker says so
            self.handoff.error = exc
            self.stop()
            self.handoff.finished.set()

    def stop(self) -> None:
        self.timer.stop()
        self.writer.abandon()


def print_to_printer(
    parent: QWidget | None,
    title: str,
    printer: QPrinter,
    pdf_bytes: bytes,
    *,
    on_done: Callable[[int], Any] | None = None,
) -> QProgressDialog:
    """Print every page of PDF_BYTES on PRINTER with a progress dialog and Cancel: pdfium
    renders each page at the printer's resolution in a worker, the UI thread paints it onto the
    printer a band at a time between its events (the printer and the fonts stay on the thread
    that made them). ON_DONE hears how many pages were printed; a failure is said in a message
    box, a Cancel too (a PDF file cut short is removed; what a printer was sent may still
    print)."""
    _text_family()
    resolution = min(printer.resolution(), MAX_DPI)
    handoff = _Handoff()
    writer = PageWriter(printer, BAND_ROWS)
    sheets = _SheetPainter(writer, handoff)
    total = [0]

    def gone(*_: object) -> None:  # else the worker would wait for pages never painted
        handoff.abandoned = True
        writer.abandon()

    sheets.destroyed.connect(gone)

    def work(progress: Progress) -> int:
        document = pdfium.PdfDocument(pdf_bytes)
        try:
            total[0] = len(document)
            progress(0, total[0])
            for number in range(total[0]):
                page = document[number]
                try:
                    ready = _page_ready(page, resolution)
                finally:
                    page.close()
                while True:
                    progress(handoff.painted, total[0])  # where a Cancel takes effect
                    handoff.check()
                    try:
                        handoff.pages.put(ready, timeout=0.1)
                        break
                    except queue.Full:
                        continue
        finally:
            document.close()
        handoff.rendered_all = True
        while not handoff.finished.wait(0.1):
            progress(handoff.painted, total[0])
            handoff.check()
        if handoff.error is not None:
            raise handoff.error
        progress(handoff.painted, total[0])
        return handoff.painted

    def done(pages: int) -> None:
        if on_done is not None:
            on_done(pages)

    def tell(text: str, icon: QMessageBox.Icon) -> None:
        # a window of its own, kept until it is answered: parented to the page, the box (open
        # beside the closing progress dialog) aborted the test process with a corrupt heap when
        # the page was destroyed (offscreen; cause not found)
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, None)
        box.setObjectName("printOutcome")
        _outcomes.add(box)
        box.finished.connect(lambda *_: _outcomes.discard(box))
        box.show()

    def failed(exc: Exception) -> None:
        sheets.stop()
        if not isinstance(exc, Cancelled):
            tell(error_text(exc), QMessageBox.Icon.Warning)
            return
        target = printer.outputFileName()
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and target:
            Path(target).unlink(missing_ok=True)  # a file cut short is no copy of the document
            stopped = QCoreApplication.translate(
                "Printing", "Printing stopped: the file was not saved."
            )
            tell(stopped, QMessageBox.Icon.Information)
            return
        tell(
            QCoreApplication.translate(
                "Printing",
                "Printing stopped after page %1 of %2. The pages already sent may still come out"
                " of the printer.",
            )
            .replace("%1", str(handoff.painted))
            .replace("%2", str(total[0])),
            QMessageBox.Icon.Information,
        )

    heading = QCoreApplication.translate("Printing", "Printing %1…").replace("%1", title)
    dialog = run_in_background(parent, heading, work, on_done=done, on_error=failed)
    sheets.timer.start()
    sheets.setParent(dialog)  # lives as long as the progress dialog, on the UI thread
    return dialog


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
