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
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialogButtonBox

from clinic.insurance import claims, schemes, views
from clinic.ui.claims_page import ClaimsPage
from clinic.ui.common import DONE, REFUSED
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
        "P000002": "no valid consent to insurance claims in this month",
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


def add_employee_scheme(b: Billing, deductible: str = "0") -> None:
    admin = b.cut.admin()
    schemes.add_payer_scheme(admin, code="EMPLOYEE", name="职工医保", kind="employee")
    claims.set_scheme_terms(
        admin,
        scheme_code="EMPLOYEE",
        effective_from=date(2026, 1, 1),
        ratio="0.8",
        deductible=deductible,
        annual_cap="3000",
        subsidy_share="0",
        covered=["service", "drug", "screen"],
        insutype="310",
    )


def settled(qtbot, page: ClaimsPage) -> None:  # type: ignore[no-untyped-def]
    """The month read that follows a choice has run and is shown."""
    qtbot.waitUntil(
        lambda: not busy() and not page.follow_timer.isActive() and page.result is not None,
        timeout=30000,
    )


def test_the_build_tab_follows_the_scheme_and_month_at_once(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_employee_scheme(b)
    page = built_page(qtbot, b, tmp_path)
    resident = page.result.batch_number
    assert resident in page.build_summary.text()
    page.choose("EMPLOYEE", 2026, 3)
    # at once: the resident batch is no longer on screen, before any read has finished
    assert page.result is None and page.included.rowCount() == 0
    assert resident not in page.build_summary.text() and "EMPLOYEE" in page.build_summary.text()
    settled(qtbot, page)
    assert page.result.batch_number == "" and page.included.rowCount() == 0
    assert page.build_summary.text().startswith("No batch yet for EMPLOYEE in 2026-03: 0 claims")
    page.choose("RESIDENT", 2026, 3)
    settled(qtbot, page)
    assert page.result.batch_number == resident
    assert column(page.included, 0)[:-1] == [c.number for c in page.result.claims]
    assert column(page.batch_table, 0)[page.batch_table.currentRow()] == resident
    page.month.setDate(page.month.date().addMonths(-1))  # February: nothing dosed
    assert page.included.rowCount() == 0
    settled(qtbot, page)
    assert page.result.batch_number == "" and page.problems.rowCount() == 0
    assert "No batch yet for RESIDENT in 2026-02" in page.build_summary.text()


def test_before_a_build_the_month_shows_what_a_build_would_find(
    qtbot, clinic: ClinicUnderTest, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))
    page = ClaimsPage(b.clerk, export_folder=tmp_path)
    qtbot.addWidget(page)
    page.choose("RESIDENT", 2026, 3)
    settled(qtbot, page)
    assert page.build_summary.text() == (
        "No batch yet for RESIDENT in 2026-03: 1 claim can be built · 2 excluded · 2 problems"
    )
    assert column(page.problems, 1) == [
        "no price for 盐酸美沙酮口服溶液 1 mg/mL on 2026-03-02",
        "no price for 盐酸美沙酮口服溶液 1 mg/mL on 2026-03-03",
    ]
    assert page.build_boxes[2].title().endswith("(2)")
    assert page.build_boxes[2].property("tone") == "warning"


def test_an_export_with_problems_warns_naming_them_and_needs_a_tick(
    qtbot, clinic: ClinicUnderTest, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))
    page = built_page(qtbot, b, tmp_path)
    page.tabs.setCurrentIndex(1)
    dialog = page.ask_export()
    assert dialog is not None and dialog.warning.isVisibleTo(dialog)
    assert "2 unresolved problems" in dialog.problem_heading.text()
    assert [dialog.problem_list.item(n).text() for n in range(2)] == [
        f"P000001 — no price for 盐酸美沙酮口服溶液 1 mg/mL on 2026-03-0{d}" for d in (2, 3)
    ]
    target = tmp_path / "march.zip"
    dialog.target.setText(str(target))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "Export anyway" in dialog.message.text()
    assert dialog.message.property("error") == "true"
    assert not busy() and not target.exists()
    dialog.confirm.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not busy() and page.last_export is not None, timeout=30000)
    assert target.exists() and page.last_export.claims == 1
    assert page.message.text().startswith("1 claim exported to")


def test_an_export_without_problems_shows_no_warning_and_names_the_zip_programs(
    qtbot, b: Billing, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = built_page(qtbot, b, tmp_path)
    page.tabs.setCurrentIndex(1)
    dialog = page.ask_export()
    assert not dialog.warning.isVisibleTo(dialog)
    note = dialog.zip_note.text()
    assert all(name in note for name in ("7-Zip", "WinRAR", "Bandizip", "Windows Explorer"))
    assert "macOS Archive Utility cannot open it" in note


def test_the_payer_paying_nothing_is_explained_on_the_claim(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    claims.set_scheme_terms(  # from March the scheme has a deductible larger than the month
        b.cut.admin(),
        scheme_code="RESIDENT",
        effective_from=date(2026, 3, 1),
        ratio="0.8",
        deductible="200",
        annual_cap="3000",
        subsidy_share="0",
        covered=["service", "drug", "screen"],
        insutype="310",
    )
    page = built_page(qtbot, b, tmp_path)
    assert column(page.included, 4)[:1] == ["0.00"]
    note = column(page.included, 8)[0]
    assert note.startswith("Payer pays nothing: deductible not met")
    assert "the payer pays nothing on 1 claim: see its note" in page.build_summary.text()
    page.tabs.setCurrentIndex(1)
    page.select_claim(page.result.claims[0].number)
    assert column(page.claim_table, 9) == [note]
    dialog = page.open_claim()
    assert dialog.payer_note.isVisibleTo(dialog) and dialog.payer_note.text() == note


def test_done_and_refused_messages_have_one_colour_each(qtbot, b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = ClaimsPage(b.clerk, export_folder=tmp_path)
    qtbot.addWidget(page)
    page.show()
    page.show_message("Done.", error=False)
    assert page.message.palette().color(QPalette.ColorRole.WindowText) == QColor(DONE.text)
    page.show_message("Refused.")
    assert page.message.palette().color(QPalette.ColorRole.WindowText) == QColor(REFUSED.text)
