"""The Print button of a preview: pdfium renders each page at the printer's resolution in a
worker and the UI thread paints it a band at a time, so the window keeps answering; a progress
dialog counts the pages, and Cancel stops the print. Printed here to a PDF file (the print
dialog accepted as it opens) and read back with poppler."""

from __future__ import annotations

import io
import itertools
import subprocess
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QPushButton,
    QWidget,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clinic.reports.fonts import cjk_font
from clinic.ui import worker
from clinic.ui.printing import PrintPreview, print_pdf, print_pdf_to

from .conftest import when_shown

PAGES = 8


def _register(pages: int) -> bytes:
    """A long document: each page a grid of lines and words, its number on it."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        pdf.setFont(cjk_font(), 9)
        for row in range(60):
            y = 800 - row * 12.5
            pdf.line(40, y - 3, 555, y - 3)
            pdf.drawString(44, y, f"专用账册 register line {row + 1} 结存 {number * 100 + row} mL")
        pdf.setFont(cjk_font(), 14)
        pdf.drawString(44, 40, f"第 {number} 页 page {number} of {pages}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if "Pages:" in line))


def _preview(qtbot, parent: QWidget, pdf: bytes, target: Path) -> PrintPreview:  # type: ignore[no-untyped-def]
    """PARENT's print preview of PDF, painted, its printer set to print to the file TARGET."""
    qtbot.addWidget(parent)
    parent.resize(800, 600)
    parent.show()
    preview = print_pdf(parent, "专用账册 register", pdf)  # deleted on close, as in the app
    qtbot.waitUntil(lambda: preview.pages_painted == PAGES, timeout=30_000)  # the preview's
    preview.pages_painted = 0
    printer = preview.printer_used
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return preview


def _press_print(preview: PrintPreview) -> None:
    """The preview's Print button, and OK in the print dialog it opens (a PDF file chosen)."""
    when_shown(QPrintDialog, lambda dialog: dialog.accept())
    button = next(a for a in preview.findChildren(QAction) if a.text().replace("&", "") == "Print")
    button.trigger()


def test_the_print_runs_in_a_worker_and_the_window_keeps_answering(qtbot, tmp_path) -> None:
    pdf = _register(PAGES)
    target = tmp_path / "printed.pdf"
    window = QWidget()
    preview = _preview(qtbot, window, pdf, target)
    ticks: list[float] = []
    counted: list[tuple[int, int]] = []  # the progress dialog's (value, maximum) at each tick

    def tick() -> None:
        ticks.append(time.monotonic())
        dialog = preview.print_progress  # the print's progress dialog, once the print starts
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            counted.append((dialog.value(), dialog.maximum()))

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(tick)
    timer.start()
    started = time.monotonic()
    _press_print(preview)
    qtbot.waitUntil(lambda: preview.pages_painted == PAGES, timeout=120_000)
    finished = time.monotonic()
    timer.stop()
    qtbot.waitUntil(lambda: not worker.busy(), timeout=10_000)
    # the UI thread kept turning its event loop all along: no gap between two ticks near the
    # whole print's time (printed on the UI thread, the one gap was all of it); a loaded
    # machine may starve it for a moment, so a quarter of the print's time is the bound
    during = [t for t in ticks if started <= t <= finished]
    gaps = [b - a for a, b in itertools.pairwise(during)]
    took = finished - started
    assert took > 1.0, took  # long enough for the gaps to mean something
    assert len(during) > took * 5 and max(gaps) < took / 4, (took, len(during), max(gaps))
    # the progress dialog counted the pages as they were printed
    assert {total for _, total in counted} >= {PAGES}, counted
    assert len({value for value, total in counted if total == PAGES}) >= 3, counted
    # every page, and the same words as the same PDF printed on this thread
    assert _pages(target) == PAGES
    text = _text(target)
    for number in range(1, PAGES + 1):
        assert f"page {number} of {PAGES}" in text
    same = QPrinter(QPrinter.PrinterMode.HighResolution)
    same.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    same.setOutputFileName(str(tmp_path / "direct.pdf"))
    assert print_pdf_to(same, pdf) == PAGES
    assert text == _text(tmp_path / "direct.pdf")


def test_cancel_stops_the_print_and_leaves_no_file_cut_short(qtbot, tmp_path) -> None:
    target = tmp_path / "printed.pdf"
    window = QWidget()
    preview = _preview(qtbot, window, _register(PAGES), target)
    _press_print(preview)
    qtbot.waitUntil(lambda: preview.print_progress is not None, timeout=10_000)
    progress = preview.print_progress
    assert progress is not None
    qtbot.waitUntil(lambda: progress.value() >= 1, timeout=30_000)
    button = progress.findChild(QPushButton, "cancelWork")
    assert button is not None
    button.click()
    qtbot.waitUntil(lambda: not worker.busy(), timeout=30_000)
    assert preview.pages_painted == 0  # never said done
    assert not target.exists()
    said = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "printOutcome" and w.isVisible()
    ]
    assert len(said) == 1 and "not saved" in said[0].text()
    said[0].close()


def test_a_print_whose_window_is_destroyed_stops(qtbot, tmp_path) -> None:
    """Signed out mid-print (the page and its progress dialog destroyed): the worker stops
    rather than wait for pages nobody will paint."""
    window = QWidget()
    preview = _preview(qtbot, window, _register(PAGES), tmp_path / "printed.pdf")
    _press_print(preview)
    qtbot.waitUntil(lambda: preview.print_progress is not None, timeout=10_000)
    progress = preview.print_progress
    assert progress is not None
    qtbot.waitUntil(lambda: progress.value() >= 1, timeout=30_000)
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5_000)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=30_000)
    assert preview.pages_painted == 0
