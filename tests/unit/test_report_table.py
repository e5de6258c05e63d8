"""The shared report table: its shape is checked, and its Excel and PDF carry every cell."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from clinic.analytics.table import Column, ReportTable
from clinic.reports.table_pdf import render_table_pdf
from clinic.reports.table_xlsx import render_table_xlsx

COLUMNS = (
    Column("site", "站点", "Site"),
    Column("patients", "患者数", "Patients", numeric=True),
    Column("dose", "平均剂量", "Mean dose (mg)", numeric=True),
)


def table(rows: int = 3) -> ReportTable:
    return ReportTable(
        key="sample",
        title_zh="在治患者统计",
        title_en="Patients in treatment",
        columns=COLUMNS,
        rows=tuple((f"站点{i}", i * 7, Decimal("62.5") + i) for i in range(rows)),
        clinic_name="城东门诊",
        period=(date(2026, 10, 1), date(2026, 10, 31)),
        totals=("合计 Total", sum(i * 7 for i in range(rows)), None),
        notes=("来源 Source: dosing records",),
    )


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        ReportTable("bad", "坏", "Bad", COLUMNS, rows=(("a", 1),))


def test_the_workbook_holds_every_cell_as_a_number_where_it_is_one() -> None:
    sheet = load_workbook(io.BytesIO(render_table_xlsx(table())))["在治患者统计"]
    assert sheet["A1"].value == "在治患者统计 Patients in treatment"
    assert "2026-10-01 – 2026-10-31" in sheet["A2"].value
    assert [sheet.cell(5 + i, 2).value for i in range(3)] == [0, 7, 14]
    assert sheet.cell(7, 3).value == 64.5
    assert sheet.cell(8, 2).value == 21  # the totals row
    assert sheet.cell(10, 1).value == "来源 Source: dosing records"


def test_the_pdf_reads_back_with_every_row_and_page_numbers(tmp_path) -> None:
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render_table_pdf(table(rows=120)))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "在治患者统计" in text and "Patients in treatment" in text
    for i in (0, 59, 119):
        assert f"站点{i}" in text
    pages = text.count("\f")
    assert pages >= 3
    assert f"1/{pages}" in text and f"{pages}/{pages}" in text
    assert "来源 Source: dosing records" in text


def test_a_table_that_asks_for_it_prints_across_the_page_its_columns_by_their_shares() -> None:
    import dataclasses

    import pypdfium2 as pdfium

    def page_size(made: ReportTable) -> tuple[float, float]:
        document = pdfium.PdfDocument(render_table_pdf(made))
        try:
            return tuple(document[0].get_size())  # type: ignore[return-value]
        finally:
            document.close()

    wide, tall = page_size(dataclasses.replace(table(), landscape=True)), page_size(table())
    assert wide[0] > wide[1] and tall[0] < tall[1]
    # a column twice another's share is printed twice as wide: the shares are what reach paper
    shared = (dataclasses.replace(COLUMNS[0], width=2.0), *COLUMNS[1:])
    assert render_table_pdf(dataclasses.replace(table(), columns=shared)) != render_table_pdf(
        table()
    )


def test_the_queue_sheets_widest_column_is_the_mornings_checks_and_its_marks_print() -> None:
    from clinic.dosing import queue_sheet

    gate = next(c for c in queue_sheet.COLUMNS if c.key == "gate")
    assert gate.width == max(column.width for column in queue_sheet.COLUMNS)
    for mark in (queue_sheet.MAY_DOSE, queue_sheet.REFUSED):
        mark.encode("gb2312")  # in GB 2312, so the Chinese CID font has it ("✗" printed blank)
