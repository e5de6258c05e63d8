"""Rows written and read beside the ORM's unit of work (clinic/storage/uow.insert_now,
clinic/storage/direct, the ledger's balances): the same rows, stamps, defaults, refusals and
reads as through the unit of work, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError

from clinic.inventory import ledger, reconcile
from clinic.storage import direct
from clinic.storage.models import DayClose, Lot, Site, StockBalance
from clinic.storage.uow import UnitOfWork, insert_now
from tests.conftest import ClinicUnderTest
from tests.integration.stock_helpers import pharmacy

MOMENT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_a_row_inserted_at_once_is_stamped_defaulted_kept_and_refused_like_a_flushed_one(
    clinic: ClinicUnderTest,
) -> None:
    clinic.db.clock = lambda: MOMENT
    with UnitOfWork(clinic.db) as uow:
        session = uow.session
        site = insert_now(session, Site(code="DW1", name="Direct"))
        assert site.id is not None
        assert inspect(site).persistent  # in the session as if flushed: no second INSERT
        assert session.get(Site, site.id) is site
        assert site.created_at == MOMENT  # the unit of work's clock, as a flush stamps it
        assert site.timezone == "Asia/Shanghai" and site.active is True  # column defaults
        site.name = "Direct, renamed"  # a change after it is written is flushed as an update
        uow.commit()
    with UnitOfWork(clinic.db, read_only=True) as uow:
        row = uow.session.get(Site, site.id)
        assert row is not None
        assert (row.name, row.created_at, row.dosing_opens) == ("Direct, renamed", MOMENT, "07:00")
    with UnitOfWork(clinic.db) as uow:
        pending = Site(code="DW2", name="Added before")
        uow.session.add(pending)  # waiting for a flush: written first, as an autoflush would
        insert_now(uow.session, Site(code="DW3", name="Inserted"))
        assert inspect(pending).persistent
        with pytest.raises(IntegrityError):
            insert_now(uow.session, Site(code="DW1", name="Same code"))


def test_a_balance_loaded_as_an_object_reads_what_the_ledger_wrote_after(
    clinic: ClinicUnderTest,
) -> None:
    """The ledger writes balances in plain statements; an object of the same balance loaded
    earlier in the unit of work must not keep the old quantity."""
    ph = pharmacy(clinic)
    ph.receive(ph.methadone, "DW-L1", "500")
    with UnitOfWork(clinic.db) as uow:
        session = uow.session
        lot = session.scalars(select(Lot).where(Lot.lot_number == "DW-L1")).one()
        loaded = session.get(StockBalance, (lot.product_id, lot.id, ph.safe))
        assert loaded is not None and loaded.quantity == Decimal(500)
        ledger.post(
            session,
            kind="issue",
            lot=lot,
            source=ledger.location(session, ph.safe),
            target=ledger.location(session, ph.window),
            quantity=Decimal("120.5"),
            done_by=ph.pharm.actor.user_id,
            occurred_at=datetime.now(UTC) - timedelta(seconds=1),
        )
        assert loaded.quantity == Decimal("379.5")
        assert ledger.balance(session, lot.product_id, lot.id, ph.window) == Decimal("120.5")
        with pytest.raises(Exception, match="Not enough stock"):
            ledger.post(
                session,
                kind="issue",
                lot=lot,
                source=ledger.location(session, ph.window),
                target=ledger.location(session, ph.safe),
                quantity=Decimal("120.6"),
                done_by=ph.pharm.actor.user_id,
            )


def test_a_direct_read_sees_what_the_unit_of_work_has_not_flushed_yet(
    clinic: ClinicUnderTest,
) -> None:
    with UnitOfWork(clinic.db) as uow:
        uow.session.add(Site(code="DW4", name="Pending"))
        found = direct.first(uow.session, select(Site.name).where(Site.code == "DW4"), {})
        assert found == "Pending"
        assert [
            tuple(r)
            for r in direct.rows(
                uow.session, select(Site.code, Site.name).where(Site.code == "DW4"), {}
            )
        ] == [("DW4", "Pending")]


def test_get_by_a_statement_built_once_answers_as_session_get(clinic: ClinicUnderTest) -> None:
    with UnitOfWork(clinic.db) as uow:
        site = Site(code="DW5", name="Got")
        uow.session.add(site)
        uow.commit()
    with UnitOfWork(clinic.db) as uow:
        session = uow.session
        found = direct.get(session, Site, site.id)
        assert found is not None and found.name == "Got"
        assert direct.get(session, Site, site.id) is found is session.get(Site, site.id)
        assert direct.get(session, Site, 10**9) is None and direct.get(session, Site, None) is None
        session.execute(update(Site).where(Site.id == site.id).values(name="Changed"))
        session.expire(found)
        assert direct.get(session, Site, site.id) is found and found.name == "Changed"


def test_a_key_found_absent_is_found_once_a_row_of_its_class_is_added(
    clinic: ClinicUnderTest,
) -> None:
    """`get` remembers a key it found no row for (the gate and the fee both ask for a patient's
    details, which many patients lack), but not past a row of that class being added."""
    with UnitOfWork(clinic.db) as uow:
        session = uow.session
        assert direct.get(session, Site, 10**6) is None
        session.add(Site(id=10**6, code="DW6", name="Added"))
        found = direct.get(session, Site, 10**6)
        assert found is not None and found.name == "Added"
        assert direct.get(session, Site, 10**6 + 1) is None
        insert_now(session, Site(id=10**6 + 1, code="DW7", name="Inserted"))
        again = direct.get(session, Site, 10**6 + 1)
        assert again is not None and again.code == "DW7"


def test_a_day_found_open_is_closed_once_the_transaction_closes_it(
    clinic: ClinicUnderTest,
) -> None:
    """The dose's gate and its movement both ask whether the window's day is closed: the second
    answer comes from the first, unless the transaction closed the day in between."""
    ph = pharmacy(clinic)
    count = reconcile.record_count(
        ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="0", kind="handover"
    )
    with UnitOfWork(clinic.db) as uow:
        session = uow.session
        assert not reconcile.is_closed(session, ph.window, ph.methadone, ph.today)
        session.add(
            DayClose(
                location_id=ph.window,
                product_id=ph.methadone,
                business_date=ph.today,
                count_id=count.count_id,
                closed_by=ph.pharm.actor.user_id,
            )
        )
        assert reconcile.is_closed(session, ph.window, ph.methadone, ph.today)
    with UnitOfWork(clinic.db) as uow:  # rolled back: open again
        assert not reconcile.is_closed(uow.session, ph.window, ph.methadone, ph.today)


def test_a_prepared_statement_reads_and_writes_as_the_connection_does(
    clinic: ClinicUnderTest,
) -> None:
    """Prepared sends a Core statement on the driver's cursor: the same rows, typed alike
    (aware datetimes, decimals, dates, booleans), the same values written, the statement seen by
    the engine's listeners; a statement it cannot send (an IN list) is read the usual way."""
    from sqlalchemy import bindparam, event, insert

    from clinic.storage.models import AuditEvent, StockMovement

    ph = pharmacy(clinic)
    ph.receive(ph.methadone, "PR-L1", "250.5")
    moves = StockMovement.__table__
    by_kind = (
        select(moves.c.id, moves.c.quantity, moves.c.occurred_at, moves.c.voucher)
        .where(moves.c.kind == bindparam("kind"))
        .order_by(moves.c.id)
    )
    seen: list[str] = []

    def listener(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(clinic.db.engine, "before_cursor_execute", listener)
    try:
        with UnitOfWork(clinic.db) as uow:
            connection = direct.connection(uow.session)
            expected = connection.execute(by_kind, {"kind": "receipt"}).all()
            seen.clear()
            got = direct.Prepared(by_kind).rows(connection, {"kind": "receipt"})
            assert seen and seen[0].startswith("SELECT")  # the listeners saw it
            assert got == [tuple(row) for row in expected] and got
            assert got[0].quantity == Decimal("250.5") and got[0].occurred_at.tzinfo is not None
            assert got[0]._asdict() == expected[0]._asdict()
            # an IN list: not prepared, the same answer
            within = select(moves.c.id).where(moves.c.kind.in_(["receipt", "nothing"]))
            assert direct.rows(uow.session, within, {}) == [(row.id,) for row in expected]
            with pytest.raises(direct.Unpreparable):
                direct.Prepared(within).rows(connection)
            # a write: the values go in through the columns' types, read back alike
            events = AuditEvent.__table__
            last = connection.execute(select(events).order_by(events.c.seq.desc())).first()
            assert last is not None
            row = dict(last._mapping, seq=last.seq + 1000, occurred_at=MOMENT, mac="m" * 64)
            write = insert(events).values({c.key: bindparam(c.key) for c in events.c})
            direct.Prepared(write).execute_many(connection, [row])
            back = direct.Prepared(select(events).where(events.c.seq == bindparam("s")))
            (read,) = back.rows(connection, {"s": last.seq + 1000})
            assert read._asdict() == row and read.occurred_at == MOMENT
            # an error goes through the engine's handling: the same exception as execute's
            with pytest.raises(IntegrityError):
                direct.Prepared(write).execute_many(connection, [row])
    finally:
        event.remove(clinic.db.engine, "before_cursor_execute", listener)


def test_a_prepared_statement_seals_and_opens_with_each_engines_own_field_key(
    clinic: ClinicUnderTest, tmp_path, keystore
) -> None:
    """One statement, two clinics in one process (a satellite's replica beside the server, a
    restore beside the clinic): each engine's values are sealed and opened with its own field
    key, never with the key of the engine the statement first ran on."""
    from sqlalchemy import bindparam, insert

    from clinic.storage.models import SettingChange
    from tests.conftest import make_clinic

    other = make_clinic(tmp_path / "other", keystore, "sqlcipher", None)
    try:
        changes = SettingChange.__table__
        last = select(changes).order_by(changes.c.id.desc()).limit(1)
        write = direct.Prepared(
            insert(changes).values({c.key: bindparam(c.key) for c in changes.c if c.key != "id"})
        )
        read = direct.Prepared(last)
        for cut in (clinic, other, clinic):
            with UnitOfWork(cut.db) as uow:
                connection = direct.connection(uow.session)
                values = {
                    "key": "probe",
                    "value_json": "1",
                    "changed_at": MOMENT,
                    "changed_by": None,
                    "reason": f"sealed for {cut.home.name}",
                }
                write.execute_many(connection, [values])
                (back,) = read.rows(connection)
                assert back.reason == f"sealed for {cut.home.name}"
                uow.commit()
            with UnitOfWork(cut.db, read_only=True) as uow:  # and the ORM reads it alike
                kept = uow.session.scalars(
                    select(SettingChange).order_by(SettingChange.id.desc())
                ).first()
                assert kept is not None and kept.reason == f"sealed for {cut.home.name}"
    finally:
        other.clinic.close()
        keystore.delete(other.clinic.settings.clinic_id)
