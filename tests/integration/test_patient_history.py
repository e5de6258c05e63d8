"""The patient record's history: every dose by day and window (voided ones with why, exceptions
with why, withheld ones), every urine screen with its review; each read audited; only roles that
see the clinical record may read it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clinic.dosing import screens
from clinic.dosing.window import record_dose, record_exception_dose, void_dose, withhold_dose
from clinic.errors import InvalidInput, PermissionDenied
from clinic.patients import history
from clinic.privacy.permissions import Role
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, days, window
from tests.integration.test_patients import events


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


def test_the_dose_history_shows_every_dose_void_exception_and_withholding(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    other = w.patient(dose="25")
    first = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    record_dose(w.nurse, patient_id=other, window_id=w.ph.window)
    record_exception_dose(
        w.nurse,
        patient_id=pid,
        window_id=w.ph.window,
        kind="redose",
        reason="vomited within 10 minutes",
        authoriser="doc",
        authoriser_password="doc-pass-1",
        charged=False,
    )
    w.at(DAY0 + days(1))
    second = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    void_dose(
        w.nurse,
        dose_id=second.dose_id,
        reason="recorded for the wrong patient",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    w.at(DAY0 + days(2))
    withhold_dose(w.nurse, patient_id=pid, window_id=w.ph.window, note="smelled of alcohol")

    lines = history.dose_history(w.doc, patient_id=pid)
    assert [(line.dosing_date, line.kind, line.voided) for line in lines] == [
        (DAY0 + days(2), "withheld", False),
        (DAY0 + days(1), "observed", True),
        (DAY0, "redose", False),
        (DAY0, "observed", False),
    ]
    withheld, voided, redose, given = lines
    assert (withheld.dose_mg, withheld.given, withheld.note) == (
        None,
        "intoxication",
        "smelled of alcohol",
    )
    assert voided.void_reason == "recorded for the wrong patient"
    assert redose.exception_reason == "vomited within 10 minutes"
    assert (given.dose_mg, given.slot, given.window, given.nurse) == (
        Decimal("30"),
        1,
        "窗口1 Window 1",
        "Test nurse2",
    )
    assert given.given.startswith("30 mL ") and "1 mg/mL" in given.given and "L1" in given.given
    assert given.at is not None and given.at.date() == DAY0 and first.dose_id
    # the period is inclusive at both ends, and another patient's doses never show
    assert [
        line.kind for line in history.dose_history(w.doc, patient_id=pid, since=DAY0, until=DAY0)
    ] == ["redose", "observed"]
    assert len(history.dose_history(w.doc, patient_id=other)) == 1
    assert [
        line.kind for line in history.dose_history(w.doc, patient_id=pid, since=DAY0 + days(2))
    ] == ["withheld"]
    read = events(w.cut, "patient.read")[-1]
    assert read.entity_id == str(pid) and "dose_history" in read.details


def test_the_period_is_checked(w: Window) -> None:
    pid = w.patient(dose="30")
    with pytest.raises(InvalidInput, match="ends before it starts"):
        history.dose_history(w.doc, patient_id=pid, since=DAY0, until=DAY0 - days(1))
    with pytest.raises(InvalidInput, match="three years"):
        history.dose_history(w.doc, patient_id=pid, since=date(2020, 1, 1), until=DAY0)


def test_the_screen_history_shows_results_and_reviews(w: Window) -> None:
    pid = w.patient(dose="30")
    clean = screens.record_screen(
        w.nurse, patient_id=pid, collected_on=DAY0, results={"opiates": False}
    )
    w.at(DAY0 + days(1))
    positive = screens.record_screen(
        w.nurse,
        patient_id=pid,
        collected_on=DAY0 + days(1),
        results={"opiates": True, "methamphetamine": False},
        random=False,
    )
    screens.review_screen(w.doc, screen_id=positive.screen_id, note="talked it through")
    newest, oldest = history.screen_history(w.doc, patient_id=pid)
    assert (newest.collected_on, newest.positives, newest.negatives, newest.random) == (
        DAY0 + days(1),
        ("opiates",),
        ("methamphetamine",),
        False,
    )
    assert (newest.reviewed_by, newest.review_note) == ("Test doc", "talked it through")
    assert (oldest.positives, oldest.reviewed_by, clean.screen_id) == ((), None, clean.screen_id)


def test_a_clerk_cannot_read_the_clinical_history(w: Window) -> None:
    pid = w.patient(dose="30")
    clerk = w.cut.add_user("clerk", Role.BILLING_CLERK)
    with pytest.raises(PermissionDenied):
        history.dose_history(clerk, patient_id=pid)
    with pytest.raises(PermissionDenied):
        history.screen_history(clerk, patient_id=pid)
    assert history.dose_history(w.nurse, patient_id=pid) == []
