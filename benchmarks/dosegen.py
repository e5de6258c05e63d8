"""The benchmarks' generated dosing clinics, cached: the history itself is
`clinic.generate.history` (what `clinic-admin generate` writes), this module keeps each size's
SQLCipher clinic under benchmarks/out/, keyed by the size and a hash of the schema (migrations,
models) and of the generator, and copies it to a temporary folder for each run."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from clinic.config import demo_key_path
from clinic.generate import history
from clinic.generate.history import (  # noqa: F401 (the benchmarks' names for them)
    ACTIVE_PER_DAY,
    ATTENDANCE,
    N_PATIENTS,
    PASSWORDS,
    ZONE,
    Meta,
    generate,
    local,
    new_clinic,
    setup_staff,
)

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"


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
        clinic = history.new_clinic(home)
        try:
            history.setup_staff(clinic)
            meta = history.generate(clinic, n_doses)
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
