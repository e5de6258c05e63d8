"""The count sheet from the book and today's movements equals the old sheet summed over the whole
ledger (issue 19, item 3), on both backends, for random ledgers over several days: issues,
dispenses, waste, returns, reversals, counts with variances booked, closed and open days,
entries dated back into earlier days. The ledger-sum invariant the sheet relies on is checked
when a day closes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import or_, select, update

from clinic import clock
from clinic.errors import ClinicError, Conflict
from clinic.inventory import ledger, reconcile
from clinic.storage.models import Location, Lot, StockBalance, StockMovement
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import SHANGHAI
from tests.integration.stock_helpers import Pharmacy, pharmacy

ROUTES = {
    "issue": ("safe", "window"),
    "return": ("window", "safe"),
    "dispense": ("window", "dispensed"),
    "waste": ("window", "waste"),
    "loss": ("window", "lost"),
}
DAY0 = date(2026, 3, 10)


def at(cut: ClinicUnderTest, day: date, minute: int) -> datetime:
    moment = datetime.combine(day, time(0, 0), tzinfo=SHANGHAI) + timedelta(minutes=minute)
    utc = moment.astimezone(UTC)
    cut.db.clock = lambda: utc
    return utc


def full_ledger_sheet(cut: ClinicUnderTest, window: int, product: int) -> reconcile.Tally:
    """The sheet as it was computed before: every movement of the window up to now, summed."""
    with UnitOfWork(cut.db, read_only=True) as uow:
        session = uow.session
        moment = clock.now(session)
        start, _ = reconcile.day_bounds(session, clock.clinic_today(session, moment))
        rows = session.execute(
            select(
                StockMovement.kind,
                StockMovement.from_location_id,
                StockMovement.to_location_id,
                StockMovement.quantity,
                StockMovement.occurred_at,
            ).where(
                StockMovement.product_id == product,
                or_(
                    StockMovement.from_location_id == window,
                    StockMovement.to_location_id == window,
                ),
                StockMovement.occurred_at <= moment,
            )
        ).all()
        return reconcile.tally(rows, window, start)


def post(ph: Pharmacy, op: str, quantity: Decimal, pick: int, done: list[int]) -> None:
    with UnitOfWork(ph.cut.db) as uow:
        session = uow.session
        user = ph.pharm.actor.user_id
        if op == "reversal":
            if not done:
                return
            original = session.get(StockMovement, done[pick % len(done)])
            assert original is not None
            source = ledger.location(session, original.to_location_id)
            target = ledger.location(session, original.from_location_id)
            lot = session.get(Lot, original.lot_id)
            assert lot is not None
            movement = ledger.post(
                session,
                kind="reversal",
                lot=lot,
                source=source,
                target=target,
                quantity=original.quantity,
                done_by=user,
                reason="property test",
                reverses_id=original.id,
            )
        else:
            lot = session.scalars(select(Lot).where(Lot.product_id == ph.methadone)).first()
            assert lot is not None
            places = {"safe": ph.safe, "window": ph.window}
            source_key, target_key = ROUTES[op]

            def place(key: str) -> Location:
                if key in places:
                    return ledger.location(session, places[key])
                return ledger.outside(session, {"dispensed": "dispensed"}.get(key, key))

            movement = ledger.post(
                session,
                kind=op,
                lot=lot,
                source=place(source_key),
                target=place(target_key),
                quantity=quantity,
                done_by=user,
            )
        uow.commit()
        done.append(movement.id)


steps = st.lists(
    st.tuples(
        st.sampled_from([*ROUTES, "issue", "reversal", "handover", "day_close", "look"]),
        st.integers(min_value=0, max_value=3),  # days before DAY0
        st.integers(min_value=0, max_value=24 * 60 - 1),  # minute of that day
        st.decimals(min_value=Decimal("0.5"), max_value=Decimal(400), places=1),
        st.integers(min_value=0, max_value=40),  # which earlier movement to reverse
        st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("-0.5")]),  # a count's variance
    ),
    min_size=3,
    max_size=18,
)


def test_the_sheet_from_the_book_equals_the_sheet_from_the_whole_ledger(
    clinic: ClinicUnderTest,
) -> None:
    ph = pharmacy(clinic)
    at(clinic, DAY0 - timedelta(days=4), 9 * 60)
    ph.receive(ph.methadone, "L1", "100000", expiry_days=900)
    done: list[int] = []
    seen = {"closed": 0, "refused": 0, "compared": 0}

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(steps=steps)
    def check(steps: list) -> None:  # type: ignore[type-arg]
        for op, back, minute, quantity, pick, variance in steps:
            at(clinic, DAY0 - timedelta(days=back), minute)
            try:
                if op in ("handover", "day_close"):
                    sheet = reconcile.count_sheet(
                        ph.nurse, window_id=ph.window, product_id=ph.methadone
                    )
                    counted = max(sheet.expected + variance, Decimal(0))
                    reconcile.record_count(
                        ph.nurse,
                        window_id=ph.window,
                        product_id=ph.methadone,
                        counted=str(counted),
                        kind=op,
                    )
                    seen["closed"] += op == "day_close"
                elif op != "look":
                    post(ph, op, quantity, pick, done)
            except ClinicError:
                seen["refused"] += 1  # short of stock, a closed day, a second reversal
            sheet = reconcile.count_sheet(ph.nurse, window_id=ph.window, product_id=ph.methadone)
            old = full_ledger_sheet(clinic, ph.window, ph.methadone)
            new = (
                sheet.opening,
                sheet.received,
                sheet.dispensed,
                sheet.wasted,
                sheet.returned,
                sheet.other,
                sheet.expected,
            )
            assert new == (
                old.opening,
                old.received,
                old.dispensed,
                old.wasted,
                old.returned,
                old.other,
                old.expected,
            ), (op, back, minute)
            seen["compared"] += 1

    check()
    assert seen["closed"] and seen["refused"] and seen["compared"] > 30, seen


def test_a_day_does_not_close_when_the_book_and_the_ledger_disagree(
    clinic: ClinicUnderTest,
) -> None:
    ph = pharmacy(clinic)
    at(clinic, DAY0, 9 * 60)
    ph.receive(ph.methadone, "L1", "1000")
    done: list[int] = []
    post(ph, "issue", Decimal(500), 0, done)
    with UnitOfWork(clinic.db) as uow:  # the book altered behind the ledger's back
        uow.session.execute(
            update(StockBalance)
            .where(StockBalance.location_id == ph.window)
            .values(quantity=Decimal(480))
        )
        uow.commit()
    at(clinic, DAY0, 20 * 60)
    with pytest.raises(Conflict) as refused:
        reconcile.record_count(
            ph.nurse, window_id=ph.window, product_id=ph.methadone, counted="480"
        )
    assert "does not match its ledger" in refused.value.en
    assert "台账不符" in refused.value.zh
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert not reconcile.is_closed(uow.session, ph.window, ph.methadone, DAY0)
