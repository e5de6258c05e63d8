"""No identifier, table name or key is readable from the stored clinic without the key."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from clinic.patients.registry import open_patient, register_patient
from clinic.privacy.permissions import Role
from tests.integration.helpers import national_id

TABLES = (
    "patient",
    "clinic_info",
    "users",
    "user_roles",
    "user_sessions",
    "audit_events",
    "audit_head",
    "setting_changes",
    "sites",
    "alembic_version",
    "CREATE TABLE",
    "SQLite format",
)
NAME = "王小明"
NID = national_id("44030619850101123")
PHONE = "13812345678"
INSURANCE = "YB4403061985"
DOCTOR = "drzhangwei"  # long enough not to turn up by chance in random bytes


def _strings(path: Path) -> str:
    return subprocess.run(
        ["strings", "-n", "4", str(path)], check=True, capture_output=True, text=True
    ).stdout


def _register(clinic):  # type: ignore[no-untyped-def]
    doc = clinic.add_user(DOCTOR, Role.PHYSICIAN)
    patient = register_patient(
        doc, name=NAME, national_id=NID, sex="M", phone=PHONE, insurance_number=INSURANCE
    )
    return doc, patient


@pytest.mark.parametrize("backend", ["sqlcipher"])
def test_embedded_file_shows_no_table_name_or_identifier(clinic) -> None:
    files = [p for p in clinic.home.rglob("*") if p.is_file() and p.name.startswith("clinic.db")]
    assert clinic.home / "clinic.db" in files
    # Right after init: no table names, no schema, no administrator's name.
    for path in files:
        found = _strings(path).lower()
        for word in (*TABLES, "admin", "Test Administrator"):
            assert word.lower() not in found, f"{word!r} readable in {path.name}"

    doc, patient = _register(clinic)
    assert open_patient(doc, patient_id=patient.patient_id).name == NAME
    clinic.clinic.close()  # checkpoint the WAL into the file
    keys = clinic.keystore.load(clinic.clinic.settings.clinic_id)
    assert keys.database is not None
    for path in clinic.home.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        text = _strings(path).lower()
        for secret in (NAME.encode(), NID.encode(), PHONE.encode(), INSURANCE.encode()):
            assert secret not in raw, f"{secret!r} in {path.name}"
        for word in (*TABLES, "admin", DOCTOR):
            if path.name.startswith("clinic.db"):
                assert word.lower() not in text, f"{word!r} readable in {path.name}"
        # The database key never lies beside the file.
        assert keys.database not in raw
        assert keys.database.hex().encode() not in raw.lower()
        assert keys.field.hex().encode() not in raw.lower()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_pg_dump_shows_no_identifier(clinic) -> None:
    doc, patient = _register(clinic)
    url = (
        make_url(clinic.clinic.settings.database_url)
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    dump = subprocess.run(
        ["/usr/bin/pg_dump", "--no-owner", f"--dbname={url}"],
        check=True,
        capture_output=True,
    ).stdout
    # The dump really holds the patient row (so the check below means something) ...
    assert b"COPY public.patients" in dump
    assert b"P000001" in dump
    # ... but no identifier in clear.
    for secret in (NAME, NID, PHONE, INSURANCE, NID[-8:]):
        assert secret.encode("utf-8") not in dump, f"{secret!r} readable in pg_dump"
    keys = clinic.keystore.load(clinic.clinic.settings.clinic_id)
    assert keys.field.hex().encode() not in dump
    assert keys.audit.hex().encode() not in dump
    # Still readable through the application with the key.
    again = open_patient(doc, patient_id=patient.patient_id)
    assert again.name == NAME
    assert again.national_id_masked == NID[:3] + "*" * 11 + NID[-4:]
