"""The end-of-day (and shift handover) count at a dosing window, as a core workflow.

expected = opening + received − dispensed − wasted − returned ± other movements, all from the
ledger; variance = counted − expected. Within tolerance (a small volume for solutions, nothing for
tablets) the counter's signature settles it; beyond it the count is recorded as it was found and
waits for an explanation and a second person's sign-off, and the day cannot close while any
variance waits. Every variance is booked as an adjusting movement when settled, so the book
matches the shelf. A closed day is never reopened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, event, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing.queue import CloseCheck, close_check
from clinic.errors import Conflict, InvalidInput, NeedsConfirmation, about
from clinic.inventory import ledger
from clinic.numbers import parse_quantity, plain
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.privacy.users import verify_witness
from clinic.service import Call, service
from clinic.storage import direct
from clinic.storage.models import (
    DayClose,
    Location,
    Lot,
    Product,
    StockBalance,
    StockCount,
    StockMovement,
    User,
    VarianceSignoff,
)
from clinic.storage.settings_store import clinic_settings
from clinic.wording import plural

KINDS = ("day_close", "handover")
COUNT_STATES = ("settled", "signed_off", "waiting")


# --- the rules, pure: decided over plain values, unit-tested (tests/unit/test_count_rules.py) ---


def within_tolerance(variance: Decimal, tolerance: Decimal) -> bool:
    """A variance is settled by the counter alone when it is no further from zero than TOLERANCE."""
    return abs(variance) <= tolerance


def tolerance_of(unit: str, liquid_tolerance: Decimal) -> Decimal:
    """Tablets are counted exactly; a measured liquid may be off by the clinic's setting."""
    return Decimal(0) if unit == "tablet" else liquid_tolerance


@dataclass(frozen=True)
class Tally:
    """Today's movements at a window, by what they were."""

    opening: Decimal
    received: Decimal
    dispensed: Decimal
    wasted: Decimal
    returned: Decimal
    other: Decimal

    @property
    def expected(self) -> Decimal:
        return (
            self.opening + self.received - self.dispensed - self.wasted - self.returned + self.other
        )


def tally(
    rows: Iterable[tuple[str, int, int, Decimal, datetime]], location_id: int, start: datetime
) -> Tally:
    """The count sheet's lines from movements (kind, from, to, quantity, when) touching a window:
    before START they make the opening balance, after it each counts on its own line."""
    opening = received = dispensed = wasted = returned = other = Decimal(0)
    for kind, source, target, quantity, occurred in rows:
        signed = quantity if target == location_id else -quantity
        if occurred < start:
            opening += signed
        elif kind == "issue" and target == location_id:
            received += quantity
        elif kind == "dispense":
            dispensed += quantity
        elif kind == "waste":
            wasted += quantity
        elif kind == "return" and source == location_id:
            returned += quantity
        else:
            other += signed
    return Tally(opening, received, dispensed, wasted, returned, other)


def tally_from_book(
    book: Decimal,
    since: Iterable[tuple[str, int, int, Decimal, datetime]],
    location_id: int,
    start: datetime,
    moment: datetime,
) -> Tally:
    """The same sheet as `tally` over the whole ledger up to MOMENT, from the book (the
    window's balance now, which is the sum of all its movements) and the movements SINCE
    START only: the opening is the book less everything from START on, so the sheet costs
    one day's rows however long the ledger is."""
    rows = list(since)
    later = sum(
        (q if target == location_id else -q for _, _, target, q, when in rows if when >= start),
        Decimal(0),
    )
    today = [row for row in rows if start <= row[4] <= moment]
    t = tally(today, location_id, start)
    return Tally(book - later, t.received, t.dispensed, t.wasted, t.returned, t.other)


def check_count(
    *, unit: str, counted: Decimal, beyond: bool, explained: bool, witnessed: bool
) -> bool:
    """Refuse a count that cannot be recorded as typed; True when it is signed off now.

    Tablets are counted whole. Within tolerance the counter's signature settles it (an
    explanation or a witness is not asked for, and ignored). Beyond it, an explanation and a
    second person settle it together; neither alone, and with neither it waits."""
    if unit == "tablet" and counted != counted.to_integral_value():
        raise InvalidInput(en="Tablets are counted whole.", zh="片剂须按整片计数。")
    if not beyond or not (explained or witnessed):
        return False
    if not explained:
        raise InvalidInput(en="Explain the variance.", zh="请说明差异原因。", field="explanation")
    if not witnessed:
        raise InvalidInput(
            en="A variance beyond tolerance needs a second person's sign-off.",
            zh="超出允许范围的差异须第二人签字确认。",
            field="witness_user",
        )
    return True


