"""An inspection through the real widgets: the administrator adds an inspector's account and
grants an inspection on the users page; the inspector signs in, sees only the Inspection page,
reads the register (as the pharmacist's) and the counts, writes and corrects a note; the auditor
finds every read in the audit trail; the pharmacist reads the findings."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinic.analytics import reports
from clinic.inventory import catalogue, register, stock
from clinic.ui.inspection_admin import GrantInspectionDialog
from clinic.ui.inspection_page import FindingsDialog, InspectionPage, InspectionReportsView
from clinic.ui.users_page import AddUserDialog
from clinic.ui.worker import busy

from .conftest import sign_in, when_shown
from .printed import print_to_file
from .test_print_buttons import preview_of

CLICK = Qt.MouseButton.LeftButton


def read_reports(qtbot, page: InspectionPage, grant, nurse, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Reports tab: dosing by nurse and window over the period, the dates held inside it,
    the figures the clinic's own report gives; saved as PDF and printed, read back."""
    view = page.tab_widgets["reports"]
    assert isinstance(view, InspectionReportsView)
    page.tabs.setCurrentWidget(view)
    titles = [view.listing.item(i).text() for i in range(view.listing.count())]
    assert titles == ["Dosing by nurse and window", "Stock expiry", "MMT monthly work report"]
    view.choose("dosing")
    assert view.start.date().toPython() == grant.period_from
    view.start.setDate(view.start.minimumDate().addDays(-30))  # held inside the period
    assert view.start.date().toPython() == grant.period_from
    assert view.end.date().toPython() == grant.period_to
    qtbot.mouseClick(view.run_button, CLICK)
    qtbot.waitUntil(lambda: not busy() and view.ran_for == "dosing", timeout=20000)
    own = reports.dosing_by_nurse(nurse, start=grant.period_from, end=grant.period_to)
    table = view.tables[0]
    assert table.rows and (table.rows, table.totals) == (own.rows, own.totals)
    model = view.model(0)
    assert model.rowCount() == len(own.rows) + 1  # and the totals
    assert model.text(len(own.rows), "doses") == str(own.totals[own.column("doses")])

    pdf = tmp_path / "dosing.pdf"
    view.export_to(pdf, "pdf")
    qtbot.waitUntil(lambda: not busy() and view.last_export == pdf, timeout=20000)
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "服药统计（按护士和窗口）" in words and own.rows[0][0] in words

    qtbot.mouseClick(view.print_button, CLICK)
    preview = preview_of(qtbot, view)
    printed = print_to_file(preview.pdf_bytes, tmp_path / "printed.pdf")
    assert "服药统计（按护士和窗口）" in printed.text and printed.inked[0] > 0.01
    preview.close()

    view.choose("mmt_month")
    qtbot.mouseClick(view.run_button, CLICK)
    qtbot.waitUntil(lambda: not busy() and view.ran_for == "mmt_month", timeout=20000)
    assert view.tables[0].period[1] <= grant.period_to


