"""The controlled-drug register (专用账册) as a PDF: A4 landscape, Chinese and English headings.

Pages are cut by a fixed number of lines so that each page's totals and the balance carried
forward are known exactly; every page repeats the header block and the column headings.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from clinic.inventory.catalogue import form_words
from clinic.inventory.ledger import MOVEMENT_KINDS
from clinic.numbers import plain
from clinic.reports.demo import canvas_for

if TYPE_CHECKING:
    from typing import TypeAlias

    from clinic.inventory.register import DayTotal, Register, RegisterLine

    Entry: TypeAlias = RegisterLine | DayTotal

TITLE = "麻醉药品/第一类精神药品专用账册"
SUBTITLES = {
    "narcotic": "Register of narcotic drugs",
    "psychotropic_1": "Register of class-1 psychotropic drugs",
    "none": "Stock register (not a controlled drug)",
}
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("日期", "Date", 15),
    ("凭证号", "Voucher", 25),
    ("类别", "Kind", 14),
    ("来源/去向", "From / to", 21),
    ("收入", "Receipt", 13),
    ("发出", "Issue", 13),
    ("结存", "Balance", 14),
    ("批号", "Lot", 16),
    ("有效期", "Expiry", 15),
    ("生产企业", "Manufacturer", 17),
    ("供货单位", "Supplier", 17),
    ("质量情况", "Quality", 29),
    ("验收结论", "Acceptance", 17),
    ("经手人/收货人", "Handled / received", 25),
    ("核对人/保管人/领用人", "Checked / kept / taken", 26),
)
NUMERIC = (4, 5, 6)
QUALITY, ACCEPTANCE = 11, 12
# The two signature columns: a name is printed small at the left, the rest is left for the ink.
LEGEND = (
    "签名栏：收入行经手人为收货人、核对人为保管人；发出（领用）行核对人为领用人。"
    "Signatures: on receipts the handler is the receiving and the checker the keeping person; "
    "on issues the checker is the recipient."
)
ACCEPTANCE_TEXT = {"accepted": "合格", "accepted_with_exceptions": "合格\n缺损已登记"}
PAGE = landscape(A4)
MARGIN = 10 * mm
HEADER_HEIGHT = 30 * mm
FOOTER_HEIGHT = 8 * mm
BODY_SIZE = 6
ROW_HEIGHT = 5 * mm  # two lines of the quality column fit: its condition, then shortage and damage
LINES_PER_PAGE = 27
LINES_ON_LAST_PAGE = 21  # room left for the closing balance and the signature lines


def fit(text: str, width: float, font: str, size: float) -> str:
    """TEXT as it fits in WIDTH points: whole, its Chinese half, or cut with an ellipsis."""
    room = width - 3
    if stringWidth(text, font, size) <= room:
        return text
    for sep in (" / ", " "):
        head = text.split(sep)[0]
        if head != text and stringWidth(head, font, size) <= room:
            return head
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def quantity(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def delivery_text(line: RegisterLine) -> str:
    """A delivery's figures beside its quality condition: on the note, short, damaged."""
    if line.on_note is None:
        return ""
    parts = [f"单{plain(line.on_note)}"]
    if line.shortage:
        parts.append(f"缺{plain(line.shortage)}")
    if line.damaged:
        parts.append(f"损{plain(line.damaged)}")
    return " ".join(parts)


def line_cells(line: RegisterLine, font: str) -> list[str]:
    en, zh = MOVEMENT_KINDS.get(line.kind, (line.kind, line.kind))
    kind = f"{zh} {en}"
    if stringWidth(kind, font, BODY_SIZE) > COLUMNS[2][2] * mm - 3:
        kind = zh
    raw = [
        line.local_date.isoformat(),
        line.voucher,
        kind,
        line.counterpart,
        quantity(line.receipt),
        quantity(line.issue),
        plain(line.balance),
        line.lot_number,
        line.expiry_date.isoformat(),
        line.manufacturer,
        line.supplier,
        line.quality or "",
        ACCEPTANCE_TEXT.get(line.acceptance or "", ""),
        line.done_by,
        line.checked_by or "",
    ]
    cells = [
        "\n".join(fit(part, width * mm, font, BODY_SIZE) for part in text.split("\n"))
        for text, (_, _, width) in zip(raw, COLUMNS, strict=True)
    ]
    figures = delivery_text(line)
    if figures:
        cells[QUALITY] = "\n".join(
            [cells[QUALITY], fit(figures, COLUMNS[QUALITY][2] * mm, font, BODY_SIZE)]
        ).strip()
    return cells


