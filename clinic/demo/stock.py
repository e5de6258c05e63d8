"""Fictional demo stock: two sites, four products, a month of controlled-drug history.

The services stamp every movement with the present moment, so the backdated month is written
through the ledger core (`ledger.post(..., occurred_at=...)`) with the same balance checks and one
audit event per action, day by day and in order, each day closed by its count. Today is left
open with one count whose variance waits for an explanation and a second signature.
Everything here is invented: lot numbers, manufacturers, suppliers and references.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.administration import add_site
from clinic.inventory import ledger, reconcile, stock
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.privacy.permissions import Action
from clinic.service import AuthContext
from clinic.storage.models import (
    DayClose,
    Destruction,
    DestructionApplication,
    Incident,
    Location,
    Lot,
    Receipt,
    StockCount,
    StockMovement,
    Transfer,
    TransferReceipt,
    VarianceSignoff,
)
from clinic.storage.uow import UnitOfWork

SEED = 20180602
HISTORY_DAYS = 30
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
# The main window's doses, when the dosing demo records them (day, window id); otherwise simulated.
DosingHook = Callable[[date, int], None]
SAT_TOP_UP = (Decimal(600), Decimal(500))
# Patients dosed per product at a window (doses in the product's unit).
PATIENTS = {"MET-1": 34, "MET-05": 3, "BUP-2": 8, "BUP-02": 1}
SAT_PATIENTS = 6
TRANSFER_DAY, TRANSFER_QUANTITY = 15, Decimal(6000)
LOSS_DAY, LOSS_QUANTITY = 7, Decimal(500)
DESTROY_DAY = 6
SMALL_VARIANCE_DAY = 9
WAITING_SHORTFALL = Decimal(12)


@dataclass
class StockSummary:
    movements: int = 0
    places: dict[str, int] = field(default_factory=dict)
    lots: dict[str, int] = field(default_factory=dict)
    waiting_count_id: int | None = None


def _doses(rng: random.Random, code: str, count: int) -> list[Decimal]:
    if code == "MET-1":
        return [Decimal(rng.randrange(30, 125, 5)) for _ in range(count)]
    if code == "MET-05":
        return [Decimal(rng.randrange(20, 60, 10)) for _ in range(count)]
    if code == "BUP-2":
        return [Decimal(rng.randrange(1, 5)) for _ in range(count)]
    return [Decimal(2) for _ in range(count)]


class _History:
    """Backdated actions on one session: ledger movements with their records and audit events."""

    def __init__(
        self, session: Session, key: bytes, pharmacist: AuthContext, nurse: AuthContext
    ) -> None:
        self.session = session
        self.key = key
        self.pharmacist = pharmacist
        self.nurse = nurse
        self.zone = clock.clinic_zone(session)
        self.count = 0

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone).astimezone(UTC)

    def audit(
        self, who: AuthContext, action: Action, entity: str, entity_id: object, **details: Any
    ) -> None:
        actor = who.actor
        audit.append(
            self.session,
            self.key,
            EventDraft(
                user_id=actor.user_id,
                username=actor.username,
                workstation=actor.workstation,
                session_id=actor.session_id,
                action=action.value,
                entity=entity,
                entity_id=str(entity_id),
                outcome=Outcome.DONE,
                details={**details, "demo_history": True},
            ),
        )

    def post(
        self,
        kind: str,
        lot: Lot,
        source: Location,
        target: Location,
        quantity: Decimal,
        moment: datetime,
        by: AuthContext,
        checker: AuthContext | None = None,
        reason: str | None = None,
        reference: str | None = None,
    ) -> StockMovement:
        self.count += 1
        return ledger.post(
            self.session,
            kind=kind,
            lot=lot,
            source=source,
            target=target,
            quantity=quantity,
            done_by=by.actor.user_id,
            checked_by=checker.actor.user_id if checker else None,
            reason=reason,
            reference=reference,
            occurred_at=moment,
        )

    def move(
        self,
        action: Action,
        kind: str,
        lot: Lot,
        source: Location,
        target: Location,
        quantity: Decimal,
        moment: datetime,
        by: AuthContext,
        checker: AuthContext | None = None,
        reason: str | None = None,
    ) -> StockMovement:
        """One movement that is one action: posted and audited."""
        movement = self.post(kind, lot, source, target, quantity, moment, by, checker, reason)
        self.audit(
            by,
            action,
            "movement",
            movement.id,
            kind=kind,
            voucher=movement.voucher,
            quantity=str(quantity),
            occurred_at=moment.isoformat(),
        )
        return movement

    def fefo(
        self, product_id: int, place: Location, day: date, need: Decimal
    ) -> list[tuple[Lot, Decimal]]:
        """Usable lots at PLACE covering NEED, earliest expiry first (less if there is not enough)."""
        taken: list[tuple[Lot, Decimal]] = []
        for lot, have in ledger.usable_lots(self.session, product_id, place.id, day):
            take = min(have, need)
            if take > 0:
                taken.append((lot, take))
                need -= take
            if need == 0:
                break
        return taken

    def usable(self, product_id: int, place: Location, day: date) -> Decimal:
        rows = ledger.usable_lots(self.session, product_id, place.id, day)
        return sum((q for _, q in rows), Decimal(0))

    def receive(self, plan: LotPlan, product_id: int, safe: Location, day: date) -> Lot:
        moment = self.at(day, 7)
        lot = self.session.scalars(
            select(Lot).where(Lot.product_id == product_id, Lot.lot_number == plan.number)
        ).first()
        if lot is None:
            lot = Lot(
                product_id=product_id,
                lot_number=plan.number,
                expiry_date=clock.clinic_today(self.session) + timedelta(days=plan.expiry_in_days),
                manufacturer=MAKERS[plan.product[:3]],
                supplier=SUPPLIER,
                created_at=moment,
            )
            self.session.add(lot)
            self.session.flush()
        supplier = ledger.outside(self.session, "supplier")
        note = f"SH-DEMO-{plan.number}"
        good = plan.quantity - plan.damaged
        movement = self.post(
            "receipt", lot, supplier, safe, good, moment, self.pharmacist, self.nurse, None, note
        )
        if plan.damaged:
            quarantine = stock._quarantine(self.session, safe)
            self.post(
                "receipt",
                lot,
                supplier,
                quarantine,
                plan.damaged,
                moment,
                self.pharmacist,
                self.nurse,
                "damaged on delivery",
                note,
            )
        receipt = Receipt(
            lot_id=lot.id,
            location_id=safe.id,
            expected=plan.quantity,
            received=good,
            damaged=plan.damaged,
            shortage=Decimal(0),
            delivery_note=note,
            note="两瓶破损 two cartons crushed in transit" if plan.damaged else None,
            received_by=self.pharmacist.actor.user_id,
            checked_by=self.nurse.actor.user_id,
            recorded_at=moment,
        )
        self.session.add(receipt)
        self.session.flush()
        self.audit(
            self.pharmacist,
            Action.STOCK_RECEIVE,
            "receipt",
            receipt.id,
            lot=plan.number,
            received=str(good),
            damaged=str(plan.damaged),
            shortage="0",
            voucher=movement.voucher,
        )
        return lot

    def apply_destruction(
        self, lot: Lot, place: Location, quantity: Decimal, reason: str, moment: datetime
    ) -> DestructionApplication:
        quarantine = stock._quarantine(self.session, place)
        if place.id != quarantine.id:
            self.post(
                "set_aside", lot, place, quarantine, quantity, moment, self.pharmacist, None, reason
            )
        application = DestructionApplication(
            lot_id=lot.id,
            location_id=quarantine.id,
            quantity=quantity,
            reason=reason,
            applied_by=self.pharmacist.actor.user_id,
            applied_at=moment,
        )
        self.session.add(application)
        self.session.flush()
        self.audit(
            self.pharmacist,
            Action.STOCK_DESTROY,
            "destruction",
            application.id,
            lot=lot.lot_number,
            quantity=str(quantity),
        )
        return application

    def destroy(self, application: DestructionApplication, moment: datetime) -> None:
        lot = self.session.get(Lot, application.lot_id)
        quarantine = self.session.get(Location, application.location_id)
        assert lot is not None and quarantine is not None
        reference = "京药监销字（示范）DEMO-0602"
        supervisor = "区药监局 王监督员 (demo)"
        movement = self.post(
            "destroy",
            lot,
            quarantine,
            ledger.outside(self.session, "destroyed"),
            application.quantity,
            moment,
            self.pharmacist,
            self.nurse,
            f"supervised by {supervisor}",
            reference,
        )
        self.session.add(
            Destruction(
                application_id=application.id,
                movement_id=movement.id,
                authority_reference=reference,
                supervisor=supervisor,
                destroyed_by=self.pharmacist.actor.user_id,
                witness_id=self.nurse.actor.user_id,
                recorded_at=moment,
            )
        )
        self.audit(
            self.pharmacist,
            Action.STOCK_DESTROY,
            "destruction",
            application.id,
            voucher=movement.voucher,
            authority_reference=reference,
        )

    def close_day(
        self, window: Location, product_id: int, day: date, shortfall: Decimal = Decimal(0)
    ) -> None:
        """The day's count at WINDOW: as expected (or a shortfall within tolerance), then closed."""
        moment = self.at(day, 17, 30)
        sheet = reconcile.sheet(self.session, window.id, product_id, until=moment)
        counted = sheet.expected - shortfall
        count = StockCount(
            location_id=window.id,
            product_id=product_id,
            business_date=day,
            kind="day_close",
            opening=sheet.opening,
            received=sheet.received,
            dispensed=sheet.dispensed,
            wasted=sheet.wasted,
            returned=sheet.returned,
            other=sheet.other,
            expected=sheet.expected,
            counted=counted,
            variance=-shortfall,
            tolerance=sheet.tolerance,
            counted_by=self.nurse.actor.user_id,
            recorded_at=moment,
        )
        self.session.add(count)
        self.session.flush()
        vouchers: list[str] = []
        if shortfall:
            account = ledger.outside(self.session, "variance")
            left = shortfall
            for lot, take in self.fefo(product_id, window, day, shortfall):
                vouchers.append(
                    self.post(
                        "adjust",
                        lot,
                        window,
                        account,
                        take,
                        moment,
                        self.nurse,
                        None,
                        "count shortfall",
                        f"count {count.id} {day} day_close",
                    ).voucher
                )
                left -= take
            assert left == 0
        self.session.add(
            VarianceSignoff(
                count_id=count.id,
                explanation=None,
                signed_by=self.nurse.actor.user_id,
                witness_id=None,
                adjustment_vouchers=" ".join(vouchers) or None,
                recorded_at=moment,
            )
        )
        self.session.add(
            DayClose(
                location_id=window.id,
                product_id=product_id,
                business_date=day,
                count_id=count.id,
                closed_by=self.nurse.actor.user_id,
                recorded_at=moment,
            )
        )
        self.session.flush()
        self.audit(
            self.nurse,
            Action.STOCK_COUNT,
            "stock_count",
            f"{window.id}:{product_id}:{day}",
            kind="day_close",
            count_id=count.id,
            expected=str(sheet.expected),
            counted=str(counted),
            variance=str(-shortfall),
            pending=False,
            adjustments=vouchers,
        )


