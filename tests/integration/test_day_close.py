"""A window's day and its close: the day runs midnight to midnight in the clinic's time zone, the
sheet is taken only at a window, and the day closes only when none of its counts waits."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select, text

from clinic.errors import Conflict, InvalidInput
from clinic.inventory import reconcile, stock
from clinic.storage.models import DayClose, StockCount
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, window
from tests.integration.helpers import rows_state

SIGN = {"explanation": "spilled", "witness": "nurse", "witness_password": "nurse-pass-1"}


@pytest.fixture
def w(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


def _issue(w: Window, quantity: str) -> None:
    stock.issue_to_window(
        w.ph.pharm,
        product_id=w.ph.methadone,
        safe_id=w.ph.safe,
        window_id=w.ph.window,
        quantity=quantity,
        **w.ph.witness(),
    )


def _sheet(w: Window) -> reconcile.CountSheet:
    return reconcile.count_sheet(w.ph.pharm, window_id=w.ph.window, product_id=w.ph.methadone)


def _count(w: Window, off: int, kind: str = "day_close") -> reconcile.CountResult:
    """A count OFF mL short of the sheet: beyond the tolerance it waits for a sign-off."""
    return reconcile.record_count(
        w.ph.pharm,
        window_id=w.ph.window,
        product_id=w.ph.methadone,
        counted=str(_sheet(w).expected - off),
        kind=kind,
    )


def _without_audit(state: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in state.items() if k not in ("audit_events", "audit_head")}


def test_the_day_runs_from_the_clinics_midnight_not_utcs(w: Window) -> None:
    w.ph.receive(w.ph.methadone, "L1", "1000", expiry_days=900)
    w.at(DAY0, 7, 30)  # 23:30 UTC the day before
    _issue(w, "100")
    w.at(DAY0, 23, 30)  # 15:30 UTC, still DAY0 in Shanghai
    _issue(w, "40")
    sheet = _sheet(w)
    assert (sheet.business_date, sheet.opening, sheet.received) == (DAY0, 0, 140)
    w.at(DAY0 + timedelta(days=1), 0, 30)  # 16:30 UTC of DAY0
    _issue(w, "7")
    sheet = _sheet(w)
    assert (sheet.business_date, sheet.opening, sheet.received, sheet.expected) == (
        DAY0 + timedelta(days=1),
        140,
        7,
        147,
    )


def test_a_closed_day_refuses_movements_until_the_clinics_midnight(w: Window) -> None:
    w.ph.receive(w.ph.methadone, "L1", "1000", expiry_days=900)
    w.at(DAY0, 9)
    _issue(w, "100")
    w.at(DAY0, 17)
    assert _count(w, 0).day_closed
    w.at(DAY0, 23, 59)
    with pytest.raises(Conflict) as closed:
        _issue(w, "10")
    assert (closed.value.message("en"), closed.value.message("zh_CN")) == (
        f"窗口1 Window 1 is closed for {DAY0}: the day's count is signed. Record this tomorrow "
        "as a correction.",
        f"窗口1 Window 1 {DAY0} 已日结（盘点已签字）。请于次日作为更正记录。",
    )
    stock.receive(  # the safe has no day to close
        w.ph.pharm,
        product_id=w.ph.methadone,
        lot_number="L2",
        expiry_date=DAY0 + timedelta(days=400),
        manufacturer="某制药厂",
        supplier="某医药公司",
        safe_id=w.ph.safe,
        expected="10",
        received="10",
        quality_condition="包装完好",
        acceptance="accepted",
        **w.ph.witness(),
    )
    w.at(DAY0 + timedelta(days=1), 0, 1)
    _issue(w, "10")
    assert _sheet(w).received == 10


def test_a_sheet_is_taken_at_a_window_of_a_known_product(w: Window) -> None:
    with pytest.raises(InvalidInput) as at_safe:
        reconcile.count_sheet(w.ph.pharm, window_id=w.ph.safe, product_id=w.ph.methadone)
    assert (at_safe.value.message("en"), at_safe.value.message("zh_CN")) == (
        "Counts are taken at dosing windows.",
        "盘点在发药窗口进行。",
    )
    with pytest.raises(InvalidInput) as unknown:
        reconcile.count_sheet(w.ph.pharm, window_id=w.ph.window, product_id=9999)
    assert (unknown.value.message("en"), unknown.value.message("zh_CN")) == (
        "No such product.",
        "没有该产品。",
    )


def test_a_sign_off_does_not_close_the_day_over_another_waiting_count(w: Window) -> None:
    """The day-close count's sign-off is refused while a handover counted after it waits."""
    w.stock_window()
    w.at(DAY0, 17)
    close = _count(w, 10)
    handovers = [_count(w, 10, "handover"), _count(w, 10, "handover")]
    assert close.pending and all(h.pending for h in handovers)
    before = _without_audit(rows_state(w.cut.db.engine))
    with pytest.raises(Conflict) as refused:
        reconcile.sign_off_variance(w.ph.pharm, count_id=close.count_id, **SIGN)
    assert (refused.value.message("en"), refused.value.message("zh_CN")) == (
        "2 counts today have a variance waiting for an explanation and a second signature; "
        "settle them before closing the day.",
        "今日有 2 次盘点差异尚待说明和第二人签字，请先处理再日结。",
    )
    assert _without_audit(rows_state(w.cut.db.engine)) == before  # not even the sign-off
    reconcile.sign_off_variance(w.ph.pharm, count_id=handovers[0].count_id, **SIGN)
    with pytest.raises(Conflict) as again:
        reconcile.sign_off_variance(w.ph.pharm, count_id=close.count_id, **SIGN)
    assert again.value.message("en") == (
        "1 count today has a variance waiting for an explanation and a second signature; "
        "settle it before closing the day."
    )
    reconcile.sign_off_variance(w.ph.pharm, count_id=handovers[1].count_id, **SIGN)
    done = reconcile.sign_off_variance(w.ph.pharm, count_id=close.count_id, **SIGN)
    assert done.day_closed and done.adjustment_vouchers
    assert reconcile.waiting_variances(w.ph.pharm) == []


