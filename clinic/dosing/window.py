"""The dosing window: today's queue, the checks before a dose, and the witnessed dose itself.

A dose, its stock movement(s) and its audit event are one transaction. The database allows one
live dose per patient, dosing day and slot; a voided dose frees its slot for a new attempt.
Dosing days follow the clinic's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Table, bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clinic import clock
from clinic.dosing import gate
from clinic.dosing.dispense import (
    DosePart,
    DoseRefused,
    dispense,
    dose_parts,
    from_lots,
    shortage,
    take_back,
)
from clinic.dosing.flags import flag_warning, flags_in_force
from clinic.dosing.gate import EXCEPTIONS
from clinic.dosing.guest import GuestInfo, period_on
from clinic.dosing.orders import (
    active_order,
    current_episode,
    episode_orders,
    last_dose_facts,
    live_slots,
    order_due_on,
    order_in_force,
)
from clinic.dosing.queue import expected_today, order_slots
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId
from clinic.insurance import patient_fees
from clinic.inventory import ledger
from clinic.inventory.reconcile import is_closed
from clinic.numbers import plain
from clinic.patients.identity import free_text, mask_national_id, normalise_card_code
from clinic.patients.lookup import find_by_number
from clinic.patients.records import card_by_code, current_card
from clinic.privacy.permissions import Action, Role
from clinic.privacy.users import verify_witness
from clinic.service import Call, service
from clinic.storage import direct, replica
from clinic.storage.models import (
    BottleReturn,
    Dose,
    DoseException,
    DoseOrder,
    DoseVoid,
    DoseWithheld,
    Location,
    PanelPresence,
    Patient,
    PatientDetail,
    PatientFlag,
    PatientPhoto,
    Product,
    ScreenReview,
    Site,
    UrineScreen,
)
from clinic.storage.settings_store import ClinicSettings, clinic_settings
from clinic.wording import plural, quoted

AGONISTS = {"methadone", "buprenorphine", "buprenorphine_naloxone"}


@dataclass(frozen=True)
class DosePanel:
    """What the nurse sees before dosing: who, what, and every warning or the refusal."""

    patient_id: PatientId
    patient_number: str
    name: str
    national_id_masked: str
    photo: bytes | None
    status: str
    dosing_date: date
    slot: int | None
    slots_total: int
    dose_mg: Decimal | None
    parts: tuple[DosePart, ...]
    last_dose_on: date | None
    missed_days: int
    warnings: tuple[tuple[str, str], ...]
    refusal: tuple[str, str] | None
    dosed_slots: tuple[int, ...]
    take_home_days: int = 0  # days of take-home doses the order and the clinic's policy allow
    balance_owed: Decimal = Decimal("0.00")  # the patient's fee account (negative: in credit)
    dwell_ms: int = 600  # how long the panel must be on screen before Enter may record the dose
    doses_at: str | None = None  # guest dosing elsewhere today: where the patient doses
    guest_here: bool = False  # guest dosing at this window's site today

    @property
    def can_dose(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class DoseInfo:
    dose_id: int
    patient_id: PatientId
    patient_number: str
    dosing_date: date
    slot: int
    dose_mg: Decimal
    parts: tuple[DosePart, ...]
    given_at: datetime
    vouchers: tuple[str, ...]


WITHHELD_REASONS = {
    "intoxication": ("intoxicated", "醉酒/中毒状态"),
    "refused_by_patient": ("refused by the patient", "患者拒绝"),
    "other": ("other reason", "其他原因"),
}


def _warnings(
    session: Session,
    settings: ClinicSettings,
    patient: Patient,
    order: DoseOrder | None,
    day: date,
    scanned_card: str | None,
    owed: Decimal,
    take_home: int,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if scanned_card:
        card = card_by_code(session, scanned_card)
        latest = current_card(session, patient.id)
        if card is not None and latest is not None and card.id != latest.id:
            out.append(
                (
                    "This card was replaced and is void: check the photo, collect the old card.",
                    "该卡已补办作废：请核对照片并收回旧卡。",
                )
            )
    if order is not None:
        due = order_due_on(order, day, settings.integer("order_review_warning_days"))
        if due is not None:
            out.append(
                (f"The dose order is due for review on {due}.", f"剂量医嘱将于 {due} 到期复核。")
            )
    for held in session.scalars(
        select(DoseWithheld)
        .where(DoseWithheld.patient_id == patient.id, DoseWithheld.dosing_date == day)
        .order_by(DoseWithheld.id)
    ):
        en, zh = WITHHELD_REASONS.get(held.reason, (held.reason, held.reason))
        out.append(
            (
                f"A dose was withheld today ({en}): reassess the patient before dosing.",
                f"今日已暂停给药（{zh}）：给药前须重新评估患者。",
            )
        )
    unreviewed = session.scalars(
        select(UrineScreen)
        .outerjoin(ScreenReview, ScreenReview.screen_id == UrineScreen.id)
        .where(
            UrineScreen.patient_id == patient.id,
            UrineScreen.any_positive.is_(True),
            ScreenReview.id.is_(None),
        )
    ).all()
    for screen in unreviewed:
        out.append(
            (
                f"Positive urine screen of {screen.collected_on} awaits a physician's review.",
                f"{screen.collected_on} 尿检阳性，待医师审核。",
            )
        )
    interval = settings.integer("screen_interval_days")
    last_screen = session.scalar(
        select(func.max(UrineScreen.collected_on)).where(UrineScreen.patient_id == patient.id)
    )
    if last_screen is None or last_screen < day - timedelta(days=interval):
        out.append(("A urine screen is due.", "应进行尿检。"))
    outstanding = session.scalars(
        select(Dose.dosing_date)
        .outerjoin(BottleReturn, BottleReturn.dose_id == Dose.id)
        .where(
            Dose.patient_id == patient.id,
            Dose.kind == "take_home",
            Dose.dosing_date < day,
            BottleReturn.id.is_(None),
            Dose.id.not_in(select(DoseVoid.dose_id)),
        )
    ).all()
    if outstanding:
        out.append(
            (
                plural(
                    len(outstanding),
                    "%n take-home bottle not yet returned.",
                    "%n take-home bottles not yet returned.",
                ),
                f"有 {len(outstanding)} 个带药空瓶未归还。",
            )
        )
    if owed > 0:
        out.append(
            (
                f"Balance owed: ¥{owed}. Collect it or refer the patient to the office; "
                "do not withhold a dose for money.",
                f"欠费 ¥{owed}：请收费或请患者到收费处；不得因欠费停药。",
            )
        )
    if take_home > 0:  # what the gate clears: the order's days within the clinic's policy
        out.append(
            (
                "Take-home doses allowed: " + plural(take_home, "%n day.", "%n days."),
                f"允许带药 {take_home} 天。",
            )
        )
    return out


DOSE_KINDS = {
    "observed": ("observed dose", "现场服药"),
    "take_home": ("take-home dose", "带药"),
    "redose": ("re-dose after vomiting", "呕吐后补服"),
    "replacement": ("replacement for a lost take-home dose", "补发遗失带药"),
}


@dataclass(frozen=True)
class Gate:
    """What the dose gate found for one dose: the dose it clears, or the first reason it refuses."""

    dosing_date: date
    order: DoseOrder | None
    slots: tuple[Decimal, ...]
    dosed: tuple[int, ...]
    slot: int | None
    dose_mg: Decimal | None
    parts: tuple[DosePart, ...]
    missed: int
    last: date | None
    flags: tuple[PatientFlag, ...]
    refusal: tuple[str, str] | None


def _guest_facts(guest: GuestInfo | None, window: Location) -> gate.GuestFacts | None:
    if guest is None:
        return None
    here = guest.site_id is not None and guest.site_id == window.site_id
    return gate.GuestFacts(guest.place, guest.starts_on, guest.last_day, here)


def _home_elsewhere(session: Session, patient: Patient, window: Location) -> str | None:
    """The patient's own site's name, if the record names one and WINDOW is at another site."""
    detail = direct.get(session, PatientDetail, patient.id)
    if detail is None or detail.site_id is None or detail.site_id == window.site_id:
        return None
    site = session.get(Site, detail.site_id)
    return site.name if site is not None else None


def offline_refusal(
    session: Session, patient: Patient, window: Location, now: datetime, day: date
) -> tuple[str, str] | None:
    """On a satellite's replica (offline), the two rules that make a dose there safe: not longer
    offline than the clinic allows, and only a patient whose site that day is this one (their
    own, or a guest period here), so two sites cut off from each other never dose one patient the
    same day. On the server (no replica state) nothing."""
    state = replica.state(session)
    if state is None:
        return None
    hours = clinic_settings(session).integer("offline_max_hours")
    if now - state.synced_at > timedelta(hours=hours):
        return (
            f"Offline for more than {hours} hours (last brought up to date "
            f"{state.synced_at.astimezone(clock.clinic_zone(session)):%Y-%m-%d %H:%M}): no dose "
            "here until the link to the main clinic is back. Dose by hand from the printed queue "
            "and enter the doses afterwards.",
            f"离线已超过 {hours} 小时（上次同步 "
            f"{state.synced_at.astimezone(clock.clinic_zone(session)):%Y-%m-%d %H:%M}）：恢复与"
            "主门诊的连接前本点不得给药。请按打印的服药队列手工给药，事后补录。",
        )
    guest = period_on(session, patient.id, day)
    detail = session.get(PatientDetail, patient.id)
    home = detail.site_id if detail is not None else None
    here = (
        guest.site_id == window.site_id if guest is not None else home == window.site_id
    ) and window.site_id == state.site_id
    if not here:
        return (
            "Offline, only patients whose site today is this one can be dosed here: this "
            "patient's is not (or not recorded). Send them to their own site, or dose when the "
            "link is back.",
            "离线时本点只能为今日服药点为本点的患者给药：该患者的服药点不是本点（或未登记）。"
            "请让其到本人的服药点服药，或待连接恢复后再给药。",
        )
    return None


def dose_gate(
    session: Session,
    patient: Patient,
    window: Location,
    now: datetime,
    *,
    slot: int | None = None,
    kind: str = "observed",
    dosing_date: date | None = None,
    intoxication_check_passed: bool = True,
) -> Gate:
    """Every check before any dose, on every path — the window, each slot of a split dose, each
    take-home day, a re-dose or replacement — and the panel asks it too before it says "ready".
    Reads the facts, lets `gate.decide` judge them, then checks the stock for the slot cleared.
    The first failing check is the refusal; nothing is written."""
    settings = clinic_settings(session)
    today = clock.clinic_today(session, now)
    day = dosing_date or today
    flags = tuple(flags_in_force(session, patient.id, today))
    in_treatment = patient.status in ("active", "on_hold")
    episode = current_episode(session, patient.id)
    order = order_in_force(episode_orders(session, episode.id), today) if in_treatment else None
    dosed = live_slots(session, patient.id, day)
    last_dose = last_dose_facts(session, patient.id, today, episode)
    last = last_dose.on
    slots: tuple[Decimal, ...] | None = None
    missed: gate.MissedFacts | None = None
    covers = True
    if order is not None:
        product = direct.get(session, Product, order.product_id)
        assert product is not None
        slots = tuple(order_slots(order))
        missed = gate.MissedFacts(
            last=last,
            episode_opened_on=last_dose.counts_from,
            agonist=product.drug in AGONISTS,
            ordered_on=order.recorded_at.astimezone(clock.clinic_zone(session)).date(),
            induction=order.induction,
            hold=settings.integer("missed_days_hold"),
            reinduce=settings.integer("missed_days_reinduce"),
        )
        if kind == "take_home":
            later = active_order(session, patient.id, day)
            covers = later is not None and later.id == order.id
    guest_on_day = period_on(session, patient.id, day)
    decision = gate.decide(
        gate.GateFacts(
            today=today,
            day=day,
            kind=kind,
            requested_slot=slot,
            status=patient.status,
            stop_flag=next((f for f in flags if f.level == "stop_dose"), None),
            intoxication_check_passed=intoxication_check_passed,
            slots=slots,
            dosed=dosed,
            missed=missed,
            take_home_allowed=min(
                settings.integer("take_home_max_days"), order.take_home_days if order else 0
            ),
            order_covers_day=covers,
            guest=_guest_facts(guest_on_day, window),
            guest_today=_guest_facts(
                guest_on_day if day == today else period_on(session, patient.id, today), window
            ),
            home_elsewhere=_home_elsewhere(session, patient, window),
        )
    )
    refusal = offline_refusal(session, patient, window, now, day) or decision.refusal
    parts: list[DosePart] = []
    if order is not None and decision.dose_mg is not None:
        try:
            parts = dose_parts(session, order, decision.dose_mg)
        except InvalidInput as exc:
            refusal = refusal or (exc.en, exc.zh)
        closed = [
            p.product_name for p in parts if is_closed(session, window.id, p.product_id, today)
        ]
        refusal = refusal or gate.closed_refusal(window.name, closed)
        parts = from_lots(session, parts, window, today)
        refusal = refusal or shortage(parts, window)
    return Gate(
        day,
        order,
        slots or (),
        dosed,
        decision.slot,
        decision.dose_mg,
        tuple(parts),
        decision.missed,
        last,
        flags,
        refusal,
    )


def take_home_days(session: Session, patient: Patient, window: Location, now: datetime) -> int:
    """How many days ahead the gate clears take-home doses for, from tomorrow on (0: none).
    Never more than the clinic's limit, whatever the gate says: the panel cannot hang on it."""
    today = clock.clinic_today(session, now)
    limit = clinic_settings(session).integer("take_home_max_days")
    for days in range(limit):
        ahead = today + timedelta(days=days + 1)
        gate = dose_gate(session, patient, window, now, slot=1, kind="take_home", dosing_date=ahead)
        if gate.refusal is not None:
            return days
    return limit


