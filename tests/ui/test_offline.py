"""A satellite workstation's window through a cut link (issue 20), with real widgets: the probe
finds the server gone, the banner says so at once and stays, the nurse signs in on the replica
and doses a patient of the site at the dosing page; when the probe finds the server again the
banner offers to send, the nurse signs in online and the dose reaches the server once. The
physician settles a refused dose on the review list; a nurse enters a dose given by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from clinic.dosing import late
from clinic.dosing.window import record_dose
from clinic.patients.records import change_status
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import OsKeyringStore
from clinic.storage.models import Dose, OfflineReceipt
from clinic.storage.uow import UnitOfWork
from clinic.ui.login import LoginDialog
from clinic.ui.main_window import MainWindow
from clinic.ui.offline import LateDoseDialog, ReviewListDialog
from tests.conftest import make_clinic
from tests.integration.tcp_proxy import TcpProxy
from tests.integration.test_satellite import Satellite

from .conftest import fill_login, when_shown

pytestmark = pytest.mark.postgres


@pytest.fixture
def station(
    tmp_path: Path, keystore: OsKeyringStore, pg_migrated_database: str, qapp: QApplication
) -> Iterator[Satellite]:
    url = make_url(pg_migrated_database)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    cut = make_clinic(tmp_path / "clinic", keystore, "postgresql", through)
    cut.clinic.settings = replace(cut.clinic.settings, satellite_site="SAT")
    direct = create_engine(url)
    s = Satellite(cut, proxy, direct, cut.home / "replica")
    try:
        yield s
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)
        keystore.delete(f"{cut.clinic.settings.clinic_id}:replica:{cut.db.workstation}")
        direct.dispose()
        proxy.stop()


def sign_in_when_asked(qtbot, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    when_shown(LoginDialog, lambda d: fill_login(qtbot, d, username, password))  # type: ignore[arg-type]


def test_the_window_goes_offline_doses_and_sends_when_the_link_is_back(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    s = station
    patient, other = s.patient(), s.patient()
    window = MainWindow(s.cut.clinic)
    qtbot.addWidget(window)
    assert window.station is not None and window.banner.isHidden()
    nurse = s.cut.clinic.login("nurse2", "nurse2-pass-1")
    window.start_session(nurse)
    window.show()
    window.station.refresh()  # the replica, made while the link is up
    record_dose(nurse, patient_id=other, window_id=s.sites.sat)  # online: the replica learns it

    s.proxy.cut()
    window.probe_link()
    sign_in_when_asked(qtbot, "nurse2", "nurse2-pass-1")
    qtbot.waitUntil(lambda: window.banner.state == "offline", timeout=15000)
    qtbot.waitUntil(lambda: window.auth is not None and window.auth.db.replica, timeout=15000)
    assert window.banner.isVisible() and "OFFLINE" in window.banner.text.text()
    assert "72 hours" in window.banner.text.text()
    dosing = window.page("dosing")
    assert dosing is not None
    offline = window.auth
    given = record_dose(offline, patient_id=patient, window_id=s.sites.sat)
    assert given.dose_mg == 30
    with pytest.raises(Exception, match="Already dosed today"):  # dosed online this morning
        record_dose(offline, patient_id=other, window_id=s.sites.sat)
    assert not window.review_action.isVisible() and not window.late_dose_action.isVisible()

    s.proxy.restore()
    window.probe_link()
    qtbot.waitUntil(lambda: window.banner.state == "back", timeout=15000)
    assert window.banner.send_button.isVisible() and "1 doses" in window.banner.text.text()
    sign_in_when_asked(qtbot, "nurse2", "nurse2-pass-1")
    window.banner.send_button.click()
    qtbot.waitUntil(lambda: window.banner.state == "online", timeout=15000)
    assert window.banner.isHidden() and not window.auth.db.replica
    assert "1 doses recorded" in window.statusBar().currentMessage()
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        doses = uow.session.scalars(select(Dose).where(Dose.patient_id == patient)).all()
        assert len(doses) == 1 and doses[0].given_at == given.given_at
        receipt = uow.session.scalars(
            select(OfflineReceipt).where(OfflineReceipt.dose_id == doses[0].id)
        ).one()
        assert receipt.source == "offline" and receipt.workstation == s.cut.db.workstation
    with UnitOfWork(s.cut.db, read_only=True) as uow:  # the move offline, in the central trail
        from clinic.storage.models import AuditEvent

        moved = uow.session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "offline.start")
        ).all()
    assert len(moved) == 1 and '"offline_seq"' in moved[0] and "server unreachable" in moved[0]
    assert verify_audit_trail(s.cut.admin()).ok
    window.close()


def test_review_list_and_a_dose_given_by_hand(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    s, w = station, station.w
    patient, discharged = s.patient(), s.patient()
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        from clinic import clock

        today = clock.clinic_today(uow.session, w.now)
    change_status(
        w.doc, patient_id=discharged, to_status="discharged", effective_on=today, reason="x"
    )
    nurse = s.cut.clinic.login("nurse2", "nurse2-pass-1")
    # A dose given by hand an hour ago, entered through the dialog: recorded.
    dialog = LateDoseDialog(nurse, zone="Asia/Shanghai")
    qtbot.addWidget(dialog)
    from clinic.patients.records import open_patient

    dialog.patient.setText(open_patient(w.doc, patient_id=patient).patient_number)
    dialog.window_choice.setCurrentIndex(dialog.window_choice.findData(s.sites.sat))
    dialog.nurse.setCurrentIndex(dialog.nurse.findText("Test nurse2"))
    an_hour_ago = (w.now - timedelta(hours=1)).astimezone(dialog.zone).replace(tzinfo=None)
    dialog.given_at.setDateTime(an_hour_ago)
    dialog.save()
    assert dialog.outcome is not None and dialog.outcome.outcome == "recorded", (
        dialog.message.text()
    )
    # The discharged patient's: refused as of then, on the review list.
    second = LateDoseDialog(nurse, zone="Asia/Shanghai")
    qtbot.addWidget(second)
    second.patient.setText(open_patient(w.doc, patient_id=discharged).patient_number)
    second.window_choice.setCurrentIndex(second.window_choice.findData(s.sites.sat))
    second.nurse.setCurrentIndex(second.nurse.findText("Test nurse2"))
    second.given_at.setDateTime(an_hour_ago)
    second.save()
    assert second.outcome is not None and second.outcome.outcome == "review"
    assert "review list" in second.message.text()

    review = ReviewListDialog(w.doc)
    qtbot.addWidget(review)
    assert review.table.rowCount() == 1
    assert review.table.item(0, 5).text().startswith("by hand")
    review.table.selectRow(0)
    assert not review.settle_button.isEnabled()  # a decision is written first
    review.note.setPlainText("未给药：患者已出组 not given, discharged")
    assert review.settle_button.isEnabled()
    review.settle_button.click()
    assert review.table.item(0, 8).text().endswith("未给药：患者已出组 not given, discharged")
    assert late.review_list(w.doc) == []
