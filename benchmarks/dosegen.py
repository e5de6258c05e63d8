"""The generated dosing clinics of the `dose_record`, report, dashboard and load benchmarks.

The history is clinic/generate/history.py's (its plain shape: one order per patient, 93%
attendance, no screens or counts): about 590 patients in treatment on any day, 2,000 passing
through, the span in days giving the requested number of doses (1M doses is about 5 years).
The SQLCipher clinic is cached under benchmarks/out/, keyed by the size and a hash of the schema
(migrations, models) and of the generator, and copied to a temporary folder for each run. The
server clinic likewise: a PostgreSQL database `bench_dosing_<n>_<hash>` kept as a template (its
folder, with the settings and the demo key file, under benchmarks/out/dosing-server-<n>-<hash>/),
of which each run takes a copy (`CREATE DATABASE ... TEMPLATE`), dropped afterwards.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from clinic import app
from clinic.config import demo_key_path, load_local, save_local
from clinic.generate import history
from clinic.new_clinic import init_clinic
from clinic.privacy.keys import DemoKeyFile

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
N_PATIENTS = 2000
ACTIVE_PER_DAY = history.ACTIVE_PER_DAY
ATTENDANCE = history.ATTENDANCE
ZONE = history.ZONE
local = history.local
PASSWORDS = {
    "admin": "bench-admin-1",
    "nurse": "bench-nurse-1",
    "physician": "bench-physician-1",
    "pharmacist": "bench-pharm-1",
}


@dataclass
class Meta:
    """What a run needs to know about a generated clinic."""

    n_doses: int
    n_patients: int
    span_days: int
    bench_day: str  # the first day after the history: the day the benchmark doses
    window_id: int
    candidates: list[int]  # dosed on the last day of the history, so doseable on bench_day
    build_s: float

    @property
    def day(self) -> date:
        return date.fromisoformat(self.bench_day)


def schema_hash() -> str:
    """Hash of what the generated file depends on: the migrations, the models, the generator."""
    digest = hashlib.sha256()
    clinic_dir = ROOT.parent / "clinic"
    files = sorted((clinic_dir / "storage" / "migrations" / "versions").glob("*.py"))
    files += [clinic_dir / "storage" / "models.py", Path(__file__)]
    files += sorted((clinic_dir / "generate").glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def setup_staff(clinic: app.Clinic) -> tuple[int, int]:
    """The benchmark's users, the methadone product, a safe and a window: (product, window)."""
    return history.setup_staff(clinic, PASSWORDS)


def generate(
    clinic: app.Clinic,
    n_doses: int,
    seed: int = 1,
    bench_day: date | None = None,
    active_per_day: int = ACTIVE_PER_DAY,
) -> Meta:
    """Fill CLINIC (fresh, after setup_staff) with a dosing history of about N_DOSES doses."""
    made = history.generate(
        clinic,
        n_doses=n_doses,
        shape=history.Shape(n_patients=N_PATIENTS, active_per_day=active_per_day),
        seed=seed,
        bench_day=bench_day,
    )
    return Meta(
        n_doses=made.n_doses,
        n_patients=made.n_patients,
        span_days=made.span_days,
        bench_day=made.bench_day.isoformat(),
        window_id=made.window_id,
        candidates=made.candidates,
        build_s=made.build_s,
    )


def new_clinic(home: Path, server_url: str | None = None) -> app.Clinic:
    return init_clinic(
        home,
        name="Bench dosing clinic (DEMO)",
        admin_username="admin",
        admin_full_name="Bench Admin",
        admin_password=PASSWORDS["admin"],
        key_backup=None,
        passphrase=None,
        server_url=server_url,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
    ).clinic


def cached_home(n_doses: int, *, log: Any = None) -> tuple[Path, Meta, bool]:
    """The generated SQLCipher clinic of about N_DOSES doses under benchmarks/out/ (built if it
    is not there yet). Returns its folder, its description, and whether it was built now."""
    folder = OUT / f"dosing-{n_doses}-{schema_hash()}"
    meta_path = folder / "meta.json"
    if meta_path.exists():
        return folder / "clinic", Meta(**json.loads(meta_path.read_text())), False
    OUT.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f"dosing-{n_doses}-", dir=OUT))
    try:
        home = building / "clinic"
        clinic = new_clinic(home)
        try:
            setup_staff(clinic)
            meta = generate(clinic, n_doses)
        finally:
            clinic.close()
        meta_path_tmp = building / "meta.json"
        meta_path_tmp.write_text(json.dumps(asdict(meta)))
        shutil.rmtree(folder, ignore_errors=True)
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return folder / "clinic", meta, True


