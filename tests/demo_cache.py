"""Demo clinics built once and copied for each test that needs one: a build takes a minute, a
copy a few milliseconds. A build is kept under .pytest_cache, named by the day and a hash of the
core's code (the demo is written through every service), and made by one process at a time."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import clinic
from clinic.app import Clinic, open_clinic
from clinic.config import demo_key_path
from clinic.demo import create_demo
from clinic.demo.enrolment import PRODUCTS
from clinic.inventory import catalogue

CORE = Path(clinic.__file__).parent
PASSWORDS = "passwords.json"


def fingerprint(kind: str, salt: str) -> str:
    """KIND, the clinic's today and a hash of the core's code and SALT (what else shaped it)."""
    digest = hashlib.sha256(salt.encode())
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE)
        if relative.parts[0] != "ui":
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    return f"{kind}-{today}-{digest.hexdigest()[:12]}"


def with_products(made: Clinic, passwords: dict[str, str]) -> None:
    """The demo's four products, and nothing else."""
    pharmacist = made.login("pharmacist", passwords["pharmacist"])
    for code, name, drug, form, strength, controlled in PRODUCTS:
        catalogue.add_product(
            pharmacist,
            code=code,
            name=name,
            drug=drug,
            form=form,
            mg_per_unit=strength,
            controlled_class=controlled,
        )


def built(
    cache: Path,
    kind: str,
    salt: str,
    *,
    fill: bool,
    then: Callable[[Clinic, dict[str, str]], None] | None = None,
) -> tuple[Path, dict[str, str]]:
    """The cached demo clinic of KIND (built now if missing): its folder and its passwords."""
    cache.mkdir(parents=True, exist_ok=True)
    folder = cache / fingerprint(kind, salt)
    with open(cache / f"{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # other test processes wait for this build
        if not (folder / PASSWORDS).exists():
            for stale in cache.glob(f"{kind}-*"):
                shutil.rmtree(stale, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
            made, passwords = create_demo(staging / "clinic", fill=fill)
            try:
                if then is not None:
                    then(made, passwords)
            finally:
                made.close()
            (staging / PASSWORDS).write_text(json.dumps(passwords))
            os.replace(staging, folder)
    return folder / "clinic", json.loads((folder / PASSWORDS).read_text())


def copy_of(source: Path, home: Path) -> Clinic:
    """A private copy of the demo clinic in SOURCE at HOME, opened."""
    shutil.copytree(source, home)
    shutil.copy2(demo_key_path(source), demo_key_path(home))
    return open_clinic(home)
