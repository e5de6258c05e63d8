"""Screenshots of the dosing window (called by screenshots.py; runnable alone for a quick look).

The queue, a patient ready to dose (the bottle named), a refusal, the dose recorded, the void
dialog, the day-close confirmation and the daily log PDF; a patient who owes fees, the payment
dialog and the fee statement. The window is drawn at the client area of a maximised window on a
1366×768 screen (a 40-pixel task bar and a title bar taken off)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import save, settle  # beside this script

from clinic.demo import create_demo
from clinic.dosing import daylog, window
from clinic.errors import ClinicError
from clinic.patients import records
from clinic.service import AuthContext
from clinic.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1366, 705)


def _scan(application: QApplication, tab: object, text: str) -> None:
    scan = tab.scan  # type: ignore[attr-defined]
    scan.setText(text)
    tab.enter()  # type: ignore[attr-defined]
    settle(application)


def prepare(auth: AuthContext, window_id: int) -> tuple[str | None, str | None]:
    """A few doses (one voided) so the log and the queue show something; returns a patient
    ready to dose and one who is refused."""
    queue = window.today_queue(auth, window_id=window_id)
    ready: str | None = None
    dosed = 0
    for entry in queue.to_attend:
        panel = window.open_for_dosing(auth, patient_id=int(entry.patient_id), window_id=window_id)
        if not panel.can_dose:
            continue
        if dosed < 4:
            try:
                window.record_dose(auth, patient_id=int(entry.patient_id), window_id=window_id)
                dosed += 1
            except ClinicError:
                continue
        elif ready is None and panel.photo and any(w for w in panel.warnings):
            ready = panel.patient_number
    refused: str | None = None
    for status in ("active", "on_hold"):  # a missed-days refusal shows more than a status
        for item in records.list_patients(auth, status=status, limit=80):
            panel = window.open_for_dosing(
                auth, patient_id=int(item.patient_id), window_id=window_id
            )
            if panel.refusal is not None and "Already" not in panel.refusal[0]:
                refused = panel.patient_number
                break
        if refused:
            break
    return ready, refused


def dosing_screens(
    application: QApplication,
    main: MainWindow,
    language: str,
    passwords: dict[str, str],
    tmp: Path,
    prepared: dict[str, object],
) -> None:
    """The nurse's window: queue, ready, refusal, void dialog; then the daily log PDF."""
    from clinic.ui.dosing_forms import VoidDoseDialog
    from clinic.ui.dosing_page import DosingPage

    assert main.auth is not None
    main.show_page("dosing")
    page = main.page("dosing")
    assert isinstance(page, DosingPage) and page.window_tab is not None
    tab = page.window_tab
    window_id = tab.window_id()
    if window_id is None:
        print("no dosing window in the demo clinic: dosing screenshots skipped")
        return
    if "ready" not in prepared:
        prepared["ready"], prepared["refused"] = prepare(main.auth, window_id)
        log = daylog.daily_log(main.auth, window_id=window_id)
        live = [line for line in log.lines if not line.voided]
        if live:
            window.void_dose(
                main.auth,
                dose_id=live[-1].dose_id,
                reason="记录错了患者 wrong patient",
                witness="pharmacist",
                witness_password=passwords["pharmacist"],
            )
    old_size = main.size()
    main.resize(*SIZE)
    tab.refresh()
    tab.clear_panel()
    settle(application)
    save(main, f"{language}-dosing-queue")

    ready = prepared.get("ready") if language == "zh_CN" else prepared.get("next")
    if ready:  # the same patient ready, then recorded: the next language takes the next one
        _scan(application, tab, str(ready))
        save(main, f"{language}-dosing-ready")
        tab.opened_at -= 5  # the nurse has looked at the panel (the dwell guard has passed)
        tab.enter()  # an empty Enter: the dose is recorded
        settle(application)
        save(main, f"{language}-dosing-recorded")
        assert main.size().height() == SIZE[1], "the window grew by itself"
        prepared["next"] = next_ready(main.auth, window_id)
    if prepared.get("refused"):
        _scan(application, tab, str(prepared["refused"]))
        save(main, f"{language}-dosing-refused")
    log = daylog.daily_log(main.auth, window_id=window_id)
    live = [line for line in log.lines if not line.voided]
    if live:
        dialog = VoidDoseDialog(main.auth, live[0], timezone=tab.timezone, parent=main)
        dialog.show()
        dialog.reason.setText("剂量录入错误 wrong dose entered")
        assert dialog.witness is not None
        dialog.witness.username.setText("pharmacist")
        dialog.witness.password.setText("********")
        settle(application)
        dialog.adjustSize()
        settle(application)
        save(dialog, f"{language}-dosing-void")
        dialog.close()
    fee_screens(application, main, tab, language, prepared)
    day_close_screen(application, main, language, passwords)
    tab.clear_panel()
    main.resize(old_size)

    if language == "en":  # one PDF: its headings are in both languages
        pdf = tmp / "daily-log.pdf"
        pdf.write_bytes(
            daylog.daily_log_pdf(main.auth, window_id=window_id, clinic_name=main.clinic_name)
        )
        picture(pdf, "daily-log")