@contextlib.contextmanager
def working_copy(home: Path) -> Iterator[Path]:
    """A throw-away copy of a cached clinic (and its demo key file beside it)."""
    with tempfile.TemporaryDirectory(prefix="clinic-bench-dosing-") as tmp:
        copy = Path(tmp) / "clinic"
        shutil.copytree(home, copy)
        shutil.copy2(demo_key_path(home), demo_key_path(copy))
        yield copy


# --- the server clinic: a PostgreSQL template database -----------------------------------------


def _admin(admin_url: str) -> Engine:
    return create_engine(admin_url, isolation_level="AUTOCOMMIT")


def _url(admin_url: str, database: str) -> str:
    return make_url(admin_url).set(database=database).render_as_string(hide_password=False)


def _drop(admin: Engine, database: str) -> None:
    if not database or not _exists(admin, database):
        return
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": database},
        )
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}"')


def _exists(admin: Engine, database: str) -> bool:
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database})
        return found.first() is not None


def template_of(home: Path) -> str:
    return make_url(load_local(home).database_url or "").database or ""


def cached_server(n_doses: int, admin_url: str) -> tuple[Path, Meta, bool]:
    """The generated server clinic of about N_DOSES doses: its folder under benchmarks/out/ (whose
    settings name the template database `bench_dosing_<n>_<hash>` on the server at ADMIN_URL),
    its description, and whether it was built now. Never open it: take a server_copy."""
    digest = schema_hash()
    folder = OUT / f"dosing-server-{n_doses}-{digest}"
    template = f"bench_dosing_{n_doses}_{digest}"
    meta_path = folder / "meta.json"
    admin = _admin(admin_url)
    try:
        if meta_path.exists() and _exists(admin, template):
            return folder / "clinic", Meta(**json.loads(meta_path.read_text())), False
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob(f"dosing-server-{n_doses}-*"):  # this checkout's older builds
            if old.name != folder.name and (old / "clinic").is_dir():
                _drop(admin, template_of(old / "clinic"))
            shutil.rmtree(old, ignore_errors=True)
        building = f"{template}_building"
        _drop(admin, building)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{building}"')
        work = Path(tempfile.mkdtemp(prefix=f"dosing-server-{n_doses}-", dir=OUT))
        try:
            home = work / "clinic"
            clinic = new_clinic(home, server_url=_url(admin_url, building))
            try:
                setup_staff(clinic)
                meta = generate(clinic, n_doses)
            finally:
                clinic.close()
            started = time.perf_counter()
            engine = create_engine(_url(admin_url, building), isolation_level="AUTOCOMMIT")
            try:
                with engine.connect() as conn:  # the statistics and hint bits every copy keeps
                    conn.exec_driver_sql("VACUUM (ANALYZE, FREEZE)")
            finally:
                engine.dispose()
            vacuum_s = time.perf_counter() - started
            print(
                f"benchmarks: {template}: history written in {meta.build_s} s, "
                f"VACUUM (ANALYZE, FREEZE) in {vacuum_s:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            meta.build_s = round(meta.build_s + vacuum_s, 1)
            _drop(admin, template)
            with admin.connect() as conn:
                conn.exec_driver_sql(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
                # Nothing may open the template itself: runs work on copies of it.
                conn.exec_driver_sql(f'ALTER DATABASE "{template}" WITH ALLOW_CONNECTIONS false')
            settings = load_local(home)
            save_local(home, dataclasses.replace(settings, database_url=_url(admin_url, template)))
            (work / "meta.json").write_text(json.dumps(asdict(meta)))
            shutil.rmtree(folder, ignore_errors=True)
            work.rename(folder)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            _drop(admin, building)
            raise
        return folder / "clinic", meta, True
    finally:
        admin.dispose()


@contextlib.contextmanager
def server_copy(home: Path, admin_url: str) -> Iterator[Path]:
    """A throw-away copy of a cached server clinic: a new database made from its template, and a
    folder (settings naming that database, the same demo keys) to open it from."""
    settings = load_local(home)
    name = f"clinic_bench_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template_of(home)}"')
        try:
            with tempfile.TemporaryDirectory(prefix="clinic-bench-pg-") as tmp:
                copy = Path(tmp) / "clinic"
                shutil.copytree(home, copy)
                shutil.copy2(demo_key_path(home), demo_key_path(copy))
                save_local(copy, dataclasses.replace(settings, database_url=_url(admin_url, name)))
                yield copy
        finally:
            _drop(admin, name)
    finally:
        admin.dispose()
