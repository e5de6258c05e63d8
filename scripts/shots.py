"""What every screenshot script shares: where the pictures go, letting Qt draw, saving one."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(application: QApplication) -> None:
    for _ in range(5):
        application.processEvents()


def save(widget: QWidget, name: str) -> None:
    target = OUT / f"{name}.png"
    if not widget.grab().save(str(target)):
        sys.exit(f"could not write {target}")
    print(target.relative_to(OUT.parent.parent))


def record_box(application: QApplication, main: QWidget, patient_id: int, box: str) -> None:
    """MAIN (a main window) on the patients page, PATIENT_ID's record open, scrolled to BOX."""
    from clinic.ui.patients_page import PatientsPage

    main.show_page("patients")  # type: ignore[attr-defined]
    page = main.page("patients")  # type: ignore[attr-defined]
    assert isinstance(page, PatientsPage)
    page.open_patient(patient_id)
    view = page.record_view
    settle(application)
    found = view.scroll_area.widget().findChild(QWidget, box)
    if found is not None:
        view.scroll_area.ensureWidgetVisible(found)
    settle(application)


def signed_in(application: QApplication, clinic: object, username: str, password: str) -> QWidget:
    """A main window shown, USERNAME signed in (the caller closes it with `closed`)."""
    from clinic.ui.main_window import MainWindow

    main = MainWindow(clinic)  # type: ignore[arg-type]
    main.start_session(clinic.login(username, password))  # type: ignore[attr-defined]
    main.show()
    settle(application)
    return main


def closed(application: QApplication, main: QWidget) -> None:
    main.close()
    settle(application)