def build_panel(
    session: Session,
    patient: Patient,
    window: Location,
    now: datetime,
    scanned_card: str | None = None,
    slot: int | None = None,
) -> DosePanel:
    """The panel the nurse checks: the gate's answer, the photo and every warning."""
    settings = clinic_settings(session)
    gate = dose_gate(session, patient, window, now, slot=slot)
    photo = session.scalars(
        select(PatientPhoto.image)
        .where(PatientPhoto.patient_id == patient.id)
        .order_by(PatientPhoto.id.desc())
    ).first()
    owed = patient_fees.balance_of(session, patient.id)
    take_home = take_home_days(session, patient, window, now)
    warnings = [flag_warning(f) for f in gate.flags if f.level != "stop_dose"]
    warnings += _warnings(
        session, settings, patient, gate.order, gate.dosing_date, scanned_card, owed, take_home
    )
    guest = period_on(session, patient.id, gate.dosing_date)
    here = guest is not None and guest.site_id is not None and guest.site_id == window.site_id
    if guest is not None and here:
        warnings.insert(
            0,
            (
                f"Guest patient: doses here from {guest.starts_on} to {guest.last_day}, then at "
                "the patient's own site.",
                f"外点服药患者：{guest.starts_on} 至 {guest.last_day} 在本点服药，之后回本人服药点。",
            ),
        )
    return DosePanel(
        patient_id=PatientId(patient.id),
        patient_number=patient.patient_number,
        name=patient.name,
        national_id_masked=mask_national_id(patient.national_id),
        photo=photo,
        status=patient.status,
        dosing_date=gate.dosing_date,
        slot=gate.slot,
        slots_total=len(gate.slots),
        dose_mg=gate.dose_mg,
        parts=gate.parts,
        last_dose_on=gate.last,
        missed_days=gate.missed,
        warnings=tuple(warnings),
        refusal=gate.refusal,
        dosed_slots=gate.dosed,
        take_home_days=take_home,
        balance_owed=owed,
        dwell_ms=settings.integer("dose_dwell_ms"),
        doses_at=(guest.place if not here else None)
        if guest is not None
        else _home_elsewhere(session, patient, window),
        guest_here=here,
    )