def shortfall_takes(
    held: Iterable[tuple[int, Decimal]], shortfall: Decimal
) -> list[tuple[int, Decimal]]:
    """Which lots (id, how much) a shortfall is booked from: the first-listed (earliest expiry)
    first, each as far as it holds; refused if all of them hold less than the shortfall."""
    takes: list[tuple[int, Decimal]] = []
    remaining = shortfall
    for lot_id, have in held:
        take = min(have, remaining)
        if take > 0:
            takes.append((lot_id, take))
            remaining -= take
    if remaining > 0:
        raise Conflict(
            en="The book holds less than the shortfall: check the count.",
            zh="账面数量少于短缺数量：请核对盘点。",
        )
    return takes


def count_state(variance: Decimal, tolerance: Decimal, signed: bool) -> str:
    """settled (within tolerance), signed_off (beyond it, explained and signed) or waiting."""
    if within_tolerance(variance, tolerance):
        return "settled"
    return "signed_off" if signed else "waiting"


@dataclass(frozen=True)
class CountSheet:
    location_id: int
    product_id: int
    unit: str
    business_date: date
    opening: Decimal
    received: Decimal
    dispensed: Decimal
    wasted: Decimal
    returned: Decimal
    other: Decimal
    expected: Decimal
    tolerance: Decimal
    closed: bool

    def variance(self, counted: Decimal) -> Decimal:
        return counted - self.expected

    def within_tolerance(self, counted: Decimal) -> bool:
        return within_tolerance(self.variance(counted), self.tolerance)


@dataclass(frozen=True)
class CountResult:
    count_id: int
    kind: str
    sheet: CountSheet
    counted: Decimal
    variance: Decimal
    signed_off_by: int | None
    adjustment_vouchers: tuple[str, ...]
    pending: bool
    day_closed: bool


def day_bounds(session: Session, day: date) -> tuple[datetime, datetime]:
    zone = clock.clinic_zone(session)
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return start, end


_CLOSED = (
    select(DayClose.id)
    .where(
        DayClose.location_id == bindparam("location_id"),
        DayClose.product_id == bindparam("product_id"),
        DayClose.business_date == bindparam("day"),
    )
    .limit(1)
)


_OPEN_DAYS = "open_days"  # session.info: (place, product, day) found open in this transaction


def is_closed(session: Session, location_id: int, product_id: int, day: date) -> bool:
    """Whether the day is closed for the product at the place. Every dose asks it twice (its
    gate, its movement): a day found open is remembered for the rest of the transaction, until
    the transaction itself closes a day."""
    asked = (location_id, product_id, day)
    open_days: set[tuple[int, int, date]] = session.info.setdefault(_OPEN_DAYS, set())
    if asked in open_days:
        return False
    params = {"location_id": location_id, "product_id": product_id, "day": day}
    closed = direct.first(session, _CLOSED, params) is not None
    if not closed:
        open_days.add(asked)
    return closed


@event.listens_for(Session, "transient_to_pending")
def _day_closed_here(session: Session, instance: object) -> None:
    if isinstance(instance, DayClose):
        session.info.pop(_OPEN_DAYS, None)


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, _transaction: object) -> None:
    session.info.pop(_OPEN_DAYS, None)


def pending_counts(
    session: Session, location_id: int | None = None, product_id: int | None = None
) -> list[StockCount]:
    """Counts whose variance is beyond tolerance and not yet explained and signed off."""
    query = (
        select(StockCount)
        .outerjoin(VarianceSignoff, VarianceSignoff.count_id == StockCount.id)
        .where(VarianceSignoff.id.is_(None))
        .order_by(StockCount.id)
    )
    if location_id is not None:
        query = query.where(StockCount.location_id == location_id)
    if product_id is not None:
        query = query.where(StockCount.product_id == product_id)
    return [c for c in session.scalars(query) if not within_tolerance(c.variance, c.tolerance)]


