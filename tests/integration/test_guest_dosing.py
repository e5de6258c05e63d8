"""Guest dosing (issue 17, item 7): for set dates a patient doses at another site of this clinic or
at another clinic, and nowhere else. Every path to a dose refuses the other places with the
place and dates; the guest site doses; the period ends by itself; overlaps are refused."""

from __future__ import annotations

from datetime import date

import pytest

from clinic import administration, clock
from clinic.dosing.guest import end_guest_dosing, guest_orders, guest_sites, order_guest_dosing
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.window import (
    DoseRefused,
    build_panel,
    give_take_home,
    open_for_dosing,
    record_dose,
    record_exception_dose,
    take_home_days,
    today_queue,
)
from clinic.errors import Conflict, InvalidInput, PermissionDenied
from clinic.inventory import stock
from clinic.patients import enrolment
from clinic.patients.records import open_patient
from clinic.storage.models import Location, Patient
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, days, window

SAT = "卫星点 Satellite"


class Sites:
    """The main site's window (the patients' home) and a stocked satellite window."""

    def __init__(self, w: Window) -> None:
        self.w = w
        w.stock_window()
        self.main = w.ph.window
        self.sat = stock.add_place(
            w.ph.pharm, site_code="SAT", kind="window", name="卫星点窗口 Satellite window"
        ).location_id
        w.ph.receive(w.ph.methadone, "S1", "2000", expiry_days=900, safe=w.ph.satellite_safe)
        stock.issue_to_window(
            w.ph.pharm,
            product_id=w.ph.methadone,
            safe_id=w.ph.satellite_safe,
            window_id=self.sat,
            quantity="2000",
            **w.ph.witness(),
        )
        sites = {s.code: s.site_id for s in administration.list_sites(w.cut.admin())}
        self.main_site, self.sat_site = sites["MAIN"], sites["SAT"]

    def patient(self, dose: str = "30", **order: object) -> int:
        """A patient of the main site with an order from today."""
        w = self.w
        with UnitOfWork(w.cut.db, read_only=True) as uow:
            today = clock.clinic_today(uow.session, w.now)
        pid = enrolment.enrol_patient(
            w.doc, enrolment=factories.enrolment(today), site_code="MAIN"
        ).patient_id
        write_order(
            w.doc,
            patient_id=pid,
            request=OrderRequest(
                product_id=w.ph.methadone, daily_dose_mg=dose, start_on=today, **order
            ),  # type: ignore[arg-type]
        )
        return pid


@pytest.fixture
def s(clinic: ClinicUnderTest) -> Sites:
    return Sites(window(clinic))


def _guest(s: Sites, pid: int, first: date, last: date, **where: object) -> int:
    if not where:
        where = {"site_id": s.sat_site}
    return order_guest_dosing(
        s.w.doc, patient_id=pid, starts_on=first, ends_on=last, **where
    ).guest_id  # type: ignore[arg-type]


def _refused(attempt: object) -> str:
    with pytest.raises(DoseRefused) as refused:
        attempt()  # type: ignore[operator]
    return refused.value.message("en") + " | " + refused.value.message("zh_CN")


