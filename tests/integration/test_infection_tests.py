"""HIV, HCV and syphilis results (issue 17, item 6): recorded by a physician at enrolment and
follow-up, sealed in the database, read back newest first, kept out of the audit trail and out of
the nurse's reach."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from clinic.dosing.infections import infection_history, record_infection_test
from clinic.errors import InvalidInput, PermissionDenied
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, window
from tests.integration.test_patients import events


def test_results_are_recorded_sealed_and_read_back_newest_first(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    pid = w.patient()
    first = record_infection_test(
        w.doc,
        patient_id=pid,
        test="hiv",
        result="negative",
        tested_on=DAY0 - timedelta(days=2),
        stage="enrolment",
    )
    record_infection_test(
        w.doc, patient_id=pid, test="hcv", result="positive", tested_on=DAY0, stage="enrolment"
    )
    record_infection_test(
        w.doc,
        patient_id=pid,
        test="syphilis",
        result="indeterminate",
        tested_on=DAY0 - timedelta(days=1),
        stage="follow_up",
        note="  retest in 2 weeks ",
    )
    shown = infection_history(w.doc, patient_id=pid)
    assert [(r.test, r.result, r.tested_on, r.stage, r.note) for r in shown] == [
        ("hcv", "positive", DAY0, "enrolment", None),
        ("syphilis", "indeterminate", DAY0 - timedelta(days=1), "follow_up", "retest in 2 weeks"),
        ("hiv", "negative", DAY0 - timedelta(days=2), "enrolment", None),
    ]
    assert shown[-1].test_id == first.test_id and shown[0].recorded_by
    with clinic.db.engine.connect() as conn:
        raw = conn.execute(text("SELECT test, result, tested_on, stage FROM infection_tests")).all()
    for row in raw:
        assert not {"hiv", "hcv", "syphilis", "positive", "negative", "enrolment"} & set(row)
        assert str(DAY0) not in row
    for event in events(clinic, "infection.record"):
        details = event.details or ""
        assert "positive" not in details and "hcv" not in details
    assert json.loads(events(clinic, "infection.read")[0].details)["view"] == "infection_history"


def test_only_a_physician_records_or_reads_them(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    pid = w.patient()
    with pytest.raises(PermissionDenied):
        record_infection_test(
            w.nurse,
            patient_id=pid,
            test="hiv",
            result="negative",
            tested_on=DAY0,
            stage="enrolment",
        )
    with pytest.raises(PermissionDenied):
        infection_history(w.nurse, patient_id=pid)


def test_bad_input_is_refused_and_nothing_is_kept(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    pid = w.patient()
    values = {"test": "hiv", "result": "negative", "tested_on": DAY0, "stage": "enrolment"}
    for change, message in (
        ({"test": "hbv"}, "Unknown test"),
        ({"result": "reactive"}, "Unknown result"),
        ({"stage": "later"}, "Unknown stage"),
        ({"tested_on": DAY0 + timedelta(days=1)}, "in the future"),
    ):
        with pytest.raises(InvalidInput, match=message):
            record_infection_test(w.doc, patient_id=pid, **{**values, **change})  # type: ignore[arg-type]
    assert infection_history(w.doc, patient_id=pid) == []