def test_an_inspection_from_grant_to_findings(qtbot, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clinic, passwords = demo
    admin_window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    users_page = admin_window.page("users")
    box = users_page.inspections

    def add_inspector(dialog: AddUserDialog) -> None:
        dialog.username.setText("inspector1")
        dialog.full_name.insert("王检查 Wang")
        dialog.roles.boxes[
            next(r for r in dialog.roles.boxes if r.value == "inspector")
        ].setChecked(True)
        dialog.password.first.setText("inspect-pass-1")
        dialog.password.second.setText("inspect-pass-1")
        dialog.must_change.setChecked(False)
        dialog.save()

    when_shown(AddUserDialog, add_inspector)
    qtbot.mouseClick(users_page.add_button, CLICK)
    assert "inspector1" in [u.username for u in users_page.users]

    granted: list[GrantInspectionDialog] = []

    def grant(dialog: GrantInspectionDialog) -> None:
        granted.append(dialog)
        assert [dialog.inspector.itemData(i) for i in range(dialog.inspector.count())] == [
            "inspector",  # the demo's own inspector
            "inspector1",
        ]
        dialog.inspector.setCurrentIndex(1)
        dialog.authority.insert("区卫生健康委员会")
        dialog.purpose.setPlainText("麻精药品专项检查")
        dialog.save()

    when_shown(GrantInspectionDialog, grant)
    qtbot.mouseClick(box.grant_button, CLICK)
    assert granted and granted[0].granted is not None, granted[0].message.text()
    grant_info = granted[0].granted
    # the newest first, then the demo's own inspection
    assert box.table.rowCount() == 2 and box.table.item(0, 6).text() == "open"
    assert box.table.item(0, 1).text() == "王检查 Wang (inspector1)"
    admin_window.close()

    window = sign_in(qtbot, clinic, "inspector1", "inspect-pass-1")
    assert window.page_keys() == ["inspection"]
    page = window.page("inspection")
    assert isinstance(page, InspectionPage)
    assert "区卫生健康委员会" in page.banner.text()
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Controlled-drug register",
        "Reconciliations",
        "Reports",
        "Notes",
    ]

    pharmacist = clinic.login("pharmacist", passwords["pharmacist"])
    window_place = next(
        p.location_id
        for p in stock.list_places(pharmacist)
        if p.kind == "window" and p.site_code == "MAIN"
    )
    methadone = next(
        p.product_id
        for p in catalogue.list_products(pharmacist)
        if p.controlled and p.unit == "mL" and p.mg_per_unit == 1
    )
    reg_view = page.tab_widgets["register"]
    page.tabs.setCurrentWidget(reg_view)
    reg_view.place.setCurrentIndex(reg_view.place.findData(window_place))
    reg_view.product.setCurrentIndex(reg_view.product.findData(methadone))
    reg_view.reload()
    shown = reg_view.register
    assert shown is not None, reg_view.message.text()
    pharmacists = register.register_month(
        pharmacist,
        location_id=window_place,
        product_id=methadone,
        year=shown.year,
        month=shown.month,
        clinic_name=reg_view.clinic_name,
    )
    assert shown.lines and shown.lines == pharmacists.lines
    assert reg_view.table.model().rowCount() == len(shown.lines)
    assert reg_view.findings_button.isHidden()
    # before the period: the month chooser stops at its first month
    assert reg_view.month.minimumDate().toPython() == grant_info.period_from.replace(day=1)

    counts = page.tab_widgets["counts"]
    page.tabs.setCurrentWidget(counts)
    qtbot.waitUntil(lambda: counts.loaded)
    assert counts.lines, counts.message.text()
    assert counts.table.rowCount() == len(counts.lines)
    assert counts.first.minimumDate().toPython() == grant_info.period_from
    counts.first.setDate(counts.first.minimumDate().addDays(-10))  # held inside the period
    assert counts.first.date().toPython() == grant_info.period_from

    read_reports(qtbot, page, grant_info, clinic.login("nurse", passwords["nurse"]), tmp_path)

    notes = page.tab_widgets["notes"]
    page.tabs.setCurrentWidget(notes)
    qtbot.waitUntil(lambda: notes.loaded)
    assert notes.table.rowCount() == 0
    notes.editor.setPlainText("窗口日结差异均已说明并签字。")
    qtbot.mouseClick(notes.add_button, CLICK)
    assert notes.table.rowCount() == 1, notes.message.text()
    notes.table.selectRow(0)
    qtbot.mouseClick(notes.correct_button, CLICK)
    assert notes.correcting == notes.notes[0].note_id
    notes.editor.setPlainText("窗口日结差异均已说明并签字；一处待签字。")
    qtbot.mouseClick(notes.add_button, CLICK)
    assert notes.table.rowCount() == 2
    first, second = notes.notes
    assert first.superseded_by == second.note_id and second.supersedes_id == first.note_id
    assert notes.table.item(0, 3).text() == f"corrected by note {second.note_id}"
    window.close()

    auditor = sign_in(qtbot, clinic, "auditor", passwords["auditor"])
    audit = auditor.page("audit")
    audit.action.setCurrentText("inspection.read")
    qtbot.mouseClick(audit.apply_button, CLICK)
    model = audit.model
    views = set()
    assert model.rowCount() == len(model.rows) > 0
    for row, record in enumerate(model.rows):
        assert json.loads(model.data(model.index(row, 8))) == record.details
        details = record.details
        assert details["inspection"] == grant_info.inspection_id
        assert details["period"] == f"{grant_info.period_from}/{grant_info.period_to}"
        views.add(details["view"])
    assert {"register", "counts", "notes", "report:dosing", "report_export:dosing"} <= views
    auditor.close()

    pharm_window = sign_in(qtbot, clinic, "pharmacist", passwords["pharmacist"])
    pharm_window.show_page("reports")
    reg_page = pharm_window.page("reports").register_page()
    assert reg_page.findings_button.isVisible()
    read: list[FindingsDialog] = []

    def look(dialog: FindingsDialog) -> None:
        read.append(dialog)
        dialog.reject()

    when_shown(FindingsDialog, look)
    qtbot.mouseClick(reg_page.findings_button, CLICK)
    assert read and read[0].table.rowCount() == 2
    assert read[0].table.item(1, 2).text() == "窗口日结差异均已说明并签字；一处待签字。"
    assert QApplication.activeModalWidget() is None
    assert timedelta(0) <= grant_info.expires_on - grant_info.period_to


def test_the_demo_inspector_opens_the_reports(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    """The demo comes with an inspector and an open inspection of its month: signed in, the
    Reports tab runs the dosing report over the period."""
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "inspector", passwords["inspector"])
    assert window.page_keys() == ["inspection"]
    page = window.page("inspection")
    assert isinstance(page, InspectionPage)
    assert "示范区卫生健康委员会" in page.banner.text()
    view = page.tab_widgets["reports"]
    assert isinstance(view, InspectionReportsView)
    page.tabs.setCurrentWidget(view)
    view.choose("dosing")
    qtbot.mouseClick(view.run_button, CLICK)
    qtbot.waitUntil(lambda: not busy() and view.ran_for == "dosing", timeout=20000)
    assert view.tables[0].rows and view.model(0).rowCount() > 1
    window.close()
