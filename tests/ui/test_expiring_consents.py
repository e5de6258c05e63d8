"""Consents about to expire, as the physician and the administrator see them: listed 30, 14 and
7 days ahead, soonest first, the nearest in red; a row opens the patient's record."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QColor

from clinic.patients import consent
from clinic.ui.common import REFUSED, WARNING
from clinic.ui.consent_forms import ExpiringConsentsDialog

from .conftest import when_shown
from .counter import Counter
from .test_patients import patients_page


def _consents(c: Counter) -> tuple[int, int]:
    today = c.today()
    soon = c.patient(name="将到期")
    later = c.patient(name="较晚到期")
    for pid, days, recipient in (
        (soon, 7, "城乡居民医保"),
        (later, 20, "家属"),
        (later, 31, "远期"),
    ):
        consent.record_consent(
            c.doc,
            patient_id=pid,
            purpose="insurance_claims" if days == 7 else "family",
            recipient=recipient,
            scope="doses",
            signed_on=today,
            expires_on=today + timedelta(days=days),
        )
    return soon, later


def test_the_physician_lists_them_and_opens_a_record(qtbot, counter) -> None:
    c: Counter = counter
    _soon, later = _consents(c)
    page = patients_page(qtbot, c.clinic, "physician", c.passwords["physician"])
    assert page.expiring_button.isVisible()
    seen: dict[str, object] = {}

    def look(dialog: ExpiringConsentsDialog) -> None:
        table = dialog.table
        seen["rows"] = [
            [table.item(r, col).text() for col in (1, 3, 5)] for r in range(table.rowCount())
        ]
        seen["colours"] = [table.item(r, 0).foreground().color() for r in range(table.rowCount())]
        seen["summary"] = dialog.summary.text()
        table.selectRow(1)
        dialog.open_button.click()

    when_shown(ExpiringConsentsDialog, look)
    page.expiring_button.click()
    assert seen["rows"] == [
        ["7 (within 7 days)", "将到期", "城乡居民医保"],
        ["20 (within 30 days)", "较晚到期", "家属"],
    ]
    colours = seen["colours"]
    assert isinstance(colours, list) and colours[0] == QColor(REFUSED.text)
    assert colours[1] != QColor(WARNING.text)
    assert "Within 7 days: 1" in str(seen["summary"])
    assert page.record_view.record is not None
    assert page.record_view.record.patient_id == later


def test_the_administrator_lists_them_without_opening_records(qtbot, counter) -> None:
    from .conftest import sign_in

    c: Counter = counter
    _consents(c)
    main = sign_in(qtbot, c.clinic, "admin", c.passwords["admin"])
    main.show_page("settings")
    settings = main.page("settings")
    button = settings.findChild(object, "expiringConsents")
    assert button is not None and button.isVisible()
    seen: dict[str, object] = {}

    def look(dialog: ExpiringConsentsDialog) -> None:
        seen["rows"] = dialog.table.rowCount()
        seen["open"] = dialog.open_button.isVisible()
        dialog.reject()

    when_shown(ExpiringConsentsDialog, look)
    button.click()
    assert seen == {"rows": 2, "open": False}
