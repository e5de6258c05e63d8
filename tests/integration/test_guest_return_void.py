"""A wrong guest return corrected by a new entry: voided with a reason (the row, who voided it,
when and why kept), optionally with the right one in the same act. Every reader of the returns
then ignores the voided one: the window's and the take-home's missed-day gate, the reports, the
patient's record. Refused, with nothing written: voiding twice, without a reason, a return of
another guest period (another clinic's), a wrong replacement, anyone but a physician."""

from __future__ import annotations

import json
import re

import pytest
from alembic import command

from clinic import administration
from clinic.dosing.guest import guest_orders, record_guest_return, void_guest_return
from clinic.dosing.window import give_take_home, open_for_dosing, record_dose
from clinic.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from clinic.patients.records import open_patient
from clinic.storage import migrate
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, days, window
from tests.integration.test_guest_dosing import Sites, _guest, _refused
from tests.integration.test_guest_return import AWAY, REF, _missed
from tests.integration.test_patients import events


@pytest.fixture
def s(clinic: ClinicUnderTest) -> Sites:
    return Sites(window(clinic))


WHY = "外院更正：末次服药为 3 月 6 日 the other clinic corrected its date"


def _back_with_a_wrong_return(s: Sites, **order: object) -> tuple[int, int, int]:
    """Dosed at home on DAY0, at another clinic days 1-7, back on day 8; the physician recorded
    day 7 as the last dose there, but the other clinic's last dose was day 4."""
    w = s.w
    pid = s.patient(**order)
    record_dose(w.nurse, patient_id=pid, window_id=s.main)
    guest_id = _guest(s, pid, DAY0 + days(1), DAY0 + days(7), other_clinic=AWAY)
    w.at(DAY0 + days(8))
    wrong = record_guest_return(
        w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(7), reference=REF
    )
    assert wrong.return_id is not None
    return pid, guest_id, wrong.return_id


def test_a_voided_return_no_longer_lets_the_window_dose_without_the_review(s: Sites) -> None:
    w = s.w
    pid, guest_id, wrong = _back_with_a_wrong_return(s)
    back = DAY0 + days(8)
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=s.main).can_dose
    assert _missed(s, back)[pid] == 0
    after = void_guest_return(w.doc, guest_id=guest_id, return_id=wrong, reason=f"  {WHY} ")
    assert (after.last_dose_there, after.return_id) == (None, None)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert panel.refusal is not None and panel.refusal[0].startswith("Missed 7 days in a row")
    assert "re-induction" in _refused(
        lambda: record_dose(w.nurse, patient_id=pid, window_id=s.main)
    )
    assert _missed(s, back)[pid] == 7  # the reports count as the gate does
    record = open_patient(w.doc, patient_id=pid)
    [kept] = record.guest_returns  # the voided row stays, with who, when and why
    assert (kept.return_id, kept.last_dose_on, kept.reference) == (wrong, DAY0 + days(7), REF)
    assert kept.voided and kept.void_reason == WHY and kept.voided_by == "Test doc"
    assert record.guest_orders[0].last_dose_there is None
    # the right one recorded afterwards counts; the voided one still does not
    record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(4), reference=REF)
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=s.main).missed_days == 3
    assert _missed(s, back)[pid] == 3


def test_the_right_return_recorded_in_the_same_act(s: Sites) -> None:
    w = s.w
    pid, guest_id, wrong = _back_with_a_wrong_return(s)
    right = void_guest_return(
        w.doc,
        guest_id=guest_id,
        return_id=wrong,
        reason=WHY,
        last_dose_on=DAY0 + days(4),
        reference="海淀函〔2026〕13号",
        note="更正函",
    )
    assert right.last_dose_there == DAY0 + days(4) and right.return_id not in (None, wrong)
    assert right.return_reference == "海淀函〔2026〕13号"
    message = _refused(lambda: record_dose(w.nurse, patient_id=pid, window_id=s.main))
    assert "Missed 3 days in a row (last dose 2026-03-06)" in message
    shown = [(r.last_dose_on, r.voided) for r in open_patient(w.doc, patient_id=pid).guest_returns]
    assert shown == [(DAY0 + days(7), True), (DAY0 + days(4), False)]
    assert [g.last_dose_there for g in guest_orders(w.doc, patient_id=pid)] == [DAY0 + days(4)]
    with pytest.raises(Conflict, match="already recorded: 2026-03-06"):
        record_guest_return(w.doc, guest_id=guest_id, last_dose_on=DAY0 + days(5), reference=REF)


def test_the_take_home_path_counts_from_the_live_return_only(s: Sites) -> None:
    w = s.w
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=3, reason="t")
    pid, guest_id, wrong = _back_with_a_wrong_return(s, take_home_days=3)
    void_guest_return(w.doc, guest_id=guest_id, return_id=wrong, reason=WHY)
    message = _refused(lambda: give_take_home(w.nurse, patient_id=pid, window_id=s.main, days=1))
    assert "Missed 7 days in a row" in message and "已连续漏服 7 天" in message
    void_or_not = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert void_or_not.take_home_days == 0


