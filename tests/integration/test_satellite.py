"""A satellite dosing point keeps dosing when its link to the server is cut (issue 20): the
satellite's replica is built while the link is up; the link (a TCP proxy the test controls) is
cut; the nurse signs in on the replica and doses through the same gate; when the link is back
the outbox is replayed through the same services, exactly once, with the doses' stock movements
and the satellite's audit events, and the server's `audit verify` passes. A replay cut off and
started again doubles nothing; what the server refuses is on the review list, both sides shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine, make_url

from clinic import clock
from clinic.dosing import late
from clinic.dosing.dispense import DoseRefused
from clinic.dosing.guest import order_guest_dosing, record_guest_return, void_guest_return
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.window import record_dose, withhold_dose
from clinic.errors import AuthenticationFailed, NotFound, PermissionDenied, ServerUnreachable
from clinic.patients import enrolment
from clinic.patients.records import change_status
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import OsKeyringStore
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user, login
from clinic.satellite.replica import build_replica, open_replica, waiting
from clinic.satellite.sync import replay
from clinic.storage.db import Database
from clinic.storage.models import AuditEvent, Dose, DoseItem, OfflineReceipt, StockMovement
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest, make_clinic
from tests.integration.dosing_helpers import Window, window
from tests.integration.stock_helpers import assert_books_agree
from tests.integration.tcp_proxy import TcpProxy
from tests.integration.test_guest_dosing import Sites

pytestmark = pytest.mark.postgres


class Satellite:
    """A server-mode clinic reached through a proxy; a main site and a satellite site (SAT) with
    stocked windows; patients of the satellite; the satellite workstation's replica folder."""

    def __init__(self, cut: ClinicUnderTest, proxy: TcpProxy, direct: Engine, folder: Path):
        self.cut, self.proxy, self.direct, self.folder = cut, proxy, direct, folder
        self.w: Window = window(cut)
        self.sites = Sites(self.w)
        self.replica: Database | None = None

    def patient(self, site: str = "SAT", dose: str = "30") -> int:
        w = self.w
        with UnitOfWork(w.cut.db, read_only=True) as uow:
            today = clock.clinic_today(uow.session, w.now)
        pid = enrolment.enrol_patient(
            w.doc, enrolment=factories.enrolment(today), site_code=site
        ).patient_id
        write_order(
            w.doc,
            patient_id=pid,
            request=OrderRequest(product_id=w.ph.methadone, daily_dose_mg=dose, start_on=today),  # type: ignore[arg-type]
        )
        return pid

    def build(self) -> None:
        build_replica(
            self.cut.db,
            self.cut.keystore,
            self.folder,
            site_code="SAT",
            workstation=self.cut.db.workstation,
        )

    def go_offline(self):  # type: ignore[no-untyped-def]
        """Cut the link; open the replica on the same clock; the nurse signs in there."""
        self.proxy.cut()
        replica = open_replica(
            self.cut.keystore, self.cut.db.clinic_id, self.cut.db.workstation, self.folder
        )
        replica.clock = lambda: self.w.now
        self.replica = replica
        return login(replica, username="nurse2", password="nurse2-pass-1")

    def close(self) -> None:
        if self.replica is not None:
            self.replica.dispose()


@pytest.fixture
def sat(tmp_path: Path, keystore: OsKeyringStore, pg_migrated_database: str) -> Iterator[Satellite]:
    url = make_url(pg_migrated_database)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    cut = make_clinic(tmp_path / "clinic", keystore, "postgresql", through)
    direct = create_engine(url)
    s = Satellite(cut, proxy, direct, tmp_path / "replica")
    try:
        yield s
    finally:
        s.close()
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)
        keystore.delete(f"{cut.clinic.settings.clinic_id}:replica:{cut.db.workstation}")
        direct.dispose()
        proxy.stop()


def central_doses(s: Satellite, pid: int) -> list[Dose]:
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        rows = list(uow.session.scalars(select(Dose).where(Dose.patient_id == pid)))
        for row in rows:
            uow.session.expunge(row)
        return rows


