"""Random cut/restore schedules (issue 20): two satellites, each with its own link (a TCP proxy)
to the one PostgreSQL, and the main site, dose one population of patients over several days;
some patients are sent to another site for a day (a guest period). Whatever the order of cuts,
doses and restores: centrally, at most one dose per patient and day, and every dose a window
acknowledged — online, or offline and replayed — is there exactly once; the stock balances
equal the sums of their movements; the audit trail verifies; nothing went to the review list
(two sites cut off from each other cannot both dose a patient: one site a day)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.engine import make_url

from clinic import administration
from clinic.dosing import late
from clinic.dosing.dispense import DoseRefused
from clinic.dosing.guest import order_guest_dosing
from clinic.dosing.window import record_dose
from clinic.errors import NotFound
from clinic.inventory import stock
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import OsKeyringStore
from clinic.privacy.users import login
from clinic.satellite.replica import build_replica, mirror_into, open_replica
from clinic.satellite.sync import replay
from clinic.service import AuthContext
from clinic.storage.db import Database, open_engine
from clinic.storage.models import Dose, DoseVoid
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest, make_clinic
from tests.integration.stock_helpers import assert_books_agree
from tests.integration.tcp_proxy import TcpProxy
from tests.integration.test_satellite import Satellite

pytestmark = pytest.mark.postgres

SATELLITES = ("SAT", "SAT2")
NURSE = ("nurse2", "nurse2-pass-1")


@dataclass
class Station:
    """One satellite workstation: its link, its server connection and its replica."""

    code: str
    window: int
    proxy: TcpProxy
    server: Database
    folder: Path
    replica: Database | None = None
    offline_auth: AuthContext | None = None
    online: AuthContext | None = None

    def online_auth(self) -> AuthContext:
        """The nurse signed in on the server (again after the link came back)."""
        if self.online is None:
            self.online = login(self.server, username=NURSE[0], password=NURSE[1])
        return self.online


@dataclass
class World:
    cut: ClinicUnderTest
    s: Satellite
    stations: dict[str, Station]
    main_window: int
    patients: dict[int, str] = field(default_factory=dict)  # patient -> home site
    acknowledged: set[tuple[int, date]] = field(default_factory=set)
    day: date | None = None


@pytest.fixture
def world(tmp_path: Path, keystore: OsKeyringStore, pg_migrated_database: str) -> Iterator[World]:
    url = make_url(pg_migrated_database)
    main_proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(host="127.0.0.1", port=main_proxy.port)
    cut = make_clinic(
        tmp_path / "clinic", keystore, "postgresql", through.render_as_string(hide_password=False)
    )
    from sqlalchemy import create_engine

    direct = create_engine(url)
    s = Satellite(cut, main_proxy, direct, tmp_path / "unused")
    w = s.w
    admin = cut.admin()
    administration.add_site(
        admin, code="SAT2", name="卫星点二 Satellite 2", timezone="Asia/Shanghai"
    )
    safe2 = stock.add_place(w.ph.pharm, site_code="SAT2", kind="safe", name="药柜二 Safe 2")
    window2 = stock.add_place(w.ph.pharm, site_code="SAT2", kind="window", name="窗口二 Window 2")
    w.ph.receive(w.ph.methadone, "S2", "3000", expiry_days=900, safe=safe2.location_id)
    stock.issue_to_window(
        w.ph.pharm,
        product_id=w.ph.methadone,
        safe_id=safe2.location_id,
        window_id=window2.location_id,
        quantity="3000",
        **w.ph.witness(),
    )
    stations = {}
    for code, window_id in (("SAT", s.sites.sat), ("SAT2", window2.location_id)):
        proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
        link = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        engine = open_engine(mode="server", keys=cut.db.keys, path=None, url=link)
        server = Database(
            engine=engine,
            keys=cut.db.keys,
            mode="server",
            clinic_id=cut.db.clinic_id,
            demo=False,
            workstation=f"{code}-PC",
        )
        server.clock = lambda: w.now
        station = Station(code, window_id, proxy, server, tmp_path / f"replica-{code}")
        mirror_into(server, keystore, station.folder)  # doses given online reach the replica
        station.online_auth()  # the nurse has signed in there online: may sign in offline
        stations[code] = station
    world = World(cut, s, stations, w.ph.window)
    try:
        yield world
    finally:
        for station in stations.values():
            if station.replica is not None:
                station.replica.dispose()
            station.server.dispose()
            station.proxy.stop()
            keystore.delete(f"{cut.db.clinic_id}:replica:{station.server.workstation}")
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)
        direct.dispose()
        main_proxy.stop()


def _build(world: World, station: Station) -> None:
    build_replica(
        station.server,
        world.cut.keystore,
        station.folder,
        site_code=station.code,
        workstation=station.server.workstation,
    )


def _cut(world: World, station: Station) -> None:
    if station.offline_auth is not None:
        return
    station.proxy.cut()
    replica = open_replica(
        world.cut.keystore, world.cut.db.clinic_id, station.server.workstation, station.folder
    )
    replica.clock = lambda: world.s.w.now
    station.replica = replica
    station.offline_auth = login(replica, username=NURSE[0], password=NURSE[1])


def _restore(world: World, station: Station) -> None:
    if station.offline_auth is None:
        return
    station.proxy.restore()
    assert station.replica is not None
    station.online = None
    result = replay(station.replica, station.online_auth())
    assert result.reviews == 0
    station.replica.dispose()
    station.replica, station.offline_auth = None, None


def _dose(world: World, where: str, patient: int) -> None:
    assert world.day is not None
    if where == "MAIN":
        auth, window = world.s.w.nurse, world.main_window
    else:
        station = world.stations[where]
        auth = station.offline_auth or station.online_auth()
        window = station.window
    try:
        record_dose(auth, patient_id=patient, window_id=window)
    except (DoseRefused, NotFound):  # refused; offline, another site's patient is not there
        return
    world.acknowledged.add((patient, world.day))


DOSE = st.tuples(st.just("dose"), st.sampled_from(("MAIN", *SATELLITES)), st.integers(0, 5))
STEP = st.one_of(  # doses three times as often as cuts or restores
    st.tuples(st.just("cut"), st.sampled_from(SATELLITES)),
    st.tuples(st.just("restore"), st.sampled_from(SATELLITES)),
    DOSE,
    DOSE,
    DOSE,
)
DAY = st.tuples(
    st.lists(STEP, min_size=4, max_size=14),
    st.one_of(st.none(), st.tuples(st.integers(0, 5), st.sampled_from(("MAIN", *SATELLITES)))),
)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(days=st.lists(DAY, min_size=3, max_size=4))
def test_random_cuts_never_dose_twice_and_lose_nothing(world: World, days) -> None:  # type: ignore[no-untyped-def]
    w = world.s.w
    start = w.now.date() if world.day is None else world.day + timedelta(days=1)
    w.at(start, 7)
    patients = []  # new patients each example: none held yet for days they were not dosed
    for home in ("MAIN", "MAIN", "SAT", "SAT", "SAT2", "SAT2"):
        patients.append(world.s.patient(site=home, dose="25"))
        world.patients[patients[-1]] = home
    for number, (steps, guest) in enumerate(days):
        day = start + timedelta(days=number)
        w.at(day, 8)
        world.day = day
        if guest is not None:  # a patient sent to another site for the day, ordered centrally
            patient, site = patients[guest[0]], guest[1]
            if site != world.patients[patient]:
                sites = {x.code: x.site_id for x in administration.list_sites(world.cut.admin())}
                order_guest_dosing(
                    w.doc, patient_id=patient, starts_on=day, ends_on=day, site_id=sites[site]
                )
        for station in world.stations.values():
            _build(world, station)
        for hour, step in enumerate(steps):
            w.at(day, 9 + hour // 4, (hour % 4) * 15)
            if step[0] == "cut":
                _cut(world, world.stations[step[1]])
            elif step[0] == "restore":
                _restore(world, world.stations[step[1]])
            else:
                _dose(world, step[1], patients[step[2]])
        w.at(day, 17)
        for station in world.stations.values():
            _restore(world, station)
    # Centrally: one live dose per patient and day at most, every acknowledged one there.
    with UnitOfWork(world.cut.db, read_only=True) as uow:
        voided = select(DoseVoid.dose_id)
        live = uow.session.execute(
            select(Dose.patient_id, Dose.dosing_date).where(Dose.id.not_in(voided))
        ).all()
    assert len(live) == len(set(live))
    assert set(live) == world.acknowledged
    assert late.review_list(w.doc, open_only=False) == []
    assert_books_agree(world.cut)
    assert verify_audit_trail(world.cut.admin()).ok
