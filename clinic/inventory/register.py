"""The controlled-drug register (专用账册): per place, per product, per month, one line per movement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.inventory import ledger
from clinic.inventory.reconcile import day_bounds
from clinic.inventory.stock import PlaceInfo, place_info
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    Location,
    Lot,
    Product,
    Receipt,
    Site,
    StockBalance,
    StockMovement,
    User,
)
from clinic.storage.settings_store import clinic_settings, demo_clinic

RECEIPT_KINDS = ("receipt", "transfer_in")  # deliveries: a receiving and a keeping person sign
ISSUE_KINDS = ("issue", "return", "transfer_out")  # handed to a person, who signs as recipient


@dataclass(frozen=True)
class RegisterLine:
    occurred_at: datetime
    local_date: date
    voucher: str
    kind: str
    counterpart: str
    receipt: Decimal | None
    issue: Decimal | None
    balance: Decimal
    lot_number: str
    expiry_date: date
    manufacturer: str
    supplier: str
    done_by: str
    checked_by: str | None
    note: str | None
    # A delivery's line (from revision 0015): what the receipt recorded beside the quantity.
    quality: str | None = None
    acceptance: str | None = None  # a key of stock.ACCEPTANCE
    on_note: Decimal | None = None  # the quantity on the delivery note
    shortage: Decimal | None = None
    damaged: Decimal | None = None

    @property
    def role(self) -> str:
        """Whose signatures the line's two names are: receipt (receiving and keeping person),
        issue (the issuer and the recipient) or other (who did it and who checked)."""
        if self.kind in RECEIPT_KINDS:
            return "receipt"
        if self.kind in ISSUE_KINDS:
            return "issue"
        return "other"


@dataclass(frozen=True)
class DayTotal:
    """The day's total row under its last line: what came in and went out that day, and the
    balance at the day's end (the balance on its last line)."""

    day: date
    receipts: Decimal
    issues: Decimal
    balance: Decimal
    lines: int


def with_day_totals(lines: tuple[RegisterLine, ...]) -> list[RegisterLine | DayTotal]:
    """LINES with a total row after each day's last line: the one rule of the paper register,
    used by the PDF and the Excel file alike."""
    entries: list[RegisterLine | DayTotal] = []
    day_lines: list[RegisterLine] = []

    def close_day() -> None:
        if day_lines:
            entries.append(
                DayTotal(
                    day_lines[0].local_date,
                    sum((line.receipt or Decimal(0) for line in day_lines), Decimal(0)),
                    sum((line.issue or Decimal(0) for line in day_lines), Decimal(0)),
                    day_lines[-1].balance,
                    len(day_lines),
                )
            )
            day_lines.clear()

    for line in lines:
        if day_lines and line.local_date != day_lines[0].local_date:
            close_day()
        entries.append(line)
        day_lines.append(line)
    close_day()
    return entries


@dataclass(frozen=True)
class Register:
    clinic_name: str
    site_name: str
    place_name: str
    product_name: str
    product_form: str
    strength: str
    unit: str
    controlled_class: str
    year: int
    month: int
    opening: Decimal
    lines: tuple[RegisterLine, ...]
    closing: Decimal
    total_receipts: Decimal
    total_issues: Decimal
    # Set when the register shows only part of the month (an inspection's period).
    first_day: date | None = None
    last_day: date | None = None

    @property
    def period_label(self) -> str:
        """The month (2026-03), or the days of it shown (2026-03-10 – 2026-03-31)."""
        if self.first_day is None or self.last_day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.first_day.isoformat()} – {self.last_day.isoformat()}"


def month_bounds(session: Session, year: int, month: int) -> tuple[datetime, datetime]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise InvalidInput(en="Choose a month.", zh="请选择月份。")
    start, _ = day_bounds(session, date(year, month, 1))
    following = date(year + (month == 12), month % 12 + 1, 1)
    end, _ = day_bounds(session, following)
    return start, end


