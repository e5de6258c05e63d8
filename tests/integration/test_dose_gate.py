"""One gate for every path to a dose (issue 13): the window, each slot, each take-home day and the
exceptions refuse alike; a closed day refuses before the pour; flags; which window has a patient."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from clinic import administration
from clinic.dosing import daylog, flags
from clinic.dosing.window import (
    DoseRefused,
    close_panel,
    give_take_home,
    identify,
    open_for_dosing,
    record_dose,
    record_exception_dose,
    today_queue,
)
from clinic.errors import InvalidInput, NeedsConfirmation, PermissionDenied, WitnessRejected
from clinic.inventory import reconcile
from clinic.patients.records import issue_card
from clinic.storage.models import Dose
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, days, window
from tests.integration.helpers import rows_state


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


def _doses(w: Window) -> int:
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Dose)) or 0)


def _absent_for(w: Window, missed: int, **order: object) -> int:
    """A patient dosed on DAY0 who then stayed away MISSED days (the clock left after them)."""
    pid = w.patient(dose="30", take_home_days=2, **order)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(missed + 1))
    return pid


def test_every_path_refuses_a_patient_who_needs_reinduction(w: Window) -> None:
    """Finding 1: 17 missed days refused at the window but three take-home doses given."""
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=3, reason="t")
    w.stock_window()
    pid = _absent_for(w, 17)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert panel.refusal is not None and "re-induction" in panel.refusal[0]
    assert panel.take_home_days == 0  # the window does not offer take-home doses either
    before = rows_state(w.cut.db.engine)
    for attempt in (
        lambda: record_dose(w.nurse, patient_id=pid, window_id=w.ph.window),
        lambda: give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1),
        lambda: give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=3),
    ):
        with pytest.raises(DoseRefused) as refused:
            attempt()
        assert "re-induction" in refused.value.message("en")
    after = rows_state(w.cut.db.engine)
    assert {k: v for k, v in after.items() if k != "audit_events" and k != "audit_head"} == {
        k: v for k, v in before.items() if k != "audit_events" and k != "audit_head"
    }


def test_each_slot_of_a_split_dose_passes_the_gate(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30", slots_mg=("20", "10"))
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(4))  # three days missed: held for a physician
    for slot in (1, 2):
        with pytest.raises(DoseRefused) as refused:
            record_dose(w.nurse, patient_id=pid, window_id=w.ph.window, slot=slot)
        assert "held until a physician" in refused.value.message("en")


def test_take_home_for_a_patient_who_may_have_it(w: Window) -> None:
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window()
    pid = w.patient(dose="30", take_home_days=2)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert panel.refusal is not None and panel.take_home_days == 2  # dosed today; bottles allowed
    ids = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=2)
    assert len(ids) == 2
    with pytest.raises(DoseRefused, match="Already dosed"):
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)
    other = w.patient(dose="30", take_home_days=2)
    with pytest.raises(DoseRefused, match="allowed here: 2"):
        give_take_home(w.nurse, patient_id=other, window_id=w.ph.window, days=3)


def test_a_failed_intoxication_check_refuses_and_a_note_is_kept(w: Window) -> None:
    """Finding 8: record_dose ignored both arguments."""
    w.stock_window()
    pid = w.patient(dose="30")
    with pytest.raises(DoseRefused, match="intoxication check did not pass"):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window, intoxication_check_passed=False)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window, note="  drank in two sips ")
    log = daylog.daily_log(w.nurse, window_id=w.ph.window)
    line = log.lines[0]
    assert line.note == "drank in two sips" and line.intoxication_checked
    assert "(L1)" in line.products  # the lot it was poured from


def test_a_lost_card_identifies_nobody(w: Window) -> None:
    """Finding 8: a replaced card only warned and still opened the panel."""
    w.stock_window()
    pid = w.patient(dose="30")
    old = issue_card(w.nurse, patient_id=pid).code
    new = issue_card(w.nurse, patient_id=pid, reason="卡片遗失 lost").code
    with pytest.raises(DoseRefused) as refused:
        identify(w.nurse, identifier=old, window_id=w.ph.window)
    assert "identify the patient by name or id number" in refused.value.message("en").lower()
    assert identify(w.nurse, identifier=new, window_id=w.ph.window).can_dose


def test_the_physician_can_choose_a_window_for_the_daily_log(w: Window) -> None:
    """Finding 8: the windows were listed through a stock permission the physician lacks."""
    places = daylog.dosing_windows(w.doc)
    assert [p.location_id for p in places] == [w.ph.window]


# --- the day's close ---------------------------------------------------------------------------


def _close_at(w: Window, hour: int, **confirm: int) -> reconcile.CountResult:
    w.at(DAY0, hour)
    sheet = reconcile.count_sheet(w.ph.pharm, window_id=w.ph.window, product_id=w.ph.methadone)
    return reconcile.record_count(
        w.ph.pharm,
        window_id=w.ph.window,
        product_id=w.ph.methadone,
        counted=str(sheet.expected),
        **confirm,  # type: ignore[arg-type]
    )


def test_closing_with_patients_waiting_or_inside_hours_needs_their_number(w: Window) -> None:
    """Finding 4: a count signed at 10:17 with 24 patients still to attend closed the day."""
    admin = w.cut.admin()
    main = administration.list_sites(admin)[0]
    administration.set_dosing_hours(admin, site_id=main.site_id, opens="07:30", closes="11:30")
    w.stock_window()
    waiting = [w.patient(dose="30") for _ in range(2)]
    before = rows_state(w.cut.db.engine)
    with pytest.raises(NeedsConfirmation) as asked:
        _close_at(w, 10)
    assert asked.value.details == {"waiting": 2, "inside_hours": True}
    assert (asked.value.message("en"), asked.value.message("zh_CN")) == (
        "2 patients at this site have not been dosed yet today. It is inside the dosing hours "
        "(07:30–11:30). Closing the day at 窗口1 Window 1 stops every dose there until tomorrow. "
        "Confirm to close it anyway.",
        "本站点今日还有 2 名患者未服药。现在仍在服药时间内（07:30–11:30）。日结后 窗口1 Window 1 "
        "次日前不能再发药。确认仍要日结吗？",
    )
    with pytest.raises(NeedsConfirmation):
        _close_at(w, 10, confirm_waiting=1)  # a number that is not today's is no confirmation
    assert rows_state(w.cut.db.engine)["day_closes"] == before["day_closes"]
    record_dose(w.nurse, patient_id=waiting[0], window_id=w.ph.window)
    with pytest.raises(NeedsConfirmation) as again:
        _close_at(w, 12)  # after hours, one still waiting
    assert again.value.details == {"waiting": 1, "inside_hours": False}
    assert (again.value.message("en"), again.value.message("zh_CN")) == (
        "1 patient at this site has not been dosed yet today. Closing the day at 窗口1 Window 1 "
        "stops every dose there until tomorrow. Confirm to close it anyway.",
        "本站点今日还有 1 名患者未服药。日结后 窗口1 Window 1 次日前不能再发药。确认仍要日结吗？",
    )
    assert _close_at(w, 12, confirm_waiting=1).day_closed


def test_after_hours_with_nobody_waiting_the_day_just_closes(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    admin = w.cut.admin()
    main = administration.list_sites(admin)[0]
    administration.set_dosing_hours(admin, site_id=main.site_id, opens="07:00", closes="12:00")
    assert _close_at(w, 17).day_closed


def test_a_closed_day_refuses_before_the_pour(w: Window) -> None:
    """Finding 4: the panel showed "ready" and only Enter said the day was closed."""
    w.stock_window()
    pid = w.patient(dose="30")
    _close_at(w, 17, confirm_waiting=1)
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert not panel.can_dose
    assert panel.refusal is not None and "closed for today" in panel.refusal[0]
    with pytest.raises(DoseRefused, match="closed for today"):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)


def test_a_variance_sign_off_that_closes_the_day_asks_too(w: Window) -> None:
    w.stock_window()
    w.patient(dose="30")
    w.at(DAY0, 17)
    sheet = reconcile.count_sheet(w.ph.pharm, window_id=w.ph.window, product_id=w.ph.methadone)
    count = reconcile.record_count(
        w.ph.pharm,
        window_id=w.ph.window,
        product_id=w.ph.methadone,
        counted=str(sheet.expected - 10),
    )
    assert count.pending
    sign = {"explanation": "spilled", "witness": "nurse", "witness_password": "nurse-pass-1"}
    with pytest.raises(NeedsConfirmation):
        reconcile.sign_off_variance(w.ph.pharm, count_id=count.count_id, **sign)
    done = reconcile.sign_off_variance(
        w.ph.pharm, count_id=count.count_id, confirm_waiting=1, **sign
    )
    assert done.day_closed


def test_dosing_hours_are_checked_as_typed(w: Window) -> None:
    admin = w.cut.admin()
    main = administration.list_sites(admin)[0]
    site = administration.set_dosing_hours(
        admin, site_id=main.site_id, opens="０７：３０", closes=" 11:30 "
    )
    assert (site.dosing_opens, site.dosing_closes) == ("07:30", "11:30")
    for opens, closes in (
        ("7.30", "11:30"),
        ("25:00", "26:00"),
        ("11:30", "07:00"),
        ("٠٧:٣٠", "9:00"),
    ):
        with pytest.raises(InvalidInput):
            administration.set_dosing_hours(admin, site_id=main.site_id, opens=opens, closes=closes)


# --- flags ---------------------------------------------------------------------------------------


def test_a_stop_flag_refuses_every_path_until_a_physician_clears_it(w: Window) -> None:
    """Finding 13: staff could not tell the window anything about a patient."""
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window()
    pid = w.patient(dose="30", take_home_days=2)
    note = flags.raise_flag(w.nurse, patient_id=pid, level="note", text="speaks only Uyghur")
    stop = flags.raise_flag(
        w.ph.pharm, patient_id=pid, level="stop_dose", text="appears intoxicated at the front desk"
    )
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert panel.refusal is not None and "Stop dose" in panel.refusal[0]
    assert any("speaks only Uyghur" in warning[0] for warning in panel.warnings)
    assert panel.take_home_days == 0
    for attempt in (
        lambda: record_dose(w.nurse, patient_id=pid, window_id=w.ph.window),
        lambda: give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1),
    ):
        with pytest.raises(DoseRefused, match="Stop dose"):
            attempt()
    with pytest.raises(PermissionDenied):
        flags.clear_flag(w.nurse, flag_id=stop.flag_id, reason="seems fine now")
    with pytest.raises(InvalidInput):
        flags.clear_flag(w.doc, flag_id=stop.flag_id, reason="  ")
    cleared = flags.clear_flag(w.doc, flag_id=stop.flag_id, reason="seen: sober, dose as ordered")
    assert cleared.cleared_by is not None and not cleared.stops_dose
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == 30
    shown = flags.patient_flags(w.nurse, patient_id=pid)
    assert [f.flag_id for f in shown] == [note.flag_id]  # the cleared flag is no longer in force
    every = flags.patient_flags(w.nurse, patient_id=pid, include_ended=True)
    assert {f.flag_id for f in every} == {note.flag_id, stop.flag_id}


def test_a_flag_runs_from_its_start_to_its_expiry(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    flags.raise_flag(
        w.doc,
        patient_id=pid,
        level="stop_dose",
        text="see the physician first",
        starts_on=DAY0 + days(1),
        expires_on=DAY0 + days(2),
    )
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window).can_dose
    w.at(DAY0 + days(1))
    assert not open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window).can_dose
    w.at(DAY0 + days(3))
    assert open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window).can_dose
    with pytest.raises(InvalidInput):
        flags.raise_flag(w.doc, patient_id=pid, level="urgent", text="x")
    with pytest.raises(InvalidInput):
        flags.raise_flag(w.doc, patient_id=pid, level="note", text="x", starts_on=DAY0)
    with pytest.raises(PermissionDenied):
        flags.raise_flag(w.cut.admin(), patient_id=pid, level="note", text="x")


# --- dose exceptions ----------------------------------------------------------------------------


def test_a_redose_needs_a_physician_passes_the_gate_and_is_listed(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    first = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with pytest.raises(DoseRefused, match="physician"):
        record_exception_dose(
            w.nurse,
            patient_id=pid,
            window_id=w.ph.window,
            kind="redose",
            reason="vomited",
            authoriser="pharm",
            authoriser_password="pharm-pass-1",
            charged=False,
        )
    with pytest.raises(WitnessRejected):
        record_exception_dose(
            w.nurse,
            patient_id=pid,
            window_id=w.ph.window,
            kind="redose",
            reason="vomited",
            authoriser="doc",
            authoriser_password="wrong-password",
            charged=False,
        )
    again = record_exception_dose(
        w.nurse,
        patient_id=pid,
        window_id=w.ph.window,
        kind="redose",
        reason="vomited within 10 minutes, seen",
        authoriser="doc",
        authoriser_password="doc-pass-1",
        charged=False,
    )
    assert again.slot == first.slot and again.dose_mg == 30
    log = daylog.daily_log(w.nurse, window_id=w.ph.window)
    assert [line.dose_id for line in log.exceptions] == [again.dose_id]
    line = log.exceptions[0]
    assert line.kind == "redose" and not line.charged
    assert line.exception_reason is not None and "vomited" in line.exception_reason
    assert log.matches_ledger and log.dispensed_by_product == {
        name: Decimal(60) for name in log.dispensed_by_product
    }
    with pytest.raises(DoseRefused, match="Already dosed"):  # an ordinary dose is still refused
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)


def test_an_exception_without_a_dose_to_repeat_or_for_a_stopped_patient_is_refused(
    w: Window,
) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    replace = {
        "patient_id": pid,
        "window_id": w.ph.window,
        "kind": "replacement",
        "reason": "take-home bottle lost",
        "authoriser": "pharm",
        "authoriser_password": "pharm-pass-1",
        "charged": True,
    }
    with pytest.raises(DoseRefused, match="no dose today to repeat"):
        record_exception_dose(w.nurse, **replace)  # type: ignore[arg-type]
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    flags.raise_flag(w.doc, patient_id=pid, level="stop_dose", text="QTc 520 ms: stop")
    with pytest.raises(DoseRefused, match="Stop dose"):
        record_exception_dose(w.nurse, **replace)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        record_exception_dose(w.nurse, **dict(replace, kind="bonus"))  # type: ignore[arg-type]


# --- which window has the patient -------------------------------------------------------------


def test_a_patient_open_at_one_window_shows_there_on_the_others_queue(w: Window) -> None:
    """Finding 14."""
    from clinic.inventory import stock

    w.stock_window()
    other = stock.add_place(w.ph.pharm, site_code="MAIN", kind="window", name="窗口2 Window 2")
    pid = w.patient(dose="30")
    open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)

    def shown_at(window_id: int) -> str | None:
        queue = today_queue(w.nurse, window_id=window_id)
        return next(e.at_window for e in queue.to_attend if e.patient_id == pid)

    assert shown_at(other.location_id) == "窗口1 Window 1"
    assert shown_at(w.ph.window) is None  # not "elsewhere" at its own window
    close_panel(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert shown_at(other.location_id) is None
    open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0, 9, 11)  # the panel was left open eleven minutes ago: no longer holds the patient
    assert shown_at(other.location_id) is None
    w.at(DAY0, 9, 12)
    open_for_dosing(w.nurse, patient_id=pid, window_id=other.location_id)  # moved to window 2
    assert shown_at(w.ph.window) == "窗口2 Window 2"
    w.ph.receive(w.ph.methadone, "L2", "100")
    stock.issue_to_window(
        w.ph.pharm,
        product_id=w.ph.methadone,
        safe_id=w.ph.safe,
        window_id=other.location_id,
        quantity="100",
        **w.ph.witness(),
    )
    record_dose(w.nurse, patient_id=pid, window_id=other.location_id)
    queue = today_queue(w.nurse, window_id=w.ph.window)
    assert [e.at_window for e in queue.attended if e.patient_id == pid] == [None]


def test_the_panel_names_the_bottle_and_the_lot_the_dose_comes_from(w: Window) -> None:
    """Finding 3: the panel showed only "60 mg = 120 mL", never which product or strength."""
    from clinic.storage.models import DoseItem, Lot

    w.stock_window(lot="LATER", quantity="500")
    w.ph.receive(w.ph.methadone, "SOONER", "100", expiry_days=30)
    from clinic.inventory import stock

    stock.issue_to_window(
        w.ph.pharm,
        product_id=w.ph.methadone,
        safe_id=w.ph.safe,
        window_id=w.ph.window,
        quantity="100",
        **w.ph.witness(),
    )
    pid = w.patient(dose="30")
    panel = open_for_dosing(w.nurse, patient_id=pid, window_id=w.ph.window)
    (part,) = panel.parts
    assert "1 mg/mL" in part.product_name and part.strength == 1
    assert (part.quantity, part.unit, part.lots_here, part.lot_number) == (30, "mL", 2, "SOONER")
    dose = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        poured = uow.session.scalar(
            select(Lot.lot_number)
            .join(DoseItem, DoseItem.lot_id == Lot.id)
            .where(DoseItem.dose_id == dose.dose_id)
        )
    assert poured == "SOONER"  # the lot the panel named
