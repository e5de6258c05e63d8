"""The controlled-drug register (专用账册) as an Excel workbook: exact numbers, frozen headings."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clinic.inventory.catalogue import form_words
from clinic.inventory.ledger import MOVEMENT_KINDS
from clinic.inventory.register import DayTotal, with_day_totals
from clinic.inventory.stock import ACCEPTANCE
from clinic.numbers import plain
from clinic.reports.register_pdf import COLUMNS, LEGEND, QUALITY, SUBTITLES, TITLE

if TYPE_CHECKING:
    from clinic.inventory.register import Register, RegisterLine

WIDTHS = (11, 22, 22, 28, 10, 10, 11, 14, 11, 24, 24, 34, 22, 14, 14)
HEADING_ROW = 5
QUANTITY_FORMAT = "#,##0.###;-#,##0.###;0"
DATE_FORMAT = "yyyy-mm-dd"


def quality_text(line: RegisterLine) -> str | None:
    """The quality condition, and a delivery's figures: on the note, short, damaged."""
    if line.on_note is None:
        return line.quality
    figures = (
        f"随货单 {plain(line.on_note)}，短缺 {plain(line.shortage or Decimal(0))}，破损 "
        f"{plain(line.damaged or Decimal(0))} / on the note {plain(line.on_note)}, short "
        f"{plain(line.shortage or Decimal(0))}, damaged {plain(line.damaged or Decimal(0))}"
    )
    return f"{line.quality}\n{figures}" if line.quality else figures


def acceptance_text(acceptance: str | None) -> str | None:
    if acceptance not in ACCEPTANCE:
        return None
    en, zh = ACCEPTANCE[acceptance]
    return f"{zh} {en}"


def render_register_xlsx(register: Register) -> bytes:
    """The month's register: header block, one row per movement, opening, totals and closing."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    month = register.period_label
    sheet.title = f"账册 {month}"
    bold = Font(bold=True)
    sheet["A1"] = TITLE if register.controlled_class != "none" else "药品出入库账册"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = SUBTITLES.get(register.controlled_class, SUBTITLES["none"])
    sheet["A3"] = (
        f"单位 Clinic：{register.clinic_name}    站点 Site：{register.site_name}    "
        f"库位 Place：{register.place_name}    月份 Month：{month}"
    )
    sheet["A4"] = (
        f"品名 Product：{register.product_name}    剂型 Form：{form_words(register.product_form)}    "
        f"规格 Strength：{register.strength}    计量单位 Unit：{register.unit}"
    )
    fill = PatternFill("solid", fgColor="E8E8E8")
    for col, (zh, en, _) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADING_ROW, column=col, value=f"{zh}\n{en}")
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    sheet.row_dimensions[HEADING_ROW].height = 30
    sheet.freeze_panes = f"A{HEADING_ROW + 1}"
    sheet.append([None, None, "上月结转 Opening balance", None, None, None, register.opening])
    sheet.cell(row=sheet.max_row, column=7).number_format = QUANTITY_FORMAT
    day_fill = PatternFill("solid", fgColor="EEF3F8")
    for line in with_day_totals(register.lines):
        if isinstance(line, DayTotal):
            sheet.append(
                [
                    line.day,
                    None,
                    "本日合计 Day total",
                    f"{line.lines} 行 lines",
                    line.receipts,
                    line.issues,
                    line.balance,
                ]
            )
            row = sheet.max_row
            sheet.cell(row=row, column=1).number_format = DATE_FORMAT
            for col in range(1, len(COLUMNS) + 1):
                sheet.cell(row=row, column=col).fill = day_fill
                sheet.cell(row=row, column=col).font = bold
            for col in (5, 6, 7):
                sheet.cell(row=row, column=col).number_format = QUANTITY_FORMAT
            continue
        en, zh = MOVEMENT_KINDS.get(line.kind, (line.kind, line.kind))
        sheet.append(
            [
                line.local_date,
                line.voucher,
                f"{zh} {en}",
                line.counterpart,
                line.receipt,
                line.issue,
                line.balance,
                line.lot_number,
                line.expiry_date,
                line.manufacturer,
                line.supplier,
                quality_text(line),
                acceptance_text(line.acceptance),
                line.done_by,
                line.checked_by,
            ]
        )
        row = sheet.max_row
        sheet.cell(row=row, column=1).number_format = DATE_FORMAT
        sheet.cell(row=row, column=9).number_format = DATE_FORMAT
        for col in (5, 6, 7):
            sheet.cell(row=row, column=col).number_format = QUANTITY_FORMAT
        sheet.cell(row=row, column=QUALITY + 1).alignment = Alignment(wrap_text=True)
    sheet.append(
        [
            None,
            None,
            "本月合计 Month total",
            f"{len(register.lines)} 行 lines",
            register.total_receipts,
            register.total_issues,
            register.closing,
        ]
    )
    totals = sheet.max_row
    for col in range(1, len(COLUMNS) + 1):
        sheet.cell(row=totals, column=col).font = bold
    for col in (5, 6, 7):
        sheet.cell(row=totals, column=col).number_format = QUANTITY_FORMAT
    sheet.append([])
    sheet.append([LEGEND])
    sheet.append(
        [None, None, "药品管理负责人 Responsible person：", None, None, "核对人 Checker："]
    )
    sheet.append([None, None, "日期 Date："])
    book.properties.title = f"{sheet['A1'].value} {register.product_name} {month}"
    book.properties.creator = register.clinic_name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
