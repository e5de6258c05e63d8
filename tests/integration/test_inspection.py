"""An authority's inspection on both backends: the inspector reads the register and the counts of
the granted period only, figures equal to the pharmacist's on a ledger built by hand; every read
names the inspection in the audit trail; reads outside the period, after the expiry or after the
grant ended are refused with nothing shown; notes are append-only and sealed."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from clinic import inspection
from clinic.errors import Conflict, InvalidInput, PermissionDenied
from clinic.inventory import reconcile, register, stock
from clinic.privacy import users
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent
from clinic.storage.uow import UnitOfWork
from tests.integration.stock_helpers import pharmacy

ZONE = ZoneInfo("Asia/Shanghai")
D = Decimal
NAME = "测试诊所 Test Clinic"


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE).astimezone(ZoneInfo("UTC"))


@pytest.fixture
def world(clinic):  # type: ignore[no-untyped-def]
    """A ledger by hand: 5 March 1000 mL received, 500 to the window; 12 March 100 more to the
    window and a day-close count 3 mL short, explained and signed; 20 April 50 more to the window.
    Today is 10 May 2026; the inspection covers 10 March – 30 April, until 20 May."""
    ph = pharmacy(clinic)
    db = clinic.db
    real = db.clock
    try:
        db.clock = lambda: at(date(2026, 3, 5))
        ph.receive(ph.methadone, "LOT-A", "1000")
        witness = ph.witness()
        issue = dict(product_id=ph.methadone, safe_id=ph.safe, window_id=ph.window, **witness)
        stock.issue_to_window(ph.pharm, quantity="500", **issue)
        db.clock = lambda: at(date(2026, 3, 12))
        stock.issue_to_window(ph.pharm, quantity="100", **issue)
        db.clock = lambda: at(date(2026, 3, 12), 20)
        reconcile.record_count(
            ph.pharm,
            window_id=ph.window,
            product_id=ph.methadone,
            counted="597",
            explanation="洒出 spilled at the window",
            **witness,
        )
        db.clock = lambda: at(date(2026, 4, 20))
        stock.issue_to_window(ph.pharm, quantity="50", **issue)
        db.clock = lambda: at(date(2026, 5, 10))
        inspector = clinic.add_user("insp", Role.INSPECTOR)
        granted = inspection.grant_inspection(
            clinic.admin(),
            inspector_username="insp",
            authority="区卫生健康委员会 District health commission",
            purpose="麻精药品专项检查 controlled-drug inspection",
            period_from=date(2026, 3, 10),
            period_to=date(2026, 4, 30),
            expires_on=date(2026, 5, 20),
        )
        yield ph, inspector, granted.inspection_id
    finally:
        db.clock = real


def events(cut, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with UnitOfWork(cut.db, read_only=True) as uow:
        rows = list(
            uow.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        )
        for row in rows:
            uow.session.expunge(row)
        return rows


def read_register(auth, ph, iid: int, month: int):  # type: ignore[no-untyped-def]
    return inspection.inspection_register(
        auth,
        inspection_id=iid,
        location_id=ph.window,
        product_id=ph.methadone,
        year=2026,
        month=month,
        clinic_name=NAME,
    )


def test_register_inside_the_period_equals_the_pharmacists(clinic, world) -> None:  # type: ignore[no-untyped-def]
    ph, insp, iid = world
    april = read_register(insp, ph, iid, 4)
    pharmacists = register.register_month(
        ph.pharm,
        location_id=ph.window,
        product_id=ph.methadone,
        year=2026,
        month=4,
        clinic_name=NAME,
    )
    assert april == pharmacists  # a whole month inside the period: the same register
    assert (april.opening, april.closing) == (D("597"), D("647"))

    march = read_register(insp, ph, iid, 3)  # 10–31 March: the 5 March issue is brought forward
    assert (march.first_day, march.last_day) == (date(2026, 3, 10), date(2026, 3, 31))
    assert march.opening == D("500")
    assert [(line.kind, line.receipt, line.issue, line.balance) for line in march.lines] == [
        ("issue", D("100"), None, D("600")),
        ("adjust", None, D("3"), D("597")),
    ]
    whole = register.register_month(
        ph.pharm,
        location_id=ph.window,
        product_id=ph.methadone,
        year=2026,
        month=3,
        clinic_name=NAME,
    )
    assert march.lines == tuple(ln for ln in whole.lines if ln.local_date >= date(2026, 3, 10))
    assert march.closing == whole.closing

    pdf = inspection.export_inspection_register(
        insp,
        inspection_id=iid,
        location_id=ph.window,
        product_id=ph.methadone,
        year=2026,
        month=3,
        clinic_name=NAME,
        fmt="pdf",
    )
    assert pdf.startswith(b"%PDF")

    reads = events(clinic, "inspection.read")
    assert [json.loads(e.details).get("view") for e in reads] == [
        "register",
        "register",
        "register_export",
    ]
    for event in reads:
        details = json.loads(event.details)
        assert (event.entity_id, event.outcome) == (str(iid), "done")
        assert details["inspection"] == iid
        assert details["period"] == "2026-03-10/2026-04-30"


def test_counts_inside_the_period_are_the_books(clinic, world) -> None:  # type: ignore[no-untyped-def]
    _, insp, iid = world
    lines = inspection.inspection_counts(
        insp, inspection_id=iid, first=date(2026, 3, 10), last=date(2026, 4, 30)
    )
    assert len(lines) == 1
    (count,) = lines
    assert (count.business_date, count.opening, count.received) == (
        date(2026, 3, 12),
        D("500"),
        D("100"),
    )
    assert (count.expected, count.counted, count.variance) == (D("600"), D("597"), D("-3"))
    assert count.state == "signed_off" and count.closed_the_day
    assert count.explanation == "洒出 spilled at the window"
    assert (count.counted_by, count.signed_off_by, count.witness) == (
        "Test pharm",
        "Test pharm",
        "Test nurse",
    )
    # the pharmacist's own book of the same counts (the one core function) agrees
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert reconcile.counts_between(uow.session, date(2026, 3, 1), date(2026, 5, 10)) == lines
    (event,) = events(clinic, "inspection.read")
    details = json.loads(event.details)
    assert (details["inspection"], details["view"], details["counts"]) == (iid, "counts", 1)
    assert details["period"] == "2026-03-10/2026-04-30"


def test_outside_the_period_nothing_is_shown(clinic, world) -> None:  # type: ignore[no-untyped-def]
    ph, insp, iid = world
    with pytest.raises(PermissionDenied) as refused:
        read_register(insp, ph, iid, 2)
    assert "2026-03-10 to 2026-04-30" in refused.value.message("en")
    with pytest.raises(PermissionDenied):
        read_register(insp, ph, iid, 5)
    with pytest.raises(PermissionDenied) as refused:
        inspection.inspection_counts(
            insp, inspection_id=iid, first=date(2026, 3, 1), last=date(2026, 3, 31)
        )
    assert "超出其范围" in refused.value.message("zh_CN")
    refusals = events(clinic, "inspection.read")
    assert [e.outcome for e in refusals] == ["failed"] * 3
    assert all(json.loads(e.details)["inspection"] == iid for e in refusals)


def test_expired_or_ended_access_is_refused(clinic, world) -> None:  # type: ignore[no-untyped-def]
    ph, insp, iid = world
    clinic.db.clock = lambda: at(date(2026, 5, 20), 23)
    assert read_register(insp, ph, iid, 4).closing == D("647")  # the last day of access
    clinic.db.clock = lambda: at(date(2026, 5, 21), 0)
    with pytest.raises(PermissionDenied) as refused:
        read_register(insp, ph, iid, 4)
    assert "expired" in refused.value.message("en")
    assert inspection.my_inspections(insp) == []

    clinic.db.clock = lambda: at(date(2026, 5, 12))
    inspection.end_inspection(clinic.admin(), inspection_id=iid, reason="检查结束 done")
    with pytest.raises(PermissionDenied) as refused:
        inspection.inspection_notes(insp, inspection_id=iid)
    assert "ended" in refused.value.message("en")
    with pytest.raises(Conflict):
        inspection.end_inspection(clinic.admin(), inspection_id=iid, reason="again")
    # another inspector's account reads nothing of this inspection
    other = clinic.add_user("insp2", Role.INSPECTOR)
    with pytest.raises(PermissionDenied) as refused:
        inspection.inspection_counts(
            other, inspection_id=iid, first=date(2026, 3, 10), last=date(2026, 3, 31)
        )
    assert "no open inspection" in refused.value.message("en")


def test_notes_are_append_only_and_sealed(clinic, world) -> None:  # type: ignore[no-untyped-def]
    ph, insp, iid = world
    first = inspection.add_inspection_note(
        insp, inspection_id=iid, text="3月12日盘点短少 3 mL\r\n说明已签字"
    )
    assert first.text == "3月12日盘点短少 3 mL\n说明已签字"
    fixed = inspection.add_inspection_note(
        insp, inspection_id=iid, text="3月12日短少 3 mL，已核实 verified", supersedes=first.note_id
    )
    with pytest.raises(Conflict):  # a note is corrected once; the correction is corrected next
        inspection.add_inspection_note(insp, inspection_id=iid, text="x", supersedes=first.note_id)
    with pytest.raises(InvalidInput):
        inspection.add_inspection_note(insp, inspection_id=iid, text="  \n ")
    notes = inspection.inspection_notes(insp, inspection_id=iid)
    assert [(n.note_id, n.supersedes_id, n.superseded_by) for n in notes] == [
        (first.note_id, None, fixed.note_id),
        (fixed.note_id, first.note_id, None),
    ]
    assert notes[0].text == first.text  # the original is kept as written
    # the clinic's administrator and pharmacist read them, audited; a nurse may not
    assert inspection.inspection_findings(clinic.admin(), inspection_id=iid) == notes
    assert inspection.inspection_findings(ph.pharm, inspection_id=iid) == notes
    with pytest.raises(PermissionDenied):
        inspection.inspection_findings(ph.nurse, inspection_id=iid)
    assert [json.loads(e.details)["view"] for e in events(clinic, "inspection.read")] == ["notes"]
    assert len(events(clinic, "inspection.findings")) == 3  # two read, one denied
    pdf = inspection.export_inspection_notes(insp, inspection_id=iid, clinic_name=NAME)
    printed = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "3月12日盘点短少 3 mL" in printed and "已核实 verified" in printed  # both kept
    assert f"corrected by note {fixed.note_id}" in printed
    assert "区卫生健康委员会" in printed
    with clinic.db.engine.connect() as conn:
        raw = [r[0] for r in conn.execute(text("SELECT text FROM inspection_notes"))]
        grant = conn.execute(text("SELECT authority, purpose FROM inspections")).one()
    assert len(raw) == 2 and not any("3 mL" in value for value in raw)
    assert "卫生" not in grant[0] and "专项" not in grant[1]


def test_grant_checks_its_inputs(clinic, world) -> None:  # type: ignore[no-untyped-def]
    admin = clinic.admin()
    good = dict(
        inspector_username="insp",
        authority="卫健委",
        purpose="检查",
        period_from=date(2026, 3, 1),
        period_to=date(2026, 3, 31),
        expires_on=date(2026, 5, 31),
    )
    for bad in (
        {"inspector_username": "pharm"},  # not an inspector's account
        {"period_from": date(2026, 4, 1)},  # after the period's end
        {"period_to": date(2026, 5, 11)},  # after today
        {"expires_on": date(2026, 5, 9)},  # already expired
        {"authority": "  "},
    ):
        with pytest.raises(InvalidInput):
            inspection.grant_inspection(admin, **{**good, **bad})
    assert len(inspection.list_inspections(admin)) == 1
    with pytest.raises(InvalidInput) as refused:
        users.create_user(
            admin,
            username="mixed",
            full_name="Mixed",
            roles=["inspector", "pharmacist"],
            password="mixed-pass-1",
        )
    assert "inspector role only" in refused.value.message("en")
