"""The register on paper: a total row under each day, the product's form in words, a delivery's
shortage and damage on its line, and file names that say which register it is."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from clinic.inventory.register import DayTotal, Register, RegisterLine, file_name, with_day_totals
from clinic.reports.register_pdf import render_register_pdf
from clinic.reports.register_xlsx import render_register_xlsx


def _line(day: int, hour: int, kind: str, qty: str, balance: str, **extra: object) -> RegisterLine:
    moment = datetime(2026, 10, day, hour, 0, tzinfo=UTC)
    incoming = kind == "receipt"
    return RegisterLine(
        occurred_at=moment,
        local_date=date(2026, 10, day),
        voucher=f"V{day:02d}{hour:02d}",
        kind=kind,
        counterpart="供货单位 Supplier" if incoming else "窗口1 Window 1",
        receipt=Decimal(qty) if incoming else None,
        issue=None if incoming else Decimal(qty),
        balance=Decimal(balance),
        lot_number="MT2610A",
        expiry_date=date(2028, 9, 30),
        manufacturer="示范制药",
        supplier="示范医药",
        done_by="王药师",
        checked_by="李护士",
        note=None,
        **extra,  # type: ignore[arg-type]
    )


# A month held by hand: opening 1000; the 3rd a delivery of 500 (on the note 520, 15 short,
# 5 damaged) and two issues; the 4th one issue; the 9th an issue and a receipt.
LINES = (
    _line(
        3,
        1,
        "receipt",
        "500",
        "1500",
        quality="包装完好 intact",
        acceptance="accepted_with_exceptions",
        on_note=Decimal("520"),
        shortage=Decimal("15"),
        damaged=Decimal("5"),
    ),
    _line(3, 2, "issue", "200", "1300"),
    _line(3, 5, "issue", "150.5", "1149.5"),
    _line(4, 2, "issue", "300", "849.5"),
    _line(9, 1, "issue", "49.5", "800"),
    _line(9, 3, "receipt", "250", "1050"),
)
REGISTER = Register(
    clinic_name="城东社区卫生服务门诊",
    site_name="主门诊 Main",
    place_name="药库 Safe",
    product_name="盐酸美沙酮口服溶液 1 mg/mL",
    product_form="oral_solution",
    strength="1 mg/mL",
    unit="mL",
    controlled_class="narcotic",
    year=2026,
    month=10,
    opening=Decimal("1000"),
    lines=LINES,
    closing=Decimal("1050"),
    total_receipts=Decimal("750"),
    total_issues=Decimal("700"),
)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_each_day_has_a_total_of_its_own_lines() -> None:
    entries = with_day_totals(LINES)
    totals = [e for e in entries if isinstance(e, DayTotal)]
    assert [(t.day.day, t.receipts, t.issues, t.balance, t.lines) for t in totals] == [
        (3, Decimal("500"), Decimal("350.5"), Decimal("1149.5"), 3),
        (4, Decimal("0"), Decimal("300"), Decimal("849.5"), 1),
        (9, Decimal("250"), Decimal("49.5"), Decimal("1050"), 2),
    ]
    # each total stands right under its day's last line
    assert [type(e).__name__ for e in entries] == [
        "RegisterLine", "RegisterLine", "RegisterLine", "DayTotal",
        "RegisterLine", "DayTotal", "RegisterLine", "RegisterLine", "DayTotal",
    ]  # fmt: skip
    assert sum(t.receipts for t in totals) == REGISTER.total_receipts
    assert sum(t.issues for t in totals) == REGISTER.total_issues


def test_the_pdf_prints_day_totals_the_form_in_words_and_the_delivery_figures(
    tmp_path: Path,
) -> None:
    text = _pdf_text(render_register_pdf(REGISTER), tmp_path)
    rows = [line.split() for line in text.splitlines() if "Day total" in line]
    assert [r[3:] for r in rows] == [
        ["2026-10-03", "500", "350.5", "1149.5"],
        ["2026-10-04", "300", "849.5"],  # no receipt that day: the cell is left empty
        ["2026-10-09", "250", "49.5", "1050"],
    ]
    assert "剂型 Form：口服溶液 oral solution" in text and "oral_solution" not in text
    assert "品名 Product：盐酸美沙酮口服溶液 1 mg/mL" in text
    assert "单520 缺15 损5" in text  # on the note, short, damaged: on the receipt's line
    page_total = next(line for line in text.splitlines() if "Page total" in line).split()
    assert page_total[-2:] == ["750", "700"]  # the page's lines, never their day totals twice
    closing = next(line for line in text.splitlines() if "Closing balance" in line)
    assert closing.split()[-1] == "1050"


def test_day_totals_do_not_disturb_page_totals_and_carried_balances(tmp_path: Path) -> None:
    """Many days over several pages: the page totals add up to the month, and each page
    carries forward the balance the next one brings forward."""
    lines = []
    balance = Decimal("10000")
    for n in range(120):
        balance -= Decimal("7.5")
        lines.append(_line(1 + n // 5, 1 + n % 5, "issue", "7.5", str(balance)))
    reg = replace(
        REGISTER,
        opening=Decimal("10000"),
        lines=tuple(lines),
        closing=balance,
        total_receipts=Decimal(0),
        total_issues=Decimal("900"),
    )
    pages = [p for p in _pdf_text(render_register_pdf(reg), tmp_path).split("\f") if p.strip()]
    assert len(pages) > 3
    issued = Decimal(0)
    carried: list[str] = []
    for number, page in enumerate(pages):
        rows = page.splitlines()
        issued += Decimal(next(r for r in rows if "Page total" in r).split()[-1])
        if number:
            brought = next(r for r in rows if "Brought forward" in r).split()[-1]
            assert brought == carried[-1]
        if number < len(pages) - 1:
            carried.append(next(r for r in rows if "Carried forward" in r).split()[-1])
    assert issued == Decimal("900")
    day_rows = [r for p in pages for r in p.splitlines() if "Day total" in r]
    assert len(day_rows) == 24


def test_the_xlsx_has_the_same_day_totals() -> None:
    sheet = load_workbook(io.BytesIO(render_register_xlsx(REGISTER))).active
    assert sheet is not None
    days = [r for r in sheet.iter_rows(values_only=True) if r[2] == "本日合计 Day total"]
    assert [(r[0].day, r[4], r[5], r[6]) for r in days] == [
        (3, 500, 350.5, 1149.5),
        (4, 0, 300, 849.5),
        (9, 250, 49.5, 1050),
    ]
    assert "口服溶液 oral solution" in str(sheet["A4"].value)


def test_file_names_name_the_book_product_strength_place_and_month() -> None:
    assert file_name(REGISTER, "pdf") == "专用账册_盐酸美沙酮口服溶液_1mg-mL_药库-Safe_2026-10.pdf"
    assert file_name(REGISTER, "xlsx").endswith("_2026-10.xlsx")
    loose = replace(
        REGISTER, controlled_class="none", product_name="纳曲酮片", strength="50 mg/tablet"
    )
    assert file_name(loose, "pdf") == "药品出入库账册_纳曲酮片_50mg-tablet_药库-Safe_2026-10.pdf"