def next_ready(auth: AuthContext, window_id: int) -> str | None:
    for entry in window.today_queue(auth, window_id=window_id).to_attend:
        panel = window.open_for_dosing(auth, patient_id=int(entry.patient_id), window_id=window_id)
        if panel.can_dose and panel.photo and panel.warnings:
            return panel.patient_number
    return None


def day_close_screen(
    application: QApplication, main: MainWindow, language: str, passwords: dict[str, str]
) -> None:
    """The pharmacist closes the window's day with patients still waiting: the question."""
    from clinic.errors import NeedsConfirmation
    from clinic.inventory import reconcile, stock
    from clinic.ui.reconcile_page import day_close_box

    pharmacist = main.clinic.login("pharmacist", passwords["pharmacist"])
    windows = stock.list_places(pharmacist, kinds=("window",))
    sheet = None
    for place in windows:
        for product_id in {
            b.product_id for b in stock.balances(pharmacist) if b.location_id == place.location_id
        }:
            sheet = reconcile.count_sheet(
                pharmacist, window_id=place.location_id, product_id=product_id
            )
            break
        if sheet is not None:
            break
    if sheet is None:
        print("no stocked window: the day-close screenshot skipped")
        return
    try:
        reconcile.record_count(
            pharmacist,
            window_id=sheet.location_id,
            product_id=sheet.product_id,
            counted=str(sheet.expected),
        )
    except NeedsConfirmation as asked:
        box, _ = day_close_box(main, asked)
        box.show()
        settle(application)
        save(box, f"{language}-day-close-confirmation")
        box.close()
        return
    print("the day closed without a question: no patient waiting and after hours")


def owing_patient(auth: AuthContext, window_id: int) -> str | None:
    """A patient in today's queue who owes fees (the demo has two who stopped paying)."""
    queue = window.today_queue(auth, window_id=window_id)
    for entry in queue.to_attend + queue.attended:  # paying needs no dose
        panel = window.open_for_dosing(auth, patient_id=int(entry.patient_id), window_id=window_id)
        if panel.balance_owed >= 50:
            return panel.patient_number
    return None


def fee_screens(
    application: QApplication,
    main: MainWindow,
    tab: object,
    language: str,
    prepared: dict[str, object],
) -> None:
    """The balance owed at the window, the payment dialog, the patient's statement."""
    from clinic.ui.fee_forms import AccountDialog, PaymentDialog

    assert main.auth is not None
    window_id = tab.window_id()  # type: ignore[attr-defined]
    if "owing" not in prepared:
        prepared["owing"] = owing_patient(main.auth, window_id)
    if not prepared["owing"]:
        print("no patient owes fees in the demo clinic: fee screenshots skipped")
        return
    _scan(application, tab, str(prepared["owing"]))
    save(main, f"{language}-dosing-balance-owed")
    panel = tab.panel  # type: ignore[attr-defined]
    payment = PaymentDialog(
        main.auth,
        patient_id=int(panel.patient_id),
        patient_number=panel.patient_number,
        owed=panel.balance_owed,
        parent=main,
    )
    payment.show()
    settle(application)
    payment.adjustSize()
    settle(application)
    save(payment, f"{language}-fee-payment")
    payment.close()
    account = AccountDialog(main.auth, int(panel.patient_id), main)
    account.show()
    settle(application)
    save(account, f"{language}-fee-account")
    account.close()


def picture(pdf: Path, name: str) -> None:
    if shutil.which("pdftoppm") is None:
        print(f"pdftoppm not found: {name}.png skipped (apt-get install poppler-utils)")
        return
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), str(OUT / name)], check=True
    )
    print((OUT / f"{name}.png").relative_to(OUT.parent.parent))


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        clinic, passwords = create_demo(Path(tmp) / "clinic")
        prepared: dict[str, object] = {}
        try:
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                main_window = MainWindow(clinic)
                main_window.resize(1180, 720)
                main_window.start_session(clinic.login("nurse", passwords["nurse"]))
                main_window.show()
                settle(application)
                dosing_screens(application, main_window, language, passwords, Path(tmp), prepared)
                main_window.close()
                settle(application)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
