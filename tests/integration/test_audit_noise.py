"""An audit event per thing seen: a list refreshed on screen is audited when what it shows
changes (or once per interval), each patient in it once; patient-level reads all audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from clinic.dosing import daylog, screens
from clinic.dosing.window import record_dose, today_queue
from clinic.privacy.permissions import Action
from clinic.storage.models import AuditEvent
from clinic.storage.settings_store import clinic_settings
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, SHANGHAI, Window, window


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


def _events(w: Window, **where: str) -> int:
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        query = select(func.count(AuditEvent.seq))
        for column, value in where.items():
            query = query.where(getattr(AuditEvent, column) == value)
        return int(uow.session.scalar(query) or 0)


def _interval_minutes(w: Window) -> int:
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        return clinic_settings(uow.session).integer("queue_audit_minutes")


def _patient_reads(w: Window, via: str) -> set[str]:
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        rows = uow.session.execute(
            select(AuditEvent.entity_id, AuditEvent.details).where(
                AuditEvent.action == Action.PATIENT_READ.value
            )
        ).all()
    return {str(entity_id) for entity_id, details in rows if f'"via":"{via}' in details}


@pytest.mark.long
def test_an_eight_hour_window_day_writes_an_event_per_change_not_per_refresh(w: Window) -> None:
    if w.cut.backend != "sqlcipher":
        pytest.skip(
            "what is audited is decided in the service frame, alike on both backends; "
            "2,880 refreshes are run once (the shorter tests below run on both)"
        )
    w.stock_window()
    patients = [w.patient() for _ in range(4)]
    dose_at = {
        (9, 0): patients[0],
        (10, 30): patients[1],
        (12, 0): patients[2],
        (14, 40): patients[3],
    }
    w.at(DAY0, 8, 0)
    end = w.now + timedelta(hours=8)
    refreshes = changes = 0
    queue_before, log_before = _events(w, entity="queue"), _events(w, entity="daily_log")
    last_shown = None
    while w.now < end:
        local = w.now.astimezone(SHANGHAI)
        due = dose_at.pop((local.hour, local.minute), None) if local.second == 0 else None
        if due is not None:
            record_dose(w.nurse, patient_id=due, window_id=w.ph.window)
        before = _events(w, entity="queue") if due is not None else None
        queue = today_queue(w.nurse, window_id=w.ph.window)
        daylog.daily_log(w.nurse, window_id=w.ph.window)
        if before is not None:
            assert _events(w, entity="queue") == before + 1  # the change is audited at once
        shown = (queue.to_attend, queue.attended)
        changes += shown != last_shown
        last_shown = shown
        refreshes += 1
        w.now += timedelta(seconds=20)
    assert refreshes == 8 * 60 * 3 and not dose_at
    periodic = 8 * 60 // _interval_minutes(w)
    queue_events = _events(w, entity="queue") - queue_before
    log_events = _events(w, entity="daily_log") - log_before
    assert changes == 5  # the first look, then each dose
    assert queue_events <= changes + periodic, queue_events
    assert log_events <= changes + periodic, log_events
    # each patient shown was audited as read, once, through the queue and through the log
    assert _patient_reads(w, "queue") == {str(p) for p in patients}
    assert _events(w, action=Action.PATIENT_READ.value) == 2 * len(patients)


def test_unchanged_queue_is_audited_again_after_the_interval(w: Window) -> None:
    w.stock_window()
    w.patient()
    w.at(DAY0, 9, 0)
    today_queue(w.nurse, window_id=w.ph.window)
    first = _events(w, entity="queue")
    minutes = _interval_minutes(w)
    w.now += timedelta(minutes=minutes - 1)
    today_queue(w.nurse, window_id=w.ph.window)
    assert _events(w, entity="queue") == first
    w.now += timedelta(minutes=1)
    today_queue(w.nurse, window_id=w.ph.window)
    assert _events(w, entity="queue") == first + 1


def test_positives_list_audits_each_patient_it_shows(w: Window) -> None:
    w.stock_window()
    pid = w.patient()
    other = w.patient()
    screens.record_screen(
        w.nurse,
        patient_id=pid,
        collected_on=DAY0,
        results={"opiates": True, "methamphetamine": False},
    )
    screens.record_screen(w.nurse, patient_id=other, collected_on=DAY0, results={"opiates": False})
    pending = screens.screens_awaiting_review(w.doc)
    assert [p.patient_id for p in pending] == [pid]
    assert _patient_reads(w, "screens_awaiting_review") == {str(pid)}
    listed = _events(w, action=Action.SCREEN_REVIEW.value, entity="urine_screen")
    assert listed == 1
    screens.screens_awaiting_review(w.doc)  # the same list again: nothing new to record
    assert _events(w, action=Action.SCREEN_REVIEW.value, entity="urine_screen") == 1
    due = screens.screens_due(w.nurse)
    assert _patient_reads(w, "screens_due") == {str(d.patient_id) for d in due}


def test_outstanding_bottles_read_is_audited(w: Window) -> None:
    w.stock_window()
    pid = w.patient()
    before = _events(w, entity="patient", entity_id=str(pid))
    daylog.outstanding_bottles(w.nurse, patient_id=pid)
    assert _events(w, entity="patient", entity_id=str(pid)) == before + 1
