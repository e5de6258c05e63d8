"""Fictional demo stock: two sites, four products, a month of controlled-drug history.

Written through the pharmacist's and the nurse's own services, each action with the clinic's
clock set to its moment of the day, so every receipt, issue, transfer, spill, destruction, loss
and count is checked, witnessed and audited exactly as at the safe: each morning the windows are
topped up, the day's doses are recorded (clinic/demo/dosing.py), and each evening every window's
stock is counted and the day closed. Today is left open, with a count whose variance waits for an
explanation and a second signature.
Everything here is invented: lot numbers, manufacturers, suppliers and references.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from clinic.administration import add_site
from clinic.demo.calendar import HISTORY_DAYS, DemoClock, Staff
from clinic.inventory import reconcile, stock
from clinic.inventory.stock import BalanceLine

SUPPLIER = "示范医药有限公司 Demo Pharma Distribution (demo)"
MAKERS = {
    "MET": "示范制药厂 Demo Pharmaceutical Works (demo)",
    "BUP": "示范药业股份有限公司 Demo Pharma Co. (demo)",
}


@dataclass(frozen=True)
class LotPlan:
    product: str
    number: str
    expiry_in_days: int
    received_day: int  # days before today
    quantity: Decimal
    damaged: Decimal = Decimal(0)


LOTS = (
    LotPlan("MET-1", "MT231107A", 75, 30, Decimal(100000)),  # expires within 90 days
    LotPlan("MET-1", "MT240512B", 420, 18, Decimal(20000), damaged=Decimal(1000)),
    LotPlan("MET-05", "MH230214X", -12, 30, Decimal(12000)),  # expires mid-month
    LotPlan("MET-05", "MH240402Y", 300, 20, Decimal(15000)),
    LotPlan("BUP-2", "BP240115", 250, 30, Decimal(3000)),
    LotPlan("BUP-02", "BL240318", 500, 30, Decimal(300)),
)
# Working stock a window is topped up to each morning, and the pack it is issued in.
TOP_UP = {
    "MET-1": (Decimal(4000), Decimal(500)),
    "MET-05": (Decimal(1000), Decimal(100)),
    "BUP-2": (Decimal(80), Decimal(10)),
    "BUP-02": (Decimal(20), Decimal(2)),
}
SAT_TOP_UP = (Decimal(600), Decimal(500))
TRANSFER_DAY, TRANSFER_QUANTITY = 15, Decimal(10000)
LOSS_DAY, LOSS_QUANTITY = 7, Decimal(500)
DESTROY_DAY = 6
SMALL_VARIANCE_DAY, SMALL_SHORTFALL = 9, Decimal("0.5")
SPILL = Decimal("2.5")
WAITING_SHORTFALL = Decimal(12)

# The day's doses at the windows: called between the morning's issue and the evening's count.
DosingHook = Callable[[date], None]


@dataclass(frozen=True)
class Places:
    main_safe: int
    main_window: int
    sat_safe: int
    sat_window: int

    @property
    def windows(self) -> dict[str, int]:
        return {"MAIN": self.main_window, "SAT": self.sat_window}


def add_places(staff: Staff) -> Places:
    """The satellite site, and a safe and a window at each site."""
    add_site(
        staff.admin, code="SAT", name="卫星服药点 Satellite dosing point", timezone="Asia/Shanghai"
    )

    def place(site: str, kind: str, name: str) -> int:
        return stock.add_place(staff.pharmacist, site_code=site, kind=kind, name=name).location_id

    return Places(
        main_safe=place("MAIN", "safe", "主门诊药库 Main safe"),
        main_window=place("MAIN", "window", "主门诊窗口1 Main window 1"),
        sat_safe=place("SAT", "safe", "卫星点药柜 Satellite safe"),
        sat_window=place("SAT", "window", "卫星点窗口 Satellite window"),
    )


def satellite_stocked_on(today: date) -> date:
    """The day the satellite's first stock arrives (the day after it was sent)."""
    return today - timedelta(days=TRANSFER_DAY - 1)