def ensure_day_open(session: Session, place: Location, product_id: int, moment: datetime) -> None:
    """Refuse a movement at a window whose day is already closed for that product."""
    if place.kind != "window":
        return
    day = clock.clinic_today(session, moment)
    if is_closed(session, place.id, product_id, day):
        raise Conflict(
            en=f"{place.name} is closed for {day}: the day's count is signed. Record this tomorrow "
            "as a correction.",
            zh=f"{place.name} {day} 已日结（盘点已签字）。请于次日作为更正记录。",
        )


def book_balance(session: Session, location_id: int, product_id: int) -> Decimal:
    """What the book says LOCATION holds of PRODUCT now: its balances over every lot."""
    held = session.scalars(
        select(StockBalance.quantity).where(
            StockBalance.location_id == location_id, StockBalance.product_id == product_id
        )
    )
    return sum(held, Decimal(0))


MovementRow = tuple[str, int, int, Decimal, datetime]


def movements_since(
    session: Session, location_id: int, product_id: int, start: datetime | None
) -> list[MovementRow]:
    """(kind, from, to, quantity, when) of every movement of PRODUCT into or out of LOCATION
    from START on (all of them if START is None), each read by its (place, product, time)
    index."""
    columns = (
        StockMovement.kind,
        StockMovement.from_location_id,
        StockMovement.to_location_id,
        StockMovement.quantity,
        StockMovement.occurred_at,
    )
    rows: list[MovementRow] = []
    for side in (StockMovement.from_location_id, StockMovement.to_location_id):
        query = select(*columns).where(side == location_id, StockMovement.product_id == product_id)
        if start is not None:
            query = query.where(StockMovement.occurred_at >= start)
        rows += [tuple(row) for row in session.execute(query)]  # type: ignore[misc]
    return rows


def check_book_matches_ledger(session: Session, place: Location, product_id: int) -> None:
    """Refuse (a person must examine it) if the window's balance of any lot is not the sum of
    that lot's movements: the count sheet reads the balance, so the two must never part."""
    ledger_sum: dict[int, Decimal] = {}
    for lot_id, source, quantity in session.execute(
        select(StockMovement.lot_id, StockMovement.from_location_id, StockMovement.quantity).where(
            or_(
                StockMovement.from_location_id == place.id,
                StockMovement.to_location_id == place.id,
            ),
            StockMovement.product_id == product_id,
        )
    ):
        signed = -quantity if source == place.id else quantity
        ledger_sum[lot_id] = ledger_sum.get(lot_id, Decimal(0)) + signed
    balances = dict(
        session.execute(
            select(StockBalance.lot_id, StockBalance.quantity).where(
                StockBalance.location_id == place.id, StockBalance.product_id == product_id
            )
        ).all()
    )
    for lot_id in ledger_sum.keys() | balances.keys():
        if ledger_sum.get(lot_id, Decimal(0)) != balances.get(lot_id, Decimal(0)):
            raise Conflict(
                en=f"{place.name}: the stock book does not match its ledger (lot record "
                f"{lot_id}). The day is not closed; the administrator must examine it.",
                zh=f"{place.name}：库存账面与台账不符（批号记录 {lot_id}）。本日未日结，"
                "须由管理员检查。",
            )


def tolerance_for(session: Session, product: Product) -> Decimal:
    return tolerance_of(product.unit, clinic_settings(session).decimal("count_tolerance_ml"))


def sheet(session: Session, location_id: int, product_id: int) -> CountSheet:
    """The expected stock at a window now, with its breakdown for today."""
    place = ledger.location(session, location_id)
    if place.kind != "window":
        raise InvalidInput(en="Counts are taken at dosing windows.", zh="盘点在发药窗口进行。")
    product = session.get(Product, product_id)
    if product is None:
        raise InvalidInput(en="No such product.", zh="没有该产品。")
    moment = clock.now(session)
    day = clock.clinic_today(session, moment)
    start, _ = day_bounds(session, day)
    t = tally_from_book(
        book_balance(session, location_id, product_id),
        movements_since(session, location_id, product_id, start),
        location_id,
        start,
        moment,
    )
    return CountSheet(
        location_id,
        product_id,
        product.unit,
        day,
        t.opening,
        t.received,
        t.dispensed,
        t.wasted,
        t.returned,
        t.other,
        t.expected,
        tolerance_for(session, product),
        is_closed(session, location_id, product_id, day),
    )