def _window(session: Session, window_id: int) -> Location:
    place = ledger.location(session, window_id)
    if place.kind != "window":
        raise InvalidInput(en="Choose a dosing window.", zh="请选择发药窗口。")
    return place


def _find(session: Session, identifier: str) -> tuple[Patient, str | None]:
    text = normalise_card_code(identifier)
    card_code = None
    if text.count("-") >= 1:
        card = card_by_code(session, text)
        if card is None:
            raise NotFound(
                en="No card with this code: type the patient number.",
                zh="没有该卡号：请输入患者编号。",
            )
        latest = current_card(session, card.patient_id)
        if latest is None or latest.id != card.id:
            raise DoseRefused(
                en="This card was reported lost or replaced and identifies nobody. Identify the "
                "patient by name or ID number with the photo, keep this card, and issue the "
                "patient's new card.",
                zh="该卡已挂失或补办，不能用于识别。请按姓名或身份证号并核对照片识别患者，收回此卡，"
                "并发放新卡。",
                patient_id=card.patient_id,
            )
        card_code = text
        patient = session.get(Patient, card.patient_id)
    else:
        patient = find_by_number(session, text)
    if patient is None and replica.state(session) is not None:
        raise NotFound(
            en=f"No patient {quoted(identifier.strip())} in this site's offline records: offline, "
            "only the patients whose site today is this one can be dosed here.",
            zh=f"本服药点的离线记录中没有患者 {quoted(identifier.strip())}：离线时只能为今日服药点"
            "为本点的患者给药。",
        )
    if patient is None:
        raise NotFound(
            en=f"No patient {quoted(identifier.strip())}.",
            zh=f"没有患者 {quoted(identifier.strip())}。",
        )
    return patient, card_code