def test_guest_dates_move_every_dose_to_the_guest_site_and_end_by_themselves(s: Sites) -> None:
    w = s.w
    pid = s.patient()
    record_dose(w.nurse, patient_id=pid, window_id=s.main)  # DAY0 at home
    _guest(s, pid, DAY0 + days(1), DAY0 + days(3))
    w.at(DAY0 + days(1))
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert panel.doses_at == SAT and panel.refusal is not None
    assert panel.refusal[0].startswith(
        f"Doses at {SAT} today (guest dosing 2026-03-03 – 2026-03-05)"
    )
    assert "今日在 卫星点 Satellite 服药" in panel.refusal[1]
    message = _refused(lambda: record_dose(w.nurse, patient_id=pid, window_id=s.main))
    assert SAT in message and "2026-03-05" in message and "外点服药" in message
    # The guest site doses the same order, and sees a guest.
    at_sat = open_for_dosing(w.nurse, patient_id=pid, window_id=s.sat)
    assert at_sat.can_dose and at_sat.guest_here and at_sat.doses_at is None
    assert at_sat.warnings[0][0].startswith("Guest patient: doses here from 2026-03-03")
    given = record_dose(w.nurse, patient_id=pid, window_id=s.sat)
    assert given.dose_mg == 30
    # A re-dose at home after the guest site dosed: the same refusal, before any signature.
    assert SAT in _refused(
        lambda: record_exception_dose(
            w.nurse,
            patient_id=pid,
            window_id=s.main,
            kind="redose",
            reason="vomited",
            authoriser="doc",
            authoriser_password="doc-pass-1",
            charged=False,
        )
    )
    for day in (2, 3):
        w.at(DAY0 + days(day))
        record_dose(w.nurse, patient_id=pid, window_id=s.sat)
    # After the last guest day: home again, and the satellite no longer may.
    w.at(DAY0 + days(4))
    message = _refused(lambda: record_dose(w.nurse, patient_id=pid, window_id=s.sat))
    assert "the patient's own site: no dose here without a guest order" in message
    home = open_for_dosing(w.nurse, patient_id=pid, window_id=s.main)
    assert home.can_dose and home.doses_at is None and home.missed_days == 0
    record_dose(w.nurse, patient_id=pid, window_id=s.main)


def test_a_patient_without_a_guest_period_still_doses_anywhere(s: Sites) -> None:
    """The guest rule only narrows the guest dates: outside them nothing changes."""
    w = s.w
    pid = s.patient()
    _guest(s, pid, DAY0 + days(5), DAY0 + days(6))
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=s.main).can_dose
    record_dose(w.nurse, patient_id=pid, window_id=s.main)


def test_each_slot_of_a_split_dose_is_refused_at_home_in_guest_dates(s: Sites) -> None:
    w = s.w
    pid = s.patient(dose="30", slots_mg=("20", "10"))
    _guest(s, pid, DAY0, DAY0 + days(1))
    for slot in (1, 2):
        assert SAT in _refused(
            lambda slot=slot: record_dose(w.nurse, patient_id=pid, window_id=s.main, slot=slot)
        )
    record_dose(w.nurse, patient_id=pid, window_id=s.sat, slot=1)
    record_dose(w.nurse, patient_id=pid, window_id=s.sat, slot=2)


def test_no_take_home_dose_falls_in_guest_dates_elsewhere(s: Sites) -> None:
    w = s.w
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=3, reason="t")
    pid = s.patient(take_home_days=3)
    record_dose(w.nurse, patient_id=pid, window_id=s.main)
    _guest(s, pid, DAY0 + days(2), DAY0 + days(4))  # tomorrow at home, then the satellite
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        patient = uow.session.get(Patient, pid)
        main = uow.session.get(Location, s.main)
        assert patient is not None and main is not None
        assert take_home_days(uow.session, patient, main, w.now) == 1
        panel = build_panel(uow.session, patient, main, w.now)
    assert panel.take_home_days == 1
    message = _refused(lambda: give_take_home(w.nurse, patient_id=pid, window_id=s.main, days=2))
    assert "Doses at 卫星点 Satellite on 2026-03-04" in message and "不得发放" in message
    assert len(give_take_home(w.nurse, patient_id=pid, window_id=s.main, days=1)) == 1
    # At the satellite, in the guest dates: no take-home dose for a day after them.
    w.at(DAY0 + days(3))
    record_dose(w.nurse, patient_id=pid, window_id=s.sat)
    assert "Guest dosing here ends on 2026-03-06" in _refused(
        lambda: give_take_home(w.nurse, patient_id=pid, window_id=s.sat, days=3)
    )
    give_take_home(w.nurse, patient_id=pid, window_id=s.sat, days=1)


def test_another_clinic_means_no_one_here_doses(s: Sites) -> None:
    w = s.w
    pid = s.patient()
    _guest(s, pid, DAY0, DAY0 + days(2), other_clinic="  海淀区美沙酮门诊  ")
    for place in (s.main, s.sat):
        message = _refused(
            lambda place=place: record_dose(w.nurse, patient_id=pid, window_id=place)
        )
        assert "Doses at 海淀区美沙酮门诊 today" in message
    record = open_patient(w.doc, patient_id=pid)
    assert ("Doses at 海淀区美沙酮门诊 today (guest dosing 2026-03-02 – 2026-03-04).") in [
        en for en, _ in record.warnings
    ]
    assert [g.place for g in record.guest_orders] == ["海淀区美沙酮门诊"]