def test_doses_recorded_offline_reach_the_server_once(sat: Satellite) -> None:
    s, w = sat, sat.w
    a, b = s.patient(), s.patient(dose="25")
    main_patient = s.patient(site="MAIN")
    s.build()
    assert w.now is not None
    given_at = w.now

    nurse = s.go_offline()
    with pytest.raises(ServerUnreachable):  # the server is out of reach
        record_dose(w.nurse, patient_id=a, window_id=s.sites.sat)
    given = record_dose(nurse, patient_id=a, window_id=s.sites.sat)
    assert given.dose_mg == 30
    with pytest.raises(DoseRefused, match="Already dosed today"):  # never twice, offline as online
        record_dose(nurse, patient_id=a, window_id=s.sites.sat)
    with pytest.raises(NotFound, match="only the patients whose site today is this one"):
        record_dose(nurse, patient_id=main_patient, window_id=s.sites.sat)  # the main site's
    with pytest.raises(PermissionDenied, match="offline"):  # only dosing goes on offline
        withhold_dose(nurse, patient_id=b, window_id=s.sites.sat, reason="other", note="x")
    entries, events = waiting(s.replica)  # type: ignore[arg-type]
    assert entries == 1 and events >= 3  # the sign-in, the dose, the refusals

    s.proxy.restore()
    online = s.cut.clinic.login("nurse2", "nurse2-pass-1")
    result = replay(s.replica, online)  # type: ignore[arg-type]
    assert (result.recorded, result.already, result.reviews) == (1, 0, 0)
    assert result.events == events
    [dose] = central_doses(s, a)
    assert dose.window_id == s.sites.sat and dose.nurse_id == online.actor.user_id
    assert dose.given_at == given_at and dose.dose_mg == 30
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        items = uow.session.scalars(select(DoseItem).where(DoseItem.dose_id == dose.id)).all()
        assert len(items) == 1
        movement = uow.session.get(StockMovement, items[0].movement_id)
        assert movement is not None and movement.from_location_id == s.sites.sat
        receipt = uow.session.scalars(
            select(OfflineReceipt).where(OfflineReceipt.dose_id == dose.id)
        ).one()
        assert receipt.source == "offline"
        offline_events = [
            json.loads(e.details)
            for e in uow.session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
            if "offline_seq" in json.loads(e.details)
        ]
    assert [e["offline_seq"] for e in offline_events] == list(range(2, 2 + events))
    assert_books_agree(s.cut)
    assert verify_audit_trail(s.cut.admin()).ok

    # Replayed again (as after a crash): nothing more.
    again = replay(s.replica, online)  # type: ignore[arg-type]
    assert (again.recorded, again.events) == (0, 0)
    assert waiting(s.replica) == (0, 0)  # type: ignore[arg-type]
    assert len(central_doses(s, a)) == 1


def test_a_replay_cut_anywhere_and_started_again_doubles_nothing(sat: Satellite) -> None:
    s = sat
    pids = [s.patient() for _ in range(3)]
    s.build()
    nurse = s.go_offline()
    for pid in pids:
        record_dose(nurse, patient_id=pid, window_id=s.sites.sat)
    s.proxy.restore()
    online = s.cut.clinic.login("nurse2", "nurse2-pass-1")
    replica = s.replica
    assert replica is not None
    # The satellite dies after the server took in its first entry, before it marked it sent:
    with UnitOfWork(replica, read_only=True) as uow:
        from clinic.storage.models import OutboxEntry

        first = uow.session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)).first()
        assert first is not None
        key, at, by = first.key, first.recorded_at, first.user_id
    late.record_late_dose(
        online,
        key=key,
        source="offline",
        patient_id=pids[0],
        window_id=s.sites.sat,
        given_at=at,
        given_by=by,
    )
    # ... and the link drops in the middle of the next entry's transaction:
    from sqlalchemy import event

    statements = {"n": 0}

    def cut_on_fifth(*_: object) -> None:
        statements["n"] += 1
        if statements["n"] == 5:
            s.proxy.cut()

    event.listen(s.cut.db.engine, "before_cursor_execute", cut_on_fifth)
    with pytest.raises(ServerUnreachable):
        replay(replica, online)
    event.remove(s.cut.db.engine, "before_cursor_execute", cut_on_fifth)
    s.proxy.restore()
    result = replay(replica, online)
    assert result.already == 1 and result.recorded + result.already == 3 - 0
    for pid in pids:
        assert len(central_doses(s, pid)) == 1
    with s.direct.connect() as conn:
        assert (
            conn.scalar(
                select(func.count())
                .select_from(OfflineReceipt.__table__)
                .where(OfflineReceipt.source == "offline")
            )
            == 3
        )
    assert_books_agree(s.cut)
    assert verify_audit_trail(s.cut.admin()).ok


