"""The claims screens on real widgets: a batch built through the page with its excluded list,
export through the passphrase dialog in a worker (the zip opens), a remittance with a malformed
row, a claim in full, and the administrator's schemes and fees page."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import pyzipper
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from clinic.insurance import claims, views
from clinic.ui.claims_page import ClaimsPage
from clinic.ui.payers_page import PayersPage, TermsDialog
from clinic.ui.worker import busy
from tests.conftest import ClinicUnderTest
from tests.integration.test_claims import PASSPHRASE, Billing


@pytest.fixture
def b(clinic: ClinicUnderTest) -> Billing:
    return Billing(clinic)


pytestmark = pytest.mark.parametrize("backend", ["sqlcipher"], indirect=True)


def column(table, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, n).text() for r in range(table.rowCount())]


def click_build(qtbot, page: ClaimsPage) -> None:  # type: ignore[no-untyped-def]
    """Build runs in a worker: the button is off until it has finished, the window stays live."""
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert not page.build_button.isEnabled()
    qtbot.waitUntil(lambda: not busy() and page.build_button.isEnabled(), timeout=30000)


def built_page(qtbot, b: Billing, tmp_path: Path) -> ClaimsPage:  # type: ignore[no-untyped-def]
    page = ClaimsPage(b.clerk, clinic_name="测试诊所", export_folder=tmp_path)
    qtbot.addWidget(page)
    page.show()
    page.choose("RESIDENT", 2026, 3)
    click_build(qtbot, page)
    assert page.result is not None, page.message.text()
    return page


def test_build_a_batch_shows_claims_and_who_is_excluded(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = built_page(qtbot, b, tmp_path)
    assert column(page.included, 1) == ["P000001", ""]  # the claim, then the total row
    assert column(page.included, 3) == ["57.50", "57.50"]
    assert column(page.included, 4)[-1] == "40.25"
    excluded = dict(zip(column(page.excluded, 0), column(page.excluded, 1), strict=True))
    assert excluded == {
        "P000002": "no valid consent to insurance claims",
        "P000003": "pays themselves (self-pay)",
    }
    assert page.problems.rowCount() == 0
    assert "1 claim ·" in page.build_summary.text()
    # the batch list follows, with totals per payer and per status
    assert column(page.batch_table, 0) == [page.result.batch_number]
    assert column(page.payer_totals, 0) == ["RESIDENT"]
    assert column(page.status_totals, 0) == ["Draft"]
    # discarding the drafts frees the days, so the patient's data can be fixed and rebuilt
    assert page.discard_button.isEnabled()
    assert page.discard("insured numbers fixed") == 1
    assert page.included.rowCount() == 0
    click_build(qtbot, page)
    assert column(page.included, 1) == ["P000001", ""]
    assert page.result.batch_number.endswith("-02")
    # building once more finds every day already claimed: a problem per day, no claim
    click_build(qtbot, page)
    assert page.problems.rowCount() == 5 and column(page.included, 1) == [""]
    assert all("already claimed" in text for text in column(page.problems, 1))


def test_export_through_the_dialog_runs_in_a_worker(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = built_page(qtbot, b, tmp_path)
    page.tabs.setCurrentIndex(1)
    assert page.export_button.isEnabled()
    dialog = page.ask_export()
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "out" / "march.zip"
    target.parent.mkdir()
    dialog.target.setText(str(target))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE + "x")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "differ" in dialog.message.text()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    qtbot.keyClicks(dialog.medins, "H11010500001")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert busy()  # the zip is written off the UI thread
    qtbot.waitUntil(lambda: not busy() and page.last_export is not None, timeout=30000)
    assert page.last_export is not None and page.last_export.path == target
    with pyzipper.AESZipFile(target) as archive:
        archive.setpassword(PASSPHRASE.encode())
        rows = list(
            csv.DictReader(
                io.StringIO(archive.read(f"{page.result.batch_number}.csv").decode("utf-8-sig"))
            )
        )
    assert {r["psn_no"] for r in rows} == {"R1001"} and len(rows) == 10
    assert column(page.claim_table, 7) == ["Exported"]
    assert column(page.batch_table, 10) == ["1"]


def test_a_remittance_with_a_malformed_line_is_refused(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = built_page(qtbot, b, tmp_path)
    number = page.result.claims[0].number
    page.tabs.setCurrentIndex(1)
    dialog = page.ask_export()
    dialog.target.setText(str(tmp_path / "b.zip"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not busy() and page.last_export is not None, timeout=30000)
    remittance = tmp_path / "remit.csv"
    remittance.write_text(f"claim,paid,status,reason\n{number},4o.25,paid,\n", encoding="utf-8")
    assert page.import_remittance(remittance, date(2026, 4, 20)) is None
    assert page.message.isVisible() and "Line 2:" in page.message.text()
    assert "“4o.25”" in page.message.text()
    assert claims.claim_status_of(b.clerk, claim_number=number) == "exported"
    assert column(page.claim_table, 7) == ["Exported"]
    remittance.write_text(f"{number},40.25,paid,\n", encoding="utf-8")
    page.import_remittance(remittance, date(2026, 4, 20))
    assert column(page.claim_table, 7) == ["Paid"] and column(page.claim_table, 8) == ["40.25"]


def test_claim_detail_and_status_buttons(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = built_page(qtbot, b, tmp_path)
    page.tabs.setCurrentIndex(1)
    page.select_claim(page.result.claims[0].number)
    assert not page.accepted_button.isEnabled()  # a draft is not with the payer yet
    detail = page.open_claim()
    assert detail is not None and detail.lines.rowCount() == 10
    assert "57.50" in detail.totals.text() and "40.25" in detail.totals.text()
    assert column(detail.history, 1) == ["Draft"]


def test_schemes_and_fees_page(qtbot, b: Billing) -> None:  # type: ignore[no-untyped-def]
    admin = b.cut.admin()
    page = PayersPage(admin)
    qtbot.addWidget(page)
    page.show()
    assert column(page.scheme_table, 0) == ["RESIDENT"]
    assert column(page.terms_table, 2) == ["70%"]
    assert set(column(page.fee_table, 0)) == {"SVC-DOSING", "DRUG-MET-1"}
    page.scheme_table.selectRow(0)
    form = page.terms_form()
    assert isinstance(form, TermsDialog) and form.ratio.text() == "0.7"
    form.effective.setDate(form.effective.date().addDays(1))
    form.ratio.setText("1.5")
    form.save()
    assert form.result() == 0 and "between 0 and 1" in form.message.text()
    form.ratio.setText("0.8")
    form.cap.setText("3000")
    form.save()
    assert form.result() == 1
    page.reload()
    assert column(page.terms_table, 2) == ["70%", "80%"]
    assert column(page.terms_table, 4)[-1] == "3,000.00"
    assert views.list_scheme_terms(admin)[-1].annual_cap == Decimal("3000")
