"""Each Print… button opens the print preview of its own document, painted from the same PDF
that Save as PDF writes (real widgets, real PDFs read back with poppler)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from clinic import administration
from clinic.dosing import window
from clinic.inventory import register, stock
from clinic.patients import consent
from clinic.ui.claims_page import ClaimsPage
from clinic.ui.consent_forms import ConsentDialog, DisclosureHistoryDialog
from clinic.ui.printing import PrintPreview
from clinic.ui.register_page import RegisterPage
from clinic.ui.worker import busy

from .conftest import when_shown
from .counter import open_window
from .printed import print_to_file
from .test_patients import enrol, patients_page, type_in
from .test_pharmacy_forms import shown
from .test_stock import receive, shelf, stock_page, to_window


def preview_of(qtbot, parent: QWidget) -> PrintPreview:  # type: ignore[no-untyped-def]
    """The print preview PARENT opened, once it has painted its pages."""

    def found() -> PrintPreview | None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, PrintPreview)
                and widget.isVisible()
                and widget.pages_painted > 0
                and (widget.parent() is parent or parent.isAncestorOf(widget))
            ):
                return widget
        return None

    qtbot.waitUntil(lambda: found() is not None, timeout=30_000)
    preview = found()
    assert preview is not None
    return preview


def test_register_print(qtbot, bare_demo, tmp_path: Path) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    receive(s, s.tablets, "G-1", "100")
    to_window(s, s.tablets, "10")
    to_window(s, s.tablets, "15")
    page = RegisterPage(s.pharm, clinic_name="Demo", site_code=s.site)
    shown(qtbot, page)
    assert page.print_button.isEnabled() and page.print_button.text() == "Print…"
    page.print_button.click()
    preview = preview_of(qtbot, page)
    assert preview.windowTitle().startswith("专用账册_") and preview.pages_painted == 1
    printed = print_to_file(preview.pdf_bytes, tmp_path / "register.pdf")
    assert printed.pages == 1 and printed.sizes[0][0] > printed.sizes[0][1]  # landscape
    assert "专用账册" in printed.text and "本日合计 Day total" in printed.text
    assert "Closing balance" in printed.text and printed.inked[0] > 0.01
    preview.close()
    assert page.print_button.isEnabled()


def test_register_progress_moves_through_build_and_render(bare_demo) -> None:
    clinic, passwords = bare_demo
    s = shelf(clinic, passwords)
    receive(s, s.tablets, "G-1", "1000")
    for _ in range(60):
        to_window(s, s.tablets, "1")
    today = clinic.db.clock().date()
    heard: list[int] = []
    register.export_register(
        s.pharm,
        location_id=s.safe,
        product_id=s.tablets,
        year=today.year,
        month=today.month,
        clinic_name="Demo",
        fmt="pdf",
        progress=lambda done, total: heard.append(done * 100 // total),
    )
    assert heard == sorted(heard) and heard[-1] == 100
    assert len(set(heard)) >= 4  # reading, then each page drawn: never stuck at 0


def test_daily_log_print(qtbot, counter, tmp_path: Path) -> None:
    c = counter
    pid = c.patient(dose="28")
    window.record_dose(c.nurse, patient_id=pid, window_id=c.window_id)
    tab = open_window(qtbot, c)
    tab.print_log_button.click()
    preview = preview_of(qtbot, tab)
    printed = print_to_file(preview.pdf_bytes, tmp_path / "log.pdf")
    assert c.number(pid) in printed.text and "28 mL" in printed.text
    preview.close()


def test_queue_sheet_print(qtbot, counter, tmp_path: Path) -> None:
    """The morning's sheet to dose by hand from: each patient expected, what to pour, or why not;
    across the page (its columns need it), the marks in the printer's font."""
    c = counter
    ready, dosed = c.patient(dose="28"), c.patient(dose="20")
    window.record_dose(c.nurse, patient_id=dosed, window_id=c.window_id)
    tab = open_window(qtbot, c)
    tab.print_queue_button.click()
    preview = preview_of(qtbot, tab)
    printed = print_to_file(preview.pdf_bytes, tmp_path / "sheet.pdf")
    text = " ".join(printed.text.split())
    assert "服药登记表" in text and "护士签名" in text
    assert c.number(ready) in text and "28 mL" in text
    assert c.number(dosed) in text and "Already dosed today" in text  # and why not
    assert "× 今日已服药" in text and "√ 第 1 次" in text
    assert printed.sizes[0][0] > printed.sizes[0][1]  # landscape on paper too
    preview.close()


