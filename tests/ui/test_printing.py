"""Printing: every document goes through one helper that paints the same PDF pages onto the
printer. Printed here to a PDF file (QPrinter's PDF output) and read back with poppler."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from clinic import administration
from clinic.dosing import daylog, window
from clinic.errors import InvalidInput
from clinic.insurance import patient_fees
from clinic.reports.fonts import cjk_font
from clinic.ui.fee_forms import AccountDialog, PaymentDialog
from clinic.ui.printing import PrintPreview

from .conftest import when_shown
from .printed import print_to_file
from .test_fees import _owing, _press_ok


def _two_pages() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4))
    pdf.setFont(cjk_font(), 14)
    pdf.drawString(72, 500, "第一页 横向 landscape page one")
    pdf.showPage()
    pdf.setPageSize(A4)
    pdf.setFont(cjk_font(), 14)
    pdf.drawString(72, 700, "第二页 纵向 portrait page two")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_each_page_keeps_its_size_orientation_and_words(qapp, tmp_path) -> None:
    printed = print_to_file(_two_pages(), tmp_path / "printed.pdf")
    assert printed.pages == 2
    (w1, h1), (w2, h2) = printed.sizes
    assert w1 > h1 and round(w1) == 842  # landscape A4
    assert w2 < h2 and round(w2) == 595  # portrait A4
    first, second = printed.text.split("\f")[:2]
    assert "landscape page one" in first and "第一页" in first
    assert "portrait page two" in second and "第二页" in second
    assert all(share > 0.001 for share in printed.inked)  # the pages were painted


def test_a_payment_taken_opens_its_receipt_and_it_prints(qtbot, counter, tmp_path) -> None:
    c = counter
    admin = c.clinic.login("admin", c.passwords["admin"])
    administration.update_setting(admin, key="patient_facing_name", value="城东社区卫生服务门诊")
    pid = _owing(c, 2)
    dialog = AccountDialog(c.nurse, pid)
    qtbot.addWidget(dialog)

    def pay(d: PaymentDialog) -> None:
        d.amount.setText("20")
        _press_ok(d)
        if d.isVisible():
            d.reject()

    when_shown(PaymentDialog, pay)  # type: ignore[arg-type]
    dialog.take_payment()
    preview = dialog.preview
    assert isinstance(preview, PrintPreview) and preview.isVisible()
    qtbot.waitUntil(lambda: preview.pages_painted == 1, timeout=10_000)
    number = patient_fees.patient_account(c.nurse, patient_id=pid).entries[-1].reference
    assert number in preview.windowTitle()
    printed = print_to_file(preview.pdf_bytes, tmp_path / "receipt.pdf")
    assert printed.pages == 1 and printed.inked[0] > 0.001
    assert number in printed.text and "¥20.00" in printed.text
    assert c.number(pid) in printed.text
    assert "测试病人" not in printed.text  # the clinic number, never the name
    assert "城东社区卫生服务门诊" in printed.text  # the patient-facing name
    assert "VOID" not in printed.text
    preview.close()

    # voided later: the reprint says so
    clerk = c.clinic.login("clerk", c.passwords["clerk"])
    patient_fees.void_payment(clerk, receipt_number=number, reason="收错了 wrong patient")
    dialog.reload()
    dialog.table.selectRow(dialog.table.rowCount() - 1)
    dialog.reprint()
    again = dialog.preview
    assert again is not None and again is not preview and again.isVisible()
    reprinted = print_to_file(again.pdf_bytes, tmp_path / "reprint.pdf")
    assert number in reprinted.text and "已作废 Voided" in reprinted.text
    assert "wrong patient" in reprinted.text
    again.close()


def test_no_treatment_word_where_the_clinic_is_named(counter, tmp_path) -> None:
    """The patient-facing name is refused if it reveals the treatment; empty, a neutral
    fallback is printed, whatever the clinic's own name says."""
    c = counter
    admin = c.clinic.login("admin", c.passwords["admin"])
    try:
        administration.update_setting(admin, key="patient_facing_name", value="美沙酮维持治疗门诊")
    except InvalidInput as refused:
        assert "neutral" in refused.message("en")
    else:
        raise AssertionError("a revealing name was taken")
    administration.update_setting(admin, key="clinic_name", value="城东美沙酮维持治疗门诊")
    administration.update_setting(admin, key="patient_facing_name", value="")
    administration.update_setting(admin, key="take_home_max_days", value=3)
    pid = c.patient(dose="20", take_home_days=2)
    window.open_for_dosing(c.nurse, patient_id=pid, window_id=c.window_id)
    ids = window.give_take_home(c.nurse, patient_id=pid, window_id=c.window_id, days=1)
    labels = print_to_file(daylog.bottle_labels_pdf(c.nurse, dose_ids=ids), tmp_path / "l.pdf")
    assert "门诊部 Outpatient clinic" in labels.text
    assert "美沙酮" not in labels.text and "methadone" not in labels.text.lower()
    patient_fees.set_site_fee(
        admin,
        site_id=administration.list_sites(c.doc)[0].site_id,
        daily_fee="10",
        effective_from=c.today(),
    )
    receipt = patient_fees.record_payment(
        c.nurse, patient_id=pid, amount="5", method="cash", confirm_above_owed="5"
    )
    text = print_to_file(
        patient_fees.receipt_pdf(c.nurse, receipt_number=receipt.receipt_number),
        tmp_path / "r.pdf",
    ).text
    assert "门诊部 Outpatient clinic" in text and "美沙酮" not in text
    administration.update_setting(admin, key="patient_facing_name", value="城东社区卫生服务门诊")
    text = print_to_file(
        patient_fees.receipt_pdf(c.nurse, receipt_number=receipt.receipt_number),
        tmp_path / "r2.pdf",
    ).text
    assert "城东社区卫生服务门诊" in text and "美沙酮" not in text


