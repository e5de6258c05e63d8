"""Take-home bottle labels: an A4 sheet of 2 × 7 labels (99 × 38 mm), one per dose.

No patient name and no drug name on the label: the bottle travels home, to work and through
checks, and a drug name tells anyone who sees it that its holder is in treatment. The patient
number and the dose reference let the clinic (or an emergency doctor who calls it) know exactly
what is inside; the warning says plainly that the contents can kill a child.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from clinic.numbers import plain
from clinic.reports.demo import DEMO_MARK, canvas_for
from clinic.reports.fonts import cjk_font

LABEL = (99.1 * mm, 38.1 * mm)
COLUMNS, ROWS = 2, 7
LEFT, TOP = 4.65 * mm, 15.15 * mm
GAP = 2.5 * mm


@dataclass(frozen=True)
class BottleLabel:
    dose_id: int
    patient_number: str
    take_on: date
    slot: int
    slots_total: int
    dose_mg: Decimal
    quantity: str  # "60 mL (1 mg/mL)" or "4 片 tablets (2 mg/片)"
    marks: tuple[tuple[str, str], ...] = ()  # (shape, "#rrggbb") of each strength poured


def _mark(pdf: canvas.Canvas, shape: str, colour: str, x: float, y: float, r: float) -> None:
    """The strength's mark (clinic.dosing.marks) drawn as a filled shape centred on X, Y."""
    pdf.saveState()
    pdf.setFillColor(HexColor(colour))
    pdf.setStrokeColor(HexColor(colour))
    corners: dict[str, list[tuple[float, float]]] = {
        "triangle": [(0, 1), (-0.87, -0.5), (0.87, -0.5)],
        "down": [(0, -1), (-0.87, 0.5), (0.87, 0.5)],
        "diamond": [(0, 1), (1, 0), (0, -1), (-1, 0)],
        "hexagon": [(math.cos(a), math.sin(a)) for a in (k * math.pi / 3 for k in range(6))],
        "star": [
            (
                math.sin(k * math.pi / 5) * (1 if k % 2 == 0 else 0.45),
                math.cos(k * math.pi / 5) * (1 if k % 2 == 0 else 0.45),
            )
            for k in range(10)
        ],
    }
    if shape == "circle":
        pdf.circle(x, y, r, stroke=0, fill=1)
    elif shape == "square":
        pdf.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7, stroke=0, fill=1)
    elif shape in corners:
        path = pdf.beginPath()
        points = corners[shape]
        path.moveTo(x + points[0][0] * r, y + points[0][1] * r)
        for px, py in points[1:]:
            path.lineTo(x + px * r, y + py * r)
        path.close()
        pdf.drawPath(path, stroke=0, fill=1)
    else:  # a strength without a mark of its own: a ring
        pdf.setLineWidth(r * 0.35)
        pdf.circle(x, y, r * 0.75, stroke=1, fill=0)
    pdf.restoreState()


def _label(
    pdf: canvas.Canvas,
    font: str,
    x: float,
    y: float,
    label: BottleLabel,
    clinic: str,
    demo: bool = False,
) -> None:
    w, h = LABEL
    pdf.setStrokeGray(0.6)
    pdf.roundRect(x + 1 * mm, y + 1 * mm, w - 2 * mm, h - 2 * mm, 2 * mm)
    left = x + 4 * mm
    pdf.setFont(font, 7)
    pdf.drawString(left, y + h - 6 * mm, "患者编号 Patient no.")
    pdf.drawRightString(x + w - 4 * mm, y + h - 6 * mm, "服用日期 Take on")
    pdf.setFont(font, 13)
    pdf.drawString(left, y + h - 12 * mm, label.patient_number)
    pdf.drawRightString(x + w - 4 * mm, y + h - 12 * mm, label.take_on.isoformat())
    slot = f"  第 {label.slot}/{label.slots_total} 次 dose {label.slot} of {label.slots_total}"
    dose = f"{plain(label.dose_mg)} mg · {label.quantity}" + (slot if label.slots_total > 1 else "")
    room = w - 8 * mm - len(label.marks) * 6 * mm - 2 * mm  # the marks keep the right end
    size = 10.0
    while size > 6 and stringWidth(dose, font, size) > room:
        size -= 0.5
    pdf.setFont(font, size)
    pdf.drawString(left, y + h - 18 * mm, dose)
    for n, (shape, colour) in enumerate(label.marks):
        _mark(pdf, shape, colour, x + w - 7 * mm - n * 6 * mm, y + h - 17 * mm, 2.2 * mm)
    pdf.setFont(font, 7.5)
    pdf.drawString(left, y + 14 * mm, "请放在儿童接触不到的地方。仅限本人在上述日期服用。")
    pdf.drawString(
        left, y + 10.5 * mm, "Keep out of reach of children. Only for you, only on this date."
    )
    pdf.setFont(font, 6.5)
    pdf.drawString(
        left,
        y + 6.5 * mm,
        "他人误服可致命，请立即拨打 120 并出示本标签 · Swallowed by anyone else: call 120",
    )
    pdf.setFont(font, 5.5)
    pdf.drawString(left, y + 3 * mm, f"{clinic} · 空瓶请交回 Return the empty bottle")
    pdf.drawRightString(x + w - 4 * mm, y + 3 * mm, f"#{label.dose_id}")
    if demo:  # each label is cut out alone: each says it is a demo
        pdf.saveState()
        pdf.setFillColorRGB(0.8, 0.05, 0.1)
        pdf.setFont(font, 7)
        pdf.drawCentredString(x + w / 2, y + h - 5 * mm, DEMO_MARK)
        pdf.restoreState()


def render_bottle_labels(
    labels: Sequence[BottleLabel], clinic_name: str, *, demo: bool = False
) -> bytes:
    """LABELS in order on as many A4 sheets as they need."""
    font = cjk_font()
    out = io.BytesIO()
    pdf = canvas_for(demo)(out, pagesize=A4)
    pdf.setTitle("带药瓶签 Take-home bottle labels")
    per_page = COLUMNS * ROWS
    for index, label in enumerate(labels):
        if index and index % per_page == 0:
            pdf.showPage()
        spot = index % per_page
        column, row = spot % COLUMNS, spot // COLUMNS
        x = LEFT + column * (LABEL[0] + GAP)
        y = A4[1] - TOP - (row + 1) * LABEL[1]
        _label(pdf, font, x, y, label, clinic_name, demo)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
