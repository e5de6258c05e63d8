"""The platform's screens on real widgets: a fee item's charge category and codes as a new
version, the clerk's chronic-disease registration, the export refused until the visits are
registered, and the platform's replies imported."""

from __future__ import annotations

import pytest
import pyzipper
from PySide6.QtWidgets import QDialogButtonBox

from clinic.insurance import claims, platform
from clinic.ui.payers_page import FeeDialog, PayersPage
from clinic.ui.worker import busy
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import PASSPHRASE, Billing
from tests.integration.test_platform_claims import PLATFORM_SETTINGS
from tests.ui.test_claims import built_page, column

pytestmark = pytest.mark.parametrize("backend", ["sqlcipher"], indirect=True)


@pytest.fixture
def b(clinic: ClinicUnderTest) -> Billing:
    return Billing(clinic)


def test_a_fee_items_category_and_codes_change_as_a_new_version(qtbot, b: Billing) -> None:  # type: ignore[no-untyped-def]
    page = PayersPage(b.cut.admin())
    qtbot.addWidget(page)
    page.show()
    rows = dict(zip(column(page.fee_table, 0), column(page.fee_table, 6), strict=True))
    assert rows == {"SVC-DOSING": "05 Treatment", "DRUG-MET-1": "09 Western medicine"}
    page.fee_table.selectRow(column(page.fee_table, 0).index("SVC-DOSING"))
    form = page.fee_form()
    assert isinstance(form, FeeDialog)
    assert form.category.currentData() == "05" and form.code.text() == "SVC-DOSING"
    form.kind.setCurrentIndex(form.kind.findData("screen"))  # the category follows the kind
    assert form.category.currentData() == "04"
    form.kind.setCurrentIndex(form.kind.findData("service"))
    form.effective.setDate(form.effective.date().addDays(1))
    form.category.setCurrentIndex(form.category.findData("09"))  # a service is no drug line
    form.save()
    assert form.result() == 0 and "medicine" in form.message.text()
    form.category.setCurrentIndex(form.category.findData("12"))
    form.insurance_code.setText("NAT-SVC-2")
    form.save()
    assert form.result() == 1, form.message.text()
    page.reload()
    service = [
        r for r in range(page.fee_table.rowCount()) if column(page.fee_table, 0)[r] == "SVC-DOSING"
    ]
    assert [column(page.fee_table, 6)[r] for r in service] == [
        "05 Treatment",
        "12 General diagnosis and treatment",
    ]
    assert [column(page.fee_table, 5)[r] for r in service] == ["SVC001", "NAT-SVC-2"]


def test_the_clerk_registers_the_disease_and_the_visits_go_out(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from clinic import administration

    for key, value in PLATFORM_SETTINGS.items():
        administration.update_setting(b.cut.admin(), key=key, value=value)
    page = built_page(qtbot, b, tmp_path)
    page.tabs.setCurrentIndex(1)
    page.claim_table.selectRow(0)
    assert page.register_button.isEnabled() and page.exclude_button.isEnabled()
    # the platform's messages are chosen (the clinic's codes are set) and refused: no registration
    dialog = page.ask_export()
    assert dialog is not None and dialog.formats["platform"].isChecked()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not busy(), timeout=30000)
    assert page.last_export is None
    assert "opsp_dise_code" in page.message.text()
    registration = page.ask_registration()
    assert registration is not None and registration.isVisible()
    qtbot.keyClicks(registration.code, "F11.2")  # the ICD-10 code is refused
    registration.name.setText("阿片类物质依赖")  # typed through an input method
    qtbot.keyClicks(registration.number, "MTB-2026-0001")
    assert registration.begins.text() == registration.ends.text() == ""  # from the approval
    registration.begins.insert("２０２６年1月1日")  # full-width, committed by an input method
    qtbot.keyClicks(registration.ends, "2026-12-31")
    qtbot.keyClicks(registration.division, "110105")
    registration.save()
    assert registration.isVisible() and "opsp_dise_code" in registration.message.text()
    registration.code.setText("M08300")
    registration.ends.setText("2025-12-31")
    registration.save()
    assert registration.isVisible() and registration.saved is None
    assert "ends before it begins" in registration.message.text()
    registration.ends.setText("2026-12-31")
    registration.save()
    assert not registration.isVisible() and registration.saved is not None
    assert "is recorded" in page.message.text()
    again = page.ask_registration()
    assert again is not None and again.history.rowCount() == 1
    assert again.code.text() == "M08300"  # the newest registration's code, to correct from
    again.reject()
    dialog = page.ask_export()
    assert dialog is not None
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not busy() and page.last_export is not None, timeout=30000)
    assert page.last_export.not_yet_registered == 5
    assert "5 visits are not yet registered" in page.message.text()
    with pyzipper.AESZipFile(page.last_export.path) as archive:
        archive.setpassword(PASSPHRASE.encode())
        name = next(n for n in page.last_export.files if n.endswith("-2201.jsonl"))
        first = archive.read(name).decode().splitlines()[0]
    number = first.split('"ipt_otp_no":"')[1].split('"')[0]
    reply = tmp_path / "reply.csv"
    reply.write_text(f"ipt_otp_no,infno,id,reason\n{number},2201,MD0001,\n", encoding="utf-8")
    report = page.import_replies(reply)
    assert (
        report is not None and report.applied == 1 and "1 replies recorded" in page.message.text()
    )
    reply.write_text(f"{number},2205,MD0001,\n", encoding="utf-8")
    assert page.import_replies(reply) is None and "Line 1" in page.message.text()
    assert platform.registrations_of(b.clerk, patient_id=b.insured)[0].disease_code == "M08300"


def test_a_claim_left_out_needs_its_reason(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = built_page(qtbot, b, tmp_path)
    page.tabs.setCurrentIndex(1)
    page.claim_table.selectRow(0)
    number = page.selected_claim().number
    assert not page.exclude(number, "  ") and "why" in page.message.text().lower()
    assert page.exclude(number, "登记待审核")
    assert claims.claim_status_of(b.clerk, claim_number=number) == "discarded"