@service(Action.STOCK_COUNT, entity="stock_count", audited=False, read_only=True)
def day_close_check(call: Call, *, window_id: int) -> CloseCheck:
    """What closing this window's day now would leave: patients still waiting, dosing hours."""
    now = call.db.clock()
    place = ledger.location(call.session, window_id)
    return close_check(call.session, place, now, clock.clinic_today(call.session, now))


@service(Action.STOCK_COUNT, entity="stock_count", audited=False, read_only=True)
def count_sheet(call: Call, *, window_id: int, product_id: int) -> CountSheet:
    return sheet(call.session, window_id, product_id)


def _book_variance(
    call: Call,
    place: Location,
    product: Product,
    variance: Decimal,
    checker: int | None,
    reference: str,
) -> list[str]:
    """Adjusting movements so the book equals the count (a shortfall from the earliest lots)."""
    session = call.session
    account = ledger.outside(session, "variance")
    vouchers = []
    if variance < 0:
        held = session.execute(
            select(Lot, StockBalance.quantity)
            .join(StockBalance, StockBalance.lot_id == Lot.id)
            .where(
                StockBalance.location_id == place.id,
                StockBalance.product_id == product.id,
            )
            .order_by(Lot.expiry_date, Lot.id)
        ).all()
        lots = {lot.id: lot for lot, _ in held}
        for lot_id, take in shortfall_takes(((lot.id, have) for lot, have in held), -variance):
            movement = ledger.post(
                session,
                kind="adjust",
                lot=lots[lot_id],
                source=place,
                target=account,
                quantity=take,
                done_by=call.actor.user_id,
                checked_by=checker,
                reason="count shortfall",
                reference=reference,
            )
            vouchers.append(movement.voucher)
    elif variance > 0:
        surplus_lot = session.scalars(
            select(Lot)
            .join(StockBalance, StockBalance.lot_id == Lot.id)
            .where(StockBalance.location_id == place.id, StockBalance.product_id == product.id)
            .order_by(Lot.expiry_date, Lot.id)
        ).first()
        if surplus_lot is None:
            raise Conflict(
                en="No lot of this product was ever at this window: check the count.",
                zh="该窗口从未有此产品的批号：请核对盘点。",
            )
        movement = ledger.post(
            session,
            kind="adjust",
            lot=surplus_lot,
            source=account,
            target=place,
            quantity=variance,
            done_by=call.actor.user_id,
            checked_by=checker,
            reason="count surplus",
            reference=reference,
        )
        vouchers.append(movement.voucher)
    return vouchers


def _confirm_close(call: Call, place: Location, confirm_waiting: int | None) -> None:
    """Closing a window's day stops every dose there until tomorrow: inside the site's dosing
    hours, or with patients still in today's queue, it needs a confirmation naming how many."""
    now = call.db.clock()
    check = close_check(call.session, place, now, clock.clinic_today(call.session, now))
    if check.needs_confirmation and confirm_waiting != check.waiting:
        why_en, why_zh = [], []
        if check.waiting:
            why_en.append(
                plural(
                    check.waiting,
                    "%n patient at this site has not been dosed yet today.",
                    "%n patients at this site have not been dosed yet today.",
                )
            )
            why_zh.append(f"本站点今日还有 {check.waiting} 名患者未服药。")
        if check.inside_hours:
            why_en.append(f"It is inside the dosing hours ({check.opens}–{check.closes}).")
            why_zh.append(f"现在仍在服药时间内（{check.opens}–{check.closes}）。")
        raise NeedsConfirmation(
            en=" ".join(why_en) + f" Closing the day at {place.name} stops every dose there until "
            "tomorrow. Confirm to close it anyway.",
            zh="".join(why_zh) + f"日结后 {place.name} 次日前不能再发药。确认仍要日结吗？",
            waiting=check.waiting,
            inside_hours=check.inside_hours,
        )


def _close_day(call: Call, count: StockCount, confirm_waiting: int | None = None) -> None:
    place = ledger.location(call.session, count.location_id)
    _confirm_close(call, place, confirm_waiting)
    check_book_matches_ledger(call.session, place, count.product_id)
    waiting = [
        c
        for c in pending_counts(call.session, count.location_id, count.product_id)
        if c.business_date == count.business_date
    ]
    if waiting:
        raise Conflict(
            en=plural(
                len(waiting),
                "%n count today has a variance waiting for an explanation and a second "
                "signature; settle it before closing the day.",
                "%n counts today have a variance waiting for an explanation and a second "
                "signature; settle them before closing the day.",
            ),
            zh=f"今日有 {len(waiting)} 次盘点差异尚待说明和第二人签字，请先处理再日结。",
        )
    call.session.add(
        DayClose(
            location_id=count.location_id,
            product_id=count.product_id,
            business_date=count.business_date,
            count_id=count.id,
            closed_by=call.actor.user_id,
        )
    )
    try:
        call.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="This day was closed at the same moment on another workstation.",
            zh="该日刚在其他工作站完成日结。",
        ) from exc