def _places(admin: AuthContext, pharmacist: AuthContext) -> dict[str, int]:
    add_site(admin, code="SAT", name="卫星服药点 Satellite dosing point", timezone="Asia/Shanghai")
    names = (
        ("MAIN", "safe", "主门诊药库 Main safe"),
        ("MAIN", "window", "主门诊窗口1 Main window 1"),
        ("SAT", "safe", "卫星点药柜 Satellite safe"),
        ("SAT", "window", "卫星点窗口 Satellite window"),
    )
    return {
        f"{site}-{kind}": stock.add_place(
            pharmacist, site_code=site, kind=kind, name=name
        ).location_id
        for site, kind, name in names
    }


def populate_stock(
    admin: AuthContext,
    pharmacist: AuthContext,
    nurse: AuthContext,
    products: dict[str, int],
    dosing: DosingHook | None = None,
) -> StockSummary:
    """Places at two sites, six lots, a month of movements, and today's count left waiting.
    With DOSING, the main window's doses of each day are recorded by it (through the dosing
    services) between the morning's issue and the evening's count, instead of simulated."""
    summary = StockSummary()
    summary.places = _places(admin, pharmacist)
    rng = random.Random(SEED)
    doses = {code: _doses(rng, code, n) for code, n in PATIENTS.items()}
    sat_doses = _doses(rng, "MET-1", SAT_PATIENTS)
    db = admin.db
    with UnitOfWork(db, read_only=True) as uow:
        today = clock.clinic_today(uow.session)
    lots: dict[str, Lot] = {}
    transfer_id: int | None = None
    damaged_application: int | None = None
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        with UnitOfWork(db) as uow:
            session = uow.session
            h = _History(session, db.keys.audit, pharmacist, nurse)

            def place(key: str, session: Session = session) -> Location:
                found = session.get(Location, summary.places[key])
                assert found is not None
                return found

            safe, window = place("MAIN-safe"), place("MAIN-window")
            sat_safe, sat_window = place("SAT-safe"), place("SAT-window")
            for plan in LOTS:
                if plan.received_day == back:
                    lots[plan.number] = h.receive(plan, products[plan.product], safe, day)
                    if plan.damaged:  # the receipt put it in quarantine: apply to destroy it
                        damaged_application = h.apply_destruction(
                            lots[plan.number],
                            stock._quarantine(session, safe),
                            plan.damaged,
                            "到货破损 damaged on delivery",
                            h.at(day, 16),
                        ).id
            for lot in lots.values():
                if lot.expiry_date == day - timedelta(days=1):
                    _expired(h, lot, safe, window, day)
            if back == TRANSFER_DAY:
                transfer_id = _send(h, lots["MT231107A"], safe, sat_safe, day)
            if back == TRANSFER_DAY - 1 and transfer_id is not None:
                _arrive(h, transfer_id, sat_safe, day)
            if back == LOSS_DAY:
                _loss(h, lots["MT231107A"], safe, day)
            if back == DESTROY_DAY and damaged_application is not None:
                application = session.get(DestructionApplication, damaged_application)
                assert application is not None
                h.destroy(application, h.at(day, 15))
            _window_day(h, products, doses, safe, window, day, rng, evening=dosing is None)
            if back < TRANSFER_DAY - 1:
                _sat_day(h, products["MET-1"], sat_doses, sat_safe, sat_window, day, rng)
            uow.commit()
            summary.movements += h.count
        if dosing is not None:
            dosing(day, summary.places["MAIN-window"])
            with UnitOfWork(db) as uow:
                h = _History(uow.session, db.keys.audit, pharmacist, nurse)
                main_safe = uow.session.get(Location, summary.places["MAIN-safe"])
                main_window = uow.session.get(Location, summary.places["MAIN-window"])
                assert main_safe is not None and main_window is not None
                _window_day(h, products, doses, main_safe, main_window, day, rng, morning=False)
                uow.commit()
                summary.movements += h.count
    summary.lots = {number: lot.id for number, lot in lots.items()}
    summary.waiting_count_id = _today(db, pharmacist, nurse, products, summary, doses, rng, dosing)
    return summary