def _at_window(call: Call, patient: Patient, window: Location) -> None:
    """This window has the patient's panel open now (the others' queues show it)."""
    values = {
        "patient_id": patient.id,
        "window_id": window.id,
        "user_id": call.actor.user_id,
        "workstation": call.actor.workstation[:128],
        "opened_at": call.db.clock(),
    }
    table = PanelPresence.__table__
    assert isinstance(table, Table)
    dialect = call.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**values)
    call.session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.patient_id],
            set_={k: statement.excluded[k] for k in values if k != "patient_id"},
        )
    )


_PRESENCE = PanelPresence.__table__
assert isinstance(_PRESENCE, Table)
_LEFT = direct.Prepared(
    delete(_PRESENCE).where(
        _PRESENCE.c.patient_id == bindparam("patient_id"),
        _PRESENCE.c.window_id == bindparam("window_id"),
    )
)


def _left_window(session: Session, patient_id: int, window_id: int) -> None:
    # A plain statement, not the ORM's bulk delete (which first matches its loaded rows): the
    # presence rows are never loaded as objects.
    _LEFT.rows(direct.connection(session), {"patient_id": patient_id, "window_id": window_id})


@service(Action.DOSE_RECORD, entity="patient", offline="local")
def identify(call: Call, *, identifier: str, window_id: int) -> DosePanel:
    """Scan or type a card code or patient number: the panel the nurse checks before dosing."""
    patient, card = _find(call.session, identifier)
    call.note(entity_id=patient.id, card=card is not None)
    window = _window(call.session, window_id)
    _at_window(call, patient, window)
    return build_panel(call.session, patient, window, call.db.clock(), card)


