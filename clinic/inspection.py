"""An authority's inspection (监督检查): the administrator grants one inspector read access to the
controlled-drug register and the counts of a period, until an expiry; the inspector writes
findings. Every read names the inspection and its period in the audit trail, and a read outside
the period, after the expiry or after the grant was ended is refused here, not only in the UI.

Reports for an inspector (dosing by nurse and window, stock expiry, the MMT monthly work report)
are the clinic's own report computations, called here after `open_inspection`: a requested
period is clamped to the inspection's by `within_period`, one wholly outside it is refused, and
none of them names a patient.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import clock
from clinic.analytics import mmt_report
from clinic.analytics import reports as clinic_reports
from clinic.analytics.table import ReportTable
from clinic.errors import Conflict, InvalidInput, NotFound, PermissionDenied, about
from clinic.inventory import reconcile
from clinic.inventory import register as registers
from clinic.inventory.reconcile import CountLine
from clinic.inventory.register import Register
from clinic.inventory.stock import PlaceInfo
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action, Role
from clinic.service import Call, service
from clinic.storage.models import Inspection, InspectionNote, User, UserRole
from clinic.storage.settings_store import demo_clinic

NOTE_LIMIT = 4000
STATES = ("open", "expired", "ended")


@dataclass(frozen=True)
class InspectionInfo:
    inspection_id: int
    inspector_id: int
    inspector_username: str
    inspector_name: str
    authority: str
    purpose: str
    period_from: date
    period_to: date
    expires_on: date
    granted_by: str
    granted_at: datetime  # clinic time
    ended_at: datetime | None  # clinic time
    ended_by: str | None
    end_reason: str | None
    state: str  # one of STATES, on the clinic's today
    notes: int

    @property
    def period(self) -> str:
        return f"{self.period_from.isoformat()}/{self.period_to.isoformat()}"


@dataclass(frozen=True)
class InspectionNoteInfo:
    note_id: int
    inspection_id: int
    text: str
    written_by: str
    written_at: datetime  # clinic time
    supersedes_id: int | None
    superseded_by: int | None  # the note that corrects this one, if any

    @property
    def current(self) -> bool:
        return self.superseded_by is None


# --- the rules, pure ------------------------------------------------------------------------


def state_on(today: date, *, expires_on: date, ended: bool) -> str:
    """open, expired (after EXPIRES_ON, a clinic day) or ended (by the administrator)."""
    if ended:
        return "ended"
    if today > expires_on:
        return "expired"
    return "open"


def within_period(period_from: date, period_to: date, first: date, last: date) -> tuple[date, date]:
    """FIRST..LAST clamped to the inspection's period; refused if none of it lies inside."""
    if first > last:
        raise InvalidInput(
            en="The first day comes after the last one.", zh="起始日期晚于结束日期。"
        )
    if last < period_from or first > period_to:
        raise PermissionDenied(
            en=f"This inspection covers {period_from} to {period_to} only; {first} to {last} is "
            "outside it. Nothing was shown.",
            zh=f"本次检查只涵盖 {period_from} 至 {period_to}；{first} 至 {last} 不在其内。未显示任何记录。",
            action=Action.INSPECTION_READ.value + ".period",
        )
    return max(first, period_from), min(last, period_to)


def inside_period(period_from: date, period_to: date, first: date, last: date) -> None:
    """Refuse FIRST..LAST unless it lies wholly inside the inspection's period."""
    if first > last:
        raise InvalidInput(
            en="The first day comes after the last one.", zh="起始日期晚于结束日期。"
        )
    if first < period_from or last > period_to:
        raise PermissionDenied(
            en=f"This inspection covers {period_from} to {period_to} only; {first} to {last} "
            "reaches outside it. Nothing was shown.",
            zh=f"本次检查只涵盖 {period_from} 至 {period_to}；{first} 至 {last} 超出其范围。未显示任何记录。",
            action=Action.INSPECTION_READ.value + ".period",
        )


def month_days(year: int, month: int) -> tuple[date, date]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise InvalidInput(en="Choose a month.", zh="请选择月份。")
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(following.toordinal() - 1)


