"""A small stocked clinic for inventory tests, and a from-scratch recomputation of balances."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from clinic import administration, clock
from clinic.inventory import stock
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from clinic.storage.models import Location, StockBalance, StockMovement
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest


@dataclass
class Pharmacy:
    cut: ClinicUnderTest
    pharm: AuthContext
    nurse: AuthContext
    today: date
    methadone: int
    tablets: int
    safe: int
    window: int
    satellite_safe: int

    def witness(self) -> dict[str, str]:
        return {"witness": "nurse", "witness_password": "nurse-pass-1"}

    def receive(
        self, product: int, lot: str, quantity: str, expiry_days: int = 400, safe: int | None = None
    ) -> stock.ReceiptInfo:
        return stock.receive(
            self.pharm,
            product_id=product,
            lot_number=lot,
            expiry_date=self.today + timedelta(days=expiry_days),
            manufacturer="某制药厂",
            supplier="某医药公司",
            safe_id=safe or self.safe,
            expected=quantity,
            received=quantity,
            quality_condition="包装完好 intact",
            acceptance="accepted",
            **self.witness(),
        )


def pharmacy(cut: ClinicUnderTest) -> Pharmacy:
    pharm = cut.add_user("pharm", Role.PHARMACIST)
    nurse = cut.add_user("nurse", Role.NURSE)
    admin = cut.admin()
    # A pharmacy's tests dose nobody: no dosing hours, so a day closes without a confirmation
    # (tests/integration/test_day_close.py has the guard's own tests).
    main = administration.list_sites(admin)[0]
    administration.set_dosing_hours(admin, site_id=main.site_id, opens="00:00", closes="00:00")
    administration.add_site(admin, code="SAT", name="卫星点 Satellite", timezone="Asia/Shanghai")
    safe = stock.add_place(pharm, site_code="MAIN", kind="safe", name="药库 Safe").location_id
    window = stock.add_place(
        pharm, site_code="MAIN", kind="window", name="窗口1 Window 1"
    ).location_id
    sat = stock.add_place(
        pharm, site_code="SAT", kind="safe", name="卫星点药柜 Satellite safe"
    ).location_id
    with UnitOfWork(cut.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
    return Pharmacy(
        cut,
        pharm,
        nurse,
        today,
        factories.methadone(admin, "1"),
        factories.buprenorphine(admin, "2"),
        safe,
        window,
        sat,
    )


def recomputed(cut: ClinicUnderTest) -> dict[tuple[int, int, int], Decimal]:
    """Every stock-holding balance, summed from the movements alone."""
    with UnitOfWork(cut.db, read_only=True) as uow:
        holders = set(
            uow.session.scalars(select(Location.id).where(Location.holds_stock.is_(True)))
        )
        sums: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
        for m in uow.session.scalars(select(StockMovement)):
            if m.to_location_id in holders:
                sums[(m.product_id, m.lot_id, m.to_location_id)] += m.quantity
            if m.from_location_id in holders:
                sums[(m.product_id, m.lot_id, m.from_location_id)] -= m.quantity
    return {k: v for k, v in sums.items() if v != 0}


def stored(cut: ClinicUnderTest) -> dict[tuple[int, int, int], Decimal]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return {
            (b.product_id, b.lot_id, b.location_id): b.quantity
            for b in uow.session.scalars(select(StockBalance))
            if b.quantity != 0
        }


def assert_books_agree(cut: ClinicUnderTest) -> None:
    derived = stored(cut)
    assert derived == recomputed(cut)
    assert all(q > 0 for q in derived.values())


def movement_count(cut: ClinicUnderTest) -> int:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return len(uow.session.scalars(select(StockMovement.id)).all())
