"""Screenshots of the claims screens (called by screenshots.py; runnable alone for a quick look).

Last month's batches for both demo payers (one exported and answered by the payer), a claim in
full, the payers and fees page, and the claims PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyzipper
import screenshots_platform as platform_shots  # beside this script
from PySide6.QtWidgets import QApplication
from shots import save, settle

from clinic.demo import create_demo
from clinic.insurance import claims, exports, schemes
from clinic.insurance.claims import BatchResult
from clinic.service import AuthContext
from clinic.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1366, 768)  # the smallest office screen the clerk works at
PASSPHRASE = "示范口令 demo passphrase"  # fictional; the zip is thrown away


def prepare(clerk: AuthContext, clinic_name: str, tmp: Path) -> BatchResult:
    """Last month's batch for every payer, each exported; the payer answered the largest (one
    claim paid, one accepted, one rejected), which is returned. The smallest batch's PDF is
    pictured, so its second page is a claim's own page."""
    from clinic.ui.claims_page import previous_month
    from clinic.ui.patient_common import clinic_today

    today = clinic_today(clerk)
    month = previous_month(today)
    built = [
        claims.build_batch(clerk, scheme_code=s.code, year=month.year, month=month.month)
        for s in schemes.list_payer_schemes(clerk)
    ]
    shown = max(built, key=lambda b: (len(b.claims), len(b.excluded) + len(b.problems)))
    exported = sorted((b for b in built if b.claims), key=lambda b: len(b.claims))
    for n, batch in enumerate(exported):
        zipped = exports.export_batch(
            clerk,
            batch_number=batch.batch_number,
            target=tmp / f"{batch.batch_number}.zip",
            passphrase=PASSPHRASE,
            clinic_name=clinic_name,
            medins_code="H00000000000",  # fictional
            formats=("pdf",),
            confirm_problems=len(batch.unresolved),  # the late-priced product's days wait
        )
        if n == 0:
            with pyzipper.AESZipFile(zipped.path) as archive:
                archive.setpassword(PASSPHRASE.encode("utf-8"))
                pdf = tmp / "claims.pdf"
                pdf.write_bytes(archive.read(f"{batch.batch_number}.pdf"))
            pdf_pictures(pdf, tmp)
    answered = today - timedelta(days=3)
    if len(shown.claims) >= 3:
        paid, rejected, accepted = shown.claims[:3]
        claims.record_outcome(
            clerk, claim_number=paid.number, status="accepted", on_date=answered - timedelta(days=7)
        )
        claims.record_outcome(
            clerk,
            claim_number=paid.number,
            status="paid",
            amount=str(paid.payer_amount),
            on_date=answered,
        )
        claims.record_outcome(
            clerk,
            claim_number=rejected.number,
            status="rejected",
            reason="参保人编号与医保信息系统不符 insured number unknown",
        )
        claims.record_outcome(clerk, claim_number=accepted.number, status="accepted")
    return shown


def pdf_pictures(pdf: Path, tmp: Path) -> None:
    """The batch summary and the first claim's page, as claims-pdf-1.png and claims-pdf-2.png."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: claims-pdf-*.png skipped (apt-get install poppler-utils)")
        return
    pages = tmp / "claims-pdf"
    pages.mkdir()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(pages / "page")],
        check=True,
    )
    for n, page in enumerate(sorted(pages.glob("page-*.png")), start=1):
        target = OUT / f"claims-pdf-{n}.png"
        shutil.move(page, target)
        print(target.relative_to(OUT.parent.parent))


def claims_screens(
    application: QApplication,
    main: MainWindow,
    language: str,
    tmp: Path,
    prepared: dict[str, object],
) -> None:
    """The clerk's claims page: a built batch, the batches with their totals, a claim in full."""
    from clinic.ui.claims_page import ClaimsPage

    assert main.auth is not None
    if "batch" not in prepared:
        prepared["batch"] = prepare(main.auth, main.clinic_name, tmp)
    result = prepared["batch"]
    assert isinstance(result, BatchResult)
    old_size = main.size()
    main.resize(*SIZE)
    main.show_page("claims")
    page = main.page("claims")
    assert isinstance(page, ClaimsPage)
    page.choose(result.scheme_code, result.period_start.year, result.period_start.month)
    page.tabs.setCurrentIndex(0)
    wait_for_month(application, page)  # the month as it stands: its batch, the open problems
    save(main, f"{language}-claims-build")

    page.tabs.setCurrentIndex(1)
    page.reload_batches(select=result.batch_number)
    if result.claims:
        page.select_claim(result.claims[0].number)
    settle(application)
    save(main, f"{language}-claims-batches")

    dialog = page.open_claim()
    if dialog is not None:
        settle(application)
        save(dialog, f"{language}-claim-detail")
        dialog.close()
    export = page.ask_export()  # the month's problems named, the zip programs said
    if export is not None:
        settle(application)
        size = export.size()
        assert size.width() <= 1366 and size.height() <= 768, size
        save(export, f"{language}-claims-export")
        export.close()
    employee = unpaid_claim(main.auth)
    if employee is not None:  # a claim the payer pays nothing on, and why
        page.reload_batches(select=employee[0])
        page.select_claim(employee[1])
        detail = page.open_claim()
        if detail is not None:
            settle(application)
            save(detail, f"{language}-claim-detail-payer-nothing")
            detail.close()
    page.tabs.setCurrentIndex(0)
    main.resize(old_size)


def wait_for_month(application: QApplication, page: object) -> None:
    """Until the claims page has read the chosen month (off the UI thread)."""
    import time

    from clinic.ui.worker import busy

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        application.processEvents()
        if not busy() and not page.follow_timer.isActive() and page.result is not None:  # type: ignore[attr-defined]
            break
        time.sleep(0.02)
    settle(application)


def unpaid_claim(clerk: AuthContext | None) -> tuple[str, str] | None:
    """A batch and claim on which the payer pays nothing (the employee scheme's deductible)."""
    from clinic.insurance import views

    assert clerk is not None
    for info in views.list_batches(clerk):
        for claim in views.batch_view(clerk, batch_number=info.batch_number).claims:
            if claim.payer_note is not None:
                return info.batch_number, claim.number
    return None


def payers_screens(application: QApplication, main: MainWindow, language: str) -> None:
    """The administrator's payer schemes, their terms by date and the fee schedule."""
    old_size = main.size()
    main.resize(*SIZE)
    main.show_page("payers")
    settle(application)
    save(main, f"{language}-payers")
    main.resize(old_size)


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
                for username in ("clerk", "admin"):
                    main_window = MainWindow(clinic)
                    main_window.resize(1180, 720)
                    main_window.start_session(clinic.login(username, passwords[username]))
                    main_window.show()
                    settle(application)
                    if username == "clerk":
                        claims_screens(application, main_window, language, Path(tmp), prepared)
                        batch = prepared["batch"]
                        assert isinstance(batch, BatchResult)
                        platform_shots.clerk_screens(
                            application, main_window, language, Path(tmp), batch
                        )
                    else:
                        payers_screens(application, main_window, language)
                        platform_shots.admin_screens(application, main_window, language)
                    main_window.close()
                    settle(application)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
