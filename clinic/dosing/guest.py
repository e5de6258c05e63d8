"""Guest dosing: for set dates a patient doses at another site of this clinic or at another clinic.

A guest order (a physician's) names the place and the first and last guest day. On those days the
patient doses there and nowhere else: the dose gate (`clinic.dosing.gate.guest_refusal`) refuses
every other place, so two sites can never dose the same patient on the same day. The period ends
by itself after its last day; an early end is a new row (`GuestPeriodEnd`), never an edit.
Periods of one patient never overlap. Back from another clinic, a physician records the last day
that clinic confirms it dosed the patient (`GuestReturn`): the missed-day rule counts from it
(`clinic.dosing.orders.last_dose_facts`), so the days away are not missed days. A wrong return
is voided with a reason (`GuestReturnVoid`), never edited: the rule no longer counts from it, and
the right one may be recorded in the same act.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from clinic import clock
from clinic.dosing.orders import current_episode, live_guest_return
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import PatientId, SiteId
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    GuestPeriod,
    GuestPeriodEnd,
    GuestReturn,
    GuestReturnVoid,
    Patient,
    PatientDetail,
    Site,
    User,
)


@dataclass(frozen=True)
class GuestInfo:
    """One guest order as it stands: where, from when, until when (after any early end)."""

    guest_id: int
    patient_id: PatientId
    starts_on: date
    ends_on: date  # the last guest day as ordered
    last_day: date  # the last guest day in force: ENDS_ON, or the day before an early end
    site_id: SiteId | None  # another site of this clinic; None: another clinic
    place: str  # the site's or the other clinic's name
    note: str | None
    ordered_by: str
    home_from: date | None = None  # set when the period was ended early
    end_reason: str | None = None
    last_dose_there: date | None = None  # another clinic's confirmed last dose, once recorded
    return_reference: str | None = None  # that confirmation's reference
    return_id: int | None = None  # the live (not voided) return's row

    @property
    def elsewhere(self) -> bool:
        """At another clinic, whose doses this record does not hold."""
        return self.site_id is None

    @property
    def cancelled(self) -> bool:
        """Ended before its first day: no guest day is left."""
        return self.last_day < self.starts_on

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.last_day


def periods_of(session: Session, patient_id: int) -> list[GuestInfo]:
    """The patient's guest orders, oldest first, each with its early end if there is one."""
    return _info(session.execute(_PERIODS_OF, {"patient_id": patient_id}))


def periods_on(session: Session, day: date) -> dict[int, GuestInfo]:
    """Every patient's guest period in force on DAY, by patient (one query for a queue)."""
    ordered = _periods(session, GuestPeriod.starts_on <= day, GuestPeriod.ends_on >= day)
    return {int(p.patient_id): p for p in ordered if p.covers(day)}


_PERIODS = (
    select(GuestPeriod, GuestPeriodEnd, GuestReturn, Site.name, User.full_name)
    .outerjoin(GuestPeriodEnd, GuestPeriodEnd.guest_period_id == GuestPeriod.id)
    .outerjoin(
        GuestReturn, and_(GuestReturn.guest_period_id == GuestPeriod.id, live_guest_return())
    )
    .outerjoin(Site, Site.id == GuestPeriod.site_id)
    .join(User, User.id == GuestPeriod.ordered_by)
    .order_by(GuestPeriod.starts_on, GuestPeriod.id)
)
# One patient's (the dose gate asks it on every dose): built once, with a bound parameter.
_PERIODS_OF = _PERIODS.where(GuestPeriod.patient_id == bindparam("patient_id"))


def _periods(session: Session, *where: ColumnElement[bool]) -> list[GuestInfo]:
    return _info(session.execute(_PERIODS.where(*where)))


