"""The receipt (收费收据) for a payment or waiver at the window, on an A5 sheet.

A receipt goes home with the patient, so it says nothing of the treatment (DOMAIN "Consent,
disclosure"): the clinic is named by its patient-facing name (never one that reveals the service),
the item is a clinic service fee (never the drug), and the patient is their clinic number only,
not their name or ID number: the clinic number is all the clinic needs to find the payment again,
and a stranger who finds the slip learns nothing from it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm

from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

METHODS = {
    "cash": "现金 Cash",
    "wechat": "微信支付 WeChat Pay",
    "alipay": "支付宝 Alipay",
    "bank_card": "银行卡 Bank card",
    "none": "—",
}


@dataclass(frozen=True)
class ReceiptLine:
    item: str
    amount: Decimal


@dataclass(frozen=True)
class ReceiptDocument:
    clinic_name: str  # the patient-facing name
    receipt_number: str
    recorded_at: datetime  # in the clinic's time zone
    patient_number: str
    kind: str  # payment | waiver
    method: str
    lines: tuple[ReceiptLine, ...]
    total: Decimal
    payer_note: str | None  # the payer scheme's share, when the patient's days are claimed
    collected_by: str
    voided_at: datetime | None = None
    void_reason: str | None = None


def _yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def render_receipt(receipt: ReceiptDocument, *, demo: bool = False) -> bytes:
    font = cjk_font()
    width, height = A5
    out = io.BytesIO()
    pdf = canvas_for(demo)(out, pagesize=A5)
    pdf.setTitle(f"收据 Receipt {receipt.receipt_number}")
    left, right = 14 * mm, width - 14 * mm
    y = height - 18 * mm
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, y, receipt.clinic_name)
    y -= 8 * mm
    title = "收费收据 Receipt" if receipt.kind == "payment" else "费用减免凭证 Fee waiver"
    pdf.setFont(font, 12)
    pdf.drawCentredString(width / 2, y, title)
    y -= 10 * mm
    pdf.setFont(font, 9)
    rows = (
        ("收据号 Receipt no.", receipt.receipt_number),
        ("日期时间 Date and time", receipt.recorded_at.strftime("%Y-%m-%d %H:%M")),
        ("患者编号 Patient no.", receipt.patient_number),
        ("支付方式 Paid by", METHODS.get(receipt.method, receipt.method)),
    )
    for label, value in rows:
        pdf.drawString(left, y, label)
        pdf.drawString(left + 45 * mm, y, value)
        y -= 6 * mm
    y -= 2 * mm
    pdf.setLineWidth(0.6)
    pdf.line(left, y, right, y)
    y -= 6 * mm
    pdf.setFont(font, 8)
    pdf.drawString(left, y, "项目 Item")
    pdf.drawRightString(right, y, "金额 Amount")
    y -= 2.5 * mm
    pdf.setLineWidth(0.3)
    pdf.line(left, y, right, y)
    y -= 5.5 * mm
    pdf.setFont(font, 9)
    for line in receipt.lines:
        pdf.drawString(left, y, line.item)
        pdf.drawRightString(right, y, _yuan(line.amount))
        y -= 6 * mm
    pdf.setLineWidth(0.6)
    pdf.line(left, y + 2 * mm, right, y + 2 * mm)
    y -= 4 * mm
    pdf.setFont(font, 11)
    total_label = "合计 Total received" if receipt.kind == "payment" else "减免合计 Total waived"
    pdf.drawString(left, y, total_label)
    pdf.drawRightString(right, y, _yuan(receipt.total))
    y -= 8 * mm
    pdf.setFont(font, 8)
    if receipt.payer_note:
        pdf.drawString(left, y, receipt.payer_note)
        y -= 6 * mm
    pdf.drawString(left, y, f"收款人 Collected by: {receipt.collected_by}")
    y -= 6 * mm
    pdf.setFont(font, 7)
    pdf.drawString(left, y, "请妥善保管本收据。 Please keep this receipt.")
    if receipt.voided_at is not None:
        pdf.saveState()
        pdf.setFillColorRGB(0.75, 0.05, 0.05)
        pdf.setStrokeColorRGB(0.75, 0.05, 0.05)
        pdf.setFont(font, 34)
        pdf.translate(width / 2, height / 2 + 10 * mm)
        pdf.rotate(20)
        pdf.drawCentredString(0, 0, "作废 VOID")
        pdf.restoreState()
        pdf.setFillColorRGB(0.75, 0.05, 0.05)
        pdf.setFont(font, 8)
        pdf.drawString(
            left,
            18 * mm,
            f"已作废 Voided {receipt.voided_at.strftime('%Y-%m-%d %H:%M')}",
        )
        pdf.drawString(left, 13 * mm, f"原因 Reason: {receipt.void_reason or ''}")
        pdf.setFillColorRGB(0, 0, 0)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
