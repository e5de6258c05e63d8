"""A satellite workstation's replica: an encrypted SQLCipher file with the clinic's schema holding
its site's working set, so the window keeps dosing when the server cannot be reached.

The working set: the patients whose site is this one or who have a guest period here, with what
the dose gate and the panel read of them (orders, flags, recent doses, guest periods, card,
photo, screens, fees); the site's stock by lot; the settings and reference data; the staff —
the password verifiers only of those who signed in at this workstation online before, the
others kept (the records name them) but unable to sign in. The replica has its own audit trail
from a fresh start; clinic.satellite.sync takes it into the server's chain.

The replica is rebuilt whole from the server (never patched row by row) while the link is up
and nothing recorded offline is waiting: built beside the old one, then put in its place. Its
SQLCipher key is this workstation's own, in the OS keyring under the clinic's id and the
workstation; the field and audit keys are the clinic's (server mode already holds them)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, and_, select
from sqlalchemy.orm import Session

from clinic import clock
from clinic.data_steps import system_draft
from clinic.errors import Conflict, NotFound
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.privacy.keys import ClinicKeys, KeyStore
from clinic.storage import migrate
from clinic.storage.db import Database, field_cipher, sqlcipher_engine
from clinic.storage.fieldcrypt import attach_cipher
from clinic.storage.models import (
    AuditEvent,
    Base,
    GuestPeriod,
    Location,
    OutboxEntry,
    PatientDetail,
    ReplicaState,
    Site,
    UserSession,
)
from clinic.storage.uow import UnitOfWork

REPLICA_FILE = "replica.db"
RECENT_DAYS = 60  # doses and fee lines the gate and the panel read: the missed days, the balance
UNUSABLE = "!offline-sign-in-not-allowed"  # a verifier no password matches

# Copied whole: the clinic's reference data and settings, and the stock balances.
WHOLE = (
    "clinic_info",
    "payer_schemes",
    "products",
    "sites",
    "users",
    "user_roles",
    "fee_items",
    "locations",
    "lots",
    "scheme_terms",
    "setting_changes",
    "site_fees",
    "stock_balances",
)
# Rows of the site's patients (PATIENT_ID among them; patients by their id).
PATIENTS = (
    "patients",
    "patient_details",
    "episodes",
    "status_changes",
    "diagnoses",
    "treatment_agreements",
    "transfers_in",
    "consents",
    "dose_orders",
    "patient_flags",
    "guest_periods",
    "patient_cards",
    "patient_photos",
    "urine_screens",
    "infection_tests",
    "fee_payments",
    "fee_charges",  # all of them: the balance the panel shows is charges less payments
)
# Of the site's patients, the recent rows only (by the column named).
RECENT = {"doses": "dosing_date", "doses_withheld": "dosing_date"}
# Rows belonging to rows already copied: table -> (its column, the parent table), parents first.
CHILDREN = {
    "flag_clearances": ("flag_id", "patient_flags"),
    "guest_period_ends": ("guest_period_id", "guest_periods"),
    "guest_returns": ("guest_period_id", "guest_periods"),  # the missed-day rule counts from them
    "guest_return_voids": ("guest_return_id", "guest_returns"),  # and not from a voided one
    "consent_revocations": ("consent_id", "consents"),
    "screen_results": ("screen_id", "urine_screens"),
    "screen_reviews": ("screen_id", "urine_screens"),
    "dose_voids": ("dose_id", "doses"),
    "dose_exceptions": ("dose_id", "doses"),
    "bottle_returns": ("dose_id", "doses"),
    "fee_payment_voids": ("payment_id", "fee_payments"),
    "fee_charge_reversals": ("charge_id", "fee_charges"),
}


@dataclass(frozen=True)
class ReplicaInfo:
    path: Path
    site_id: int
    workstation: str
    synced_at: datetime
    patients: int
    rows: int


def replica_id(clinic_id: str, workstation: str) -> str:
    """The replica's entry in the OS keyring: the clinic's id and this workstation."""
    return f"{clinic_id}:replica:{workstation}"


def _keys(store: KeyStore, clinic_id: str, workstation: str, server: ClinicKeys) -> ClinicKeys:
    """The replica's keys: its own SQLCipher key (made once), the clinic's field and audit keys."""
    name = replica_id(clinic_id, workstation)
    try:
        kept = store.load(name)
    except Exception:
        kept = None
    if (
        kept is None
        or kept.database is None
        or (kept.field, kept.audit)
        != (
            server.field,
            server.audit,
        )
    ):
        kept = ClinicKeys(secrets.token_bytes(32), server.field, server.audit)
        store.save(name, kept)
    return kept


def open_replica(
    store: KeyStore, clinic_id: str, workstation: str, folder: Path, *, demo: bool = False
) -> Database:
    """The replica built earlier in FOLDER, to dose offline."""
    path = folder / REPLICA_FILE
    if not path.exists():
        raise NotFound(
            en="This workstation has no offline copy yet: it is made while the link to the main "
            "clinic is up.",
            zh="本工作站尚无离线副本：副本在与主门诊连接正常时生成。",
        )
    keys = store.load(replica_id(clinic_id, workstation))
    assert keys.database is not None
    engine = sqlcipher_engine(path, keys.database)
    attach_cipher(engine.dialect, field_cipher(keys))
    return Database(
        engine=engine,
        keys=keys,
        mode="embedded",
        clinic_id=clinic_id,
        demo=demo,
        workstation=workstation,
        replica=True,
        home=folder,
    )


def waiting(db: Database) -> tuple[int, int]:
    """What the replica holds that the server has not taken in yet: outbox entries not sent,
    and its own audit events not sent."""
    with UnitOfWork(db, read_only=True) as uow:
        s = uow.session
        entries = len(s.scalars(select(OutboxEntry.id).where(OutboxEntry.sent_at.is_(None))).all())
        state = s.scalars(select(ReplicaState)).first()
        head = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1)) or 0
        events = head - (state.events_sent if state else head)
    return entries, events


def _site(session: Session, site_code: str) -> Site:
    site = session.scalars(select(Site).where(Site.code == site_code)).first()
    if site is None:
        raise NotFound(en=f"No site {site_code}.", zh=f"没有站点 {site_code}。")
    return site


def _copy(source: Connection, target: Connection, table: Table, where: Any = None) -> list[Any]:
    query = select(table) if where is None else select(table).where(where)
    rows = [dict(row._mapping) for row in source.execute(query)]
    if rows:
        target.execute(table.insert(), rows)
    return rows


def build_replica(
    server: Database,
    store: KeyStore,
    folder: Path,
    *,
    site_code: str,
    workstation: str,
) -> ReplicaInfo:
    """Build this workstation's replica of SITE_CODE's working set from the server, beside the
    old one, and put it in its place. Refused while the old one holds what the server has not
    taken in (replay first: clinic.satellite.sync)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / REPLICA_FILE
    keys = _keys(store, server.clinic_id, workstation, server.keys)
    if path.exists():
        old = open_replica(store, server.clinic_id, workstation, folder)
        try:
            left = waiting(old)
        finally:
            old.dispose()
        if any(left):
            raise Conflict(
                en=f"The offline copy still holds {left[0]} doses and {left[1]} trail entries "
                "the main clinic has not taken in: they are sent first.",
                zh=f"离线副本中仍有 {left[0]} 次服药和 {left[1]} 条审计记录尚未送达主门诊：须先送达。",
            )
    fresh = folder / (REPLICA_FILE + ".new")
    for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
        leftover.unlink(missing_ok=True)
    assert keys.database is not None
    engine = sqlcipher_engine(fresh, keys.database, pool=False)
    attach_cipher(engine.dialect, field_cipher(keys))
    tables = Base.metadata.tables
    try:
        migrate.upgrade(engine)
        with server.engine.connect() as source, engine.connect() as target:
            # Rows of the working set may name rows outside it (a movement, a claim): the
            # replica is a part of the record, so its foreign keys are not checked while copied.
            raw: Any = target.connection.driver_connection
            raw.execute("PRAGMA foreign_keys = OFF")
            if source.dialect.name == "postgresql":
                source.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            now = server.clock()
            session = Session(bind=source)
            site = _site(session, site_code)
            today = clock.clinic_today(session, now)
            since = today - timedelta(days=RECENT_DAYS)
            here = select(PatientDetail.patient_id).where(PatientDetail.site_id == site.id)
            guests = select(GuestPeriod.patient_id).where(
                GuestPeriod.site_id == site.id, GuestPeriod.ends_on >= today
            )
            patient_ids = sorted(set(source.scalars(here)) | set(source.scalars(guests)))
            signed_here = set(
                source.scalars(
                    select(UserSession.user_id).where(UserSession.workstation == workstation)
                )
            )
            places = set(source.scalars(select(Location.id).where(Location.site_id == site.id)))
            copied = 0
            kept: dict[str, set[int]] = {}
            for name in WHOLE:
                rows = _copy(source, target, tables[name])
                copied += len(rows)
            users = tables["users"]
            target.execute(
                users.update()
                .where(users.c.id.not_in(sorted(signed_here) or [0]))
                .values(password_hash=UNUSABLE)
            )
            day_closes = tables["day_closes"]
            copied += len(
                _copy(
                    source,
                    target,
                    day_closes,
                    and_(
                        day_closes.c.location_id.in_(sorted(places) or [0]),
                        day_closes.c.business_date >= since,
                    ),
                )
            )
            for name in (*PATIENTS, *RECENT):
                table = tables[name]
                column = table.c.id if name == "patients" else table.c.patient_id
                where: Any = column.in_(patient_ids or [0])
                if name in RECENT:
                    where = and_(where, table.c[RECENT[name]] >= since)
                rows = _copy(source, target, table, where)
                kept[name] = {row["id"] for row in rows if "id" in row}
                copied += len(rows)
            for name, (key, parent) in CHILDREN.items():
                table = tables[name]
                rows = _copy(source, target, table, table.c[key].in_(sorted(kept[parent]) or [0]))
                kept[name] = {row["id"] for row in rows}  # a child's own children (in order)
                copied += len(rows)
            local = Session(bind=target)
            audit.start_chain(
                local,
                keys.audit,
                EventDraft(
                    None,
                    "system",
                    workstation,
                    None,
                    "replica.build",
                    "replica",
                    site_code,
                    Outcome.DONE,
                    {"site": site_code, "patients": len(patient_ids), "rows": copied},
                ),
            )
            local.add(
                ReplicaState(site_id=site.id, workstation=workstation, synced_at=now, events_sent=1)
            )
            local.flush()
            target.commit()
            source.rollback()
    finally:
        engine.dispose()
    # Reading the site's patients into the workstation is a read of their records: on the
    # server's trail, with whom it copied.
    with UnitOfWork(server) as uow:
        audit.append(
            uow.session,
            server.keys.audit,
            system_draft(
                workstation,
                server.clinic_id,
                "replica.build",
                {"site": site_code, "rows": copied, "patient_ids": patient_ids},
            ),
        )
        uow.commit()
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(fresh, path)
    return ReplicaInfo(path, site.id, workstation, now, len(patient_ids), copied)