def _expired(h: _History, lot: Lot, safe: Location, window: Location, day: date) -> None:
    """The morning after a lot expires: window remnants back to the safe, all of it set aside."""
    left = ledger.balance(h.session, lot.product_id, lot.id, window.id)
    if left > 0:
        h.move(
            Action.STOCK_MOVE,
            "return",
            lot,
            window,
            safe,
            left,
            h.at(day, 7, 5),
            h.pharmacist,
            h.nurse,
            "过期退回药库 expired, returned to the safe",
        )
    held = ledger.balance(h.session, lot.product_id, lot.id, safe.id)
    if held > 0:
        h.apply_destruction(
            lot, safe, held, f"过期（有效期至 {lot.expiry_date}）expired", h.at(day, 7, 10)
        )


def _send(h: _History, lot: Lot, safe: Location, sat_safe: Location, day: date) -> int:
    moment = h.at(day, 15)
    movement = h.post(
        "transfer_out",
        lot,
        safe,
        ledger.outside(h.session, "transit"),
        TRANSFER_QUANTITY,
        moment,
        h.pharmacist,
        h.nurse,
    )
    transfer = Transfer(
        product_id=lot.product_id,
        lot_id=lot.id,
        from_location_id=safe.id,
        to_location_id=sat_safe.id,
        quantity_sent=TRANSFER_QUANTITY,
        sent_movement_id=movement.id,
        sent_at=moment,
    )
    h.session.add(transfer)
    h.session.flush()
    movement.reference = f"transfer {transfer.id}"
    h.audit(
        h.pharmacist,
        Action.STOCK_MOVE,
        "transfer",
        transfer.id,
        voucher=movement.voucher,
        quantity=str(TRANSFER_QUANTITY),
    )
    return transfer.id


