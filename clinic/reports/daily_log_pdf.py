"""The daily dispensing log of one window (发药日志) as a PDF: A4 portrait, Chinese and English.

Patients appear by number only, never by name: the log lies on the counter and goes to the
pharmacist. Voided doses stay on the page, struck through, with the reason.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from clinic.numbers import plain
from clinic.reports.demo import canvas_for

if TYPE_CHECKING:
    from clinic.dosing.daylog import DailyLog, LogLine

TITLE = "发药日志"
SUBTITLE = "Daily dispensing log"
PAGE = A4
MARGIN = 14 * mm
KINDS = {
    "observed": "服药 observed",
    "take_home": "带药 take-home",
    "redose": "补服 re-dose",
    "replacement": "补发 replacement",
}
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("时间", "Time", 16),
    ("患者编号", "Patient no.", 22),
    ("次", "Slot", 8),
    ("方式", "Kind", 20),
    ("剂量 mg", "Dose mg", 13),
    ("发药量 · 药品、规格、批号", "Quantity · product, strength, lot", 52),
    ("护士", "Nurse", 23),
    ("备注", "Note", 28),
)
BODY = 7.5
GREY = colors.HexColor("#e8e8e8")
LIGHT = colors.HexColor("#f4f4f4")
RED = colors.HexColor("#b00020")


def _time(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def _total(values: dict[str, Decimal], product: str) -> str:
    value = values.get(product)
    return "—" if value is None else plain(value)


class Signatures(Flowable):  # type: ignore[misc]
    """Signature lines: the nurses of the day, the checker, the pharmacist who takes it over."""

    def __init__(self, font: str, width: float) -> None:
        super().__init__()
        self.font = font
        self.width = width
        self.height = 24 * mm

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.font, 8.5)
        rows = (
            ("发药护士 Dispensing nurse", "核对人 Checker"),
            ("药师 Pharmacist", "日期 Date"),
        )
        step = self.width / 2
        for r, pair in enumerate(rows):
            y = self.height - 8 * mm - r * 11 * mm
            for i, label in enumerate(pair):
                x = i * step
                c.drawString(x, y, f"{label}：")
                start = x + stringWidth(label, self.font, 8.5) + 5 * mm
                c.line(start, y - 1 * mm, x + step - 8 * mm, y - 1 * mm)


def _lines(text: str) -> str:
    return "<br/>".join(escape(part) for part in text.split("\n"))


def _remarks(line: LogLine) -> str:
    """The note column of a line that stands: an exception's reason and authoriser, whether it
    was charged, the nurse's note, an intoxication check not done."""
    remarks = []
    if line.exception_reason:
        remarks.append(f"例外 exception: {line.exception_reason}")
        if not line.charged:
            remarks.append("不收费 not charged")
    if not line.intoxication_checked:
        remarks.append("未作醉酒评估 intoxication not checked")
    if line.note:
        remarks.append(line.note)
    return "\n".join(remarks)


