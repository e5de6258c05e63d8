"""A clinic ready to dose: a nurse, a physician, stock at the window, and a settable clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic.dosing.orders import OrderRequest, write_order
from clinic.inventory import stock
from clinic.patients import enrolment
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.stock_helpers import Pharmacy, pharmacy

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY0 = date(2026, 3, 2)


@dataclass
class Window:
    cut: ClinicUnderTest
    ph: Pharmacy
    doc: AuthContext
    nurse: AuthContext
    now: datetime

    def at(self, day: date, hour: int = 9, minute: int = 0, second: int = 0) -> None:
        """Set the clinic's clock to a local time in Shanghai."""
        self.now = datetime.combine(day, time(hour, minute, second), tzinfo=SHANGHAI).astimezone(
            UTC
        )
        self.cut.db.clock = lambda: self.now

    def patient(
        self,
        *,
        dose: str = "30",
        method: str = "methadone",
        product: int | None = None,
        **order: object,
    ) -> int:
        local = self.now.astimezone(SHANGHAI).date()
        pid = enrolment.enrol_patient(
            self.doc, enrolment=factories.enrolment(local, method=method)
        ).patient_id
        write_order(
            self.doc,
            patient_id=pid,
            request=OrderRequest(
                product_id=product or self.ph.methadone, daily_dose_mg=dose, start_on=local, **order
            ),
        )  # type: ignore[arg-type]
        return pid

    def stock_window(
        self, product: int | None = None, quantity: str = "5000", lot: str = "L1"
    ) -> None:
        self.ph.receive(product or self.ph.methadone, lot, quantity, expiry_days=900)
        stock.issue_to_window(
            self.ph.pharm,
            product_id=product or self.ph.methadone,
            safe_id=self.ph.safe,
            window_id=self.ph.window,
            quantity=quantity,
            **self.ph.witness(),
        )


def window(cut: ClinicUnderTest, day: date = DAY0) -> Window:
    w = Window(
        cut,
        pharmacy(cut),
        cut.add_user("doc", Role.PHYSICIAN),
        AuthContext(cut.db, cut.add_user("nurse2", Role.NURSE).actor),
        datetime.now(UTC),
    )
    w.at(day)
    return w


def days(n: int) -> timedelta:
    return timedelta(days=n)
