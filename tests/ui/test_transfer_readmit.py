"""A transfer summary for a former patient, on real widgets: the import dialog says who it is and
offers re-admission; the agreement is recorded, the physician confirms who it is, and the patient's
own record opens at a new episode (no second record)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clinic.patients import consent, records, transfer
from clinic.patients.records import open_patient
from clinic.ui.i18n import languages
from clinic.ui.patient_common import clinic_today
from clinic.ui.transfer_dialogs import ImportTransferDialog, ReadmitTransferDialog

from .conftest import when_shown
from .test_patients import patients_page, type_in
from .test_transfer import PASSPHRASE, RECIPIENT


def _former_patient_file(c, folder: Path) -> tuple[int, Path]:  # type: ignore[no-untyped-def]
    """A patient whose summary was made (to RECIPIENT) and who then transferred out: the file
    comes back with them."""
    pid = c.patient(dose="30", name="欧阳归来")
    today = clinic_today(c.doc)
    consent.record_consent(
        c.doc,
        patient_id=pid,
        purpose="transfer",
        recipient=RECIPIENT,
        scope="transfer summary",
        signed_on=today,
    )
    package = transfer.send_transfer(
        c.doc, patient_id=pid, recipient=RECIPIENT, passphrase=PASSPHRASE
    )
    records.change_status(
        c.doc, patient_id=pid, to_status="transferred_out", effective_on=today, reason="转诊"
    )
    sealed = folder / "transfer.json"
    sealed.write_bytes(package.file)
    return pid, sealed


def test_a_former_patient_is_readmitted_from_the_import(qtbot, counter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = counter
    pid, sealed = _former_patient_file(c, tmp_path)
    number = c.number(pid)
    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    languages.apply("zh_CN")  # the screens are looked at in Chinese
    seen: dict[str, object] = {}

    def confirm(box: QMessageBox) -> None:
        seen["asked"] = box.text()
        box.grab().save(str(tmp_path / "readmit_confirm_zh.png"))
        [yes] = [b for b in box.buttons() if number in b.text()]
        yes.click()

    def agreement(dialog: ReadmitTransferDialog) -> None:
        seen["intro"] = dialog.intro.text()
        form = dialog.agreement
        type_in(qtbot, form.duration, "12 个月")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # terms unticked: refused
        seen["refused"] = dialog.message.text()
        seen["still_open"] = dialog.isVisible()
        for box in (form.confidentiality, form.rules, form.termination, form.risks):
            box.setChecked(True)
        dialog.grab().save(str(tmp_path / "readmit_dialog_zh.png"))
        when_shown(QMessageBox, confirm)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def import_it(dialog: ImportTransferDialog) -> None:
        type_in(qtbot, dialog.path, str(sealed))
        type_in(qtbot, dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        seen["message"] = dialog.message.text()
        seen["button"] = dialog.enrol_button.text()
        seen["enabled_before"] = dialog.enrol_button.isEnabled()
        dialog.confirm_all()
        seen["enabled_after"] = dialog.enrol_button.isEnabled()
        dialog.grab().save(str(tmp_path / "import_former_patient_zh.png"))
        when_shown(ReadmitTransferDialog, agreement)
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)

    when_shown(ImportTransferDialog, import_it)
    page.findChild(object, "importTransfer").click()
    assert number in str(seen["message"]) and "原患者" in str(seen["message"])
    assert seen["button"] == "重新入组…"
    assert seen["enabled_before"] is False and seen["enabled_after"] is True
    assert number in str(seen["intro"])
    assert seen["refused"] and seen["still_open"] is True
    assert number in str(seen["asked"]) and "重新入组" in str(seen["asked"])
    assert page.record_view.record is not None
    assert page.record_view.record.patient_id == pid  # their own record, opened
    record = open_patient(c.doc, patient_id=pid)
    assert (record.status, record.episode_number) == ("active", 2)
    assert len(records.search_patients(c.doc, query="欧阳归来")) == 1  # no second record