class StockMonth:
    """The month at the safes and windows, one service call per action, on the clinic's clock."""

    def __init__(
        self, staff: Staff, calendar: DemoClock, products: dict[str, int], places: Places
    ) -> None:
        self.staff, self.calendar = staff, calendar
        self.pharmacist, self.nurse = staff.pharmacist, staff.nurse
        self.products, self.places = products, places
        self.today = calendar.today()
        self.lots: dict[str, int] = {}
        self.transfer_id: int | None = None
        self.damaged_application: int | None = None

    # --- reading the shelves ---------------------------------------------------------------

    def lines(self, location_id: int, product_id: int) -> list[BalanceLine]:
        """What PLACE holds of PRODUCT, lot by lot, earliest expiry first."""
        return [
            line
            for line in stock.balances(self.pharmacist)
            if line.location_id == location_id and line.product_id == product_id
        ]

    def usable(self, location_id: int, product_id: int) -> Decimal:
        held = self.lines(location_id, product_id)
        return sum((line.quantity for line in held if not line.expired), Decimal(0))

    def quarantine(self) -> int:
        return next(
            p.location_id for p in stock.list_places(self.pharmacist, kinds=("quarantine",))
        )

    # --- one day ---------------------------------------------------------------------------

    def day(self, day: date, dosing: DosingHook) -> None:
        """Morning deliveries and issues, the day's doses, the afternoon's events, the count."""
        back = (self.today - day).days
        at = self.calendar.moment
        for plan in LOTS:
            if plan.received_day == back:
                self.receive(plan, day)
        for code, product_id in self.products.items():
            for number, lot_id in self.lots.items():
                expiry = self.expiry(number)
                if expiry == day - timedelta(days=1) and self.product_of(number) == code:
                    self.expired(lot_id, product_id, expiry, day)
        if back == TRANSFER_DAY - 1 and self.transfer_id is not None:
            self.arrive(day)
        stocked = day >= satellite_stocked_on(self.today)
        with self.calendar.at(at(day, 7, 30)):
            self.top_up_windows(satellite=stocked)
        dosing(day)
        if day.toordinal() % 4 == 0:
            self.spill(day)
        if back == TRANSFER_DAY:
            self.send(day)
        if back == DESTROY_DAY and self.damaged_application is not None:
            with self.calendar.at(at(day, 15)):
                stock.destroy(
                    self.pharmacist,
                    application_id=self.damaged_application,
                    authority_reference="京药监销字（示范）DEMO-0602",
                    supervisor="区药监局 王监督员 (demo)",
                    **self.staff.witness("nurse"),
                )
        if back == LOSS_DAY:
            self.loss(day)
        for code, product_id in self.products.items():
            short = SMALL_SHORTFALL if code == "MET-1" and back == SMALL_VARIANCE_DAY else 0
            self.close(self.places.main_window, product_id, day, Decimal(short))
        if stocked:
            self.close(self.places.sat_window, self.products["MET-1"], day, Decimal(0))

    def this_morning(self, dosing: DosingHook) -> int:
        """Today so far: the windows topped up, the early patients dosed, a count short beyond
        tolerance left waiting for an explanation and a second signature. Returns the count."""
        zone_now = self.calendar.db.clock().astimezone(self.calendar.zone)
        start = self.calendar.moment(self.today, 0)
        topped = start + (zone_now - start) / 10
        with self.calendar.at(topped):
            self.top_up_windows(satellite=True)
        dosing(self.today)
        methadone = self.products["MET-1"]
        window = self.places.main_window
        expected = reconcile.count_sheet(
            self.nurse, window_id=window, product_id=methadone
        ).expected
        result = reconcile.record_count(
            self.nurse,
            window_id=window,
            product_id=methadone,
            counted=str(expected - WAITING_SHORTFALL),
        )
        assert result.pending
        return result.count_id

    # --- the actions -----------------------------------------------------------------------

    def expiry(self, number: str) -> date:
        plan = next(p for p in LOTS if p.number == number)
        return self.today + timedelta(days=plan.expiry_in_days)

    @staticmethod
    def product_of(number: str) -> str:
        return next(p.product for p in LOTS if p.number == number)

    def receive(self, plan: LotPlan, day: date) -> None:
        """A delivery counted by the pharmacist and the nurse; damage goes for destruction."""
        good = plan.quantity - plan.damaged
        with self.calendar.at(self.calendar.moment(day, 7)):
            receipt = stock.receive(
                self.pharmacist,
                product_id=self.products[plan.product],
                lot_number=plan.number,
                expiry_date=self.expiry(plan.number),
                manufacturer=MAKERS[plan.product[:3]],
                supplier=SUPPLIER,
                safe_id=self.places.main_safe,
                expected=str(plan.quantity),
                received=str(good),
                damaged=str(plan.damaged),
                quality_condition="外箱破损两箱，其余包装、封签完好 two cartons crushed, the rest intact"
                if plan.damaged
                else "包装、封签、标签完好 packaging, seals and labels intact",
                acceptance="accepted_with_exceptions" if plan.damaged else "accepted",
                delivery_note=f"SH-DEMO-{plan.number}",
                note="两箱破损 two cartons crushed in transit" if plan.damaged else None,
                **self.staff.witness("nurse"),
            )
        self.lots[plan.number] = receipt.lot.lot_id
        if plan.damaged:
            with self.calendar.at(self.calendar.moment(day, 16)):
                self.damaged_application = stock.set_aside_for_destruction(
                    self.pharmacist,
                    lot_id=receipt.lot.lot_id,
                    location_id=self.quarantine(),
                    quantity=str(plan.damaged),
                    reason="到货破损 damaged on delivery",
                ).application_id

    def expired(self, lot_id: int, product_id: int, expiry: date, day: date) -> None:
        """The morning after a lot expires: the window's remnant back to the safe, then all of
        the safe's set aside for destruction."""
        at = self.calendar.moment
        left = sum(
            (
                line.quantity
                for line in self.lines(self.places.main_window, product_id)
                if line.lot_id == lot_id
            ),
            Decimal(0),
        )
        if left > 0:
            with self.calendar.at(at(day, 7, 5)):
                stock.return_to_safe(
                    self.pharmacist,
                    lot_id=lot_id,
                    window_id=self.places.main_window,
                    safe_id=self.places.main_safe,
                    quantity=str(left),
                    reason="过期退回药库 expired, returned to the safe",
                    **self.staff.witness("nurse"),
                )
        held = sum(
            (
                line.quantity
                for line in self.lines(self.places.main_safe, product_id)
                if line.lot_id == lot_id
            ),
            Decimal(0),
        )
        if held > 0:
            with self.calendar.at(at(day, 7, 10)):
                stock.set_aside_for_destruction(
                    self.pharmacist,
                    lot_id=lot_id,
                    location_id=self.places.main_safe,
                    quantity=str(held),
                    reason=f"过期（有效期至 {expiry}）expired",
                )

    def top_up_windows(self, *, satellite: bool) -> None:
        places = self.places
        for code, product_id in self.products.items():
            self.top_up(product_id, places.main_safe, places.main_window, TOP_UP[code])
        if satellite:
            self.top_up(self.products["MET-1"], places.sat_safe, places.sat_window, SAT_TOP_UP)

    def top_up(
        self, product_id: int, safe: int, window: int, level: tuple[Decimal, Decimal]
    ) -> None:
        """The window filled up to its working level, in whole packs, from the safe (the issue
        service takes the earliest-expiring lot)."""
        target, pack = level
        short = target - self.usable(window, product_id)
        if short <= 0:
            return
        stock.issue_to_window(
            self.pharmacist,
            product_id=product_id,
            safe_id=safe,
            window_id=window,
            quantity=str((short / pack).to_integral_value(rounding=ROUND_CEILING) * pack),
            **self.staff.witness("nurse"),
        )

    def spill(self, day: date) -> None:
        """A little methadone spilled while pouring, from the bottle in use."""
        methadone = self.products["MET-1"]
        usable = [
            line
            for line in self.lines(self.places.main_window, methadone)
            if not line.expired and line.quantity >= SPILL
        ]
        if not usable:
            return
        with self.calendar.at(self.calendar.moment(day, 11, 40)):
            stock.record_waste(
                self.nurse,
                window_id=self.places.main_window,
                lot_id=usable[0].lot_id,
                quantity=str(SPILL),
                reason="倒药时洒漏 spilled while pouring",
                **self.staff.witness("pharmacist"),
            )

    def send(self, day: date) -> None:
        with self.calendar.at(self.calendar.moment(day, 15)):
            self.transfer_id = stock.send_transfer(
                self.pharmacist,
                lot_id=self.lots["MT231107A"],
                from_safe_id=self.places.main_safe,
                to_safe_id=self.places.sat_safe,
                quantity=str(TRANSFER_QUANTITY),
                **self.staff.witness("nurse"),
            ).transfer_id

    def arrive(self, day: date) -> None:
        assert self.transfer_id is not None
        with self.calendar.at(self.calendar.moment(day, 7, 15)):
            stock.receive_transfer(
                self.pharmacist,
                transfer_id=self.transfer_id,
                counted=str(TRANSFER_QUANTITY),
                **self.staff.witness("nurse"),
            )

    def loss(self, day: date) -> None:
        moment = self.calendar.moment(day, 16, 20)
        with self.calendar.at(moment):
            stock.record_loss(
                self.pharmacist,
                kind="loss",
                location_id=self.places.main_safe,
                lot_id=self.lots["MT231107A"],
                quantity=str(LOSS_QUANTITY),
                circumstances=(
                    "周盘点时发现药库少一瓶 500 mL 盐酸美沙酮口服溶液，已封存监控录像（示范数据）。"
                    "A 500 mL bottle was missing from the safe at the weekly count; the CCTV "
                    "recording was secured (demo data)."
                ),
                discovered_at=moment - timedelta(minutes=40),
                police_reference="DEMO-110-0417",
                **self.staff.witness("nurse"),
            )

    def close(self, window: int, product_id: int, day: date, shortfall: Decimal) -> None:
        """The evening count, as expected or short within tolerance: the day closes (confirmed:
        some patients did not come)."""
        with self.calendar.at(self.calendar.moment(day, 17, 30)):
            sheet = reconcile.count_sheet(self.nurse, window_id=window, product_id=product_id)
            # The patients who did not come that day: the nurse confirms closing without them.
            waiting = reconcile.day_close_check(self.nurse, window_id=window).waiting
            result = reconcile.record_count(
                self.nurse,
                window_id=window,
                product_id=product_id,
                counted=str(sheet.expected - shortfall),
                confirm_waiting=waiting,
            )
        assert result.day_closed, (window, product_id, day)


def stock_month(
    staff: Staff,
    calendar: DemoClock,
    products: dict[str, int],
    places: Places,
    dosing: DosingHook,
    progress: Callable[[str], None],
) -> int:
    """The whole month, day by day, then this morning; returns the count left waiting."""
    month = StockMonth(staff, calendar, products, places)
    today = calendar.today()
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        progress(f"{day}")
        month.day(day, dosing)
    progress(f"{today}")
    return month.this_morning(dosing)
