"""The patient screens on real widgets: search and open, role-limited views, the enrolment wizard,
the order form, status changes, cards."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QWizard
from sqlalchemy import func, select

from clinic.app import Clinic
from clinic.insurance.schemes import add_payer_scheme
from clinic.patients import records
from clinic.patients.enrolment import Eligibility, EnrolledPatient, Payer, enrol_patient
from clinic.service import AuthContext
from clinic.storage.models import AuditEvent
from clinic.storage.uow import UnitOfWork
from clinic.ui.enrolment_wizard import EnrolmentWizard
from clinic.ui.order_form import OrderDialog
from clinic.ui.patient_common import clinic_today, to_qdate
from clinic.ui.patient_record import StatusDialog
from clinic.ui.patients_page import PatientsPage
from tests import factories

from .conftest import sign_in, when_shown


def enrol(clinic: Clinic, passwords: dict[str, str], **kwargs: object) -> EnrolledPatient:
    physician = clinic.login("physician", passwords["physician"])
    draft = factories.enrolment(clinic_today(physician), **kwargs)  # type: ignore[arg-type]
    return enrol_patient(physician, enrolment=draft)


def patients_page(qtbot, clinic: Clinic, username: str, password: str) -> PatientsPage:  # type: ignore[no-untyped-def]
    window = sign_in(qtbot, clinic, username, password)
    window.show_page("patients")
    page = window.page("patients")
    assert isinstance(page, PatientsPage)
    return page


def last_event(clinic: Clinic) -> int:
    with UnitOfWork(clinic.db, read_only=True) as uow:
        return int(uow.session.scalar(select(func.max(AuditEvent.seq))) or 0)


def events_after(clinic: Clinic, seq: int) -> list[AuditEvent]:
    with UnitOfWork(clinic.db, read_only=True) as uow:
        rows = list(uow.session.scalars(select(AuditEvent).where(AuditEvent.seq > seq)))
        uow.session.expunge_all()
        return rows


def type_in(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keystrokes for ASCII; Chinese arrives from an input method as committed text."""
    for part in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if part.isascii():
            qtbot.keyClicks(widget, part)
        else:
            widget.insert(part) if hasattr(widget, "insert") else widget.insertPlainText(part)