def test_the_settings_page_takes_a_neutral_name_only(qtbot, counter) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from clinic.ui.settings_page import SettingsPage

    from .conftest import sign_in

    c = counter
    main = sign_in(qtbot, c.clinic, "admin", c.passwords["admin"])
    page = main.page("settings")
    assert isinstance(page, SettingsPage)
    editor = page.findChild(QLineEdit, "setting_patient_facing_name")
    save = page.findChild(QPushButton, "save_patient_facing_name")
    assert editor is not None and save is not None and editor.text() == ""
    editor.clear()
    editor.insert("城东美沙酮门诊")
    save.click()
    assert "neutral" in page.message.text()
    admin = c.clinic.login("admin", c.passwords["admin"])
    assert administration.get_settings(admin)["patient_facing_name"] == ""
    editor.clear()
    editor.insert("城东社区卫生服务门诊")
    save.click()
    assert administration.get_settings(admin)["patient_facing_name"] == "城东社区卫生服务门诊"


def test_a_payment_at_the_window_opens_its_receipt(qtbot, counter, tmp_path) -> None:
    from PySide6.QtCore import Qt

    from .counter import open_window

    c = counter
    pid = _owing(c, 1)
    tab = open_window(qtbot, c)
    tab.scan.insert(c.number(pid))
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)

    def pay(d: PaymentDialog) -> None:
        _press_ok(d)  # the ¥10 owed is filled in
        if d.isVisible():
            d.reject()

    when_shown(PaymentDialog, pay)  # type: ignore[arg-type]
    tab.payment_button.click()
    preview = tab.receipt_preview
    assert preview is not None and preview.isVisible()
    qtbot.waitUntil(lambda: preview.pages_painted == 1, timeout=10_000)
    text = print_to_file(preview.pdf_bytes, tmp_path / "r.pdf").text
    assert "¥10.00" in text and c.number(pid) in text
    preview.reject()  # closed without printing: the nurse is back at the scan field
    qtbot.waitUntil(lambda: tab.window().focusWidget() is tab.scan, timeout=5_000)