def _info(rows: Iterable[Any]) -> list[GuestInfo]:
    out = []
    for period, end, back, site_name, who in rows:
        last = period.ends_on
        if end is not None:
            last = min(last, end.home_from - timedelta(days=1))
        out.append(
            GuestInfo(
                guest_id=period.id,
                patient_id=PatientId(period.patient_id),
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                last_day=last,
                site_id=SiteId(period.site_id) if period.site_id is not None else None,
                place=site_name if period.site_id is not None else (period.other_clinic or ""),
                note=period.note,
                ordered_by=who,
                home_from=end.home_from if end else None,
                end_reason=end.reason if end else None,
                last_dose_there=back.last_dose_on if back else None,
                return_reference=back.reference if back else None,
                return_id=back.id if back else None,
            )
        )
    return out


def period_on(session: Session, patient_id: int, day: date) -> GuestInfo | None:
    """The guest period in force on DAY, if any (periods never overlap)."""
    return next((p for p in periods_of(session, patient_id) if p.covers(day)), None)


def _patient(session: Session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


def _lock_patient(session: Session, patient_id: int) -> Patient:
    """The patient's row, locked until the transaction ends: two physicians writing guest orders
    at once cannot both pass the overlap check (SQLite writes one at a time anyway)."""
    patient = session.scalars(
        select(Patient).where(Patient.id == patient_id).with_for_update()
    ).first()
    if patient is None:
        raise NotFound(en="No such patient.", zh="没有该患者。")
    return patient


@service(Action.ORDER_WRITE, entity="guest_period")
def order_guest_dosing(
    call: Call,
    *,
    patient_id: int,
    starts_on: date,
    ends_on: date,
    site_id: int | None = None,
    other_clinic: str | None = None,
    note: str | None = None,
) -> GuestInfo:
    """A guest order: from STARTS_ON to ENDS_ON the patient doses at SITE_ID (another site of
    this clinic) or at OTHER_CLINIC, and nowhere else. Refused if it overlaps another."""
    session = call.session
    patient = _lock_patient(session, patient_id)
    call.note(entity_id=patient.id)
    clinic_name = free_text(other_clinic, 200, "Other clinic", "外院名称")
    if (site_id is None) == (not clinic_name):
        raise InvalidInput(
            en="Choose either a site of this clinic or name the other clinic.",
            zh="请选择本机构的一个站点，或填写外院名称（二者择一）。",
        )
    today = clock.clinic_today(session, call.db.clock())
    if starts_on < today:
        raise InvalidInput(
            en="Guest dosing cannot start in the past.", zh="外点服药不能从过去的日期开始。"
        )
    if ends_on < starts_on:
        raise InvalidInput(
            en="The last guest day is before the first.", zh="外点服药结束日期早于开始日期。"
        )
    if site_id is not None:
        site = session.get(Site, site_id)
        if site is None or not site.active:
            raise NotFound(en="No such site.", zh="没有该站点。")
        detail = session.get(PatientDetail, patient.id)
        if detail is not None and detail.site_id == site.id:
            raise InvalidInput(
                en=f"{site.name} is the patient's own site: no guest order is needed.",
                zh=f"{site.name} 是患者本人的服药点，无需外点服药医嘱。",
            )
    for other in periods_of(session, patient.id):
        if not other.cancelled and starts_on <= other.last_day and other.starts_on <= ends_on:
            raise Conflict(
                en=f"This overlaps the guest dosing at {other.place} from {other.starts_on} to "
                f"{other.last_day}: end that one first, or choose other dates.",
                zh=f"与 {other.starts_on} 至 {other.last_day} 在 {other.place} 的外点服药重叠："
                "请先结束该外点服药，或另选日期。",
                guest_id=other.guest_id,
            )
    period = GuestPeriod(
        patient_id=patient.id,
        starts_on=starts_on,
        ends_on=ends_on,
        site_id=site_id,
        other_clinic=clinic_name if site_id is None else None,
        note=free_text(note, 500, "Note", "备注"),
        ordered_by=call.actor.user_id,
    )
    session.add(period)
    session.flush()
    call.note(
        entity_id=period.id,
        patient_id=patient.id,
        starts_on=str(starts_on),
        ends_on=str(ends_on),
        site_id=site_id,
        other_clinic=site_id is None,  # the clinic's name is in the sealed row, not the trail
    )
    info = next(p for p in periods_of(session, patient.id) if p.guest_id == period.id)
    return info


@service(Action.ORDER_WRITE, entity="guest_period")
def end_guest_dosing(call: Call, *, guest_id: int, home_from: date, reason: str) -> GuestInfo:
    """End a guest period early: from HOME_FROM (today or later) the patient doses at home again.
    HOME_FROM on or before the first guest day cancels the period (if it has not begun)."""
    session = call.session
    period = session.get(GuestPeriod, guest_id)
    if period is None:
        raise NotFound(en="No such guest order.", zh="没有该外点服药医嘱。")
    _lock_patient(session, period.patient_id)
    call.note(entity_id=guest_id, patient_id=period.patient_id, home_from=str(home_from))
    if session.scalars(
        select(GuestPeriodEnd.id).where(GuestPeriodEnd.guest_period_id == guest_id)
    ).first():
        raise Conflict(en="This guest order was already ended.", zh="该外点服药医嘱已结束。")
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(en="Give the reason.", zh="请填写原因。")
    today = clock.clinic_today(session, call.db.clock())
    if home_from < today:
        raise InvalidInput(
            en="Guest days already past cannot be taken back: home dosing resumes today at the "
            "earliest.",
            zh="已过去的外点服药日期不能撤回：最早从今天起恢复在本点服药。",
        )
    if home_from > period.ends_on:
        raise InvalidInput(
            en=f"The guest order already ends on {period.ends_on}.",
            zh=f"该外点服药医嘱本已于 {period.ends_on} 结束。",
        )
    if home_from < period.starts_on:
        home_from = period.starts_on  # a period ended before it began is simply cancelled
    session.add(
        GuestPeriodEnd(
            guest_period_id=guest_id,
            home_from=home_from,
            reason=why,
            recorded_by=call.actor.user_id,
        )
    )
    session.flush()
    return next(p for p in periods_of(session, period.patient_id) if p.guest_id == guest_id)


@service(Action.ORDER_WRITE, entity="guest_return")
def record_guest_return(
    call: Call, *, guest_id: int, last_dose_on: date, reference: str, note: str | None = None
) -> GuestInfo:
    """Back from guest dosing at another clinic: LAST_DOSE_ON is the last day that clinic
    confirms it dosed the patient (REFERENCE: its confirmation). The missed-day rule counts from
    it. One live return per guest period; a day outside the period, in the future or before the
    current episode is refused."""
    session = call.session
    period = _guest_period(session, guest_id)
    _lock_patient(session, period.patient_id)
    call.note(entity_id=guest_id, patient_id=period.patient_id, last_dose_on=str(last_dose_on))
    info = next(p for p in periods_of(session, period.patient_id) if p.guest_id == guest_id)
    _elsewhere(info)
    if info.last_dose_there is not None:
        raise Conflict(
            en=f"The last dose at {info.place} was already recorded: {info.last_dose_there}.",
            zh=f"已记录在 {info.place} 的末次服药：{info.last_dose_there}。",
        )
    _add_return(call, period, info, last_dose_on, reference, note)
    return next(p for p in periods_of(session, period.patient_id) if p.guest_id == guest_id)


@service(Action.GUEST_RETURN_VOID, entity="guest_return")
def void_guest_return(
    call: Call,
    *,
    guest_id: int,
    return_id: int,
    reason: str,
    last_dose_on: date | None = None,
    reference: str | None = None,
    note: str | None = None,
) -> GuestInfo:
    """Void guest return RETURN_ID of guest period GUEST_ID, recorded wrong, with REASON: the
    row stays, the missed-day rule no longer counts from it. With LAST_DOSE_ON (and REFERENCE),
    the right return is recorded in the same act, checked as `record_guest_return` checks it."""
    session = call.session
    period = _guest_period(session, guest_id)
    _lock_patient(session, period.patient_id)
    call.note(entity_id=return_id, guest_id=guest_id, patient_id=period.patient_id)
    wrong = session.get(GuestReturn, return_id)
    if wrong is None:
        raise NotFound(en="No such guest return.", zh="没有该外院末次服药记录。")
    info = next(p for p in periods_of(session, period.patient_id) if p.guest_id == guest_id)
    if wrong.guest_period_id != guest_id:
        other = session.get(GuestPeriod, wrong.guest_period_id)
        assert other is not None
        place = other.other_clinic or ""
        raise Conflict(
            en=f"That last dose was recorded for the guest dosing at {place}, not at "
            f"{info.place}. Nothing was changed.",
            zh=f"该末次服药记录属于在 {place} 的外点服药，而非 {info.place}。未作任何更改。",
            field="return_id",
        )
    done = session.execute(
        select(GuestReturnVoid.recorded_at, User.full_name)
        .join(User, User.id == GuestReturnVoid.voided_by)
        .where(GuestReturnVoid.guest_return_id == return_id)
    ).first()
    if done is not None:
        on = clock.clinic_today(session, done[0])
        raise Conflict(
            en=f"The last dose there of {wrong.last_dose_on} was already voided by {done[1]} "
            f"({on}). Nothing was changed.",
            zh=f"{wrong.last_dose_on} 的外院末次服药记录已由 {done[1]} 作废（{on}）。"
            "未作任何更改。",
        )
    why = free_text(reason, 500, "Reason", "原因")
    if not why:
        raise InvalidInput(
            en="Give the reason for voiding (e.g. the other clinic corrected its date).",
            zh="请填写作废原因（如外院更正了日期）。",
            field="reason",
        )
    session.add(
        GuestReturnVoid(guest_return_id=return_id, reason=why, voided_by=call.actor.user_id)
    )
    session.flush()
    call.note(voided_last_dose_on=str(wrong.last_dose_on))  # the reason is in the sealed row
    if last_dose_on is not None or (reference or "").strip():
        if last_dose_on is None:
            raise InvalidInput(
                en="Give the right last dose there, or leave the confirmation empty.",
                zh="请填写正确的外院末次服药日期，或将确认凭据留空。",
                field="last_dose_on",
            )
        fresh = next(p for p in periods_of(session, period.patient_id) if p.guest_id == guest_id)
        added = _add_return(call, period, fresh, last_dose_on, reference or "", note)
        call.note(last_dose_on=str(last_dose_on), replaced_by=added)
    return next(p for p in periods_of(session, period.patient_id) if p.guest_id == guest_id)


def _guest_period(session: Session, guest_id: int) -> GuestPeriod:
    period = session.get(GuestPeriod, guest_id)
    if period is None:
        raise NotFound(en="No such guest order.", zh="没有该外点服药医嘱。")
    return period


def _elsewhere(info: GuestInfo) -> None:
    if not info.elsewhere:
        raise InvalidInput(
            en=f"{info.place} is a site of this clinic: its doses are already on the record.",
            zh=f"{info.place} 是本机构的站点：其给药已在记录中。",
        )


def _add_return(
    call: Call,
    period: GuestPeriod,
    info: GuestInfo,
    last_dose_on: date,
    reference: str,
    note: str | None,
) -> int:
    """Check and write a guest return as the next attempt of PERIOD; its row's id."""
    session = call.session
    why = free_text(reference, 200, "Reference", "确认凭据")
    if not why:
        raise InvalidInput(
            en="Give the reference of the other clinic's confirmation (e.g. its letter number, "
            "or whom you spoke to).",
            zh="请填写外院确认的凭据（如函件编号或联系人）。",
            field="reference",
        )
    span = f"{info.starts_on} – {info.last_day}"
    if info.cancelled or not info.covers(last_dose_on):
        raise InvalidInput(
            en=f"{last_dose_on} is not a guest day at {info.place} ({span}).",
            zh=f"{last_dose_on} 不在 {info.place} 的外点服药期间（{span}）内。",
            field="last_dose_on",
        )
    today = clock.clinic_today(session, call.db.clock())
    if last_dose_on > today:
        raise InvalidInput(
            en=f"{last_dose_on} is in the future: record the last dose given there.",
            zh=f"{last_dose_on} 是将来的日期：请记录外院实际末次给药的日期。",
            field="last_dose_on",
        )
    episode = current_episode(session, period.patient_id)
    if last_dose_on < episode.opened_on:
        raise InvalidInput(
            en=f"{last_dose_on} is before the current treatment episode began ({episode.opened_on}).",
            zh=f"{last_dose_on} 早于本次治疗开始日期（{episode.opened_on}）。",
            field="last_dose_on",
        )
    before = session.scalar(
        select(func.count())
        .select_from(GuestReturn)
        .where(GuestReturn.guest_period_id == period.id)
    )
    row = GuestReturn(
        guest_period_id=period.id,
        attempt=int(before or 0) + 1,
        episode_id=episode.id,
        last_dose_on=last_dose_on,
        reference=why,
        note=free_text(note, 500, "Note", "备注"),
        recorded_by=call.actor.user_id,
    )
    session.add(row)
    session.flush()
    call.note(episode_id=episode.id)  # the reference and note are in the sealed row
    return row.id


@dataclass(frozen=True)
class ReturnInfo:
    """One guest return as recorded, live or voided (who voided it, when and why)."""

    return_id: int
    guest_id: int
    place: str
    last_dose_on: date
    reference: str
    note: str | None
    recorded_by: str
    recorded_at: datetime
    voided_by: str | None = None
    voided_at: datetime | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


_RECORDER, _VOIDER = aliased(User), aliased(User)
# Built once: with its two aliases, building it took several times its run (every record opened
# by a card or a search reads it).
_RETURNS_OF = (
    select(GuestReturn, GuestPeriod.other_clinic, _RECORDER.full_name, GuestReturnVoid)
    .join(GuestPeriod, GuestPeriod.id == GuestReturn.guest_period_id)
    .join(_RECORDER, _RECORDER.id == GuestReturn.recorded_by)
    .outerjoin(GuestReturnVoid, GuestReturnVoid.guest_return_id == GuestReturn.id)
    .add_columns(_VOIDER.full_name)
    .outerjoin(_VOIDER, _VOIDER.id == GuestReturnVoid.voided_by)
    .where(GuestPeriod.patient_id == bindparam("patient_id"))
    .order_by(GuestReturn.recorded_at, GuestReturn.id)
)


def returns_of(session: Session, patient_id: int) -> list[ReturnInfo]:
    """Every guest return of the patient, voided ones too, oldest first."""
    rows = session.execute(_RETURNS_OF, {"patient_id": patient_id})
    return [
        ReturnInfo(
            return_id=back.id,
            guest_id=back.guest_period_id,
            place=place or "",
            last_dose_on=back.last_dose_on,
            reference=back.reference,
            note=back.note,
            recorded_by=who,
            recorded_at=back.recorded_at,
            voided_by=void_who if void is not None else None,
            voided_at=void.recorded_at if void is not None else None,
            void_reason=void.reason if void is not None else None,
        )
        for back, place, who, void, void_who in rows
    ]


@service(Action.PATIENT_READ, entity="patient")
def guest_orders(call: Call, *, patient_id: int) -> list[GuestInfo]:
    """The patient's guest orders, oldest first, with any early end."""
    _patient(call.session, patient_id)
    call.note(entity_id=patient_id, view="guest_orders")
    return periods_of(call.session, patient_id)


@service(Action.ORDER_WRITE, entity="site", audited=False, read_only=True)
def guest_sites(call: Call, *, patient_id: int | None = None) -> list[tuple[SiteId, str]]:
    """The sites a guest order may name: this clinic's active sites but the patient's own."""
    detail = call.session.get(PatientDetail, patient_id) if patient_id is not None else None
    own = detail.site_id if detail is not None else None
    return [
        (SiteId(site.id), site.name)
        for site in call.session.scalars(select(Site).where(Site.active).order_by(Site.code))
        if site.id != own
    ]
