"""The dosing window's checks and records, on SQLCipher and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic import administration
from clinic.dosing import daylog, screens
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.window import (
    DoseRefused,
    give_take_home,
    identify,
    record_dose,
    today_queue,
    void_dose,
    withhold_dose,
)
from clinic.errors import PermissionDenied, WitnessRejected
from clinic.inventory import stock
from clinic.patients.records import change_status, issue_card
from clinic.privacy.audit import AuditFilter
from clinic.privacy.audit_service import audit_page
from clinic.privacy.permissions import Role
from clinic.storage.models import (
    AuditEvent,
    Dose,
    DoseItem,
    DoseWithheld,
    Location,
    Lot,
    StockMovement,
)
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, days, window
from tests.integration.helpers import rows_state
from tests.integration.stock_helpers import assert_books_agree, stored


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


def count(cut: ClinicUnderTest, model: type) -> int:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def window_stock(w: Window) -> Decimal:
    return sum((q for (_, _, loc), q in stored(w.cut).items() if loc == w.ph.window), Decimal(0))


def test_scan_confirm_and_never_twice(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    card = issue_card(w.nurse, patient_id=pid)
    panel = identify(w.nurse, identifier=card.code, window_id=w.ph.window)
    assert panel.can_dose and panel.dose_mg == 30 and panel.parts[0].quantity == Decimal("30.0")
    assert panel.parts[0].unit == "mL" and panel.photo == factories.PNG
    before = window_stock(w)
    dose = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert window_stock(w) == before - 30
    again = identify(w.nurse, identifier=panel.patient_number, window_id=w.ph.window)
    assert not again.can_dose and "Already dosed" in again.refusal[0]  # type: ignore[index]
    moves, audits = count(w.cut, StockMovement), count(w.cut, AuditEvent)
    with pytest.raises(DoseRefused) as twice:
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert "Never dose twice" in twice.value.message("en")
    assert count(w.cut, Dose) == 1 and count(w.cut, StockMovement) == moves
    assert count(w.cut, AuditEvent) == audits + 1  # the refusal itself, nothing else
    assert dose.vouchers[0].startswith("FY")
    assert_books_agree(w.cut)


def test_dosing_day_follows_the_clinic_time_zone(w: Window) -> None:
    w.stock_window()
    pid = w.patient()
    w.at(DAY0, 23, 59)
    late = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0, 23, 59, 40)
    with pytest.raises(DoseRefused):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(1), 0, 1)
    early = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert (late.dosing_date, early.dosing_date) == (DAY0, DAY0 + days(1))
    assert late.given_at.hour == 15  # stored in UTC


def test_missed_days(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)  # day 0
    w.at(DAY0 + days(3))  # missed days 1 and 2
    ok = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert ok.can_dose and ok.missed_days == 2
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(7))  # missed 4, 5, 6: held for a physician
    held = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert held.missed_days == 3 and "physician" in held.refusal[0]  # type: ignore[index]
    with pytest.raises(DoseRefused):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone,
            daily_dose_mg="25",
            start_on=DAY0 + days(7),
            reason="reassessed",
        ),
    )
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(13))  # missed 8..12: five days, re-induction needed
    assert (
        "re-induction" in identify(w.nurse, identifier="P000001", window_id=w.ph.window).refusal[0]
    )  # type: ignore[index]
    write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone, daily_dose_mg="25", start_on=DAY0 + days(13)
        ),
    )
    assert not identify(w.nurse, identifier="P000001", window_id=w.ph.window).can_dose
    write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone,
            daily_dose_mg="20",
            start_on=DAY0 + days(13),
            reinduction=True,
        ),
    )
    assert record_dose(w.nurse, patient_id=pid, window_id=w.ph.window).dose_mg == 20


def test_missed_day_limits_are_settings(w: Window) -> None:
    w.stock_window()
    pid = w.patient()
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    administration.update_setting(w.cut.admin(), key="missed_days_hold", value=2)
    w.at(DAY0 + days(3))
    assert not identify(w.nurse, identifier="P000001", window_id=w.ph.window).can_dose


def test_refusals_name_the_reason(w: Window) -> None:
    pid = w.patient()
    no_stock = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert "No usable stock" in no_stock.refusal[0]  # type: ignore[index]
    w.stock_window()
    change_status(w.doc, patient_id=pid, to_status="on_hold", effective_on=DAY0, reason="hospital")
    assert "on hold" in identify(w.nurse, identifier="P000001", window_id=w.ph.window).refusal[0]  # type: ignore[index]
    from clinic.patients import enrolment

    other = enrolment.enrol_patient(w.doc, enrolment=factories.enrolment(DAY0)).patient_id
    with pytest.raises(DoseRefused) as no_order:
        record_dose(w.nurse, patient_id=other, window_id=w.ph.window)
    assert "No active dose order" in no_order.value.message("en")
    assert "医嘱" in no_order.value.message("zh_CN")
    with pytest.raises(PermissionDenied):
        record_dose(w.ph.pharm, patient_id=other, window_id=w.ph.window)


def test_units_per_product(w: Window) -> None:
    half = factories.methadone(w.cut.admin(), "0.5")
    w.stock_window(half, lot="H1")
    pid = w.patient(dose="30", product=half)
    dose = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    assert dose.parts[0].quantity == Decimal("60.0")
    bup2 = w.ph.tablets
    bup8 = factories.buprenorphine(w.cut.admin(), "8")
    w.stock_window(bup2, "100", lot="B2")
    w.stock_window(bup8, "100", lot="B8")
    bpid = w.patient(dose="10", method="buprenorphine", product=bup2)
    tabs = record_dose(w.nurse, patient_id=bpid, window_id=w.ph.window)
    assert {(p.quantity, p.product_id) for p in tabs.parts} == {
        (Decimal(1), bup8),
        (Decimal(1), bup2),
    }
    assert_books_agree(w.cut)


def test_void_reverses_stock_and_frees_the_slot(w: Window) -> None:
    w.stock_window()
    pid = w.patient(dose="30")
    before = window_stock(w)
    dose = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with pytest.raises(WitnessRejected):
        void_dose(
            w.nurse,
            dose_id=dose.dose_id,
            reason="wrong patient",
            witness="nurse2",
            witness_password="nurse2-pass-1",
        )
    void_dose(
        w.nurse,
        dose_id=dose.dose_id,
        reason="wrong patient",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    assert window_stock(w) == before
    again = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    log = daylog.daily_log(w.nurse, window_id=w.ph.window, day=DAY0)
    assert [line.voided for line in log.lines] == [True, False]
    assert log.matches_ledger and log.dispensed_by_product == {
        next(iter(log.dispensed_by_product)): Decimal("30.0")
    }
    assert again.dose_id != dose.dose_id
    assert_books_agree(w.cut)


def test_part_dose_waste_and_withheld(w: Window) -> None:
    w.stock_window()
    pid = w.patient()
    dose = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    stock.record_waste(
        w.nurse,
        window_id=w.ph.window,
        lot_id=1,
        quantity="5",
        reason="part-dose not taken",
        witness="pharm",
        witness_password="pharm-pass-1",
        reference=f"dose {dose.dose_id}",
    )
    log = daylog.daily_log(w.nurse, window_id=w.ph.window, day=DAY0)
    assert log.waste[0].quantity == 5
    other = w.patient()
    withhold_dose(w.nurse, patient_id=other, window_id=w.ph.window, note="smelled of alcohol")
    assert count(w.cut, DoseWithheld) == 1
    # whoever looks the patient up again today is told first
    again = identify(w.nurse, identifier="P000002", window_id=w.ph.window)
    assert "A dose was withheld today (intoxicated): reassess the patient before dosing." in [
        en for en, _ in again.warnings
    ]
    assert not any(
        "withheld" in en
        for en, _ in identify(w.nurse, identifier="P000001", window_id=w.ph.window).warnings
    )
    # the auditor types a patient number and gets that patient's events, and only theirs
    auditor = w.cut.add_user("aud", Role.AUDITOR)
    for number, patient, actions in (
        ("P000001", pid, {("dose.record", "patient"), ("dose.record", "dose")}),
        ("p000002", other, {("dose.withhold", "patient"), ("dose.record", "patient")}),
    ):
        events = audit_page(auditor, flt=AuditFilter(entity_id=number), offset=0, limit=100)
        assert actions <= {(e.action, e.entity) for e in events}
        for e in events:
            assert (e.entity, e.entity_id) == ("patient", str(patient)) or e.details.get(
                "patient_id"
            ) == patient, e
    assert_books_agree(w.cut)


def test_screens_and_warnings(w: Window) -> None:
    w.stock_window()
    pid = w.patient()
    assert any(
        "urine screen is due" in en
        for en, _ in identify(w.nurse, identifier="P000001", window_id=w.ph.window).warnings
    )
    screen = screens.record_screen(
        w.nurse,
        patient_id=pid,
        collected_on=DAY0,
        results={"opiates": True, "methamphetamine": False},
    )
    warnings = identify(w.nurse, identifier="P000001", window_id=w.ph.window).warnings
    assert any("awaits a physician" in en for en, _ in warnings)
    with pytest.raises(PermissionDenied):
        screens.review_screen(w.nurse, screen_id=screen.screen_id)
    screens.review_screen(w.doc, screen_id=screen.screen_id, note="counselled")
    warnings = identify(w.nurse, identifier="P000001", window_id=w.ph.window).warnings
    assert not any("awaits" in en for en, _ in warnings)
    assert screens.screens_due(w.nurse) == []
    w.at(DAY0 + days(31))
    assert [d.patient_id for d in screens.screens_due(w.nurse)] == [pid]


def test_queue_and_outreach(w: Window) -> None:
    w.stock_window()
    first, second = w.patient(), w.patient()
    queue = today_queue(w.nurse, window_id=w.ph.window)
    assert len(queue.to_attend) == 2 and queue.attended == ()
    record_dose(w.nurse, patient_id=first, window_id=w.ph.window)
    record_dose(w.nurse, patient_id=second, window_id=w.ph.window)
    queue = today_queue(w.nurse, window_id=w.ph.window)
    assert len(queue.attended) == 2
    w.at(DAY0 + days(15))
    record_dose(w.nurse, patient_id=second, window_id=w.ph.window) if False else None
    outreach = daylog.outreach_list(w.nurse)
    assert {o.patient_id for o in outreach} == {first, second} and outreach[0].days_absent == 15


def test_take_home_doses_are_in_the_log_of_the_day_they_leave(w: Window) -> None:
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window()
    pid = w.patient(dose="30", take_home_days=2)
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    bottles = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=2)
    log = daylog.daily_log(w.nurse, window_id=w.ph.window, day=DAY0)
    assert log.matches_ledger and log.doses_given == 3
    assert [line.kind for line in log.lines] == ["observed", "take_home", "take_home"]
    tomorrow = daylog.daily_log(w.nurse, window_id=w.ph.window, day=DAY0 + days(1))
    assert tomorrow.lines == () and tomorrow.matches_ledger
    w.at(DAY0 + days(3))
    daylog.return_bottle(w.nurse, dose_id=bottles[0])
    panel = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert panel.can_dose and panel.missed_days == 0
    assert any("1 take-home bottle not" in en for en, _ in panel.warnings)
    assert_books_agree(w.cut)


def movements_of(cut: ClinicUnderTest, dose_id: int) -> list[tuple[object, ...]]:
    """Each stock movement of a dose with its dose item, as the ledger and the dose record it."""
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = uow.session.execute(
            select(StockMovement, DoseItem)
            .join(DoseItem, DoseItem.movement_id == StockMovement.id)
            .where(DoseItem.dose_id == dose_id)
        ).all()
        return [
            (
                m.kind,
                m.from_location_id,
                uow.session.get(Location, m.to_location_id).code,  # type: ignore[union-attr]
                m.quantity,
                uow.session.get(Lot, m.lot_id).lot_number,  # type: ignore[union-attr]
                m.reference == f"dose {dose_id}",
                m.done_by,
                (i.product_id, i.lot_id, i.quantity) == (m.product_id, m.lot_id, m.quantity),
            )
            for m, i in rows
        ]


def test_window_and_take_home_doses_dispense_the_same_way(w: Window) -> None:
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window(quantity="40", lot="EARLY")
    w.ph.receive(w.ph.methadone, "LATER", "1000", expiry_days=1200)
    stock.issue_to_window(
        w.ph.pharm,
        product_id=w.ph.methadone,
        safe_id=w.ph.safe,
        window_id=w.ph.window,
        quantity="1000",
        **w.ph.witness(),
    )
    pid = w.patient(dose="30", take_home_days=2)
    observed = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    taken_home = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=2)
    nurse = w.nurse.actor.user_id
    shape = ("dispense", w.ph.window, "@dispensed", Decimal("30.0"))
    assert movements_of(w.cut, observed.dose_id) == [(*shape, "EARLY", True, nurse, True)]
    for dose_id in taken_home:  # the 10 mL left of EARLY cover neither: first expiry that covers
        assert movements_of(w.cut, dose_id) == [(*shape, "LATER", True, nurse, True)]
    assert window_stock(w) == Decimal(1040 - 90)
    assert_books_agree(w.cut)
    # a take-home dose voided frees its slot for a new attempt, as at the window
    void_dose(
        w.nurse,
        dose_id=taken_home[0],
        reason="bottle broken at the window",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    again = give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        assert uow.session.get(Dose, again[0]).attempt == 2  # type: ignore[union-attr]
    with pytest.raises(DoseRefused) as twice:
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)
    assert "Never dose twice" in twice.value.message("en")


def test_window_and_take_home_refuse_alike_when_the_window_is_short(w: Window) -> None:
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=2, reason="t")
    w.stock_window(quantity="20")
    pid = w.patient(dose="30", take_home_days=2)
    before = rows_state(w.cut.db.engine)
    with pytest.raises(DoseRefused) as at_window:
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with pytest.raises(DoseRefused) as take_home:
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=1)
    assert "No usable stock" in at_window.value.message("en")
    assert take_home.value.message("en") == at_window.value.message("en")
    assert take_home.value.message("zh_CN") == at_window.value.message("zh_CN")
    after = rows_state(w.cut.db.engine)
    assert {k for k in before if before[k] != after[k]} == {"audit_events", "audit_head"}
    # enough for one day but not two: the second day refuses and the first is not kept either
    w.stock_window(quantity="40", lot="L2")
    with pytest.raises(DoseRefused) as second_day:
        give_take_home(w.nurse, patient_id=pid, window_id=w.ph.window, days=2)
    assert second_day.value.message("en") == at_window.value.message("en")
    assert count(w.cut, Dose) == 0 and window_stock(w) == Decimal(60)


def test_every_refusal_writes_nothing_but_its_audit_event(w: Window) -> None:
    """No order, on hold, held for a physician, re-induction needed, no stock, already dosed:
    each refused dose leaves every table as it was, except one audit event saying so."""
    from clinic.patients import enrolment

    w.stock_window()
    no_order = enrolment.enrol_patient(w.doc, enrolment=factories.enrolment(DAY0)).patient_id
    on_hold = w.patient()
    change_status(w.doc, patient_id=on_hold, to_status="on_hold", effective_on=DAY0, reason="住院")
    held, reinduce = w.patient(), w.patient()
    for pid in (held, reinduce):
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(4))  # 3 days missed since day 0
    dosed = w.patient()
    record_dose(w.nurse, patient_id=dosed, window_id=w.ph.window)
    no_stock = w.patient(product=factories.methadone(w.cut.admin(), "2"))
    refusals = {
        no_order: "No active dose order",
        on_hold: "on hold",
        held: "held until a physician",
        no_stock: "No usable stock",
        dosed: "Never dose twice",
    }
    w.at(DAY0 + days(4), hour=11)
    for pid, words in refusals.items():
        before = rows_state(w.cut.db.engine)
        with pytest.raises(DoseRefused) as refused:
            record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
        assert words in refused.value.message("en"), pid
        after = rows_state(w.cut.db.engine)
        changed = {k for k in before if before[k] != after[k]}
        assert changed == {"audit_events", "audit_head"}, (words, changed)
        assert after["audit_events"] == before["audit_events"] + 1  # type: ignore[operator]
    w.at(DAY0 + days(8))  # 7 days missed since day 0: re-induction
    before = rows_state(w.cut.db.engine)
    with pytest.raises(DoseRefused) as refused:
        record_dose(w.nurse, patient_id=reinduce, window_id=w.ph.window)
    assert "re-induction" in refused.value.message("en")
    after = rows_state(w.cut.db.engine)
    assert {k for k in before if before[k] != after[k]} == {"audit_events", "audit_head"}


def test_the_database_refuses_a_second_live_dose_in_a_slot(w: Window) -> None:
    """Rule 5 rests on the unique key, not on the service's own check: a direct insert fails."""
    w.stock_window()
    pid = w.patient()
    first = record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        original = uow.session.get(Dose, first.dose_id)
        assert original is not None
        copy = {
            c.key: getattr(original, c.key)
            for c in Dose.__table__.columns  # type: ignore[attr-defined]
            if c.key != "id"
        }
    with pytest.raises(IntegrityError), UnitOfWork(w.cut.db) as uow:
        uow.session.add(Dose(**copy))
        uow.session.flush()
    assert count(w.cut, Dose) == 1