def _refuse_over_waiting(call: Call, window_id: int, product_id: int, day: date) -> None:
    """A day-close count while an earlier count of the day waits for its sign-off is not
    recorded: the refusal names that count, so the variance can be opened and signed first."""
    waiting = [
        c for c in pending_counts(call.session, window_id, product_id) if c.business_date == day
    ]
    if not waiting:
        return
    first = waiting[0]
    unit = unit_of(call.session, product_id)
    at = first.recorded_at.astimezone(clock.clinic_zone(call.session)).strftime("%H:%M")
    raise Conflict(
        en=f"Your count was not recorded: the count of {at} (variance {signed_quantity(first.variance)} "
        f"{unit}) is still waiting for an explanation and a second signature. Sign that "
        "variance off first, then record your count again to close the day.",
        zh=f"本次盘点未记录：{at} 的盘点（差异 {signed_quantity(first.variance)} {unit}）尚待说明和第二人"
        "签字。请先处理该差异，再重新记录本次盘点以完成日结。",
        waiting_count_id=first.id,
        field="counted",
    )


def unit_of(session: Session, product_id: int) -> str:
    product = session.get(Product, product_id)
    assert product is not None  # a count's product: products are never deleted
    return product.unit


def signed_quantity(quantity: Decimal) -> str:
    return ("+" if quantity > 0 else "") + plain(quantity)


def _settle(
    call: Call, count: StockCount, explanation: str | None, witness: int | None
) -> list[str]:
    place = ledger.location(call.session, count.location_id)
    product = call.session.get(Product, count.product_id)
    assert product is not None
    reference = f"count {count.id} {count.business_date} {count.kind}"
    vouchers = (
        _book_variance(call, place, product, count.variance, witness, reference)
        if count.variance
        else []
    )
    call.session.add(
        VarianceSignoff(
            count_id=count.id,
            explanation=explanation,
            signed_by=call.actor.user_id,
            witness_id=witness,
            adjustment_vouchers=" ".join(vouchers) or None,
        )
    )
    return vouchers


@service(Action.STOCK_COUNT, entity="stock_count")
def record_count(
    call: Call,
    *,
    window_id: int,
    product_id: int,
    counted: object,
    kind: str = "day_close",
    explanation: str | None = None,
    witness: str | None = None,
    witness_password: str | None = None,
    confirm_waiting: int | None = None,
) -> CountResult:
    """Record what was counted. Within tolerance it is settled at once (and a day close closes the
    day); beyond it, it is settled only with an explanation and a second signature — given now,
    or later through sign_off_variance — and until then the day cannot close."""
    session = call.session
    if kind not in KINDS:
        raise InvalidInput(
            en="A count is a day close or a shift handover.", zh="盘点类型须为日结或交班。"
        )
    product = session.get(Product, product_id)
    if product is None:
        raise InvalidInput(en="No such product.", zh="没有该产品。")
    with about("counted"):
        amount = parse_quantity(counted, "Counted", "实盘数量", zero_ok=True)
    current = sheet(session, window_id, product_id)
    call.note(entity_id=f"{window_id}:{product_id}:{current.business_date}", kind=kind)
    if current.closed:
        raise Conflict(
            en=f"This window's day {current.business_date} is already closed for this product.",
            zh=f"该窗口 {current.business_date} 此产品已日结。",
        )
    variance = current.variance(amount)
    with about("explanation"):
        why = free_text(explanation, 1000, "Explanation", "差异说明")
    beyond = not current.within_tolerance(amount)
    with about("counted"):
        signing = check_count(
            unit=product.unit,
            counted=amount,
            beyond=beyond,
            explained=bool(why),
            witnessed=bool(witness),
        )
    if kind == "day_close":
        _refuse_over_waiting(call, window_id, product_id, current.business_date)
    signer: int | None = None
    if signing:
        with about("witness"):
            signer = verify_witness(
                call, username=witness or "", password=witness_password or ""
            ).user_id
    count = StockCount(
        location_id=window_id,
        product_id=product_id,
        business_date=current.business_date,
        kind=kind,
        opening=current.opening,
        received=current.received,
        dispensed=current.dispensed,
        wasted=current.wasted,
        returned=current.returned,
        other=current.other,
        expected=current.expected,
        counted=amount,
        variance=variance,
        tolerance=current.tolerance,
        counted_by=call.actor.user_id,
    )
    session.add(count)
    session.flush()
    pending = beyond and signer is None
    vouchers: list[str] = []
    if not pending:
        vouchers = _settle(call, count, why, signer)
        if kind == "day_close":
            _close_day(call, count, confirm_waiting)
    call.note(
        count_id=count.id,
        expected=str(current.expected),
        counted=str(amount),
        variance=str(variance),
        pending=pending,
        signed_off=signer is not None,
        adjustments=vouchers,
    )
    return CountResult(
        count.id,
        kind,
        current,
        amount,
        variance,
        signer,
        tuple(vouchers),
        pending,
        kind == "day_close" and not pending,
    )