def test_yesterdays_waiting_count_does_not_hold_todays_close(w: Window) -> None:
    w.stock_window()
    w.at(DAY0, 17)
    yesterday = _count(w, 10)
    assert yesterday.pending
    w.at(DAY0 + timedelta(days=1), 17)
    today = _count(w, 4)
    assert today.pending and today.sheet.business_date == DAY0 + timedelta(days=1)
    done = reconcile.sign_off_variance(w.ph.pharm, count_id=today.count_id, **SIGN)
    assert done.day_closed and done.variance == Decimal(-4)
    assert [v.count_id for v in reconcile.waiting_variances(w.ph.pharm)] == [yesterday.count_id]


def test_a_day_closed_at_the_same_moment_elsewhere_is_refused_and_kept_once(w: Window) -> None:
    """Another workstation's close lands between this count's check and its own close."""
    w.stock_window()
    w.at(DAY0, 17)
    handover = _count(w, 0, "handover")  # the other workstation's count
    expected = str(_sheet(w).expected)
    other = w.cut.db.engine.connect()
    other.execute(
        insert(DayClose).values(
            location_id=w.ph.window,
            product_id=w.ph.methadone,
            business_date=DAY0,
            count_id=handover.count_id,
            closed_by=w.ph.pharm.actor.user_id,
        )
    )  # not committed yet: this count cannot see it
    outcome: list[BaseException | reconcile.CountResult] = []

    def count() -> None:
        try:
            outcome.append(
                reconcile.record_count(
                    w.ph.pharm,
                    window_id=w.ph.window,
                    product_id=w.ph.methadone,
                    counted=expected,
                )
            )
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    worker = threading.Thread(target=count)
    worker.start()
    _until_blocked(w)
    other.commit()
    other.close()
    worker.join(60)
    [refused] = outcome
    assert isinstance(refused, Conflict)
    if w.cut.backend == "postgresql":  # both read "open"; the database's unique key decides
        assert (refused.message("en"), refused.message("zh_CN")) == (
            "This day was closed at the same moment on another workstation.",
            "该日刚在其他工作站完成日结。",
        )
    else:  # SQLite lets one writer at a time: the count waits, then sees the day closed
        assert "already closed" in refused.message("en")
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        closes = uow.session.scalars(select(DayClose)).all()
        assert [c.count_id for c in closes] == [handover.count_id]
        assert len(uow.session.scalars(select(StockCount)).all()) == 1


def _until_blocked(w: Window) -> None:
    """Wait until the count in the other thread waits on the uncommitted close."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if w.cut.backend != "postgresql":
            time.sleep(1)
            return
        with w.cut.db.engine.connect() as probe:
            waiting = probe.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar_one()
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("the count never reached the other workstation's close")
