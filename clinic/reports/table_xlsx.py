"""A ReportTable as an Excel workbook: title block, bilingual headings, exact numbers, frozen panes."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clinic.analytics.table import Cell, ReportTable, cell_text

NUMBER_FORMAT = "#,##0.###;-#,##0.###;0"
DATE_FORMAT = "yyyy-mm-dd"
HEADING_FILL = PatternFill("solid", fgColor="EEEEEE")


def _value(cell: Cell) -> object:
    """Numbers stay numbers (Decimal as a number Excel sums exactly to its shown places)."""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | Decimal | date | datetime):
        return cell
    return cell_text(cell)


def render_table_xlsx(tables: ReportTable | list[ReportTable]) -> bytes:
    """One sheet per table, named by its Chinese title (Excel allows 31 characters)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables if isinstance(tables, list) else [tables]:
        sheet = book.create_sheet(table.title_zh[:31] or table.key[:31])
        sheet["A1"] = f"{table.title_zh} {table.title_en}".strip()
        sheet["A1"].font = Font(bold=True, size=13)
        head = "    ".join(
            part
            for part in (
                f"单位 Clinic：{table.clinic_name}" if table.clinic_name else "",
                f"期间 Period：{table.period_text()}" if table.period else "",
                table.subtitle,
            )
            if part
        )
        sheet["A2"] = head
        heading_row = 4
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(heading_row, index, column.heading())
            cell.font = Font(bold=True)
            cell.fill = HEADING_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            width = max(len(column.zh) * 2, len(column.en), 8) + 2
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 40)
        rows = list(table.rows)
        for offset, row in enumerate(rows, start=heading_row + 1):
            for index, value in enumerate(row, start=1):
                cell = sheet.cell(offset, index, _value(value))
                if isinstance(value, int | Decimal) and not isinstance(value, bool):
                    cell.number_format = NUMBER_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
        last = heading_row + len(rows)
        if table.totals is not None:
            last += 1
            for index, value in enumerate(table.totals, start=1):
                cell = sheet.cell(last, index, _value(value))
                cell.font = Font(bold=True)
                if isinstance(value, int | Decimal) and not isinstance(value, bool):
                    cell.number_format = NUMBER_FORMAT
        for offset, note in enumerate(table.notes, start=last + 2):
            sheet.cell(offset, 1, note)
        sheet.freeze_panes = sheet.cell(heading_row + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