@service(Action.STOCK_COUNT, entity="stock_count")
def sign_off_variance(
    call: Call,
    *,
    count_id: int,
    explanation: str,
    witness: str,
    witness_password: str,
    close_day: bool = True,
    confirm_waiting: int | None = None,
) -> CountResult:
    """Explain a waiting variance with a second person's signature; a day-close count then closes."""
    session = call.session
    count = session.get(StockCount, count_id)
    if count is None:
        raise InvalidInput(en="No such count.", zh="没有该盘点记录。")
    call.note(entity_id=count_id)
    if count not in pending_counts(session, count.location_id, count.product_id):
        raise Conflict(en="This count has no variance waiting.", zh="该盘点没有待处理的差异。")
    why = free_text(explanation, 1000, "Explanation", "差异说明")
    if not why:
        raise InvalidInput(en="Explain the variance.", zh="请说明差异原因。")
    signer = verify_witness(call, username=witness, password=witness_password).user_id
    vouchers = _settle(call, count, why, signer)
    session.flush()
    closed = False
    if (
        count.kind == "day_close"
        and close_day
        and not is_closed(session, count.location_id, count.product_id, count.business_date)
    ):
        _close_day(call, count, confirm_waiting)
        closed = True
    call.note(variance=str(count.variance), adjustments=vouchers, day_closed=closed)
    current = sheet(session, count.location_id, count.product_id)
    return CountResult(
        count.id,
        count.kind,
        current,
        count.counted,
        count.variance,
        signer,
        tuple(vouchers),
        False,
        closed,
    )


@dataclass(frozen=True)
class PendingVariance:
    count_id: int
    location_id: int
    product_id: int
    business_date: date
    kind: str
    expected: Decimal
    counted: Decimal
    variance: Decimal
    tolerance: Decimal


@service(Action.STOCK_COUNT, entity="stock_count", audited=False, read_only=True)
def waiting_variances(call: Call) -> list[PendingVariance]:
    return [
        PendingVariance(
            c.id,
            c.location_id,
            c.product_id,
            c.business_date,
            c.kind,
            c.expected,
            c.counted,
            c.variance,
            c.tolerance,
        )
        for c in pending_counts(call.session)
    ]


@dataclass(frozen=True)
class DayCount:
    """One count of the day at a window, and where it stands."""

    count_id: int
    kind: str
    recorded_at: datetime  # clinic time
    expected: Decimal
    counted: Decimal
    variance: Decimal
    tolerance: Decimal
    state: str  # one of COUNT_STATES
    counted_by: str
    witness: str | None
    closed_the_day: bool


@dataclass(frozen=True)
class DayCounts:
    """A window's day for one product: every count recorded, and whether the day is closed."""

    business_date: date
    unit: str
    closed: bool
    counts: tuple[DayCount, ...]


