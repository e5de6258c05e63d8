"""Print a PDF through our print helper to a PDF file (QPrinter's own PDF output), then read the
printed file back with poppler: its words, its pages, and whether ink was put on the page."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from clinic.ui.printing import print_pdf_to


@dataclass(frozen=True)
class Printed:
    text: str
    pages: int
    sizes: list[tuple[float, float]]  # each page's width and height in points
    inked: list[float]  # each page's share of non-white pixels
    path: Path


def print_to_file(pdf_bytes: bytes, target: Path) -> Printed:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    painted = print_pdf_to(printer, pdf_bytes, dpi=100)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(target)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == painted
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and " size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(target), str(stem)], check=True)
    inked = []
    for png in sorted(target.parent.glob(f"{stem.name}-*.png")):
        image = QImage(str(png))
        dark = total = 0
        for y in range(0, image.height(), 2):
            for x in range(0, image.width(), 2):
                total += 1
                if image.pixelColor(x, y).lightness() < 200:
                    dark += 1
        inked.append(dark / total)
    return Printed(text, pages, sizes, inked, target)
