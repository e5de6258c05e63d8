"""The generated 5-year stock ledger of the `reconcile_day` and `register_month_pdf` benchmarks:
clinic/generate/ledger.py's, on a clinic of its own with the benchmark's users."""

from __future__ import annotations

from pathlib import Path

from clinic import app
from clinic.config import demo_key_path
from clinic.generate import ledger
from clinic.generate.ledger import StockMeta
from clinic.new_clinic import init_clinic
from clinic.privacy.keys import DemoKeyFile
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user

PASSWORDS = {"admin": "bench-admin-1", "pharmacist": "bench-pharm-1", "nurse": "bench-nurse-1"}

__all__ = ["PASSWORDS", "StockMeta", "generate", "new_clinic"]


def new_clinic(home: Path) -> app.Clinic:
    clinic = init_clinic(
        home,
        name="Bench stock clinic (DEMO)",
        admin_username="admin",
        admin_full_name="Bench Admin",
        admin_password=PASSWORDS["admin"],
        key_backup=None,
        passphrase=None,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
    ).clinic
    admin = clinic.login("admin", PASSWORDS["admin"])
    for username, role in (("pharmacist", Role.PHARMACIST), ("nurse", Role.NURSE)):
        create_user(
            admin,
            username=username,
            full_name=f"Bench {username} (demo)",
            roles=frozenset([role]),
            password=PASSWORDS[username],
            must_change_password=False,
        )
    return clinic


def generate(clinic: app.Clinic, *, days: int, per_day: int, seed: int = 5) -> StockMeta:
    """DAYS of history ending yesterday, PER_DAY dispense movements a day, balances from sums."""
    return ledger.generate(clinic, passwords=PASSWORDS, days=days, per_day=per_day, seed=seed)