def build_register(
    session: Session,
    location_id: int,
    product_id: int,
    year: int,
    month: int,
    clinic_name: str,
    *,
    days: tuple[date, date] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Register:
    """The month's register; DAYS (first, last, inside the month) keeps only those days' lines,
    the balance brought forward to the first of them. PROGRESS hears (done, 100) as the lines
    are read (0 to 30)."""
    place = ledger.location(session, location_id)
    if not place.holds_stock or place.kind == "transit":
        raise InvalidInput(
            en="A register is kept for a safe, a window or quarantine.",
            zh="专用账册按药库、窗口或隔离区登记。",
        )
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(en="No such product.", zh="没有该产品。")
    start, end = month_bounds(session, year, month)
    if days is not None:
        start, _ = day_bounds(session, days[0])
        _, end = day_bounds(session, days[1])
    touches = or_(
        StockMovement.from_location_id == location_id, StockMovement.to_location_id == location_id
    )
    before = session.execute(
        select(StockMovement.to_location_id, StockMovement.quantity).where(
            StockMovement.product_id == product_id, touches, StockMovement.occurred_at < start
        )
    ).all()
    opening = sum((q if to == location_id else -q for to, q in before), Decimal(0))
    zone = clock.clinic_zone(session)
    names: dict[int, str] = {}

    def person(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in names:
            user = session.get(User, user_id)
            names[user_id] = user.full_name if user else str(user_id)
        return names[user_id]

    places: dict[int, str] = {}

    def place_name(location_id_: int) -> str:
        if location_id_ not in places:
            found = session.get(Location, location_id_)
            places[location_id_] = found.name if found else str(location_id_)
        return places[location_id_]

    running = opening
    lines: list[RegisterLine] = []
    receipts = issues = Decimal(0)
    rows = session.execute(
        select(StockMovement, Lot)
        .join(Lot, Lot.id == StockMovement.lot_id)
        .where(
            StockMovement.product_id == product_id,
            touches,
            StockMovement.occurred_at >= start,
            StockMovement.occurred_at < end,
        )
        .order_by(StockMovement.occurred_at, StockMovement.id)
    ).all()
    if progress is not None:
        progress(10, 100)
    ids = [movement.id for movement, _ in rows if movement.kind == "receipt"]
    receipts_by_movement: dict[int, Receipt] = {}
    if ids:
        for found in session.scalars(
            select(Receipt).where(
                or_(Receipt.movement_id.in_(ids), Receipt.damaged_movement_id.in_(ids))
            )
        ):
            for key in (found.movement_id, found.damaged_movement_id):
                if key is not None:
                    receipts_by_movement[key] = found
    for index, (movement, lot) in enumerate(rows):
        if progress is not None and index % 250 == 0:
            progress(10 + 20 * index // len(rows), 100)
        incoming = movement.to_location_id == location_id
        receipt = receipts_by_movement.get(movement.id)
        running += movement.quantity if incoming else -movement.quantity
        if incoming:
            receipts += movement.quantity
        else:
            issues += movement.quantity
        other = movement.from_location_id if incoming else movement.to_location_id
        lines.append(
            RegisterLine(
                occurred_at=movement.occurred_at,
                local_date=movement.occurred_at.astimezone(zone).date(),
                voucher=movement.voucher,
                kind=movement.kind,
                counterpart=place_name(other),
                receipt=movement.quantity if incoming else None,
                issue=None if incoming else movement.quantity,
                balance=running,
                lot_number=lot.lot_number,
                expiry_date=lot.expiry_date,
                manufacturer=lot.manufacturer,
                supplier=lot.supplier,
                done_by=person(movement.done_by) or "",
                checked_by=person(movement.checked_by),
                note=movement.reason,
                quality=receipt.quality_condition if receipt else None,
                acceptance=receipt.acceptance if receipt else None,
                on_note=receipt.expected if receipt else None,
                shortage=receipt.shortage if receipt else None,
                damaged=receipt.damaged if receipt else None,
            )
        )
    site = session.get(Site, place.site_id) if place.site_id else None
    return Register(
        clinic_name=clinic_name,
        site_name=site.name if site else "",
        place_name=place.name,
        product_name=product.name,
        product_form=product.form,
        strength=f"{product.mg_per_unit.normalize():f} mg/{product.unit}",
        unit=product.unit,
        controlled_class=product.controlled_class,
        year=year,
        month=month,
        opening=opening,
        lines=tuple(lines),
        closing=running,
        total_receipts=receipts,
        total_issues=issues,
        first_day=days[0] if days else None,
        last_day=days[1] if days else None,
    )


@service(Action.STOCK_REGISTER, entity="register")
def register_month(
    call: Call, *, location_id: int, product_id: int, year: int, month: int, clinic_name: str
) -> Register:
    """The month's register for one place and product, its last balance equal to the ledger's."""
    call.note(entity_id=f"{location_id}:{product_id}:{year}-{month:02d}")
    return build_register(call.session, location_id, product_id, year, month, clinic_name)


@service(Action.STOCK_REGISTER, entity="location", audited=False, read_only=True)
def register_places(call: Call) -> list[PlaceInfo]:
    """The places a register is kept for (safes, windows, quarantine), for choosing one."""
    return place_infos(call.session)


def place_infos(session: Session) -> list[PlaceInfo]:
    places = session.scalars(
        select(Location)
        .where(Location.kind.in_(("safe", "window", "quarantine")), Location.active.is_(True))
        .order_by(Location.site_id, Location.kind, Location.id)
    )
    return [place_info(session, p) for p in places]


EXPORT_FORMATS = ("pdf", "xlsx")


@service(Action.STOCK_REGISTER, entity="register")
def export_register(
    call: Call,
    *,
    location_id: int,
    product_id: int,
    year: int,
    month: int,
    clinic_name: str,
    fmt: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The month's register as a PDF or an Excel file (no patient identifiers: none are kept here).
    PROGRESS hears (done, 100) through reading and rendering; a Cancel raised there stops it."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(en="Export as PDF or Excel.", zh="请选择导出为 PDF 或 Excel。")
    reg = build_register(
        call.session, location_id, product_id, year, month, clinic_name, progress=progress
    )
    call.note(
        entity_id=f"{location_id}:{product_id}:{year}-{month:02d}",
        format=fmt,
        lines=len(reg.lines),
    )
    return render(call.session, reg, fmt, progress)


def render(
    session: Session,
    reg: Register,
    fmt: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """REG as a PDF or an Excel file; the demo clinic's pages say so."""
    from clinic.reports.register_pdf import render_register_pdf
    from clinic.reports.register_xlsx import render_register_xlsx

    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(en="Export as PDF or Excel.", zh="请选择导出为 PDF 或 Excel。")
    if fmt == "pdf":
        data = render_register_pdf(reg, demo=demo_clinic(session), progress=progress)
    else:
        data = render_register_xlsx(reg)
    if progress is not None:
        progress(100, 100)
    return data


def ledger_balance(session: Session, location_id: int, product_id: int) -> Decimal:
    rows = session.scalars(
        select(StockBalance.quantity).where(
            StockBalance.location_id == location_id, StockBalance.product_id == product_id
        )
    )
    return sum(rows, Decimal(0))


@service(Action.LEDGER_PURGE, entity="ledger")
def purge_expired_records(call: Call, *, lot_id: int) -> date:
    """Refuses while the lot is inside its retention period, naming the first day it may go."""
    session = call.session
    lot = session.get(Lot, lot_id)
    if lot is None:
        raise NotFound(en="No such lot.", zh="没有该批号。")
    years = max(5, clinic_settings(session).integer("retention_years"))
    allowed_from = clock.add_years(lot.expiry_date, years)
    call.note(entity_id=lot.id, lot=lot.lot_number, allowed_from=allowed_from.isoformat())
    today = clock.clinic_today(session)
    if today < allowed_from:
        raise Conflict(
            en=f"Lot {lot.lot_number}'s records must be kept until {allowed_from} ({years} years after "
            f"its expiry on {lot.expiry_date}). Nothing was purged.",
            zh=f"批号 {lot.lot_number} 的记录须保存至 {allowed_from}（有效期 {lot.expiry_date} 后 {years} 年）。"
            "未删除任何记录。",
            allowed_from=allowed_from.isoformat(),
        )
    held = any(
        q > 0
        for q in session.scalars(select(StockBalance.quantity).where(StockBalance.lot_id == lot.id))
    )
    if held:
        raise Conflict(en="This lot still has stock on the books.", zh="该批号账面仍有库存。")
    raise Conflict(
        en=f"Lot {lot.lot_number} may be purged from {allowed_from}; purging is done by archiving "
        "the database with clinic-admin backup first, and is not automated in this version.",
        zh=f"批号 {lot.lot_number} 自 {allowed_from} 起可清除；本版本不自动清除，请先用 clinic-admin backup 归档。",
        allowed_from=allowed_from.isoformat(),
    )


def product_title(reg: Register) -> str:
    """The product as the register names it: its name, with the strength unless the name has it."""
    if reg.strength.split("/")[0] in reg.product_name:
        return reg.product_name
    return f"{reg.product_name} {reg.strength}"


_UNSAFE = str.maketrans({c: "-" for c in '/\\:*?"<>|'})


def file_name(reg: Register, fmt: str) -> str:
    """A file name that names the register in words: 专用账册_盐酸美沙酮口服溶液_1mg-mL_药库_
    2026-10.pdf (the strength and the place tell two registers of one drug apart; an inspection's
    part of a month names its days instead of the month)."""
    book = "专用账册" if reg.controlled_class != "none" else "药品出入库账册"
    name = reg.product_name.replace(reg.strength, "").strip()
    strength = reg.strength.replace(" ", "")
    days = f"{reg.first_day:%Y%m%d}-{reg.last_day:%Y%m%d}" if reg.first_day and reg.last_day else ""
    parts = [book, name, strength, reg.place_name, days or f"{reg.year}-{reg.month:02d}"]
    words = ("-".join(p.split()).translate(_UNSAFE) for p in parts if p.strip())
    return "_".join(words) + f".{fmt}"


@dataclass(frozen=True)
class RegisterChoice:
    location_id: int
    product_id: int
    movements: int


@service(Action.STOCK_REGISTER, entity="register", audited=False, read_only=True)
def busiest_this_month(call: Call, *, site_code: str | None = None) -> RegisterChoice | None:
    """The place and product the register page opens on: the one with the most movements this
    month, at SITE_CODE's places first; None if nothing moved this month."""
    session = call.session
    today = clock.clinic_today(session)
    start, end = month_bounds(session, today.year, today.month)
    places = {
        p.id: p
        for p in session.scalars(
            select(Location).where(
                Location.kind.in_(("safe", "window", "quarantine")), Location.active.is_(True)
            )
        )
    }
    site_ids = {s.id for s in session.scalars(select(Site).where(Site.code == (site_code or "")))}
    counts: dict[tuple[int, int], int] = {}
    for source, target, product_id in session.execute(
        select(
            StockMovement.from_location_id, StockMovement.to_location_id, StockMovement.product_id
        ).where(StockMovement.occurred_at >= start, StockMovement.occurred_at < end)
    ):
        for place_id in (source, target):
            if place_id in places:
                counts[place_id, product_id] = counts.get((place_id, product_id), 0) + 1
    if not counts:
        return None
    (place_id, product_id), n = max(
        counts.items(),
        key=lambda item: (places[item[0][0]].site_id in site_ids, item[1], -item[0][0]),
    )
    return RegisterChoice(place_id, product_id, n)