def note_text(raw: str) -> str:
    """A finding as typed: line breaks kept (Windows ones too), bounded, no control characters."""
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if not text:
        raise InvalidInput(en="Write the finding.", zh="请填写检查发现。", field="text")
    if len(text) > NOTE_LIMIT or any(
        (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0 for ch in text
    ):
        raise InvalidInput(
            en=f"A note: at most {NOTE_LIMIT} characters, no control characters.",
            zh=f"检查记录：最多 {NOTE_LIMIT} 个字符，不能含控制字符。",
            field="text",
        )
    return text


# --- reading the rows ------------------------------------------------------------------------


def _name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.full_name if user else str(user_id)


def _info(session: Session, row: Inspection) -> InspectionInfo:
    zone = clock.clinic_zone(session)
    today = clock.clinic_today(session)
    inspector = session.get(User, row.inspector_id)
    assert inspector is not None
    notes = len(
        session.scalars(
            select(InspectionNote.id).where(InspectionNote.inspection_id == row.id)
        ).all()
    )
    return InspectionInfo(
        inspection_id=row.id,
        inspector_id=row.inspector_id,
        inspector_username=inspector.username,
        inspector_name=inspector.full_name,
        authority=row.authority,
        purpose=row.purpose,
        period_from=row.period_from,
        period_to=row.period_to,
        expires_on=row.expires_on,
        granted_by=_name(session, row.granted_by) or "",
        granted_at=row.granted_at.astimezone(zone),
        ended_at=row.ended_at.astimezone(zone) if row.ended_at else None,
        ended_by=_name(session, row.ended_by),
        end_reason=row.end_reason,
        state=state_on(
            today,
            expires_on=row.expires_on,
            ended=row.ended_at is not None,
        ),
        notes=notes,
    )


def no_open_inspection() -> PermissionDenied:
    return PermissionDenied(
        en="You have no open inspection: the administrator grants one for a period, until a "
        "date. Nothing was shown.",
        zh="您没有进行中的监督检查授权：须由管理员按检查期间和有效期授予。未显示任何记录。",
        action=Action.INSPECTION_READ.value + ".none",
    )


def open_inspection(call: Call, inspection_id: int) -> Inspection:
    """The actor's own inspection, open today; refused otherwise. Notes the inspection and its
    period in the call's audit event first, so a refused read is recorded with them."""
    row = call.session.get(Inspection, inspection_id)
    if row is None or row.inspector_id != call.actor.user_id:
        call.note(inspection=inspection_id)
        raise no_open_inspection()
    call.note(inspection=row.id, period=f"{row.period_from}/{row.period_to}")
    state = _info(call.session, row).state
    if state == "ended":
        raise PermissionDenied(
            en="The administrator has ended this inspection's access. Nothing was shown.",
            zh="管理员已结束本次检查的访问授权。未显示任何记录。",
            action=Action.INSPECTION_READ.value + ".ended",
        )
    if state == "expired":
        raise PermissionDenied(
            en=f"This inspection's access expired after {row.expires_on}. Nothing was shown.",
            zh=f"本次检查的访问授权已于 {row.expires_on} 后到期。未显示任何记录。",
            action=Action.INSPECTION_READ.value + ".expired",
        )
    return row


# --- the administrator: grant, end, list ------------------------------------------------------


@service(Action.INSPECTION_GRANT, entity="inspection")
def grant_inspection(
    call: Call,
    *,
    inspector_username: str,
    authority: str,
    purpose: str,
    period_from: date,
    period_to: date,
    expires_on: date,
) -> InspectionInfo:
    """Give INSPECTOR read access to the register and counts of PERIOD_FROM..PERIOD_TO until
    the end of EXPIRES_ON (clinic days). The authority and purpose are sealed."""
    session = call.session
    today = clock.clinic_today(session)
    name = (inspector_username or "").strip().lower()
    user = session.scalars(select(User).where(User.username == name)).first()
    with about("inspector"):
        if user is None:
            raise NotFound(en="Choose the inspector's account.", zh="请选择监督检查员账户。")
        roles = set(session.scalars(select(UserRole.role).where(UserRole.user_id == user.id)))
        if roles != {Role.INSPECTOR.value} or not user.active:
            raise InvalidInput(
                en=f"{user.username} is not an active inspector's account: create one with the "
                "inspector role first.",
                zh=f"{user.username} 不是启用中的监督检查员账户：请先创建具有监督检查员角色的账户。",
            )
    with about("authority"):
        who = free_text(authority, 200, "Authority", "检查机关")
        if not who:
            raise InvalidInput(en="Name the authority.", zh="请填写检查机关。")
    with about("purpose"):
        why = free_text(purpose, 1000, "Purpose", "检查事由")
        if not why:
            raise InvalidInput(en="State the purpose.", zh="请填写检查事由。")
    with about("period_from"):
        if period_from > period_to:
            raise InvalidInput(
                en="The period's first day comes after its last day.",
                zh="检查期间的起始日期晚于结束日期。",
            )
        if period_to > today:
            raise InvalidInput(
                en=f"The period ends after today ({today}): records not yet made cannot be "
                "inspected.",
                zh=f"检查期间的结束日期晚于今天（{today}）：尚未产生的记录无法检查。",
            )
    with about("expires_on"):
        if expires_on < today:
            raise InvalidInput(
                en=f"The access would have expired already: choose today ({today}) or later.",
                zh=f"该授权已过期：请选择今天（{today}）或之后的日期。",
            )
    row = Inspection(
        inspector_id=user.id,
        authority=who,
        purpose=why,
        period_from=period_from,
        period_to=period_to,
        expires_on=expires_on,
        granted_by=call.actor.user_id,
    )
    session.add(row)
    session.flush()
    call.note(
        entity_id=row.id,
        inspector=user.id,
        period=f"{period_from}/{period_to}",
        expires_on=expires_on.isoformat(),
    )
    return _info(session, row)


@service(Action.INSPECTION_GRANT, entity="inspection")
def end_inspection(call: Call, *, inspection_id: int, reason: str) -> InspectionInfo:
    """End an inspection's access now (it is never reopened: grant a new one)."""
    session = call.session
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(en="No such inspection.", zh="没有该检查。")
    call.note(entity_id=row.id, inspector=row.inspector_id)
    with about("reason"):
        why = free_text(reason, 500, "Reason", "原因")
        if not why:
            raise InvalidInput(en="Give the reason.", zh="请填写原因。")
    if row.ended_at is not None:
        raise Conflict(en="This inspection has already ended.", zh="该检查已结束。")
    row.ended_at = clock.now(session)
    row.ended_by = call.actor.user_id
    row.end_reason = why
    session.flush()
    return _info(session, row)


@service(Action.INSPECTION_FINDINGS, entity="inspection", audited=False, read_only=True)
def list_inspections(call: Call) -> list[InspectionInfo]:
    """Every inspection granted, the newest first (the findings are read one by one, audited)."""
    rows = call.session.scalars(select(Inspection).order_by(Inspection.id.desc()))
    return [_info(call.session, row) for row in rows]


@service(Action.INSPECTION_FINDINGS, entity="inspection_note", read_only=True)
def inspection_findings(call: Call, *, inspection_id: int) -> list[InspectionNoteInfo]:
    """An inspection's notes as the inspector wrote them, corrections beside what they correct."""
    row = call.session.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(en="No such inspection.", zh="没有该检查。")
    notes = _notes(call.session, row.id)
    call.note(entity_id=row.id, period=f"{row.period_from}/{row.period_to}", notes=len(notes))
    return notes


# --- the inspector ---------------------------------------------------------------------------


@service(Action.INSPECTION_READ, entity="inspection", audited=False, read_only=True)
def my_inspections(call: Call) -> list[InspectionInfo]:
    """The actor's inspections open today, the newest first."""
    rows = call.session.scalars(
        select(Inspection)
        .where(Inspection.inspector_id == call.actor.user_id)
        .order_by(Inspection.id.desc())
    )
    infos = [_info(call.session, row) for row in rows]
    return [info for info in infos if info.state == "open"]


@service(Action.INSPECTION_READ, entity="inspection", audited=False, read_only=True)
def inspection_places(call: Call, *, inspection_id: int) -> list[PlaceInfo]:
    """The places a register is kept for, to choose one (names only, nothing read from them)."""
    open_inspection(call, inspection_id)
    return registers.place_infos(call.session)


def _register(
    call: Call,
    inspection_id: int,
    location_id: int,
    product_id: int,
    year: int,
    month: int,
    clinic_name: str,
) -> Register:
    row = open_inspection(call, inspection_id)
    call.note(
        entity_id=row.id,
        view="register",
        register=f"{location_id}:{product_id}:{year}-{month:02d}",
    )
    first, last = month_days(year, month)
    days = within_period(row.period_from, row.period_to, first, last)
    whole = days == (first, last)
    return registers.build_register(
        call.session,
        location_id,
        product_id,
        year,
        month,
        clinic_name,
        days=None if whole else days,
    )


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def inspection_register(
    call: Call,
    *,
    inspection_id: int,
    location_id: int,
    product_id: int,
    year: int,
    month: int,
    clinic_name: str,
) -> Register:
    """The register of a month for a place and product, only the days inside the period."""
    return _register(call, inspection_id, location_id, product_id, year, month, clinic_name)


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def export_inspection_register(
    call: Call,
    *,
    inspection_id: int,
    location_id: int,
    product_id: int,
    year: int,
    month: int,
    clinic_name: str,
    fmt: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The same register as a PDF or an Excel file; PROGRESS hears (done, 100)."""
    if fmt not in registers.EXPORT_FORMATS:
        raise InvalidInput(en="Export as PDF or Excel.", zh="请选择导出为 PDF 或 Excel。")
    reg = _register(call, inspection_id, location_id, product_id, year, month, clinic_name)
    call.note(view="register_export", format=fmt, lines=len(reg.lines))
    return registers.render(call.session, reg, fmt, progress)


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def inspection_counts(
    call: Call,
    *,
    inspection_id: int,
    first: date,
    last: date,
    window_id: int | None = None,
    product_id: int | None = None,
) -> list[CountLine]:
    """The counts of FIRST..LAST (inside the period), every window or one: expected, found,
    variance, the explanation, who counted and who signed off."""
    row = open_inspection(call, inspection_id)
    call.note(
        entity_id=row.id,
        view="counts",
        days=f"{first}/{last}",
        window=window_id,
        product=product_id,
    )
    inside_period(row.period_from, row.period_to, first, last)
    lines = reconcile.counts_between(
        call.session, first, last, window_id=window_id, product_id=product_id
    )
    call.note(counts=len(lines))
    return lines


def _notes(session: Session, inspection_id: int) -> list[InspectionNoteInfo]:
    zone = clock.clinic_zone(session)
    rows = list(
        session.scalars(
            select(InspectionNote)
            .where(InspectionNote.inspection_id == inspection_id)
            .order_by(InspectionNote.id)
        )
    )
    corrected = {n.supersedes_id: n.id for n in rows if n.supersedes_id is not None}
    return [
        InspectionNoteInfo(
            note_id=n.id,
            inspection_id=n.inspection_id,
            text=n.text,
            written_by=_name(session, n.written_by) or "",
            written_at=n.written_at.astimezone(zone),
            supersedes_id=n.supersedes_id,
            superseded_by=corrected.get(n.id),
        )
        for n in rows
    ]


@service(Action.INSPECTION_READ, entity="inspection_note", read_only=True)
def inspection_notes(call: Call, *, inspection_id: int) -> list[InspectionNoteInfo]:
    """The inspector's notes of this inspection, oldest first, corrections and what they correct."""
    row = open_inspection(call, inspection_id)
    call.note(entity_id=row.id, view="notes")
    notes = _notes(call.session, row.id)
    call.note(notes=len(notes))
    return notes


@service(Action.INSPECTION_NOTE, entity="inspection_note")
def add_inspection_note(
    call: Call, *, inspection_id: int, text: str, supersedes: int | None = None
) -> InspectionNoteInfo:
    """Write a finding; SUPERSEDES names an earlier note this one corrects (both are kept)."""
    session = call.session
    row = open_inspection(call, inspection_id)
    with about("text"):
        body = note_text(text)
    if supersedes is not None:
        earlier = session.get(InspectionNote, supersedes)
        if earlier is None or earlier.inspection_id != row.id:
            raise NotFound(en="No such note in this inspection.", zh="本次检查中没有该记录。")
        later = session.scalars(
            select(InspectionNote.id).where(InspectionNote.supersedes_id == supersedes)
        ).first()
        if later is not None:
            raise Conflict(
                en=f"Note {supersedes} was already corrected by note {later}: correct that one.",
                zh=f"记录 {supersedes} 已由记录 {later} 更正：请更正后者。",
            )
    note = InspectionNote(
        inspection_id=row.id, text=body, supersedes_id=supersedes, written_by=call.actor.user_id
    )
    session.add(note)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            en="That note was corrected at the same moment elsewhere.",
            zh="该记录刚在其他地方被更正。",
        ) from exc
    call.note(entity_id=note.id, supersedes=supersedes, length=len(body))
    return next(n for n in _notes(session, row.id) if n.note_id == note.id)


@service(Action.INSPECTION_READ, entity="inspection_note", read_only=True)
def export_inspection_notes(call: Call, *, inspection_id: int, clinic_name: str) -> bytes:
    """The inspection's notes as a PDF: the grant, then every note, corrections marked."""
    from clinic.reports.inspection_pdf import render_notes_pdf

    row = open_inspection(call, inspection_id)
    notes = _notes(call.session, row.id)
    call.note(entity_id=row.id, view="notes_export", notes=len(notes))
    return render_notes_pdf(
        _info(call.session, row),
        notes,
        clinic_name=clinic_name,
        printed_at=clock.now(call.session).astimezone(clock.clinic_zone(call.session)),
        demo=demo_clinic(call.session),
    )


# --- the inspector's reports -------------------------------------------------------------------

# The reports an inspection reads, and the arguments each needs: none of them names a patient.
INSPECTION_REPORTS: dict[str, tuple[str, ...]] = {
    "dosing": ("start", "end"),
    "stock_expiry": ("day",),
    "mmt_month": ("year", "month"),
}


def _end_of(session: Session, day: date) -> datetime:
    """The first moment after DAY, a clinic day, in UTC."""
    zone = clock.clinic_zone(session)
    return datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)