def chunks(lines: Sequence[Entry]) -> list[Sequence[Entry]]:
    """Rows (lines and day totals) cut into pages; the last page keeps room for the closing
    block."""
    pages: list[Sequence[Entry]] = []
    rest = lines
    while len(rest) > LINES_ON_LAST_PAGE:
        take = LINES_PER_PAGE
        if len(rest) <= LINES_PER_PAGE:  # fits, but not with the closing block: split evenly
            take = max(len(rest) - LINES_ON_LAST_PAGE, len(rest) // 2)
        pages.append(rest[:take])
        rest = rest[take:]
    pages.append(rest)
    return pages


def summary_row(label: str, receipts: str = "", issues: str = "", balance: str = "") -> list[str]:
    row = [""] * len(COLUMNS)
    row[2] = label
    row[4], row[5], row[6] = receipts, issues, balance
    return row


def day_total_row(total: DayTotal) -> list[str]:
    row = summary_row(
        f"本日合计 Day total {total.day.isoformat()}",
        plain(total.receipts) if total.receipts else "",
        plain(total.issues) if total.issues else "",
        plain(total.balance),
    )
    return row


def page_table(
    font: str,
    page_lines: Sequence[Entry],
    brought: Decimal,
    first: bool,
    last: bool,
    register: Register,
) -> Table:
    head_zh = [zh for zh, _, _ in COLUMNS]
    head_en = [en for _, en, _ in COLUMNS]
    label = "上月结转 Opening balance" if first else "承前页 Brought forward"
    from clinic.inventory.register import DayTotal

    rows: list[list[str]] = [head_zh, head_en, summary_row(label, balance=plain(brought))]
    receipts = issues = Decimal(0)
    balance = brought
    day_rows: list[int] = []
    for line in page_lines:
        if isinstance(line, DayTotal):
            day_rows.append(len(rows))
            rows.append(day_total_row(line))
            continue
        rows.append(line_cells(line, font))
        receipts += line.receipt or 0
        issues += line.issue or 0
        balance = line.balance
    rows.append(summary_row("本页合计 Page total", plain(receipts), plain(issues)))
    if last:
        rows.append(
            summary_row(
                "本月合计 Month total",
                plain(register.total_receipts),
                plain(register.total_issues),
            )
        )
        rows.append(summary_row("本月结存 Closing balance", balance=plain(register.closing)))
    else:
        rows.append(summary_row("过次页 Carried forward", balance=plain(balance)))
    n = len(rows)
    style = [
        ("FONT", (0, 0), (-1, -1), font, BODY_SIZE, BODY_SIZE + 0.6),
        ("FONT", (0, 0), (-1, 1), font, 6.5),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e8e8e8")),
        ("LINEBELOW", (0, 0), (-1, 0), 0, colors.HexColor("#e8e8e8")),
        ("ALIGN", (0, 0), (-1, 1), "CENTER"),
        ("ALIGN", (NUMERIC[0], 2), (NUMERIC[-1], -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("BACKGROUND", (0, 2), (-1, 2), colors.HexColor("#f4f4f4")),
        ("SPAN", (0, 2), (3, 2)),
        ("BACKGROUND", (0, n - (3 if last else 2)), (-1, -1), colors.HexColor("#f4f4f4")),
    ]
    for r in range(n - (3 if last else 2), n):
        style.append(("SPAN", (0, r), (3, r)))
    for r in day_rows:  # a day's total: its own shade, a rule above, spanned label, bold figures
        style.append(("SPAN", (0, r), (3, r)))
        style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#eef3f8")))
        style.append(("LINEABOVE", (0, r), (-1, r), 0.6, colors.black))
    # the label sits in a spanned cell: move it to the first column of the span
    for r in [2, *day_rows, *range(n - (3 if last else 2), n)]:
        rows[r][0], rows[r][2] = rows[r][2], ""
    if last:
        style.append(("FONT", (0, n - 1), (-1, n - 1), font, 7.5))
    table = Table(
        rows,
        colWidths=[w * mm for _, _, w in COLUMNS],
        rowHeights=ROW_HEIGHT,
        repeatRows=2,
    )
    table.setStyle(TableStyle(style))
    return table


class Signatures(Flowable):  # type: ignore[misc]
    """The closing signature lines."""

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font
        self.width = PAGE[0] - 2 * MARGIN
        self.height = 16 * mm

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.font, 8)
        slots = (
            "药品管理负责人 Responsible person",
            "核对人 Checker",
            "日期 Date",
        )
        step = self.width / len(slots)
        for i, label in enumerate(slots):
            x = i * step
            c.drawString(x, 4 * mm, f"{label}：")
            c.line(
                x + stringWidth(label, self.font, 8) + 4 * mm, 3.5 * mm, x + step - 8 * mm, 3.5 * mm
            )


def render_register_pdf(
    register: Register,
    *,
    demo: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The month's register for one place and product, paginated with day and page totals;
    PROGRESS hears (done, 100) from 30 to 50 as the pages' tables are laid out, then to 100 as
    they are drawn."""
    from clinic.inventory.register import with_day_totals
    from clinic.reports.fonts import cjk_font

    font = cjk_font()
    out = io.BytesIO()
    pages = chunks(with_day_totals(register.lines))
    total_pages = len(pages)
    subtitle = SUBTITLES.get(register.controlled_class, SUBTITLES["none"])
    title = TITLE if register.controlled_class != "none" else "药品出入库账册"
    month = register.period_label

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = PAGE
        canvas.saveState()
        canvas.setFont(font, 15)
        canvas.drawCentredString(width / 2, height - MARGIN - 6 * mm, title)
        canvas.setFont(font, 9)
        canvas.drawCentredString(width / 2, height - MARGIN - 11 * mm, subtitle)
        canvas.setFont(font, 8)
        top = height - MARGIN - 18 * mm
        canvas.drawString(
            MARGIN,
            top,
            f"单位 Clinic：{register.clinic_name}    站点 Site：{register.site_name}    "
            f"库位 Place：{register.place_name}    月份 Month：{month}",
        )
        canvas.drawString(
            MARGIN,
            top - 5 * mm,
            f"品名 Product：{register.product_name}    剂型 Form：{form_words(register.product_form)}    "
            f"规格 Strength：{register.strength}    计量单位 Unit：{register.unit}",
        )
        canvas.setFont(font, 6.5)
        canvas.drawString(MARGIN, top - 9.5 * mm, LEGEND)
        canvas.setFont(font, 7)
        canvas.drawRightString(
            width - MARGIN,
            MARGIN - 4 * mm,
            f"第 {doc.page} / {total_pages} 页  Page {doc.page} of {total_pages}",
        )
        canvas.drawString(MARGIN, MARGIN - 4 * mm, f"{title} · {register.product_name} · {month}")
        canvas.restoreState()
        if progress is not None:
            progress(50 + 50 * min(doc.page, total_pages) // (total_pages + 1), 100)

    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN,
        title=f"{title} {register.product_name} {month}",
        author=register.clinic_name,
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        PAGE[0] - 2 * MARGIN,
        PAGE[1] - 2 * MARGIN - HEADER_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="register", frames=[frame], onPage=decorate)])
    story: list[Flowable] = []
    brought = register.opening
    for i, page_lines in enumerate(pages):
        if progress is not None:  # the tables' cells are measured here: 30 to 50
            progress(30 + 20 * i // total_pages, 100)
        last = i == total_pages - 1
        story.append(page_table(font, page_lines, brought, i == 0, last, register))
        if page_lines:
            brought = page_lines[-1].balance  # a day total's balance is its last line's
        if not last:
            story.append(PageBreak())
    story.append(Spacer(1, 6 * mm))
    story.append(Signatures(font))
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