def test_bottle_labels_open_in_the_preview(qtbot, counter, tmp_path: Path) -> None:
    c = counter
    admin = c.clinic.login("admin", c.passwords["admin"])
    administration.update_setting(admin, key="take_home_max_days", value=3)
    pid = c.patient(dose="20", take_home_days=2)
    window.open_for_dosing(c.nurse, patient_id=pid, window_id=c.window_id)
    ids = window.give_take_home(c.nurse, patient_id=pid, window_id=c.window_id, days=1)
    tab = open_window(qtbot, c)
    tab.print_labels(ids)
    preview = preview_of(qtbot, tab)
    assert tab.labels_preview is preview
    printed = print_to_file(preview.pdf_bytes, tmp_path / "labels.pdf")
    assert "Keep out of reach of children" in printed.text and "美沙酮" not in printed.text
    preview.close()


def test_card_print(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords)
    page = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    assert page.open_patient(patient.patient_id)
    view = page.record_view
    view.issue_button.click()
    assert view.card_print_button.isVisible()
    view.card_print_button.click()
    preview = preview_of(qtbot, view)
    printed = print_to_file(preview.pdf_bytes, tmp_path / "card.pdf")
    assert patient.patient_number in printed.text and "美沙酮" not in printed.text
    preview.close()


def test_consent_form_and_disclosure_history_print(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords)
    physician = clinic.login("physician", passwords["physician"])
    consent.record_disclosure(
        physician,
        patient_id=patient.patient_id,
        purpose="authority_report",
        recipient="公安机关",
        scope="status",
        legal_basis="禁毒条例第七条",
    )
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.open_patient(patient.patient_id)
    seen: dict[str, str] = {}

    def form(dialog: ConsentDialog) -> None:
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("transfer"))
        type_in(qtbot, dialog.recipient, "B市门诊")
        type_in(qtbot, dialog.scope, "treatment summary")
        dialog.findChild(QPushButton, "consentPrintPaper").click()
        preview = preview_of(qtbot, dialog)
        seen["form"] = print_to_file(preview.pdf_bytes, tmp_path / "form.pdf").text
        preview.close()
        dialog.reject()

    when_shown(ConsentDialog, form)
    page.record_view.findChild(object, "newConsent").click()
    assert "B市门诊" in seen["form"] and "treatment summary" in seen["form"]

    def history(dialog: DisclosureHistoryDialog) -> None:
        dialog.findChild(QPushButton, "printDisclosureHistory").click()
        preview = preview_of(qtbot, dialog)
        seen["history"] = print_to_file(preview.pdf_bytes, tmp_path / "history.pdf").text
        preview.close()
        dialog.reject()

    when_shown(DisclosureHistoryDialog, history)
    page.record_view.findChild(object, "disclosureHistory").click()
    assert "公安机关" in seen["history"] and "禁毒条例第七条" in seen["history"]


def test_incident_report_print(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    s = shelf(clinic, passwords)
    receive(s, s.methadone, "LOSS-1", "100")
    page = stock_page(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    lot = next(x for x in stock.list_lots(s.pharm) if x.lot_number == "LOSS-1")
    incident = stock.record_loss(
        s.pharm,
        kind="theft",
        location_id=s.safe,
        lot_id=lot.lot_id,
        quantity="10",
        circumstances="The safe was found forced open in the morning.",
        witness="nurse",
        witness_password=s.nurse_password,
    )
    offer = page.offer_incident_report(incident)
    assert isinstance(offer, QMessageBox) and offer.isVisible()
    offer.findChild(QPushButton, "incidentPrint").click()
    preview = preview_of(qtbot, page)
    printed = print_to_file(preview.pdf_bytes, tmp_path / "incident.pdf")
    assert incident.voucher in printed.text and "forced open" in printed.text
    preview.close()


def test_transfer_summary_opens_in_the_preview(qtbot, demo, tmp_path: Path) -> None:
    from .test_transfer import make_transfer

    clinic, passwords = demo
    make_transfer(qtbot, clinic, passwords, tmp_path)
    preview = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreview) and w.isVisible()
    )
    qtbot.waitUntil(lambda: preview.pages_painted > 0, timeout=20_000)
    pdf = next(tmp_path.glob("transfer-*.pdf"))
    assert preview.pdf_bytes == pdf.read_bytes()  # the same pages as the file saved
    preview.close()


@pytest.mark.parametrize("backend", ["sqlcipher"], indirect=True)
def test_claims_batch_summary_print(qtbot, clinic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_claims import Billing

    from .test_claims import built_page

    page: ClaimsPage = built_page(qtbot, Billing(clinic), tmp_path)
    assert page.print_summary_button.isEnabled()
    page.print_summary_button.click()
    preview = preview_of(qtbot, page)
    assert page.view is not None
    printed = print_to_file(preview.pdf_bytes, tmp_path / "claims.pdf")
    assert page.view.info.batch_number in printed.text
    preview.close()
    qtbot.waitUntil(lambda: not busy(), timeout=5_000)
