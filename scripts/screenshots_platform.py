"""Screenshots of the national platform's screens, taken by screenshots_claims.py: the clerk's
chronic-disease registration, the export with the platform's messages and what it says of visits
not yet registered, and a fee item's charge category and codes — zh_CN and en, at 1366×768."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import save, settle  # beside this script

from clinic.insurance.claims import BatchResult
from clinic.ui.main_window import MainWindow

SIZE = (1366, 768)

PASSPHRASE = "示范口令 demo passphrase"  # fictional; the zip is thrown away


def clerk_screens(
    application: QApplication, main: MainWindow, language: str, tmp: Path, batch: BatchResult
) -> None:
    """The registration of one of the batch's patients, the export dialog, and the page after
    the platform's messages were written."""
    from clinic.ui.claim_dialogs import ExportChoice
    from clinic.ui.claims_page import ClaimsPage
    from clinic.ui.worker import busy

    state = {"batch": batch.batch_number, "claim": batch.claims[-1].number}
    state["problems"] = str(len(batch.unresolved))
    old_size = main.size()
    main.resize(*SIZE)
    main.show_page("claims")
    page = main.page("claims")
    assert isinstance(page, ClaimsPage)
    page.tabs.setCurrentIndex(1)
    page.reload_batches(select=state["batch"])
    page.select_claim(state["claim"])
    settle(application)
    dialog = page.ask_registration()
    assert dialog is not None
    settle(application)
    save(dialog, f"{language}-platform-registration")
    dialog.reject()
    export = page.ask_export()
    assert export is not None
    settle(application)
    save(export, f"{language}-platform-export")
    export.close()
    page.export(
        state["batch"],
        ExportChoice(
            tmp / f"{language}.zip",
            PASSPHRASE,
            "",
            ("platform",),
            int(state["problems"]) or None,
        ),
    )
    while busy():  # the zip is written off the UI thread
        application.processEvents()
        time.sleep(0.02)
    settle(application)
    page.select_claim(state["claim"])
    settle(application)
    save(main, f"{language}-platform-exported")
    main.resize(old_size)


def admin_screens(application: QApplication, main: MainWindow, language: str) -> None:
    from clinic.ui.payers_page import PayersPage

    old_size = main.size()
    main.resize(*SIZE)
    main.show_page("payers")
    page = main.page("payers")
    assert isinstance(page, PayersPage)
    settle(application)
    page.fee_table.selectRow(0)
    form = page.fee_form()
    form.show()
    settle(application)
    save(form, f"{language}-platform-fee-item")
    form.close()
    save(main, f"{language}-platform-fees")
    main.resize(old_size)