def mark_synced(db: Database, moment: datetime) -> None:
    """The replica was confirmed current with the server at MOMENT (the offline limit counts
    from the last such moment)."""
    with UnitOfWork(db) as uow:
        state = uow.session.scalars(select(ReplicaState)).one()
        state.synced_at = moment
        uow.commit()


def refresh_patient(server: Database, replica: Database, patient_id: int, window_id: int) -> None:
    """After a dose recorded online at this workstation: the patient's recent doses (and their
    voids) and the window's stock balances, as the server now has them, in the replica, so the
    replica never lets an offline window dose what was dosed online a moment before. On any
    failure the replica is marked out of date (synced long ago): it refuses offline doses until
    it is rebuilt, rather than dose on a stale picture."""
    tables = Base.metadata.tables
    doses, voids, balances = tables["doses"], tables["dose_voids"], tables["stock_balances"]
    try:
        with server.engine.connect() as source:
            today = clock.clinic_today(Session(bind=source), server.clock())
            since = today - timedelta(days=RECENT_DAYS)
            dose_rows = [
                dict(r._mapping)
                for r in source.execute(
                    select(doses).where(
                        doses.c.patient_id == patient_id, doses.c.dosing_date >= since
                    )
                )
            ]
            ids = [row["id"] for row in dose_rows] or [0]
            void_rows = [
                dict(r._mapping)
                for r in source.execute(select(voids).where(voids.c.dose_id.in_(ids)))
            ]
            balance_rows = [
                dict(r._mapping)
                for r in source.execute(select(balances).where(balances.c.location_id == window_id))
            ]
        with replica.engine.begin() as target:
            # Doses and voids are never edited: the new ones are added. Balances are replaced.
            have_doses = set(
                target.scalars(select(doses.c.id).where(doses.c.patient_id == patient_id))
            )
            have_voids = set(target.scalars(select(voids.c.id).where(voids.c.dose_id.in_(ids))))
            target.execute(balances.delete().where(balances.c.location_id == window_id))
            for table, rows in (
                (doses, [r for r in dose_rows if r["id"] not in have_doses]),
                (voids, [r for r in void_rows if r["id"] not in have_voids]),
                (balances, balance_rows),
            ):
                if rows:
                    target.execute(table.insert(), rows)
    except Exception:
        with replica.engine.begin() as target:
            target.execute(
                tables["replica_state"].update().values(synced_at=datetime(2000, 1, 1, tzinfo=UTC))
            )
        raise


def mirror_into(
    server: Database, store: KeyStore, folder: Path
) -> Callable[[str, dict[str, Any]], None]:
    """Have SERVER (this satellite workstation's connection) tell its replica in FOLDER of every
    dose recorded online here (service frame: Database.mirror); the mirror is returned too."""

    def mirror(name: str, arguments: dict[str, Any]) -> None:
        if name != "record_dose" or not (folder / REPLICA_FILE).exists():
            return
        replica = open_replica(store, server.clinic_id, server.workstation, folder)
        try:
            refresh_patient(
                server, replica, int(arguments["patient_id"]), int(arguments["window_id"])
            )
        finally:
            replica.dispose()

    server.mirror = mirror
    return mirror
