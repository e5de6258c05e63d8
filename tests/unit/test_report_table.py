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