@service(Action.DOSE_RECORD, entity="patient", offline="local")
def open_for_dosing(call: Call, *, patient_id: int, window_id: int) -> DosePanel:
    patient = call.session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    call.note(entity_id=patient.id)
    window = _window(call.session, window_id)
    _at_window(call, patient, window)
    return build_panel(call.session, patient, window, call.db.clock())


@service(Action.DOSE_RECORD, entity="patient", audited=False, offline="local")
def close_panel(call: Call, *, patient_id: int, window_id: int) -> None:
    """The nurse moved on without dosing: the other windows stop showing the patient here."""
    _left_window(call.session, patient_id, window_id)


def _give(
    call: Call,
    patient: Patient,
    window: Location,
    gate: Gate,
    kind: str,
    note: str | None = None,
    intoxication_checked: bool = True,
    charge: bool = True,
    *,
    given_at: datetime | None = None,
    given_by: int | None = None,
) -> DoseInfo:
    """Give the dose the gate cleared (refusing with its reason if it did not): now by the
    actor, or (a dose recorded late) at GIVEN_AT by GIVEN_BY."""
    if gate.refusal is not None:
        raise DoseRefused(en=gate.refusal[0], zh=gate.refusal[1], patient_id=patient.id)
    assert gate.order is not None and gate.slot is not None and gate.dose_mg is not None
    now = given_at or call.db.clock()
    dose, vouchers = dispense(
        call.session,
        order=gate.order,
        window=window,
        dosing_date=gate.dosing_date,
        slot=gate.slot,
        kind=kind,
        dose_mg=gate.dose_mg,
        parts=gate.parts,
        nurse_id=given_by or call.actor.user_id,
        now=now,
        repeat=kind in EXCEPTIONS,
        note=note,
        intoxication_checked=intoxication_checked,
        charge=charge,
    )
    _left_window(call.session, patient.id, window.id)
    return DoseInfo(
        dose.id,
        PatientId(patient.id),
        patient.patient_number,
        gate.dosing_date,
        gate.slot,
        gate.dose_mg,
        gate.parts,
        now,
        vouchers,
    )


