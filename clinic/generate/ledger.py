"""A generated stock ledger alone (no patients), for the `reconcile_day` and `register_month_pdf`
benchmarks.

One safe and one dosing window of methadone 1 mg/mL: a lot received each month, one issue to the
window each morning and PER_DAY dispense movements through the day. Written as bulk inserts in
large transactions, with the balances from the same sums so books and movements agree: through
`ledger.post` one row costs about 9 ms on SQLCipher (two settings reads, a day-close check and
two locked balance reads per row), which would make 180,000 rows take about half an hour.
The history carries no audit events of its own (they would measure nothing about the figures).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from clinic import app
from clinic.inventory import ledger, stock
from clinic.inventory.catalogue import add_product
from clinic.storage.models import Lot, StockBalance, StockMovement
from clinic.storage.uow import UnitOfWork

ZONE = ZoneInfo("Asia/Shanghai")
DAYS_PER_TRANSACTION = 60


@dataclass(frozen=True)
class StockMeta:
    product_id: int
    safe_id: int
    window_id: int
    days: int
    per_day: int
    rows: int
    busy_year: int
    busy_month: int
    build_s: float


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=ZONE).astimezone(UTC)


class _Book:
    """Movement rows to insert, and the balances they add up to."""

    def __init__(self, product_id: int, pharmacist: int, nurse: int) -> None:
        self.product_id, self.pharmacist, self.nurse = product_id, pharmacist, nurse
        self.serial = 0
        self.sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)

    def add(
        self,
        rows: list[dict[str, object]],
        kind: str,
        lot_id: int,
        source: int,
        target: int,
        quantity: Decimal,
        at: datetime,
    ) -> None:
        self.serial += 1
        rows.append(
            {
                "kind": kind,
                "product_id": self.product_id,
                "lot_id": lot_id,
                "from_location_id": source,
                "to_location_id": target,
                "quantity": quantity,
                "occurred_at": at,
                "voucher": f"{ledger.VOUCHER_PREFIX[kind]}{at:%Y%m%d}-{self.serial:08X}",
                "done_by": self.nurse if kind == "dispense" else self.pharmacist,
                "checked_by": None if kind == "dispense" else self.nurse,
            }
        )
        self.sums[(lot_id, source)] -= quantity
        self.sums[(lot_id, target)] += quantity


def generate(
    clinic: app.Clinic, *, passwords: dict[str, str], days: int, per_day: int, seed: int = 5
) -> StockMeta:
    """DAYS of history ending yesterday, PER_DAY dispense movements a day, balances from sums.
    PASSWORDS: the pharmacist's and the nurse's."""
    started = time.perf_counter()
    pharm = clinic.login("pharmacist", passwords["pharmacist"])
    nurse = clinic.login("nurse", passwords["nurse"])
    product_id = add_product(
        pharm,
        code="MET-1",
        name="盐酸美沙酮口服溶液 1 mg/mL",
        drug="methadone",
        form="oral_solution",
        mg_per_unit="1",
        controlled_class="narcotic",
    ).product_id
    safe_id = stock.add_place(pharm, site_code="MAIN", kind="safe", name="药库 Safe").location_id
    window_id = stock.add_place(
        pharm, site_code="MAIN", kind="window", name="窗口1 Window 1"
    ).location_id
    rng = random.Random(seed)
    doses = [Decimal(rng.randrange(30, 125, 5)) for _ in range(per_day)]
    daily = sum(doses, Decimal(0))
    today = datetime.now(ZONE).date()
    day = today - timedelta(days=days)
    book = _Book(product_id, pharm.actor.user_id, nurse.actor.user_id)
    lot_id = 0
    while day < today:
        with UnitOfWork(clinic.db) as uow:
            session = uow.session
            supplier_id = ledger.outside(session, "supplier").id
            dispensed_id = ledger.outside(session, "dispensed").id
            rows: list[dict[str, object]] = []

            end = min(today, day + timedelta(days=DAYS_PER_TRANSACTION))
            while day < end:
                if lot_id == 0 or day.day == 1:
                    lot = Lot(
                        product_id=product_id,
                        lot_number=f"B{day:%Y%m}",
                        expiry_date=day + timedelta(days=730),
                        manufacturer="示范制药厂 (demo)",
                        supplier="示范医药有限公司 (demo)",
                    )
                    session.add(lot)
                    session.flush()
                    lot_id = lot.id
                    book.add(
                        rows, "receipt", lot_id, supplier_id, safe_id, daily * 32, local(day, 7)
                    )
                extra = 500 if book.serial <= 1 else 0  # the window keeps 500 mL of working stock
                book.add(
                    rows, "issue", lot_id, safe_id, window_id, daily + extra, local(day, 7, 30)
                )
                for i, dose in enumerate(doses):
                    at = local(day, 8) + timedelta(seconds=i * 150)
                    book.add(rows, "dispense", lot_id, window_id, dispensed_id, dose, at)
                day += timedelta(days=1)
            session.execute(insert(StockMovement), rows)
            uow.commit()
    with UnitOfWork(clinic.db) as uow:
        uow.session.execute(
            insert(StockBalance),
            [
                {"product_id": product_id, "lot_id": lot, "location_id": place, "quantity": q}
                for (lot, place), q in book.sums.items()
                if place in (safe_id, window_id)
            ],
        )
        uow.commit()
    with UnitOfWork(clinic.db, read_only=True) as uow:
        count = int(uow.session.scalar(select(func.count(StockMovement.id))) or 0)
    busy = today.replace(day=1) - timedelta(days=1)
    return StockMeta(
        product_id,
        safe_id,
        window_id,
        days,
        per_day,
        count,
        busy.year,
        busy.month,
        round(time.perf_counter() - started, 1),
    )