def _arrive(h: _History, transfer_id: int, sat_safe: Location, day: date) -> None:
    transfer = h.session.get(Transfer, transfer_id)
    assert transfer is not None
    lot = h.session.get(Lot, transfer.lot_id)
    assert lot is not None
    moment = h.at(day, 7, 15)
    h.post(
        "transfer_in",
        lot,
        ledger.outside(h.session, "transit"),
        sat_safe,
        transfer.quantity_sent,
        moment,
        h.pharmacist,
        h.nurse,
        None,
        f"transfer {transfer.id}",
    )
    h.session.add(
        TransferReceipt(
            transfer_id=transfer.id,
            quantity_received=transfer.quantity_sent,
            difference=Decimal(0),
            received_by=h.pharmacist.actor.user_id,
            checked_by=h.nurse.actor.user_id,
            recorded_at=moment,
        )
    )
    h.audit(
        h.pharmacist,
        Action.STOCK_MOVE,
        "transfer",
        transfer.id,
        received=str(transfer.quantity_sent),
        difference="0",
    )


def _loss(h: _History, lot: Lot, safe: Location, day: date) -> None:
    moment = h.at(day, 16, 20)
    movement = h.post(
        "loss",
        lot,
        safe,
        ledger.outside(h.session, "lost"),
        LOSS_QUANTITY,
        moment,
        h.pharmacist,
        h.nurse,
        "loss",
    )
    incident = Incident(
        kind="loss",
        movement_id=movement.id,
        discovered_at=moment - timedelta(minutes=40),
        circumstances=(
            "周盘点时发现药库少一瓶 500 mL 盐酸美沙酮口服溶液，已封存监控录像（示范数据）。"
            "A 500 mL bottle was missing from the safe at the weekly count; the CCTV recording "
            "was secured (demo data)."
        ),
        police_reference="DEMO-110-0417",
        recorded_by=h.pharmacist.actor.user_id,
        witness_id=h.nurse.actor.user_id,
        recorded_at=moment,
    )
    h.session.add(incident)
    h.session.flush()
    h.audit(
        h.pharmacist,
        Action.STOCK_LOSS,
        "incident",
        incident.id,
        kind="loss",
        voucher=movement.voucher,
        quantity=str(LOSS_QUANTITY),
    )


