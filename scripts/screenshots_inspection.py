"""Screenshots of an authority's inspection (issue 18): the administrator's grant dialog and the
inspections box on the users page, then the inspector's page with each of its tabs (register,
reconciliations, each report, notes with a correction), in Chinese and English, at the client area of a
maximised window on a 1366×768 screen.

    QT_QPA_PLATFORM=offscreen bash scripts/with-keyring.sh .venv/bin/python scripts/screenshots_inspection.py

SHOTS_DEMO=<a demo clinic the tests built, e.g. /tmp/pytest-of-$USER/clinic-demo/demo-…/…> copies
that one instead of building the demo (a minute or more).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import save, settle  # beside this script

from clinic import inspection
from clinic.demo import create_demo
from clinic.inventory import catalogue, stock
from clinic.ui.main_window import MainWindow

SIZE = (1366, 705)
# PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method returning
# void (QTableWidgetItem.setText, QLabel.setText, …), so a long run deallocates None and aborts.
# References held here keep a screenshot run alive; the product's fix is a PySide6 pin (see the
# issue note).
_NONE_BALLAST = [None] * 50_000_000


def choose(combo, data: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def prepare(clinic, passwords: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    """The demo inspector's open inspection (of the demo's month), with notes."""
    insp = clinic.login("inspector", passwords["inspector"])
    [granted] = inspection.my_inspections(insp)
    note = inspection.add_inspection_note(
        insp,
        inspection_id=granted.inspection_id,
        text="窗口日结盘点：差异均有说明，第二人签字齐全。",
    )
    inspection.add_inspection_note(
        insp,
        inspection_id=granted.inspection_id,
        text="窗口日结盘点：差异均有说明；今晨一处差异尚待第二人签字。",
        supersedes=note.note_id,
    )
    inspection.add_inspection_note(
        insp,
        inspection_id=granted.inspection_id,
        text="专用账册：批号、有效期、生产企业、供货单位逐笔登记，结存与库存一致。",
    )
    return granted.inspection_id


def admin_shots(application: QApplication, clinic, passwords, language: str) -> None:  # type: ignore[no-untyped-def]
    from clinic.ui.inspection_admin import GrantInspectionDialog

    main = MainWindow(clinic)
    main.start_session(clinic.login("admin", passwords["admin"]))
    main.resize(*SIZE)
    main.show()
    main.show_page("users")
    settle(application)
    save(main, f"{language}-inspection-users-page")
    page = main.page("users")
    dialog = GrantInspectionDialog(main.auth, page.inspections.inspectors, main)  # type: ignore[union-attr,arg-type]
    dialog.show()
    dialog.authority.setText("示范区卫生健康委员会")
    dialog.purpose.setPlainText("麻精药品专项监督检查")
    dialog.adjustSize()
    settle(application)
    save(dialog, f"{language}-inspection-grant-dialog")
    dialog.close()
    main.close()
    settle(application)


def inspector_shots(application: QApplication, clinic, passwords, language: str) -> None:  # type: ignore[no-untyped-def]
    from clinic.ui.inspection_page import InspectionPage

    pharmacist = clinic.login("pharmacist", passwords["pharmacist"])
    window = next(
        p.location_id
        for p in stock.list_places(pharmacist)
        if p.kind == "window" and p.site_code == "MAIN"
    )
    methadone = next(
        p.product_id
        for p in catalogue.list_products(pharmacist)
        if p.controlled and p.unit == "mL" and p.mg_per_unit == 1
    )
    main = MainWindow(clinic)
    main.start_session(clinic.login("inspector", passwords["inspector"]))
    main.resize(*SIZE)
    main.show()
    settle(application)
    page = main.page("inspection")
    assert isinstance(page, InspectionPage)
    register_view = page.tab_widgets["register"]
    choose(register_view.place, window)
    choose(register_view.product, methadone)
    register_view.reload()
    settle(application)
    save(main, f"{language}-inspection-register")
    page.tabs.setCurrentWidget(page.tab_widgets["counts"])
    settle(application)
    save(main, f"{language}-inspection-counts")
    reports_view = page.tab_widgets["reports"]
    page.tabs.setCurrentWidget(reports_view)
    for key in ("dosing", "stock_expiry", "mmt_month"):
        reports_view.choose(key)
        spec = reports_view.spec
        assert spec is not None and spec.run is not None
        made = spec.run(reports_view.auth, **reports_view.arguments())
        reports_view.show_tables(made if isinstance(made, list) else [made])
        settle(application)
        save(main, f"{language}-inspection-report-{key}")
    notes = page.tab_widgets["notes"]
    page.tabs.setCurrentWidget(notes)
    settle(application)
    notes.table.selectRow(1)
    notes.start_correction()
    settle(application)
    save(main, f"{language}-inspection-notes")
    main.close()
    settle(application)


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        built = os.environ.get("SHOTS_DEMO")
        if built:
            import json

            from tests.demo_cache import PASSWORDS, copy_of

            clinic = copy_of(Path(built), Path(tmp) / "clinic")
            passwords = json.loads((Path(built).parent / PASSWORDS).read_text())
        else:
            clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            prepare(clinic, passwords)
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                admin_shots(application, clinic, passwords, language)
                inspector_shots(application, clinic, passwords, language)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # past the ballast (see above): no teardown for PySide6 to abort in