def test_refusals_offline_and_the_review_list(sat: Satellite) -> None:
    s, w = sat, sat.w
    home, away, stopped = s.patient(), s.patient(), s.patient()
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session, w.now)
    # AWAY doses at the main site today (a guest period): not at the satellite, offline or not
    order_guest_dosing(
        w.doc, patient_id=away, starts_on=today, ends_on=today, site_id=s.sites.main_site
    )
    create_user(  # a nurse who never signed in at this workstation
        s.cut.admin(),
        username="nurse3",
        full_name="Test nurse3",
        roles=frozenset({Role.NURSE}),
        password="nurse3-pass-1",
        must_change_password=False,
    )
    s.build()
    # after the replica was made, the physician discharges STOPPED centrally
    change_status(
        w.doc, patient_id=stopped, to_status="discharged", effective_on=today, reason="moved"
    )
    nurse = s.go_offline()
    assert s.replica is not None
    with pytest.raises(AuthenticationFailed, match="signed in at this workstation while the link"):
        login(s.replica, username="nurse3", password="nurse3-pass-1")
    with pytest.raises(DoseRefused):
        record_dose(nurse, patient_id=away, window_id=s.sites.sat)
    record_dose(nurse, patient_id=stopped, window_id=s.sites.sat)  # the replica did not know
    # the offline limit: 72 hours after the replica was last brought up to date
    w.at(today + timedelta(days=3), 10)
    with pytest.raises(DoseRefused, match="Offline for more than 72 hours"):
        record_dose(nurse, patient_id=home, window_id=s.sites.sat)

    w.at(today, 12)
    s.proxy.restore()
    online = s.cut.clinic.login("nurse2", "nurse2-pass-1")
    result = replay(s.replica, online)  # type: ignore[arg-type]
    assert (result.recorded, result.reviews) == (0, 1)
    assert central_doses(s, stopped) == []
    [item] = late.review_list(w.doc)
    assert item.patient_id == stopped and item.source == "offline"
    assert item.reason_en and item.reason_zh
    assert item.recorded["slot"] is None and item.server_state["doses_that_day"] == []
    with pytest.raises(PermissionDenied):
        late.review_list(w.nurse)
    late.resolve_review(w.doc, review_id=item.review_id, note="已给药，库存差异在日结说明")
    assert late.review_list(w.doc) == []
    [settled] = late.review_list(w.doc, open_only=False)
    assert settled.resolution == "已给药，库存差异在日结说明"
    assert verify_audit_trail(s.cut.admin()).ok


def test_clinic_admin_makes_a_satellite_workstation(sat: Satellite, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """`clinic-admin satellite SAT`: the administrator names the site, the replica is built (its
    reading of the site's patients on the server's trail), the workstation's settings keep it."""
    import io
    import sys

    from clinic import cli
    from clinic.config import load_local
    from tests.conftest import ADMIN_PASSWORD

    s = sat
    pids = [s.patient(), s.patient()]
    s.patient(site="MAIN")
    home = str(s.cut.home)
    for argv, code in (
        (["--path", home, "--user", "admin", "satellite", "NOPE"], 2),
        (["--path", home, "--user", "admin", "satellite", "sat"], 0),
    ):
        monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
        assert cli.main(argv) == code
    out, err = capsys.readouterr()
    assert "No site “NOPE”" in err or "NOPE" in err
    assert "2 patients" in out
    assert load_local(s.cut.home).satellite_site == "SAT"
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        built = [
            json.loads(e.details)
            for e in uow.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "replica.build")
            )
        ]
    assert [b["patient_ids"] for b in built] == [pids]
    monkeypatch.setattr(sys, "stdin", io.StringIO("nurse2-pass-1\n"))
    assert cli.main(["--path", home, "--user", "nurse2", "satellite", "SAT"]) == 2