def render_daily_log_pdf(
    log: DailyLog, clinic_name: str, *, zone: ZoneInfo | None = None, demo: bool = False
) -> bytes:
    """One window's doses of one day, voids and waste, totals against the ledger, signatures."""
    from clinic.reports.fonts import cjk_font

    zone = zone or ZoneInfo("Asia/Shanghai")
    font = cjk_font()
    out = io.BytesIO()
    cell = ParagraphStyle("cell", fontName=font, fontSize=BODY, leading=BODY + 1.5)
    note = ParagraphStyle("note", parent=cell, textColor=RED)
    text = ParagraphStyle("text", fontName=font, fontSize=9, leading=12)
    heading = ParagraphStyle("heading", fontName=font, fontSize=10, leading=14, spaceBefore=4)
    width = PAGE[0] - 2 * MARGIN

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        w, h = PAGE
        canvas.saveState()
        canvas.setFont(font, 15)
        canvas.drawCentredString(w / 2, h - MARGIN - 4 * mm, f"{TITLE}  {SUBTITLE}")
        canvas.setFont(font, 9)
        canvas.drawString(
            MARGIN,
            h - MARGIN - 12 * mm,
            f"单位 Clinic：{clinic_name}    窗口 Window：{log.window_name}    "
            f"日期 Date：{log.dosing_date.isoformat()}",
        )
        canvas.setFont(font, 7)
        canvas.drawRightString(w - MARGIN, MARGIN - 6 * mm, f"第 {doc.page} 页  Page {doc.page}")
        canvas.drawString(
            MARGIN,
            MARGIN - 6 * mm,
            f"{TITLE} · {log.window_name} · {log.dosing_date.isoformat()} · 时区 {zone.key}",
        )
        canvas.restoreState()

    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 18 * mm,
        bottomMargin=MARGIN,
        title=f"{TITLE} {SUBTITLE} {log.window_name} {log.dosing_date.isoformat()}",
        author=clinic_name,
    )
    frame = Frame(
        MARGIN, MARGIN, width, PAGE[1] - 2 * MARGIN - 18 * mm, leftPadding=0, rightPadding=0
    )
    doc.addPageTemplates([PageTemplate(id="log", frames=[frame], onPage=decorate)])

    rows: list[list[object]] = [[zh for zh, _, _ in COLUMNS], [en for _, en, _ in COLUMNS]]
    struck: list[int] = []
    for line in log.lines:
        cells = [
            _time(line.given_at, zone),
            line.patient_number,
            str(line.slot),
            KINDS.get(line.kind, line.kind),
            plain(line.dose_mg),
            ", ".join(a.text("both") for a in line.amounts) or line.units,
            line.nurse,
        ]
        if line.products:  # which bottle: product, strength and lot under the quantity
            cells[5] += f"\n{line.products}"
        if line.voided:
            struck.append(len(rows))
            row: list[object] = [
                Paragraph(f"<strike>{_lines(value)}</strike>", cell) for value in cells
            ]
            row.append(Paragraph(escape(f"已作废 voided: {line.void_reason or ''}"), note))
        else:
            row = [Paragraph(_lines(value), cell) for value in cells]
            remarks = _remarks(line)
            row.append(Paragraph(_lines(remarks), cell) if remarks else "")
        rows.append(row)
    if not log.lines:
        rows.append(["", Paragraph("今日无发药记录 No doses recorded", cell), *[""] * 6])
    style = [
        ("FONT", (0, 0), (-1, -1), font, BODY),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 1), GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0, GREY),
        ("ALIGN", (0, 0), (-1, 1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for r in struck:
        style.append(("BACKGROUND", (0, r), (-1, r), LIGHT))
    table = Table(rows, colWidths=[w * mm for _, _, w in COLUMNS], repeatRows=2)
    table.setStyle(TableStyle(style))

    story: list[Flowable] = [table, Spacer(1, 3 * mm)]
    story.append(
        Paragraph(
            f"已发药 Doses given：{log.doses_given}    已作废 Voided：{log.doses_voided}",
            text,
        )
    )

    story.append(Paragraph("损耗 Waste (spills, part-doses not taken)", heading))
    if log.waste:
        waste_rows: list[list[object]] = [
            ["时间 Time", "凭证号 Voucher", "数量 Quantity", "原因 Reason"]
        ]
        for item in log.waste:
            waste_rows.append(
                [
                    _time(item.at, zone),
                    item.voucher,
                    f"{plain(item.quantity)} {item.unit}",
                    Paragraph(escape(item.reason or ""), cell),
                ]
            )
        waste = Table(waste_rows, colWidths=[20 * mm, 40 * mm, 28 * mm, width - 88 * mm])
        waste.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, BODY),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), GREY),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(waste)
    else:
        story.append(Paragraph("无 None", text))

    story.append(Paragraph("合计 Totals by product", heading))
    products = sorted(set(log.dispensed_by_product) | set(log.ledger_dispensed_by_product))
    total_rows: list[list[object]] = [
        ["品名 Product", "日志合计 Log total", "账册发出 Ledger dispensed", "核对 Check"]
    ]
    mismatched: list[int] = []
    for product in products:
        same = log.dispensed_by_product.get(product) == log.ledger_dispensed_by_product.get(product)
        if not same:
            mismatched.append(len(total_rows))
        total_rows.append(
            [
                Paragraph(escape(product), cell),
                _total(log.dispensed_by_product, product),
                _total(log.ledger_dispensed_by_product, product),
                "相符 matches" if same else "不符 DOES NOT MATCH",
            ]
        )
    if not products:
        total_rows.append(["—", "0", "0", "相符 matches"])
    totals = Table(total_rows, colWidths=[width - 110 * mm, 34 * mm, 40 * mm, 36 * mm])
    total_style = [
        ("FONT", (0, 0), (-1, -1), font, BODY + 0.5),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), GREY),
        ("ALIGN", (1, 1), (2, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for r in mismatched:
        total_style.append(("TEXTCOLOR", (3, r), (3, r), RED))
    totals.setStyle(TableStyle(total_style))
    story.append(totals)
    verdict = (
        "本日发药合计与账册相符。 The day's totals match the ledger."
        if log.matches_ledger
        else "本日发药合计与账册不符：须查明原因。 The totals do not match the ledger: find out why."
    )
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(escape(verdict), text if log.matches_ledger else note))
    story.append(Spacer(1, 10 * mm))
    story.append(Signatures(font, width))
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