def _inspection_report(call: Call, inspection_id: int, report: str, **given: Any) -> ReportTable:
    """One report of the inspection's period, made by the clinic's own computation."""
    row = open_inspection(call, inspection_id)
    if report not in INSPECTION_REPORTS or any(
        given.get(name) is None for name in INSPECTION_REPORTS[report]
    ):
        raise InvalidInput(en="Choose a report and its days.", zh="请选择报表及其日期。")
    call.note(entity_id=row.id, view=f"report:{report}")
    session = call.session
    if report == "dosing":
        first, last = within_period(row.period_from, row.period_to, given["start"], given["end"])
        site_id = given.get("site_id")
        call.note(days=f"{first}/{last}", site=site_id)
        table = clinic_reports.dosing_table(session, first, last, site_id)
        call.note(**clinic_reports.dosing_counts(table))
        return table
    if report == "stock_expiry":
        day = given["day"]
        inside_period(row.period_from, row.period_to, day, day)
        within_days = int(given.get("within_days", 90))
        if not 0 <= within_days <= 3650:
            raise InvalidInput(
                en="Days ahead: a whole number from 0 to 3650.", zh="提前天数：0 至 3650 的整数。"
            )
        place = given.get("location_id")
        call.note(day=day, within_days=within_days, place=place)
        table = clinic_reports.expiry_table(
            session, day, within_days, place, balances_at=_end_of(session, day)
        )
        call.note(lots=len(table.rows))
        return table
    first, last = month_days(int(given["year"]), int(given["month"]))
    first, last = within_period(row.period_from, row.period_to, first, last)
    call.note(days=f"{first}/{last}")
    return mmt_report.work_report_table(session, first, last, generated_at=call.db.clock())


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def inspection_dosing(
    call: Call, *, inspection_id: int, start: date, end: date, site_id: int | None = None
) -> ReportTable:
    """Doses per nurse, window and product over START..END, clamped to the period."""
    return _inspection_report(call, inspection_id, "dosing", start=start, end=end, site_id=site_id)


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def inspection_stock_expiry(
    call: Call,
    *,
    inspection_id: int,
    day: date,
    within_days: int = 90,
    location_id: int | None = None,
) -> ReportTable:
    """Lots expired or expiring within WITHIN_DAYS of DAY (a day of the period), with the
    balances as they stood at that day's end."""
    return _inspection_report(
        call,
        inspection_id,
        "stock_expiry",
        day=day,
        within_days=within_days,
        location_id=location_id,
    )


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def inspection_work_report(call: Call, *, inspection_id: int, year: int, month: int) -> ReportTable:
    """The MMT monthly work report of a month, its days clamped to the period."""
    return _inspection_report(call, inspection_id, "mmt_month", year=year, month=month)


@service(Action.INSPECTION_READ, entity="inspection", read_only=True)
def export_inspection_report(
    call: Call,
    *,
    inspection_id: int,
    report: str,
    parameters: dict[str, Any],
    fmt: str,
) -> bytes:
    """A report of the inspection made again from its PARAMETERS (so the period and the grant are
    checked again) and rendered as a PDF or an Excel file."""
    from clinic.reports.table_pdf import render_table_pdf
    from clinic.reports.table_xlsx import render_table_xlsx

    if fmt not in clinic_reports.FORMATS:
        raise InvalidInput(en="Save as PDF or Excel.", zh="请选择保存为 PDF 或 Excel。")
    table = _inspection_report(call, inspection_id, report, **parameters)
    call.note(view=f"report_export:{report}", format=fmt)
    if fmt == "pdf":
        return render_table_pdf([table], demo=demo_clinic(call.session))
    return render_table_xlsx([table])