def _top_up(
    h: _History,
    product_id: int,
    safe: Location,
    window: Location,
    level: tuple[Decimal, Decimal],
    moment: datetime,
    day: date,
) -> None:
    target, pack = level
    short = target - h.usable(product_id, window, day)
    if short <= 0:
        return
    need = -(-short // pack) * pack
    for lot, take in h.fefo(product_id, safe, day, need):
        h.move(Action.STOCK_MOVE, "issue", lot, safe, window, take, moment, h.pharmacist, h.nurse)


def _dispense(
    h: _History,
    product_id: int,
    window: Location,
    doses: list[Decimal],
    day: date,
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> None:
    came = [dose for dose in doses if rng.random() < 0.92]
    step = (end - start) / max(len(came), 1)
    dispensed = ledger.outside(h.session, "dispensed")
    total, lines = Decimal(0), 0
    for i, dose in enumerate(came):
        portions = h.fefo(product_id, window, day, dose)
        if sum((q for _, q in portions), Decimal(0)) < dose:
            continue  # not enough at the window: the demo patient is dosed from the next issue
        for lot, take in portions:
            h.post("dispense", lot, window, dispensed, take, start + step * i, h.nurse)
            total += take
            lines += 1
    if lines:  # one event for the session's dispensing (the doses' own records come with dosing)
        h.audit(
            h.nurse,
            Action.STOCK_MOVE,
            "dispensing",
            f"{window.id}:{product_id}:{day}",
            kind="dispense",
            lines=lines,
            quantity=str(total),
        )


def _window_day(
    h: _History,
    products: dict[str, int],
    doses: dict[str, list[Decimal]],
    safe: Location,
    window: Location,
    day: date,
    rng: random.Random,
    *,
    morning: bool = True,
    evening: bool = True,
) -> None:
    """The morning's issue, then (simulated doses and) the day's waste and count; with a dosing
    hook the morning and the evening are written apart, around the real doses."""
    for code, product_id in products.items():
        if morning:
            _top_up(h, product_id, safe, window, TOP_UP[code], h.at(day, 7, 30), day)
        if not evening:
            continue
        if morning:
            _dispense(h, product_id, window, doses[code], day, h.at(day, 8), h.at(day, 11, 30), rng)
        if code == "MET-1" and day.toordinal() % 4 == 0:
            portions = h.fefo(product_id, window, day, Decimal("2.5"))
            if portions:
                lot, take = portions[0]
                h.move(
                    Action.STOCK_WASTE,
                    "waste",
                    lot,
                    window,
                    ledger.outside(h.session, "waste"),
                    take,
                    h.at(day, 10, 15),
                    h.nurse,
                    h.pharmacist,
                    "倒药时洒漏 spilled while pouring",
                )
        back = (clock.clinic_today(h.session) - day).days
        shortfall = Decimal("0.5") if code == "MET-1" and back == SMALL_VARIANCE_DAY else Decimal(0)
        h.close_day(window, product_id, day, shortfall)


def _sat_day(
    h: _History,
    product_id: int,
    doses: list[Decimal],
    sat_safe: Location,
    sat_window: Location,
    day: date,
    rng: random.Random,
) -> None:
    _top_up(h, product_id, sat_safe, sat_window, SAT_TOP_UP, h.at(day, 7, 30), day)
    _dispense(h, product_id, sat_window, doses, day, h.at(day, 8), h.at(day, 10), rng)
    h.close_day(sat_window, product_id, day)


def _today(
    db: Any,
    pharmacist: AuthContext,
    nurse: AuthContext,
    products: dict[str, int],
    summary: StockSummary,
    doses: dict[str, list[Decimal]],
    rng: random.Random,
    dosing: DosingHook | None = None,
) -> int:
    """This morning's issue and doses so far, then a count short beyond tolerance, left waiting."""
    methadone = products["MET-1"]
    with UnitOfWork(db) as uow:
        h = _History(uow.session, db.keys.audit, pharmacist, nurse)
        safe = uow.session.get(Location, summary.places["MAIN-safe"])
        window = uow.session.get(Location, summary.places["MAIN-window"])
        assert safe is not None and window is not None
        now = datetime.now(UTC)
        today = clock.clinic_today(uow.session)
        start = h.at(today, 0)
        span = now - start
        for code, product_id in products.items():
            if code == "MET-1" or dosing is not None:
                _top_up(h, product_id, safe, window, TOP_UP[code], start + span / 10, today)
        if dosing is None:
            _dispense(h, methadone, window, doses["MET-1"][:15], today, start + span / 5, now, rng)
        uow.commit()
        summary.movements += h.count
    if dosing is not None:
        dosing(today, window.id)
    expected = reconcile.count_sheet(nurse, window_id=window.id, product_id=methadone).expected
    result = reconcile.record_count(
        nurse,
        window_id=window.id,
        product_id=methadone,
        counted=str(expected - WAITING_SHORTFALL),
    )
    assert result.pending
    return result.count_id
