"""The generated dosing clinics of the `dose_record`, report, dashboard and load benchmarks.

The history is clinic/generate/history.py's (its plain shape: one order per patient, 93%
attendance, no screens or counts): about 590 patients in treatment on any day, 2,000 passing
through, the span in days giving the requested number of doses (1M doses is about 5 years).
The SQLCipher clinic is cached under benchmarks/out/, keyed by the size and a hash of the schema
(migrations, models) and of the generator, and copied to a temporary folder for each run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from clinic import app
from clinic.config import demo_key_path
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


def new_clinic(home: Path) -> app.Clinic:
    return init_clinic(
        home,
        name="Bench dosing clinic (DEMO)",
        admin_username="admin",
        admin_full_name="Bench Admin",
        admin_password=PASSWORDS["admin"],
        key_backup=None,
        passphrase=None,
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
