"""The register's PDF and Excel exports and the loss report, through the services."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from clinic.errors import InvalidInput, PermissionDenied
from clinic.inventory import register, stock
from clinic.storage.models import AuditEvent, Lot
from clinic.storage.uow import UnitOfWork
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest
from tests.integration.stock_helpers import Pharmacy, pharmacy

poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils not installed",
)


@pytest.fixture
def ph(clinic: ClinicUnderTest) -> Pharmacy:
    return pharmacy(clinic)


def last_event(cut: ClinicUnderTest, action: str) -> AuditEvent:
    with UnitOfWork(cut.db, read_only=True) as uow:
        row = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq.desc())
        ).first()
        assert row is not None
        uow.session.expunge(row)
        return row


def pdf_text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(path), str(tmp_path / name)],
        check=True,
    )
    assert list(tmp_path.glob(f"{name}-*.png"))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def stocked_month(ph: Pharmacy) -> int:
    lot = ph.receive(ph.methadone, "L1", "1000").lot.lot_id
    ph.receive(ph.methadone, "L2", "500.5", expiry_days=800)
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="300",
        **ph.witness(),
    )
    stock.record_loss(
        ph.pharm,
        kind="loss",
        location_id=ph.safe,
        lot_id=lot,
        quantity="2.5",
        circumstances="bottle broke in the safe",
        **ph.witness(),
    )
    return lot


@poppler
def test_register_pdf_and_excel_agree_with_the_ledger(ph: Pharmacy, tmp_path: Path) -> None:
    stocked_month(ph)
    month = dict(
        location_id=ph.safe,
        product_id=ph.methadone,
        year=ph.today.year,
        month=ph.today.month,
        clinic_name="示范门诊",
    )
    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        ledger_total = register.ledger_balance(uow.session, ph.safe, ph.methadone)
    assert ledger_total == Decimal("1198")

    text = pdf_text(register.export_register(ph.pharm, **month, fmt="pdf"), tmp_path, "reg")
    for heading in (
        "麻醉药品/第一类精神药品专用账册",
        "Register of narcotic drugs",
        "凭证号",
        "Voucher",
    ):
        assert heading in text
    closing = next(line for line in text.splitlines() if "Closing balance" in line)
    assert closing.split()[-1] == "1198"
    assert "入库 Receipt" in text and "丢失/被盗" in text and "示范门诊" in text
    event = last_event(ph.cut, "stock.register")
    assert json.loads(event.details) == {"format": "pdf", "lines": 4}

    xlsx = register.export_register(ph.pharm, **month, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(min_row=7, values_only=True) if r[1]]
    assert len(rows) == 4
    assert Decimal(str(rows[-1][6])) == ledger_total
    totals = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "本月合计 Month total")
    assert Decimal(str(totals[4])) == Decimal("1500.5")
    assert Decimal(str(totals[5])) == Decimal("302.5")
    assert Decimal(str(totals[6])) == ledger_total
    assert json.loads(last_event(ph.cut, "stock.register").details)["format"] == "xlsx"

    with pytest.raises(InvalidInput):
        register.export_register(ph.pharm, **month, fmt="docx")
    with pytest.raises(PermissionDenied):
        register.export_register(ph.nurse, **month, fmt="pdf")


@poppler
def test_incident_report_names_what_where_when_and_who(ph: Pharmacy, tmp_path: Path) -> None:
    lot = ph.receive(ph.methadone, "LX-77", "100").lot.lot_id
    incident = stock.record_loss(
        ph.pharm,
        kind="theft",
        location_id=ph.safe,
        lot_id=lot,
        quantity="12.5",
        circumstances="保险柜门锁被撬 The safe's lock was forced overnight",
        police_reference="JX-2024-0117",
        **ph.witness(),
    )
    pdf = stock.incident_report_pdf(
        ph.pharm, incident_id=incident.incident_id, clinic_name="示范门诊"
    )
    text = pdf_text(pdf, tmp_path, "incident")
    for expected in (
        "丢失、被盗案件报告",
        "被盗 Theft",
        "LX-77",
        "12.5 mL",
        "JX-2024-0117",
        "保险柜门锁被撬",
        "公安机关",
        "药品监督管理部门",
        "卫生健康行政部门",
        "见证人 Witness",
        "药品管理负责人 Responsible person",
        incident.voucher,
    ):
        assert expected in text, expected
    event = last_event(ph.cut, "stock.loss")
    assert event.entity_id == str(incident.incident_id)
    assert json.loads(event.details)["report"] == "pdf"
    with pytest.raises(PermissionDenied):
        stock.incident_report_pdf(ph.nurse, incident_id=incident.incident_id, clinic_name="x")


def test_cli_register_export_and_purge_refusal(ph: Pharmacy, tmp_path: Path) -> None:
    if ph.cut.backend != "sqlcipher":
        pytest.skip("the CLI path is the same for both backends; run once")
    lot = stocked_month(ph)
    env = {"LANG": "en_US.UTF-8", **os.environ}

    def cli(user: str, password: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "clinic.cli", "--path", str(ph.cut.home)]
        return subprocess.run(
            [*command, "--user", user, *args],
            input=f"{password}\n",
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )

    month = f"{ph.today:%Y-%m}"
    target = tmp_path / "register.xlsx"
    place = ["--place-id", str(ph.safe), "--product-id", str(ph.methadone), "--month", month]
    done = cli("pharm", "pharm-pass-1", "register", "export", *place, str(target))
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(target).active
    assert sheet is not None
    closing = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "本月合计 Month total")
    assert Decimal(str(closing[6])) == Decimal("1198")
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    pdf = tmp_path / "register.pdf"
    assert cli("pharm", "pharm-pass-1", "register", "export", *place, str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")

    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        expiry = uow.session.get(Lot, lot).expiry_date  # type: ignore[union-attr]
    refused = cli("admin", ADMIN_PASSWORD, "ledger", "purge", "--lot-id", str(lot))
    assert refused.returncode == 2
    allowed = expiry.replace(year=expiry.year + 5)
    assert str(allowed) in refused.stderr and "Nothing was purged" in refused.stderr


@poppler
def test_a_receipt_line_carries_quality_acceptance_shortage_damage_and_both_names(
    ph: Pharmacy, tmp_path: Path
) -> None:
    got = stock.receive(
        ph.pharm,
        product_id=ph.methadone,
        lot_number="Q-1",
        expiry_date=f"{ph.today.year + 2}-03-31",
        manufacturer="某制药厂",
        supplier="某医药公司",
        safe_id=ph.safe,
        expected="10000",
        received="9500",
        damaged="400",
        quality_condition="外箱破损",
        acceptance="accepted_with_exceptions",
        delivery_note="DN-Q1",
        **ph.witness(),
    )
    assert got.shortage == 100
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="100",
        **ph.witness(),
    )
    month = dict(
        location_id=ph.safe,
        product_id=ph.methadone,
        year=ph.today.year,
        month=ph.today.month,
        clinic_name="示范门诊",
    )
    reg = register.register_month(ph.pharm, **month)
    received, issued = reg.lines
    assert (received.on_note, received.shortage, received.damaged) == (10000, 100, 400)
    assert (received.quality, received.acceptance, received.role) == (
        "外箱破损",
        "accepted_with_exceptions",
        "receipt",
    )
    assert issued.role == "issue" and issued.on_note is None and issued.quality is None
    assert received.checked_by == issued.checked_by  # the nurse: keeper, then recipient
    assert register.file_name(reg, "pdf").endswith(f"_{ph.today.year}-{ph.today.month:02d}.pdf")

    text = pdf_text(register.export_register(ph.pharm, **month, fmt="pdf"), tmp_path, "q")
    for expected in (
        "质量情况",
        "验收结论",
        "经手人/收货人",
        "领用人",
        "外箱破损",
        "缺损已登记",
    ):
        assert expected in text, expected
    assert "单10000 缺100 损400" in text
    assert "收入行经手人为收货人" in text  # the legend says whose signature each name is

    sheet = load_workbook(
        io.BytesIO(register.export_register(ph.pharm, **month, fmt="xlsx"))
    ).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(min_row=7, values_only=True) if r[1]]
    assert rows[0][11].startswith("外箱破损\n随货单 10000，短缺 100，破损 400")
    assert rows[0][12] == "验收合格，短缺/破损已登记 Accepted; shortage or damage recorded"
    assert rows[1][11] is None and rows[1][12] is None
    assert rows[0][13] and rows[0][14] and rows[1][14] == rows[0][14]

    quarantine = next(p for p in stock.list_places(ph.pharm) if p.kind == "quarantine")
    spoiled = register.register_month(ph.pharm, **{**month, "location_id": quarantine.location_id})
    assert [(line.receipt, line.damaged) for line in spoiled.lines] == [(400, 400)]