def _patient(session: Session, patient_id: int) -> Patient:
    patient = direct.get(session, Patient, patient_id)
    if patient is None and replica.state(session) is not None:
        raise NotFound(
            en="This patient is not in this site's offline records: offline, only the patients "
            "whose site today is this one can be dosed here.",
            zh="本服药点的离线记录中没有该患者：离线时只能为今日服药点为本点的患者给药。",
        )
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


@service(Action.DOSE_RECORD, entity="dose", offline="replay")
def record_dose(
    call: Call,
    *,
    patient_id: int,
    window_id: int,
    slot: int | None = None,
    intoxication_check_passed: bool = True,
    note: str | None = None,
) -> DoseInfo:
    """Record one witnessed dose: the gate again, the dose, its stock, its audit — or nothing."""
    session = call.session
    patient = _patient(session, patient_id)
    call.note(entity_id=patient.id)
    window = _window(session, window_id)
    gate = dose_gate(
        session,
        patient,
        window,
        call.db.clock(),
        slot=slot,
        intoxication_check_passed=intoxication_check_passed,
    )
    given = _give(call, patient, window, gate, "observed", free_text(note, 500, "Note", "备注"))
    call.note(
        entity_id=given.dose_id,
        patient_id=patient.id,
        dose_id=given.dose_id,
        slot=given.slot,
        dose_mg=str(given.dose_mg),
        units=[f"{plain(p.quantity)} {p.unit}" for p in given.parts],
    )
    return given


@service(Action.DOSE_RECORD, entity="dose")
def give_take_home(call: Call, *, patient_id: int, window_id: int, days: int) -> list[int]:
    """Take-home doses for the next DAYS days, every slot of each: each one through the gate."""
    session = call.session
    patient = _patient(session, patient_id)
    call.note(entity_id=patient_id, days=days)
    window = _window(session, window_id)
    now = call.db.clock()
    today = clock.clinic_today(session, now)
    if days < 1:
        raise InvalidInput(en="Give at least one day.", zh="带药天数至少 1 天。")
    ids = []
    for ahead in range(1, days + 1):
        day = today + timedelta(days=ahead)
        slot = 1
        while True:
            gate = dose_gate(
                session, patient, window, now, slot=slot, kind="take_home", dosing_date=day
            )
            ids.append(_give(call, patient, window, gate, "take_home").dose_id)
            if slot >= len(gate.slots):
                break
            slot += 1
    call.note(doses=ids)
    return ids


@service(Action.DOSE_EXCEPTION, entity="dose")
def record_exception_dose(
    call: Call,
    *,
    patient_id: int,
    window_id: int,
    kind: str,
    reason: str,
    authoriser: str,
    authoriser_password: str,
    charged: bool,
    slot: int | None = None,
) -> DoseInfo:
    """A dose outside the slots — a re-dose after vomiting on a physician's order, or a replacement
    for a lost take-home dose with a witness — through the same gate, with its reason and whether
    it is charged."""
    session = call.session
    if kind not in EXCEPTIONS:
        raise InvalidInput(
            en="An exception is a re-dose or a replacement dose.", zh="例外给药须为补服或补发。"
        )
    patient = _patient(session, patient_id)
    call.note(entity_id=patient.id, kind=kind)
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason.", zh="请填写原因。")
    window = _window(session, window_id)
    gate = dose_gate(session, patient, window, call.db.clock(), slot=slot, kind=kind)
    if gate.refusal is not None:
        raise DoseRefused(en=gate.refusal[0], zh=gate.refusal[1], patient_id=patient.id)
    signer = verify_witness(call, username=authoriser, password=authoriser_password)
    if kind == "redose" and Role.PHYSICIAN not in signer.roles:
        raise DoseRefused(
            en="A re-dose needs a physician's order: the physician signs here.",
            zh="补服须有医师医嘱：请医师在此签字。",
        )
    given = _give(call, patient, window, gate, kind, why, charge=charged)
    session.add(
        DoseException(
            dose_id=given.dose_id,
            kind=kind,
            reason=why,
            authorised_by=signer.user_id,
            charged=charged,
        )
    )
    call.note(entity_id=given.dose_id, dose_mg=str(given.dose_mg), charged=charged)
    return given


