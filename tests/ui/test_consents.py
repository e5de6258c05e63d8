"""Consents on the patient record, as a physician works them: record one with the signed form
(printed here first), renew it, revoke it with the patient's reason; the disclosure history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from clinic.patients import consent
from clinic.ui.consent_forms import ConsentDialog, DisclosureHistoryDialog, RevokeConsentDialog
from tests import factories

from .conftest import when_shown
from .test_patients import enrol, patients_page, type_in


def _rows(view) -> int:  # type: ignore[no-untyped-def]
    table = view.consents_table
    return table.rowCount() if isinstance(table, QTableWidget) else 0


def _select_last(view) -> None:  # type: ignore[no-untyped-def]
    table = view.consents_table
    assert isinstance(table, QTableWidget)
    table.selectRow(table.rowCount() - 1)


def test_record_renew_and_revoke_a_consent(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords)
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.open_patient(patient.patient_id)
    view = page.record_view
    before = _rows(view)
    scan = tmp_path / "signed.png"
    scan.write_bytes(factories.PNG)
    form = tmp_path / "form.pdf"
    seen: dict[str, object] = {}

    def record(dialog: ConsentDialog) -> None:
        seen["focus"] = dialog.focusWidget() is dialog.purpose
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("transfer"))
        type_in(qtbot, dialog.recipient, "B市美沙酮门诊")
        type_in(qtbot, dialog.scope, "treatment summary")
        seen["printed"] = dialog.print_form_to(form)
        dialog.attach_scan_from(scan)
        seen["scan"] = dialog.scan_label.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(ConsentDialog, record)
    view.findChild(object, "newConsent").click()
    assert seen["printed"] is True and form.read_bytes().startswith(b"%PDF")
    assert "signed.png" in str(seen["scan"])
    assert _rows(view) == before + 1
    assert "Consent recorded" in view.notice.text()

    def renew(dialog: ConsentDialog) -> None:
        seen["fixed"] = not dialog.recipient.isEnabled() and dialog.recipient.text()
        dialog.until_revoked.setChecked(False)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _select_last(view)
    when_shown(ConsentDialog, renew)
    view.findChild(object, "renewConsent").click()
    assert seen["fixed"] == "B市美沙酮门诊"
    assert _rows(view) == before + 2

    def revoke(dialog: RevokeConsentDialog) -> None:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused
        seen["refusal"] = dialog.message.text()
        seen["still_open"] = dialog.isVisible()
        type_in(qtbot, dialog.reason, "moved to another city")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _select_last(view)
    when_shown(RevokeConsentDialog, revoke)
    view.findChild(object, "revokeConsent").click()
    assert "why" in str(seen["refusal"]) and seen["still_open"] is True
    assert "revoked" in view.notice.text()
    physician = clinic.login("physician", passwords["physician"])
    kept = consent.patient_consents(physician, patient_id=patient.patient_id)
    transfer = [c for c in kept if c.purpose == "transfer"]
    assert [(c.renews_id is not None, c.has_scan, c.revoked_reason) for c in transfer] == [
        (False, True, None),
        (True, False, "moved to another city"),
    ]
    table = view.consents_table
    assert isinstance(table, QTableWidget)
    assert "revoked" in table.item(table.rowCount() - 1, 5).text()

    saved = view.save_consent_scan_to(transfer[0], tmp_path / "back")
    assert saved is not None and saved.suffix == ".png"
    assert saved.read_bytes() == factories.PNG


def test_the_disclosure_history_opens_and_saves(qtbot, demo, tmp_path: Path) -> None:
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
    target = tmp_path / "history.pdf"
    seen: dict[str, object] = {}

    def look(dialog: DisclosureHistoryDialog) -> None:
        seen["rows"] = dialog.table.rowCount()
        seen["recipient"] = dialog.table.item(0, 2).text()
        seen["basis"] = dialog.table.item(0, 4).text()
        seen["summary"] = dialog.findChild(QLabel, "disclosureSummary").text()
        seen["saved"] = dialog.save_to(target)
        dialog.reject()

    when_shown(DisclosureHistoryDialog, look)
    page.record_view.findChild(object, "disclosureHistory").click()
    assert seen["rows"] == 1 and seen["recipient"] == "公安机关"
    assert "禁毒条例第七条" in str(seen["basis"])
    assert "one disclosure" in str(seen["summary"])
    assert seen["saved"] is True and target.read_bytes().startswith(b"%PDF")


def test_a_clerk_sees_consents_but_cannot_manage_them(qtbot, demo) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords)
    page = patients_page(qtbot, clinic, "clerk", passwords["clerk"])
    assert page.open_patient(patient.patient_id)
    view = page.record_view
    for name in ("newConsent", "renewConsent", "revokeConsent", "disclosureHistory"):
        assert not view.findChild(object, name).isVisible(), name