def test_refusals_in_both_languages_and_nothing_written(s: Sites) -> None:
    w = s.w
    other_pid = s.patient()  # a second patient away at another clinic, with their own return
    other_guest = _guest(s, other_pid, DAY0 + days(1), DAY0 + days(3), other_clinic="朝阳门诊")
    pid, guest_id, wrong = _back_with_a_wrong_return(s)
    other_return = record_guest_return(
        w.doc, guest_id=other_guest, last_dose_on=DAY0 + days(3), reference="朝阳函 7"
    ).return_id
    assert other_return is not None

    def refused(error: type[Exception], words: str, **given: object) -> None:
        arguments: dict[str, object] = {
            "guest_id": guest_id,
            "return_id": wrong,
            "reason": WHY,
            **given,
        }
        with pytest.raises(error, match=re.escape(words)) as raised:
            void_guest_return(w.doc, **arguments)  # type: ignore[arg-type]
        zh = raised.value.message("zh_CN")  # type: ignore[attr-defined]
        assert zh and zh != raised.value.message("en")  # type: ignore[attr-defined]
        assert open_patient(w.doc, patient_id=pid).guest_returns[0].voided is False

    refused(InvalidInput, "Give the reason for voiding", reason="   ")
    refused(Conflict, "recorded for the guest dosing at 朝阳门诊", return_id=other_return)
    refused(NotFound, "No such guest return", return_id=wrong + 1000)
    refused(InvalidInput, "is not a guest day", last_dose_on=DAY0 + days(8), reference=REF)
    refused(InvalidInput, "Give the reference", last_dose_on=DAY0 + days(4), reference=" ")
    refused(InvalidInput, "Give the right last dose there", reference=REF)
    with pytest.raises(PermissionDenied):
        void_guest_return(w.nurse, guest_id=guest_id, return_id=wrong, reason=WHY)
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=s.main).can_dose  # still counts

    void_guest_return(w.doc, guest_id=guest_id, return_id=wrong, reason=WHY)
    with pytest.raises(Conflict, match="was already voided by Test doc") as twice:
        void_guest_return(w.doc, guest_id=guest_id, return_id=wrong, reason="again")
    assert "已由 Test doc 作废" in twice.value.message("zh_CN")
    [kept] = open_patient(w.doc, patient_id=pid).guest_returns
    assert kept.void_reason == WHY  # the first void stands, the second wrote nothing
    assert not open_patient(w.doc, patient_id=other_pid).guest_returns[0].voided


def test_each_void_and_refusal_is_in_the_audit_trail_without_the_sealed_text(s: Sites) -> None:
    w = s.w
    pid, guest_id, wrong = _back_with_a_wrong_return(s)
    with pytest.raises(InvalidInput):
        void_guest_return(w.doc, guest_id=guest_id, return_id=wrong, reason="")
    with pytest.raises(PermissionDenied):
        void_guest_return(w.nurse, guest_id=guest_id, return_id=wrong, reason=WHY)
    void_guest_return(
        w.doc,
        guest_id=guest_id,
        return_id=wrong,
        reason=WHY,
        last_dose_on=DAY0 + days(4),
        reference="海淀函 13",
    )
    trail = events(w.cut, "guest_return.void")
    assert [(e.outcome, e.username, e.entity) for e in trail] == [
        ("failed", "doc", "guest_return"),
        ("denied", "nurse2", "guest_return"),
        ("done", "doc", "guest_return"),
    ]
    done = trail[-1]
    details = json.loads(done.details)
    assert done.entity_id == str(wrong)
    assert details["patient_id"] == pid and details["guest_id"] == guest_id
    assert details["voided_last_dose_on"] == "2026-03-09"
    assert details["last_dose_on"] == "2026-03-06" and details["replaced_by"] != wrong
    assert "更正" not in done.details and "海淀" not in done.details


def test_a_return_kept_before_0026_still_counts_and_can_be_voided_after_it(s: Sites) -> None:
    w = s.w
    pid, guest_id, wrong = _back_with_a_wrong_return(s)
    config = migrate.alembic_config()
    with w.cut.db.engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["cipher"] = w.cut.db.cipher
        command.downgrade(config, "0025")
        command.upgrade(config, "head")
    assert migrate.current_revision(w.cut.db.engine) == migrate.head_revision()
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=s.main).can_dose
    void_guest_return(
        w.doc,
        guest_id=guest_id,
        return_id=wrong,
        reason=WHY,
        last_dose_on=DAY0 + days(4),
        reference=REF,
    )
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=s.main).missed_days == 3