@service(Action.DOSE_WITHHOLD, entity="patient")
def withhold_dose(
    call: Call,
    *,
    patient_id: int,
    window_id: int,
    reason: str = "intoxication",
    note: str | None = None,
) -> None:
    """Record a dose withheld after a failed check (the record itself is the result)."""
    session = call.session
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    if reason not in WITHHELD_REASONS:
        raise InvalidInput(en="Unknown reason.", zh="未知原因。")
    panel = build_panel(session, patient, _window(session, window_id), call.db.clock())
    session.add(
        DoseWithheld(
            patient_id=patient.id,
            dosing_date=panel.dosing_date,
            slot=panel.slot or 1,
            reason=reason,
            note=free_text(note, 500, "Note", "备注"),
            recorded_by=call.actor.user_id,
        )
    )
    call.note(entity_id=patient.id, reason=reason, slot=panel.slot)


@service(Action.DOSE_VOID, entity="dose")
def void_dose(
    call: Call, *, dose_id: int, reason: str, witness: str, witness_password: str
) -> None:
    """Void a wrong entry with a reason and a witness: stock goes back, the dose stays visible."""
    session = call.session
    dose = session.get(Dose, dose_id)
    if dose is None:
        raise NotFound(en="No such dose.", zh="没有该服药记录。")
    call.note(entity_id=dose.id, patient_id=dose.patient_id)
    if session.scalars(select(DoseVoid.id).where(DoseVoid.dose_id == dose_id)).first():
        raise Conflict(en="This dose is already voided.", zh="该服药记录已作废。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason for voiding.", zh="请填写作废原因。")
    checker = verify_witness(call, username=witness, password=witness_password)
    take_back(
        session, dose, reason=f"void: {why}", done_by=call.actor.user_id, checker=checker.user_id
    )
    session.add(
        DoseVoid(
            dose_id=dose.id, reason=why, voided_by=call.actor.user_id, witness_id=checker.user_id
        )
    )
    patient_fees.uncharge_day_if_undosed(
        session, dose.patient_id, dose.dosing_date, call.actor.user_id
    )
    call.note()


@dataclass(frozen=True)
class QueueEntry:
    patient_id: PatientId
    patient_number: str
    name: str
    dose_mg: Decimal
    slots_total: int
    slots_done: int
    at_window: str | None = None  # another window has the patient's panel open now
    doses_at: str | None = None  # guest dosing elsewhere today: where
    guest: bool = False  # a guest here today from another site


@dataclass(frozen=True)
class Queue:
    dosing_date: date
    to_attend: tuple[QueueEntry, ...]
    attended: tuple[QueueEntry, ...]
    elsewhere: tuple[QueueEntry, ...] = ()  # this site's patients dosing at a guest place today


PRESENCE_MINUTES = 10  # a panel left open longer than this no longer holds the patient


@service(Action.DOSE_RECORD, entity="queue", read_only=True)
def today_queue(call: Call, *, window_id: int) -> Queue:
    """Today's patients with an order in force at this window's site: still to attend, attended;
    a patient whose panel another window has open says which."""
    session = call.session
    window = _window(session, window_id)
    now = call.db.clock()
    day = clock.clinic_today(session, now)
    elsewhere = dict(
        session.execute(
            select(PanelPresence.patient_id, Location.name)
            .join(Location, Location.id == PanelPresence.window_id)
            .where(
                PanelPresence.window_id != window.id,
                PanelPresence.opened_at >= now - timedelta(minutes=PRESENCE_MINUTES),
            )
        ).all()
    )
    waiting: list[QueueEntry] = []
    done: list[QueueEntry] = []
    away: list[QueueEntry] = []
    for expected in expected_today(session, window, day):
        patient, order = expected.patient, expected.order
        assert order.daily_dose_mg is not None
        entry = QueueEntry(
            PatientId(patient.id),
            patient.patient_number,
            patient.name,
            order.daily_dose_mg,
            expected.slots_total,
            expected.slots_done,
            elsewhere.get(patient.id),
            expected.doses_at,
            expected.guest,
        )
        if expected.doses_at is not None:
            away.append(entry)
        else:
            (waiting if expected.waiting else done).append(entry)
    call.note(entity_id=window.id, waiting=len(waiting), attended=len(done), away=len(away))
    shown = (day, tuple(waiting), tuple(done), tuple(away))
    call.audit_shown(
        view=f"queue:{window.id}",
        shown=shown,
        patient_ids=(entry.patient_id for entry in (*waiting, *done, *away)),
        every_minutes=clinic_settings(session).integer("queue_audit_minutes"),
    )
    return Queue(day, tuple(waiting), tuple(done), tuple(away))
