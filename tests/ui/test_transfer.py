"""Transfer summaries as physicians work them: one makes the summary from the patient record
(PDF and sealed file); at the receiving clinic another opens the file, sees the signature
verified with the sender's fingerprint, confirms each field and enrols through the wizard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from clinic.app import Clinic
from clinic.patients import consent, transfer
from clinic.patients.records import open_patient
from clinic.privacy import keys
from clinic.ui.enrolment_wizard import EnrolmentWizard
from clinic.ui.i18n import languages
from clinic.ui.patient_common import clinic_today
from clinic.ui.transfer_dialogs import ImportTransferDialog, TransferDialog
from tests.demo_cache import copy_of

from .conftest import when_shown
from .test_patients import enrol, next_page, patients_page, type_in

RECIPIENT = "B市美沙酮门诊"
PASSPHRASE = "transfer-pass-phrase-1"


def _consented(clinic: Clinic, passwords: dict[str, str]) -> int:
    patient = enrol(clinic, passwords, name="欧阳转诊")
    physician = clinic.login("physician", passwords["physician"])
    consent.record_consent(
        physician,
        patient_id=patient.patient_id,
        purpose="transfer",
        recipient=RECIPIENT,
        scope="transfer summary",
        signed_on=clinic_today(physician),
    )
    return patient.patient_id


def make_transfer(qtbot, clinic: Clinic, passwords: dict[str, str], folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """The summary made from the patient record through the dialog; the sealed file's path."""
    pid = _consented(clinic, passwords)
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.open_patient(pid)
    view = page.record_view
    seen: dict[str, object] = {}

    def make(dialog: TransferDialog) -> None:
        seen["recipient"] = dialog.recipient.currentText()
        dialog.folder.setText(str(folder))
        type_in(qtbot, dialog.passphrase, PASSPHRASE)
        type_in(qtbot, dialog.passphrase_again, PASSPHRASE + "x")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # they differ
        seen["differ"] = dialog.message.text()
        dialog.passphrase_again.clear()
        type_in(qtbot, dialog.passphrase_again, PASSPHRASE)
        type_in(qtbot, dialog.note, "请每日随访")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_shown(TransferDialog, make)
    view.findChild(object, "transferSummary").click()
    assert seen["recipient"] == RECIPIENT  # offered from the consent in force
    assert "differ" in str(seen["differ"])
    physician = clinic.login("physician", passwords["physician"])
    [logged] = consent.disclosure_history(physician, patient_id=pid)
    assert (logged.purpose, logged.recipient) == ("transfer", RECIPIENT)
    printed = keys.fingerprint(keys.public_key_bytes(keys.signing_key(clinic.db.keys)))
    assert printed in view.notice.text()
    pdf = next(folder.glob("transfer-*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    return next(folder.glob("transfer-*.json"))


def test_make_a_transfer_summary_and_enrol_from_it_elsewhere(
    qtbot,
    demo,
    demo_source,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    clinic, passwords = demo
    sealed = make_transfer(qtbot, clinic, passwords, tmp_path)
    fingerprint = keys.fingerprint(keys.public_key_bytes(keys.signing_key(clinic.db.keys)))

    receiving = copy_of(demo_source[0], tmp_path / "receiving")
    try:
        page = patients_page(qtbot, receiving, "physician", passwords["physician"])
        seen: dict[str, object] = {}

        def wizard_steps(wizard: EnrolmentWizard) -> None:
            seen["name"] = wizard.identity_page.name.text()
            seen["title"] = wizard.windowTitle()
            next_page(qtbot, wizard)  # identity, as pre-filled
            next_page(qtbot, wizard)  # no photo
            wizard.eligibility_page.voluntary.setChecked(True)
            wizard.eligibility_page.capacity.setChecked(True)
            next_page(qtbot, wizard)
            agreement = wizard.agreement_page.form
            type_in(qtbot, agreement.duration, "12 个月")
            for box in (
                agreement.confidentiality,
                agreement.rules,
                agreement.termination,
                agreement.risks,
            ):
                box.setChecked(True)
            next_page(qtbot, wizard)
            next_page(qtbot, wizard)  # self-pay
            seen["page"] = wizard.currentPage() is wizard.review_page
            qtbot.mouseClick(
                wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
            )
            seen["review"] = wizard.review_page.message.text()

        def import_it(dialog: ImportTransferDialog) -> None:
            type_in(qtbot, dialog.path, str(sealed))
            type_in(qtbot, dialog.passphrase, "wrong-passphrase-1")
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
            seen["wrong"] = dialog.message.text()
            seen["not_verified"] = dialog.signature.text()
            dialog.passphrase.clear()
            type_in(qtbot, dialog.passphrase, PASSPHRASE)
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
            seen["verified"] = dialog.signature.text()
            seen["tone"] = dialog.signature.property("tone")
            seen["rows"] = dialog.table.rowCount()
            seen["enabled_before"] = dialog.enrol_button.isEnabled()
            for row in range(dialog.table.rowCount()):
                dialog.table.item(row, 2).setCheckState(Qt.CheckState.Checked)
            seen["enabled_after"] = dialog.enrol_button.isEnabled()
            when_shown(EnrolmentWizard, wizard_steps)
            qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)

        when_shown(ImportTransferDialog, import_it)
        page.findChild(object, "importTransfer").click()
        assert "passphrase is wrong" in str(seen["wrong"])
        assert "Not verified" in str(seen["not_verified"])
        assert "Signature verified" in str(seen["verified"])
        assert fingerprint in str(seen["verified"])
        # the consent named another clinic's name than this test clinic's: said, not refused
        assert "not for this clinic" in str(seen["verified"]) and seen["tone"] == "warning"
        assert seen["rows"] == 9
        assert seen["enabled_before"] is False and seen["enabled_after"] is True
        assert seen["name"] == "欧阳转诊" and "transferred" in str(seen["title"])
        assert seen["page"] is True, seen
        assert page.record_view.record is not None, seen["review"]
        physician = receiving.login("physician", passwords["physician"])
        record = open_patient(physician, patient_id=page.record_view.record.patient_id)
        assert record.name == "欧阳转诊" and record.status == "active"
    finally:
        receiving.close()


def test_refusals_are_shown_in_place_and_change_nothing(qtbot, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clinic, passwords = demo
    patient = enrol(clinic, passwords, name="欧阳无同意")
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.open_patient(patient.patient_id)
    seen: dict[str, object] = {}

    def without_consent(dialog: TransferDialog) -> None:
        seen["offered"] = dialog.recipient.count()
        type_in(qtbot, dialog.recipient.lineEdit(), RECIPIENT)
        dialog.folder.setText(str(tmp_path))
        type_in(qtbot, dialog.passphrase, PASSPHRASE)
        type_in(qtbot, dialog.passphrase_again, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["refusal"] = dialog.message.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    when_shown(TransferDialog, without_consent)
    page.record_view.findChild(object, "transferSummary").click()
    assert seen["offered"] == 0 and seen["open"] is True
    assert "No valid consent" in str(seen["refusal"]), seen
    assert list(tmp_path.glob("transfer-*")) == []
    physician = clinic.login("physician", passwords["physician"])
    assert consent.disclosure_history(physician, patient_id=patient.patient_id) == []

    pid = _consented(clinic, passwords)
    package = transfer.send_transfer(
        physician, patient_id=pid, recipient=RECIPIENT, passphrase=PASSPHRASE
    )
    cut = tmp_path / "cut.json"
    cut.write_bytes(package.file[: len(package.file) - 40])
    languages.apply("zh_CN")
    dialog = ImportTransferDialog(physician)
    qtbot.addWidget(dialog)
    dialog.show()
    type_in(qtbot, dialog.path, str(cut))
    type_in(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert "不完整" in dialog.message.text() and "未作任何更改" in dialog.message.text()
    assert "未通过验证" in dialog.signature.text()
    assert dialog.table.rowCount() == 0 and not dialog.enrol_button.isEnabled()