@service(Action.STOCK_COUNT, entity="stock_count", audited=False, read_only=True)
def day_counts(call: Call, *, window_id: int, product_id: int) -> DayCounts:
    """Today's counts at a window for a product, oldest first: recorded, signed, waiting."""
    session = call.session
    current = sheet(session, window_id, product_id)
    zone = clock.clinic_zone(session)
    closing = session.scalars(
        select(DayClose.count_id).where(
            DayClose.location_id == window_id,
            DayClose.product_id == product_id,
            DayClose.business_date == current.business_date,
        )
    ).first()
    rows = session.execute(
        select(StockCount, VarianceSignoff)
        .outerjoin(VarianceSignoff, VarianceSignoff.count_id == StockCount.id)
        .where(
            StockCount.location_id == window_id,
            StockCount.product_id == product_id,
            StockCount.business_date == current.business_date,
        )
        .order_by(StockCount.id)
    ).all()
    names: dict[int, str] = {}

    def person(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in names:
            user = session.get(User, user_id)
            names[user_id] = user.full_name if user else str(user_id)
        return names[user_id]

    return DayCounts(
        current.business_date,
        current.unit,
        current.closed,
        tuple(
            DayCount(
                count.id,
                count.kind,
                count.recorded_at.astimezone(zone),
                count.expected,
                count.counted,
                count.variance,
                count.tolerance,
                count_state(count.variance, count.tolerance, signoff is not None),
                person(count.counted_by) or "",
                person(signoff.witness_id) if signoff else None,
                closing == count.id,
            )
            for count, signoff in rows
        ),
    )


@dataclass(frozen=True)
class CountLine:
    """One recorded count as the book keeps it: the sheet, what was found, who counted, and the
    explanation and signatures that settled its variance (if they did)."""

    count_id: int
    business_date: date
    recorded_at: datetime  # clinic time
    kind: str
    location_id: int
    place_name: str
    product_id: int
    product_name: str
    unit: str
    opening: Decimal
    received: Decimal
    dispensed: Decimal
    wasted: Decimal
    returned: Decimal
    other: Decimal
    expected: Decimal
    counted: Decimal
    variance: Decimal
    tolerance: Decimal
    state: str  # one of COUNT_STATES
    counted_by: str
    explanation: str | None
    signed_off_by: str | None
    witness: str | None
    signed_off_at: datetime | None  # clinic time
    adjustment_vouchers: str | None
    closed_the_day: bool


def counts_between(
    session: Session,
    first: date,
    last: date,
    *,
    window_id: int | None = None,
    product_id: int | None = None,
) -> list[CountLine]:
    """Every count of the business days FIRST..LAST (a window and product, or all), by day."""
    query = (
        select(StockCount, VarianceSignoff, DayClose.id)
        .outerjoin(VarianceSignoff, VarianceSignoff.count_id == StockCount.id)
        .outerjoin(DayClose, DayClose.count_id == StockCount.id)
        .where(StockCount.business_date >= first, StockCount.business_date <= last)
        .order_by(StockCount.business_date, StockCount.location_id, StockCount.id)
    )
    if window_id is not None:
        query = query.where(StockCount.location_id == window_id)
    if product_id is not None:
        query = query.where(StockCount.product_id == product_id)
    zone = clock.clinic_zone(session)
    names: dict[int, str] = {}

    def person(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in names:
            user = session.get(User, user_id)
            names[user_id] = user.full_name if user else str(user_id)
        return names[user_id]

    lines = []
    for count, signoff, close_id in session.execute(query).all():
        place = session.get(Location, count.location_id)
        product = session.get(Product, count.product_id)
        assert place is not None and product is not None  # never deleted
        lines.append(
            CountLine(
                count_id=count.id,
                business_date=count.business_date,
                recorded_at=count.recorded_at.astimezone(zone),
                kind=count.kind,
                location_id=count.location_id,
                place_name=place.name,
                product_id=count.product_id,
                product_name=product.name,
                unit=product.unit,
                opening=count.opening,
                received=count.received,
                dispensed=count.dispensed,
                wasted=count.wasted,
                returned=count.returned,
                other=count.other,
                expected=count.expected,
                counted=count.counted,
                variance=count.variance,
                tolerance=count.tolerance,
                state=count_state(count.variance, count.tolerance, signoff is not None),
                counted_by=person(count.counted_by) or "",
                explanation=signoff.explanation if signoff else None,
                signed_off_by=person(signoff.signed_by) if signoff else None,
                witness=person(signoff.witness_id) if signoff else None,
                signed_off_at=signoff.recorded_at.astimezone(zone) if signoff else None,
                adjustment_vouchers=signoff.adjustment_vouchers if signoff else None,
                closed_the_day=close_id is not None,
            )
        )
    return lines