def test_both_sites_queues_say_where_the_patient_doses_today(s: Sites) -> None:
    w = s.w
    pid = s.patient()
    _guest(s, pid, DAY0, DAY0)
    home = today_queue(w.nurse, window_id=s.main)
    assert pid not in [e.patient_id for e in (*home.to_attend, *home.attended)]
    assert [(e.patient_id, e.doses_at) for e in home.elsewhere] == [(pid, SAT)]
    away = today_queue(w.nurse, window_id=s.sat)
    assert [(e.patient_id, e.guest) for e in away.to_attend] == [(pid, True)]
    w.at(DAY0 + days(1))
    assert [e.patient_id for e in today_queue(w.nurse, window_id=s.main).to_attend] == [pid]
    assert today_queue(w.nurse, window_id=s.sat).to_attend == ()


def test_overlaps_refused_an_early_end_is_a_new_entry(s: Sites) -> None:
    w = s.w
    pid = s.patient()
    first = _guest(s, pid, DAY0 + days(1), DAY0 + days(5))
    for start, end in (
        (DAY0 + days(5), DAY0 + days(8)),
        (DAY0, DAY0 + days(1)),
        (DAY0, DAY0 + days(9)),
    ):
        with pytest.raises(Conflict) as overlap:
            _guest(s, pid, start, end, other_clinic="外院")
        assert "2026-03-03 to 2026-03-07" in overlap.value.message("en")
    w.at(DAY0 + days(2))
    record_dose(w.nurse, patient_id=pid, window_id=s.sat)
    with pytest.raises(InvalidInput):  # a guest day already past is not taken back
        end_guest_dosing(w.doc, guest_id=first, home_from=DAY0 + days(1), reason="came back")
    ended = end_guest_dosing(
        w.doc, guest_id=first, home_from=DAY0 + days(3), reason="  came back early  "
    )
    assert (ended.last_day, ended.ends_on, ended.end_reason) == (
        DAY0 + days(2),
        DAY0 + days(5),
        "came back early",
    )
    with pytest.raises(Conflict):
        end_guest_dosing(w.doc, guest_id=first, home_from=DAY0 + days(4), reason="again")
    w.at(DAY0 + days(3))
    assert [e.patient_id for e in today_queue(w.nurse, window_id=s.main).to_attend] == [pid]
    assert today_queue(w.nurse, window_id=s.sat).to_attend == ()
    record_dose(w.nurse, patient_id=pid, window_id=s.main)  # home again from the end
    assert "own site" in _refused(lambda: record_dose(w.nurse, patient_id=pid, window_id=s.sat))
    # The freed dates take a new period; both stay on the record.
    _guest(s, pid, DAY0 + days(4), DAY0 + days(6), other_clinic="外院")
    listed = guest_orders(w.doc, patient_id=pid)
    assert [(g.place, g.home_from) for g in listed] == [(SAT, DAY0 + days(3)), ("外院", None)]


def test_a_guest_order_is_a_physicians_and_says_where(s: Sites) -> None:
    w = s.w
    pid = s.patient()
    with pytest.raises(PermissionDenied):
        order_guest_dosing(
            w.nurse, patient_id=pid, starts_on=DAY0, ends_on=DAY0, site_id=s.sat_site
        )
    for where in ({}, {"site_id": s.sat_site, "other_clinic": "外院"}, {"other_clinic": "  "}):
        with pytest.raises(InvalidInput, match="either a site"):
            order_guest_dosing(w.doc, patient_id=pid, starts_on=DAY0, ends_on=DAY0, **where)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="own site"):
        _guest(s, pid, DAY0, DAY0, site_id=s.main_site)
    assert [site for site, _ in guest_sites(w.doc, patient_id=pid)] == [s.sat_site]
    with pytest.raises(InvalidInput, match="past"):
        _guest(s, pid, DAY0 - days(1), DAY0)
    with pytest.raises(InvalidInput, match="before the first"):
        _guest(s, pid, DAY0 + days(2), DAY0 + days(1))
