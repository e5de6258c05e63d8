"""The register PDF and Excel renderers on a synthetic month (no database)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clinic.inventory.register import Register, RegisterLine
from clinic.reports.register_pdf import render_register_pdf
from clinic.reports.register_xlsx import render_register_xlsx

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def month(lines: int, opening: str = "5000") -> Register:
    running = Decimal(opening)
    out: list[RegisterLine] = []
    receipts = issues = Decimal(0)
    start = datetime(2024, 3, 1, 1, 0, tzinfo=UTC)
    for i in range(lines):
        incoming = i % 40 == 0
        qty = Decimal("400") if incoming else Decimal("12.5") + i % 7
        running += qty if incoming else -qty
        receipts += qty if incoming else 0
        issues += 0 if incoming else qty
        moment = start + timedelta(minutes=14 * i)
        out.append(
            RegisterLine(
                occurred_at=moment,
                local_date=moment.date(),
                voucher=f"FY20240301-{i:08X}",
                kind="receipt" if incoming else "dispense",
                counterpart="药库 Safe" if incoming else "发给患者 / Dispensed to patients",
                receipt=qty if incoming else None,
                issue=None if incoming else qty,
                balance=running,
                lot_number="MT2403A",
                expiry_date=date(2026, 2, 28),
                manufacturer="某某制药股份有限公司 A Very Long Manufacturer Name Ltd",
                supplier="某医药有限公司",
                done_by="王药师",
                checked_by="李护士",
                note=None,
            )
        )
    return Register(
        clinic_name="示范美沙酮门诊 Demo clinic",
        site_name="主门诊 Main",
        place_name="窗口1 Window 1",
        product_name="盐酸美沙酮口服溶液 1 mg/mL",
        product_form="oral_solution",
        strength="1 mg/mL",
        unit="mL",
        controlled_class="narcotic",
        year=2024,
        month=3,
        opening=Decimal(opening),
        lines=tuple(out),
        closing=running,
        total_receipts=receipts,
        total_issues=issues,
    )


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@needs_poppler
def test_a_busy_month_paginates_with_headings_and_totals_on_every_page(tmp_path: Path) -> None:
    reg = month(3000)
    pages = pdf_pages(render_register_pdf(reg), tmp_path)
    assert len(pages) >= 3000 // 30
    for number, page in enumerate(pages, start=1):
        assert "麻醉药品/第一类精神药品专用账册" in page
        assert "Voucher" in page and "Balance" in page and "结存" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "本页合计 Page total" in page
    assert all("过次页 Carried forward" in page for page in pages[:-1])
    assert "承前页 Brought forward" in pages[1]
    last = pages[-1]
    assert "本月结存 Closing balance" in last and format(reg.closing, "f") in last
    assert "药品管理负责人 Responsible person" in last


@needs_poppler
def test_page_totals_add_up_to_the_month(tmp_path: Path) -> None:
    reg = month(95)
    pages = pdf_pages(render_register_pdf(reg), tmp_path)
    issued = Decimal(0)
    for page in pages:
        row = next(line for line in page.splitlines() if "Page total" in line)
        issued += Decimal(row.split()[-1])
    assert issued == reg.total_issues


@needs_poppler
def test_an_empty_month_still_shows_opening_and_closing(tmp_path: Path) -> None:
    pages = pdf_pages(render_register_pdf(month(0, opening="80")), tmp_path)
    assert len(pages) == 1
    assert "Opening balance" in pages[0] and "Closing balance" in pages[0]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pdf_renders_to_images(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(render_register_pdf(month(70)))
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == 3


def test_xlsx_keeps_exact_numbers_and_totals() -> None:
    reg = month(250)
    book = load_workbook(io.BytesIO(render_register_xlsx(reg)))
    sheet = book.active
    assert sheet is not None
    assert sheet.freeze_panes == "A6"
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    opening = rows[0]
    body = [r for r in rows[1:] if r[1]]  # movement lines have a voucher; day totals none
    totals = next(r for r in rows if r[2] == "本月合计 Month total")
    assert len(body) == len(reg.lines)
    assert Decimal(str(opening[6])) == reg.opening
    assert [Decimal(str(r[6])) for r in body] == [line.balance for line in reg.lines]
    assert Decimal(str(body[-1][6])) == reg.closing
    assert isinstance(body[1][5], (int, float)) and isinstance(body[1][0], datetime)
    assert Decimal(str(totals[4])) == reg.total_receipts
    assert Decimal(str(totals[5])) == reg.total_issues
    assert Decimal(str(totals[6])) == reg.closing
    assert sum(Decimal(str(r[5] or 0)) for r in body) == reg.total_issues