def test_an_order_that_ends_while_offline_ends_offline(sat: Satellite) -> None:
    s, w = sat, sat.w
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session, w.now)
    ending = s.patient()
    write_order(  # the order in force ends today
        w.doc,
        patient_id=ending,
        request=OrderRequest(
            product_id=w.ph.methadone, daily_dose_mg="30", start_on=today, end_on=today
        ),  # type: ignore[arg-type]
    )
    going_on = s.patient()
    s.build()
    nurse = s.go_offline()
    record_dose(nurse, patient_id=ending, window_id=s.sites.sat)
    record_dose(nurse, patient_id=going_on, window_id=s.sites.sat)
    w.at(today + timedelta(days=1))  # still offline the next morning
    with pytest.raises(DoseRefused, match="order"):
        record_dose(nurse, patient_id=ending, window_id=s.sites.sat)
    assert record_dose(nurse, patient_id=going_on, window_id=s.sites.sat).dosing_date == (
        today + timedelta(days=1)
    )
    s.proxy.restore()
    online = s.cut.clinic.login("nurse2", "nurse2-pass-1")
    result = replay(s.replica, online)  # type: ignore[arg-type]
    assert (result.recorded, result.reviews) == (3, 0)
    assert len(central_doses(s, going_on)) == 2 and len(central_doses(s, ending)) == 1


def test_a_satellite_workstation_starts_while_the_server_is_out_of_reach(sat: Satellite) -> None:
    """The link is down at opening time: a satellite's workstation opens anyway (marked
    unreachable, to dose from its replica); any other workstation is refused as before."""
    from dataclasses import replace

    from clinic.app import open_clinic
    from clinic.config import save_local
    from clinic.errors import StorageError

    s = sat
    s.build()
    s.proxy.cut()
    with pytest.raises(StorageError, match="cannot be reached"):
        open_clinic(s.cut.home, offline_ok=True)  # not a satellite's
    save_local(s.cut.home, replace(s.cut.clinic.settings, satellite_site="SAT"))
    with pytest.raises(StorageError, match="cannot be reached"):
        open_clinic(s.cut.home)  # without OFFLINE_OK, as before
    opened = open_clinic(s.cut.home, offline_ok=True)
    try:
        assert opened.unreachable
        replica = open_replica(
            opened.keystore, opened.db.clinic_id, opened.db.workstation, s.folder
        )
        try:
            nurse = login(replica, username="nurse2", password="nurse2-pass-1")
            assert nurse.db.replica
        finally:
            replica.dispose()
    finally:
        opened.close()


def test_offline_the_gate_counts_from_a_guest_return_as_the_server_does(sat: Satellite) -> None:
    s, w = sat, sat.w
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session, w.now)
    pid = s.patient()
    record_dose(w.nurse, patient_id=pid, window_id=s.sites.sat)
    guest_id = order_guest_dosing(
        w.doc,
        patient_id=pid,
        starts_on=today + timedelta(days=1),
        ends_on=today + timedelta(days=7),
        other_clinic="外院",
    ).guest_id
    w.at(today + timedelta(days=8))
    record_guest_return(
        w.doc, guest_id=guest_id, last_dose_on=today + timedelta(days=7), reference="函 12"
    )
    s.build()
    nurse = s.go_offline()
    given = record_dose(nurse, patient_id=pid, window_id=s.sites.sat)  # not 7 missed days
    assert given.dosing_date == today + timedelta(days=8)


def test_offline_a_voided_guest_return_counts_no_more_than_on_the_server(sat: Satellite) -> None:
    """A wrong return (the last guest day) voided and replaced by the right one (day 4): the
    replica copies the void, so its gate counts the missed days from day 4, as the server's."""
    s, w = sat, sat.w
    with UnitOfWork(s.cut.db, read_only=True) as uow:
        today = clock.clinic_today(uow.session, w.now)
    pid = s.patient()
    record_dose(w.nurse, patient_id=pid, window_id=s.sites.sat)
    guest_id = order_guest_dosing(
        w.doc,
        patient_id=pid,
        starts_on=today + timedelta(days=1),
        ends_on=today + timedelta(days=7),
        other_clinic="外院",
    ).guest_id
    w.at(today + timedelta(days=8))
    wrong = record_guest_return(
        w.doc, guest_id=guest_id, last_dose_on=today + timedelta(days=7), reference="函 12"
    ).return_id
    assert wrong is not None
    void_guest_return(
        w.doc,
        guest_id=guest_id,
        return_id=wrong,
        reason="外院更正日期",
        last_dose_on=today + timedelta(days=1),
        reference="函 13",
    )
    s.build()
    nurse = s.go_offline()
    with pytest.raises(DoseRefused, match="Missed 6 days in a row"):
        record_dose(nurse, patient_id=pid, window_id=s.sites.sat)