def type_search(qtbot, page: PatientsPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.search.clear()
    type_in(qtbot, page.search, text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)


def test_search_by_number_and_initials_then_open(qtbot, demo) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords, name="司马测试")
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.model.rowCount() > 0
    assert "patients:" in page.counts.text() and "In treatment" in page.counts.text()
    # masked ID numbers in the list: 3 + 11 stars + 4
    shown_ids = [page.model.items[r].national_id_masked for r in range(page.model.rowCount())]
    assert all("*" * 11 in masked for masked in shown_ids)

    type_search(qtbot, page, patient.patient_number)
    assert page.stack.currentWidget() is page.record_view
    fields = page.record_view.fields
    assert fields["national_id"].text().count("*") == 11
    assert fields["status"].text() == "In treatment"
    assert "method" in fields and fields["method"].text() == "Methadone maintenance"
    assert (
        fields["monitoring"].text()
        == date(
            clinic_today(page.auth).year + 3, *clinic_today(page.auth).timetuple()[1:3]
        ).isoformat()
    )

    qtbot.mouseClick(page.record_view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list_view
    type_search(qtbot, page, "smcs")  # pinyin initials of 司马测试
    numbers = [item.patient_number for item in page.model.items]
    assert patient.patient_number in numbers
    row = numbers.index(patient.patient_number)
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.record_view
    assert page.record_view.record is not None
    assert page.record_view.record.patient_number == patient.patient_number


def test_status_filter_and_nothing_found(qtbot, demo) -> None:
    clinic, passwords = demo
    enrol(clinic, passwords)
    page = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    page.status_filter.setCurrentIndex(page.status_filter.findData("active"))
    assert page.model.rowCount() > 0
    assert {item.status for item in page.model.items} == {"active"}
    type_search(qtbot, page, "欧阳不存在")
    assert page.model.rowCount() == 0
    assert page.message.text() == "No patient found."
    type_search(qtbot, page, "999")  # no P000999: the number format, and the ID-number tail
    assert "P000123" in page.message.text() and "at least the last 4" in page.message.text()


def test_clerk_sees_no_clinical_fields_and_nurse_no_insurance_number(qtbot, demo) -> None:
    clinic, passwords = demo
    admin = clinic.login("admin", passwords["admin"])
    add_payer_scheme(admin, code="UITEST", name="测试医保 Test scheme", kind="resident")
    patient = enrol(clinic, passwords, scheme="UITEST", insured="INS12345678", claims_consent=True)

    clerk = patients_page(qtbot, clinic, "clerk", passwords["clerk"])
    assert not clerk.enrol_button.isVisible()
    assert clerk.open_patient(patient.patient_id)
    view = clerk.record_view
    assert view.fields["insurance_number"].text() == "INS12345678"
    assert "diagnosis" in view.fields
    for clinical in ("method", "phone", "address"):
        assert clinical not in view.fields
    assert view.findChild(QDialog) is None
    assert view.scroll_area.widget().findChild(object, "orderHistory") is None
    assert view.scroll_area.widget().findChild(object, "statusHistory") is None
    assert view.scroll_area.widget().findChild(object, "consentsTable") is not None
    for button in view._action_buttons():
        # the office sees the patient's fee account, and changes nothing clinical
        assert button.isVisible() == (button is view.account_button)

    nurse = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    assert nurse.open_patient(patient.patient_id)
    view = nurse.record_view
    assert "insurance_number" not in view.fields and "payer_scheme" not in view.fields
    assert view.fields["method"].text() == "Methadone maintenance"
    assert view.scroll_area.widget().findChild(object, "orderHistory") is not None
    assert not view.order_button.isVisible()
    assert not view.status_button.isVisible()
    assert view.issue_button.isVisible()


def fill_identity(qtbot, wizard: EnrolmentWizard, national_id: str, birth: date) -> None:  # type: ignore[no-untyped-def]
    page = wizard.identity_page
    type_in(qtbot, page.name, "欧阳新")
    page.sex.setCurrentIndex(page.sex.findData("F"))
    type_in(qtbot, page.national_id, national_id)
    page.birth.setDate(to_qdate(birth))
    type_in(qtbot, page.phone, "13912345678")
    type_in(qtbot, page.address, "示范市示范路1号")
    type_in(qtbot, page.emergency, "欧阳大 13900000000")


def next_page(qtbot, wizard: QWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def open_wizard(qtbot, auth: AuthContext) -> EnrolmentWizard:  # type: ignore[no-untyped-def]
    wizard = EnrolmentWizard(auth)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_enrol_through_the_wizard(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    admin = clinic.login("admin", passwords["admin"])
    add_payer_scheme(admin, code="UIRES", name="城乡居民医保 UI", kind="resident")
    physician = clinic.login("physician", passwords["physician"])
    wizard = open_wizard(qtbot, physician)
    birth = date(1990, 3, 7)
    national_id = factories.national_id(birth, sex="F")
    fill_identity(qtbot, wizard, national_id, birth)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.photo_page, wizard.identity_page.message.text()

    photo = tmp_path / "face.png"
    photo.write_bytes(factories.PNG)
    assert wizard.photo_page.load_file(photo)
    assert wizard.photo_page.photo is not None
    assert not wizard.photo_page.camera.isVisible() or wizard.photo_page.has_camera
    next_page(qtbot, wizard)

    eligibility = wizard.eligibility_page
    assert wizard.currentPage() is eligibility
    assert not eligibility.guardian.isVisible()  # an adult
    next_page(qtbot, wizard)  # voluntary / capacity not ticked
    assert wizard.currentPage() is eligibility
    assert "voluntary" in eligibility.message.text()
    eligibility.voluntary.setChecked(True)
    eligibility.capacity.setChecked(True)
    next_page(qtbot, wizard)

    agreement = wizard.agreement_page
    assert wizard.currentPage() is agreement
    type_in(qtbot, agreement.form.duration, "12 个月")
    agreement.form.confidentiality.setChecked(True)
    agreement.form.rules.setChecked(True)
    agreement.form.termination.setChecked(True)
    next_page(qtbot, wizard)  # one term missing
    assert wizard.currentPage() is agreement
    assert "expected effect and risks" in agreement.message.text()
    agreement.form.risks.setChecked(True)
    scan = tmp_path / "agreement.pdf"
    scan.write_bytes(b"%PDF-1.4\n%fake scan\n")
    agreement.load_scan(scan)
    assert "agreement.pdf" in agreement.scan_label.text()
    next_page(qtbot, wizard)

    payer = wizard.payer_page
    assert wizard.currentPage() is payer
    payer.scheme.setCurrentIndex(payer.scheme.findData("UIRES"))
    next_page(qtbot, wizard)  # no insured number
    assert wizard.currentPage() is payer
    assert "insured-person number" in payer.message.text()
    type_in(qtbot, payer.insured, "R20261234")
    payer.consent.setChecked(True)
    next_page(qtbot, wizard)

    review = wizard.review_page
    assert wizard.currentPage() is review
    summary = review.summary.text()
    assert "欧阳新" in summary and national_id not in summary and national_id[-4:] in summary
    assert "R20261234" in summary and "scanned copy attached" in summary
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.enrolled is not None, review.message.text()
    assert wizard.result() == QDialog.DialogCode.Accepted
    record = records.open_patient(physician, patient_id=wizard.enrolled.patient_id)
    assert record.name == "欧阳新" and record.status == "active"
    assert record.insurance_number == "R20261234"
    assert record.photo is not None
    assert [c.purpose for c in record.consents] == ["insurance_claims"]


def test_wizard_refuses_a_bad_id_number(qtbot, demo) -> None:
    clinic, passwords = demo
    physician = clinic.login("physician", passwords["physician"])
    wizard = open_wizard(qtbot, physician)
    birth = date(1988, 1, 2)
    good = factories.national_id(birth)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    fill_identity(qtbot, wizard, wrong_check, birth)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.identity_page
    assert wizard.identity_page.message.isVisible()
    assert "check digit is wrong" in wizard.identity_page.message.text()
    assert "identity" not in wizard.enrolment.done

    wizard.identity_page.national_id.clear()
    type_in(qtbot, wizard.identity_page.national_id, good)
    wizard.identity_page.birth.setDate(to_qdate(date(1988, 1, 3)))
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.identity_page
    assert "does not match the ID number" in wizard.identity_page.message.text()
    wizard.identity_page.birth.setDate(to_qdate(birth))
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.photo_page
    assert not wizard.identity_page.message.isVisible()


def test_wizard_shows_the_duplicate_and_stays(qtbot, demo) -> None:
    clinic, passwords = demo
    physician = clinic.login("physician", passwords["physician"])
    birth = date(1979, 5, 6)
    national_id = factories.national_id(birth, serial=321)
    first = open_wizard(qtbot, physician)
    fill_identity(qtbot, first, national_id, birth)
    next_page(qtbot, first)
    assert first.currentPage() is first.photo_page
    draft = first.enrolment
    draft.set_eligibility(Eligibility(diagnosed_on=first.today, voluntary=True, full_capacity=True))
    draft.set_agreement(factories.agreement(first.today))
    draft.set_payer(Payer(scheme_code=None))
    done = enrol_patient(physician, enrolment=draft)

    second = open_wizard(qtbot, physician)
    fill_identity(qtbot, second, national_id, birth)
    next_page(qtbot, second)
    assert second.currentPage() is second.identity_page
    assert done.patient_number in second.identity_page.message.text()
    assert "already registered" in second.identity_page.message.text()


def test_guardian_fields_appear_for_a_minor(qtbot, demo) -> None:
    clinic, passwords = demo
    physician = clinic.login("physician", passwords["physician"])
    wizard = open_wizard(qtbot, physician)
    today = wizard.today
    birth = date(today.year - 16, 1, 15)
    fill_identity(qtbot, wizard, factories.national_id(birth, serial=411), birth)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)  # no photo
    page = wizard.eligibility_page
    assert wizard.currentPage() is page
    assert page.guardian.isVisible() and page.guardian_on.isVisible()
    page.voluntary.setChecked(True)
    page.capacity.setChecked(True)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is page
    assert "guardian" in page.message.text()
    type_in(qtbot, page.guardian, "欧阳父 父亲")
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.agreement_page


def test_wizard_speaks_chinese(qtbot, demo) -> None:
    from clinic.ui.i18n import languages

    clinic, passwords = demo
    languages.apply("zh_CN")
    physician = clinic.login("physician", passwords["physician"])
    wizard = open_wizard(qtbot, physician)
    birth = date(1988, 1, 2)
    good = factories.national_id(birth, serial=99)
    fill_identity(qtbot, wizard, good[:17] + ("0" if good[17] != "0" else "1"), birth)
    next_page(qtbot, wizard)
    assert wizard.identity_page.message.text() == "身份证号码校验位不符，请逐位核对。"
    assert wizard.identity_page.title() == "身份信息"


def product_and_patient(clinic: Clinic, passwords: dict[str, str]) -> tuple[int, EnrolledPatient]:
    pharmacist = clinic.login("pharmacist", passwords["pharmacist"])
    product = factories.methadone(pharmacist, "1")
    return product, enrol(clinic, passwords)


def test_physician_writes_an_order_through_the_form(qtbot, demo) -> None:
    clinic, passwords = demo
    product, patient = product_and_patient(clinic, passwords)
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.open_patient(patient.patient_id)
    view = page.record_view
    assert view.order_button.isVisible()
    record = view.record
    assert record is not None

    dialog = OrderDialog(page.auth, record, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.product.setCurrentIndex(dialog.product.findData(product))
    type_in(qtbot, dialog.dose, "3O")  # letter O for zero
    assert "is not a number" in dialog.equivalent.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "“3O” is not a number" in dialog.message.text()
    dialog.dose.clear()
    type_in(qtbot, dialog.dose, "50")
    assert "50.0 mL" in dialog.equivalent.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # an induction starts at 15-30 mg
    assert "induction starts at 15–30 mg" in dialog.message.text()
    dialog.dose.clear()
    type_in(qtbot, dialog.dose, "30")
    assert "30.0 mL" in dialog.equivalent.text()
    type_in(qtbot, dialog.slots, "20+10")
    assert "20.0 mL / 10.0 mL" in dialog.equivalent.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    assert dialog.order is not None and str(dialog.order.daily_dose_mg) == "30"

    view.reload()
    assert "30 mg (20 + 10)" in view.scroll_area.widget().findChild(object, "currentOrder").text()

    def fill(widget) -> None:  # type: ignore[no-untyped-def]
        widget.dose.setText("35")
        widget.save()

    when_shown(OrderDialog, fill)
    qtbot.mouseClick(view.order_button, Qt.MouseButton.LeftButton)
    assert view.record is not None and view.record.current_order is not None
    assert str(view.record.current_order.daily_dose_mg) == "35"
    history = view.scroll_area.widget().findChild(object, "orderHistory")
    assert history.rowCount() == 2
    assert history.item(1, 7).text() == "superseded"


def test_the_order_form_asks_the_core_about_a_high_dose(qtbot, demo) -> None:
    """The threshold and its check come from the clinic's settings through the core: changing
    the setting changes both what the form shows and what the service refuses."""
    from clinic import administration
    from clinic.dosing.orders import OrderRequest, write_order

    clinic, passwords = demo
    product, patient = product_and_patient(clinic, passwords)
    physician = clinic.login("physician", passwords["physician"])
    today = clinic_today(physician)
    for dose in ("30", "80"):
        write_order(
            physician,
            patient_id=patient.patient_id,
            request=OrderRequest(
                product_id=product, daily_dose_mg=dose, start_on=today, reason="titration"
            ),
        )

    def form() -> OrderDialog:
        record = records.open_patient(physician, patient_id=patient.patient_id)
        dialog = OrderDialog(physician, record)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.product.setCurrentIndex(dialog.product.findData(product))
        return dialog

    first = form()
    type_in(qtbot, first.dose, "90")
    assert not first.high.isVisible() and "Above 100 mg" in first.high.title()
    first.dose.clear()
    type_in(qtbot, first.dose, "100.5")
    assert first.high.isVisible()
    first.close()

    admin = clinic.login("admin", passwords["admin"])
    administration.update_setting(admin, key="high_dose_threshold_mg", value="80", reason="QTc")
    second = form()
    type_in(qtbot, second.dose, "９０")  # full-width, as a Chinese input method types it
    assert second.high.isVisible() and "Above 80 mg" in second.high.title()
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    assert second.isVisible() and "Above 80 mg a day" in second.message.text()
    type_in(qtbot, second.qtc, "430")
    type_in(qtbot, second.reason, "titration")  # 90 mg on the first day is beyond 40 mg
    qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
    assert second.result() == QDialog.DialogCode.Accepted, second.message.text()
    assert second.order is not None and second.order.ecg_qtc_ms == 430


def test_nurse_has_no_order_button(qtbot, demo) -> None:
    clinic, passwords = demo
    _, patient = product_and_patient(clinic, passwords)
    page = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    assert page.open_patient(patient.patient_id)
    assert not page.record_view.order_button.isVisible()
    assert page.record_view.findChild(object, "newOrder").isHidden()


def test_status_change_then_readmission(qtbot, demo) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords)
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.open_patient(patient.patient_id)
    view = page.record_view
    record = view.record
    assert record is not None
    dialog = StatusDialog(page.auth, record, page)
    qtbot.addWidget(dialog)
    dialog.show()
    offered = {dialog.to_status.itemData(i) for i in range(dialog.to_status.count())}
    assert offered == {"on_hold", "discharged", "transferred_out", "deceased"}
    dialog.to_status.setCurrentIndex(dialog.to_status.findData("discharged"))
    assert "Required" in dialog.reason_hint.text()
    dialog.save()
    assert dialog.isVisible()
    assert dialog.message.text() == "Record the reason treatment ends."
    type_in(qtbot, dialog.reason, "完成治疗 moved away")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    view.reload()
    assert view.fields["status"].text() == "Discharged"
    assert view.readmit_button.isVisible() and not view.status_button.isVisible()

    def readmit(widget) -> None:  # type: ignore[no-untyped-def]
        form = widget.agreement
        form.duration.setText("6 个月")
        for box in (form.confidentiality, form.rules, form.termination, form.risks):
            box.setChecked(True)
        widget.save()

    from clinic.ui.patient_record import ReadmitDialog

    when_shown(ReadmitDialog, readmit)
    qtbot.mouseClick(view.readmit_button, Qt.MouseButton.LeftButton)
    assert view.fields["status"].text() == "In treatment"
    assert view.fields["episode"].text().startswith("2,")


def test_card_issue_reprint_void_and_pdf(qtbot, demo, tmp_path: Path) -> None:
    clinic, passwords = demo
    patient = enrol(clinic, passwords)
    page = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    assert page.open_patient(patient.patient_id)
    view = page.record_view
    view.issue_button.click()
    first = view.fields["card"].text()
    assert first.startswith(patient.patient_number + "-1-")
    assert view.reprint_button.isVisible() and not view.issue_button.isVisible()

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.setTextValue("遗失 lost")
        dialog.accept()

    when_shown(QInputDialog, answer)
    qtbot.mouseClick(view.reprint_button, Qt.MouseButton.LeftButton)
    second = view.fields["card"].text()
    assert second.startswith(patient.patient_number + "-2-")
    assert "void" in view.notice.text()

    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    before = last_event(clinic)
    type_search(qtbot, page, first)  # the old card is scanned
    assert page.stack.currentWidget() is view
    assert view.fields["card"].text() == second  # the record opened shows the current card
    (scan,) = events_after(clinic, before)  # one call: the record read, naming the patient
    assert (scan.action, scan.entity_id, scan.username) == (
        "patient.read",
        str(patient.patient_id),
        "nurse",
    )
    assert json.loads(scan.details)["voided_card"] is True
    warnings = view.scroll_area.widget().findChild(object, "recordWarnings")
    assert warnings is not None and "replaced and is void" in warnings.text()

    target = tmp_path / "card.pdf"
    view.save_card_to(target)
    qtbot.waitUntil(lambda: target.exists() and view.last_card_file == target, timeout=10000)
    assert target.read_bytes().startswith(b"%PDF")
    assert (target.stat().st_mode & 0o077) == 0
    QApplication.processEvents()


@pytest.mark.parametrize("cancel", [False, True])
def test_forced_password_change_at_login(qtbot, demo, cancel: bool) -> None:
    from clinic.privacy import users
    from clinic.privacy.permissions import Role
    from clinic.ui.login import LoginDialog
    from clinic.ui.password import ChangePasswordDialog

    from .conftest import fill_login

    clinic, passwords = demo
    admin = clinic.login("admin", passwords["admin"])
    users.create_user(
        admin,
        username="newnurse",
        full_name="新护士",
        roles=frozenset({Role.NURSE}),
        password="Temporary-pass-1",
        must_change_password=True,
    )
    dialog = LoginDialog(clinic)
    qtbot.addWidget(dialog)
    dialog.show()
    seen: list[ChangePasswordDialog] = []

    def change(widget) -> None:  # type: ignore[no-untyped-def]
        seen.append(widget)
        assert widget.note.isVisible()
        if cancel:
            widget.reject()
            return
        widget.new.first.setText("My-own-password-2")
        widget.new.second.setText("My-own-password-2")
        widget.save()

    when_shown(ChangePasswordDialog, change)
    fill_login(qtbot, dialog, "newnurse", "Temporary-pass-1")
    assert seen
    if cancel:
        assert dialog.auth is None and dialog.isVisible()
        assert dialog.message.text() == "Choose a new password to sign in."
        return
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.auth is not None
    again = clinic.login("newnurse", "My-own-password-2")
    assert not again.actor.must_change_password


def test_enrol_button_opens_the_wizard_for_physicians_only(qtbot, demo) -> None:
    clinic, passwords = demo
    page = patients_page(qtbot, clinic, "physician", passwords["physician"])
    assert page.enrol_button.isVisible()
    seen: list[bool] = []

    def cancel(wizard) -> None:  # type: ignore[no-untyped-def]
        seen.append(wizard.currentPage() is wizard.identity_page)
        wizard.reject()

    when_shown(EnrolmentWizard, cancel)
    qtbot.mouseClick(page.enrol_button, Qt.MouseButton.LeftButton)
    assert seen == [True]
    assert page.stack.currentWidget() is page.list_view

    nurse = patients_page(qtbot, clinic, "nurse", passwords["nurse"])
    assert not nurse.enrol_button.isVisible()


def test_the_order_form_asks_for_a_reason_when_small_steps_add_up(qtbot, demo) -> None:
    """Issue 13, finding 2: the form shows the limit before Write, as the core counts it."""
    from datetime import timedelta

    from clinic.dosing.orders import OrderRequest, write_order

    clinic, passwords = demo
    product, patient = product_and_patient(clinic, passwords)
    physician = clinic.login("physician", passwords["physician"])
    today = clinic_today(physician)
    tomorrow = today + timedelta(days=1)
    for dose, start in (("20", today), ("30", tomorrow)):
        write_order(
            physician,
            patient_id=patient.patient_id,
            request=OrderRequest(product_id=product, daily_dose_mg=dose, start_on=start),
        )
    record = records.open_patient(physician, patient_id=patient.patient_id)
    dialog = OrderDialog(physician, record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.product.setCurrentIndex(dialog.product.findData(product))
    dialog.start.setDate(dialog.start.date().addDays(1))
    type_in(qtbot, dialog.dose, "40")
    assert dialog.needs.isVisible()
    assert "(20 → 40 mg)" in dialog.needs.text() and "State the reason" in dialog.needs.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "(20 → 40 mg)" in dialog.message.text()
    type_in(qtbot, dialog.reason, "withdrawal at 30 mg")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    assert dialog.order is not None and dialog.order.reason == "withdrawal at 30 mg"


def test_the_order_form_starts_a_held_patient_at_the_reduced_dose(qtbot, demo) -> None:
    """Issue 13, finding 12: after 3–4 missed days the form proposes the guideline's dose."""
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from clinic.dosing.orders import OrderRequest, write_order
    from clinic.dosing.window import record_dose
    from clinic.inventory import stock

    clinic, passwords = demo
    physician = clinic.login("physician", passwords["physician"])
    pharmacist = clinic.login("pharmacist", passwords["pharmacist"])
    nurse = clinic.login("nurse", passwords["nurse"])
    today = clinic_today(physician)
    real = clinic.db.clock
    zone = ZoneInfo("Asia/Shanghai")
    start = today - timedelta(days=6)

    def at(day):  # type: ignore[no-untyped-def]
        moment = datetime.combine(day, time(9), tzinfo=zone).astimezone(UTC)
        clinic.db.clock = lambda: moment

    try:
        at(start)
        product = factories.methadone(pharmacist, "1")
        patient = enrol_patient(physician, enrolment=factories.enrolment(start))  # six days ago
        safe = stock.add_place(pharmacist, site_code="MAIN", kind="safe", name="S").location_id
        win = stock.add_place(pharmacist, site_code="MAIN", kind="window", name="W").location_id
        witness = {"witness": "nurse", "witness_password": passwords["nurse"]}
        stock.receive(
            pharmacist,
            product_id=product,
            lot_number="HELD-1",
            expiry_date=today + timedelta(days=300),
            manufacturer="m",
            supplier="s",
            safe_id=safe,
            expected="500",
            received="500",
            quality_condition="包装完好 intact",
            acceptance="accepted",
            **witness,
        )
        stock.issue_to_window(
            pharmacist, product_id=product, safe_id=safe, window_id=win, quantity="500", **witness
        )
        for dose, day in (("30", start), ("80", start + timedelta(days=1))):
            write_order(
                physician,
                patient_id=patient.patient_id,
                request=OrderRequest(
                    product_id=product, daily_dose_mg=dose, start_on=day, reason="known dose"
                ),
            )
            at(day)
            record_dose(nurse, patient_id=patient.patient_id, window_id=win)
    finally:
        clinic.db.clock = real  # today: four days missed since the last dose
    record = records.open_patient(physician, patient_id=patient.patient_id)
    dialog = OrderDialog(physician, record)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.dose.text() == "40"  # four days: half of 80, or 40 mg, whichever is lower
    assert "the reassessment proposes 40 mg" in dialog.current.text()
    assert not dialog.needs.isVisible()
    dialog.dose.clear()
    type_in(qtbot, dialog.dose, "80")
    assert dialog.needs.isVisible() and "proposes 40 mg (from 80 mg)" in dialog.needs.text()
