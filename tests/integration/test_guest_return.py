"""Back from guest dosing at another clinic: the days dosed there are not missed days once a
physician records the last day that clinic confirms. Before the record the missed-day rule holds or
refuses the dose as for any absence; after it, it counts from the confirmed day, on every path
(the gate, the panel, the reports). One record per period, inside it, never in the future, a
physician's, audited; a refusal writes nothing."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from clinic.analytics.reports import standings
from clinic.dosing.guest import end_guest_dosing, guest_orders, record_guest_return
from clinic.dosing.window import open_for_dosing, record_dose
from clinic.errors import Conflict, InvalidInput, PermissionDenied
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, days, window
from tests.integration.test_guest_dosing import Sites, _guest, _refused
from tests.integration.test_patients import events

AWAY = "海淀区美沙酮门诊"
REF = "海淀函〔2026〕12号 letter"


@pytest.fixture
def s(clinic: ClinicUnderTest) -> Sites:
    return Sites(window(clinic))


def _away(s: Sites) -> tuple[int, int]:
    """A patient dosed at home on DAY0, then a guest at another clinic for days 1 to 7."""
    pid = s.patient()
    record_dose(s.w.nurse, patient_id=pid, window_id=s.main)
    return pid, _guest(s, pid, DAY0 + days(1), DAY0 + days(7), other_clinic=AWAY)


def _missed(s: Sites, day: date) -> dict[int, int]:
    with UnitOfWork(s.w.cut.db, read_only=True) as uow:
        return {x.patient_id: x.missed for x in standings(uow.session, day, ("active",))}


def test_days_away_are_missed_until_the_other_clinics_last_dose_is_recorded(s: Sites) -> None:
    w = s.w
    pid, guest_id = _away(s)
    back = DAY0 + days(8)
    w.at(back)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert panel.refusal is not None and panel.refusal[0].startswith("Missed 7 days in a row")
    assert "re-induction" in _refused(
        lambda: record_dose(w.nurse, patient_id=pid, window_id=s.main)
    )
    assert _missed(s, back)[pid] == 7
    given = record_guest_return(
        w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(7), reference=f"  {REF}  "
    )
    assert (given.last_dose_there, given.return_reference) == (DAY0 + days(7), REF)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert panel.can_dose and panel.missed_days == 0 and panel.refusal is None
    assert _missed(s, back)[pid] == 0  # the reports count as the gate does
    assert record_dose(w.nurse, patient_id=pid, window_id=s.main).dose_mg == 30
    listed = guest_orders(w.doc, patient_id=pid)
    assert [(g.place, g.last_dose_there) for g in listed] == [(AWAY, DAY0 + days(7))]


def test_a_confirmed_day_before_the_end_still_counts_the_days_after_it(s: Sites) -> None:
    w = s.w
    pid, guest_id = _away(s)
    w.at(DAY0 + days(8))
    record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(4), reference=REF)
    message = _refused(lambda: record_dose(w.nurse, patient_id=pid, window_id=s.main))
    assert "Missed 3 days in a row (last dose 2026-03-06)" in message
    assert "held until a physician" in message and "已连续漏服 3 天" in message


def test_the_last_dose_there_is_a_guest_day_not_future_once_and_a_physicians(s: Sites) -> None:
    w = s.w
    pid, guest_id = _away(s)
    w.at(DAY0 + days(3))  # still away: days 4 to 7 are to come
    with pytest.raises(PermissionDenied):
        record_guest_return(w.nurse, guest_id=guest_id, last_dose_on=DAY0 + days(2), reference=REF)
    for day, words in (
        (DAY0, "is not a guest day at 海淀区美沙酮门诊 (2026-03-03 – 2026-03-09)"),
        (DAY0 + days(8), "is not a guest day"),
        (DAY0 + days(5), "is in the future"),
    ):
        with pytest.raises(InvalidInput, match=re.escape(words)) as refused:
            record_guest_return(w.doc, guest_id=guest_id, last_dose_on=day, reference=REF)
        assert refused.value.message("zh_CN")  # in both languages
    with pytest.raises(InvalidInput, match="reference") as blank:
        record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(2), reference=" ")
    assert "外院确认的凭据" in blank.value.message("zh_CN")
    with pytest.raises(InvalidInput, match="at most"):
        record_guest_return(
            w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(2), reference="x" * 201
        )
    assert guest_orders(w.doc, patient_id=pid)[0].last_dose_there is None  # nothing written
    record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(3), reference=REF)
    with pytest.raises(Conflict, match="already recorded: 2026-03-05"):
        record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(2), reference=REF)
    assert guest_orders(w.doc, patient_id=pid)[0].last_dose_there == DAY0 + days(3)


def test_an_early_end_shortens_the_days_a_last_dose_may_fall_on(s: Sites) -> None:
    w = s.w
    pid, guest_id = _away(s)
    w.at(DAY0 + days(3))
    end_guest_dosing(w.doc, guest_id=guest_id, home_from=DAY0 + days(4), reason="came back")
    w.at(DAY0 + days(6))
    with pytest.raises(InvalidInput, match=r"\(2026-03-03 – 2026-03-05\)"):
        record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(4), reference=REF)
    record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(3), reference=REF)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert panel.missed_days == 2 and panel.can_dose


def test_a_site_of_this_clinic_needs_no_record_its_doses_are_here(s: Sites) -> None:
    w = s.w
    pid = s.patient()
    guest_id = _guest(s, pid, DAY0, DAY0 + days(1))
    w.at(DAY0 + days(2))
    with pytest.raises(InvalidInput, match="site of this clinic"):
        record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0, reference=REF)


def test_each_record_and_refusal_is_in_the_audit_trail_without_the_sealed_text(s: Sites) -> None:
    w = s.w
    pid, guest_id = _away(s)
    w.at(DAY0 + days(8))
    with pytest.raises(InvalidInput):
        record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0, reference=REF)
    with pytest.raises(PermissionDenied):
        record_guest_return(w.nurse, guest_id=guest_id, last_dose_on=DAY0, reference=REF)
    record_guest_return(
        w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(7), reference=REF, note="电话确认"
    )
    trail = [e for e in events(w.cut, "order.write") if e.entity == "guest_return"]
    assert [(e.outcome, e.username) for e in trail] == [
        ("failed", "doc"),
        ("denied", "nurse2"),
        ("done", "doc"),
    ]
    done = trail[-1]
    details = json.loads(done.details)
    assert done.entity_id == str(guest_id)
    assert details["patient_id"] == pid and details["last_dose_on"] == "2026-03-09"
    assert "episode_id" in details
    assert "海淀" not in done.details and "电话" not in done.details
    assert json.loads(trail[0].details)["error"]
