"""The patient card: ID-1 size, photo, patient number and a QR code of the card's code.

Deliberately no name, no clinic name and no drug on the card: a lost card must not tell a
finder that its holder is in treatment.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

CARD = (85.6 * mm, 54 * mm)


def render_card(
    *,
    clinic_name: str,
    patient_number: str,
    name: str,
    code: str,
    photo: bytes | None,
    issued_on: date,
    demo: bool = False,
) -> bytes:
    width, height = CARD
    out = io.BytesIO()
    pdf = canvas_for(demo)(out, pagesize=CARD)
    pdf.setTitle(f"Card {patient_number}")
    font = cjk_font()
    pdf.setStrokeGray(0.6)
    pdf.roundRect(1 * mm, 1 * mm, width - 2 * mm, height - 2 * mm, 3 * mm)
    pdf.setFont(font, 9)
    pdf.drawString(5 * mm, height - 8 * mm, "就诊卡  Patient card")
    photo_box = (5 * mm, 9 * mm, 22 * mm, 28 * mm)
    if photo:
        pdf.drawImage(
            ImageReader(io.BytesIO(photo)), *photo_box, preserveAspectRatio=True, anchor="c"
        )
    else:
        pdf.rect(*photo_box)
        pdf.setFont(font, 6)
        pdf.drawCentredString(16 * mm, 22 * mm, "照片 Photo")
    pdf.setFont(font, 7)
    pdf.drawString(30 * mm, height - 16 * mm, "患者编号 Patient no.")
    pdf.setFont(font, 13)
    pdf.drawString(30 * mm, height - 22 * mm, patient_number)
    pdf.setFont(font, 6)
    pdf.drawString(30 * mm, 12 * mm, f"发卡 Issued {issued_on.isoformat()}")
    pdf.drawString(30 * mm, 8 * mm, "拾到请交还发卡机构 If found, please return")
    qr = QrCodeWidget(code, barLevel="M")
    x0, y0, x1, y1 = qr.getBounds()
    size = 24 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width - size - 4 * mm, 16 * mm)
    pdf.setFont(font, 5)
    pdf.drawCentredString(width - size / 2 - 4 * mm, 14 * mm, code)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
