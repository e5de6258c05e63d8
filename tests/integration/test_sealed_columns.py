"""Server mode keeps nothing readable that identifies a person or holds free text: a known value
planted in every sealed column is found in no `pg_dump`, yet reads back through the program; the
audit trail names records by id, never by patient number; a ciphertext's length tells little."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url

from clinic import app
from clinic.patients import records
from clinic.patients.registry import open_patient, register_patient
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.permissions import Role
from clinic.storage import migrate
from clinic.storage.fieldcrypt import EncryptedBytes, EncryptedDate, EncryptedText
from clinic.storage.models import Base
from clinic.storage.types import ExactDecimal, UTCDateTime
from clinic.storage.uow import UnitOfWork
from tests.integration.helpers import national_id
from tests.integration.test_patients import events

SEALED_TYPES = (EncryptedText, EncryptedDate, EncryptedBytes)

# Free-text columns left in the clear, each with the reason it identifies no one.
CLEAR_TEXT = {
    "audit_events.details": "record ids, counts and codes (the services' notes); checked below",
    "setting_changes.value_json": "a setting's value: a number, a time, a flag",
    "dose_orders.slots_json": "the doses of a split order, in mg",
    "variance_signoffs.adjustment_vouchers": "voucher numbers of stock adjustments",
}
# The columns the issue names, whatever their type: each must be sealed.
MUST_SEAL = {
    "patients.name",
    "patients.national_id",
    "patients.sex",
    "patients.birth_date",
    "patients.phone",
    "patients.address",
    "patients.insurance_number",
    "diagnoses.icd11",
    "diagnoses.icd10",
    "diagnoses.name",
    "consents.recipient",
    "consents.scope",
    "disclosures.recipient",
    "disclosures.scope",
    "patient_cards.code",
    "claims.insured_number",
    "claims.diagnosis_code",
    "claims.diagnosis_name",
    "infection_tests.test",
    "infection_tests.result",
    "infection_tests.tested_on",
    "guest_periods.other_clinic",
    "chronic_registrations.disease_code",
    "chronic_registrations.disease_name",
    "chronic_registrations.registration_number",
    "chronic_registrations.cert_no",
    "platform_visits.cert_no",
    "inspections.authority",
    "inspections.purpose",
    "inspections.end_reason",
    "inspection_notes.text",
    "aggregate_disclosures.recipient",
    "aggregate_disclosures.purpose",
    "outreach_attempts.note",
}


def _sealed() -> list[tuple[Table, str]]:
    return [
        (table, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, SEALED_TYPES)
    ]


def test_every_free_text_column_and_every_named_identifier_is_sealed() -> None:
    sealed = {f"{t.name}.{c}" for t, c in _sealed()}
    assert sealed >= MUST_SEAL, sorted(MUST_SEAL - sealed)
    free_text = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if type(column.type).__name__ == "Text"
    }
    assert free_text <= set(CLEAR_TEXT), sorted(free_text - set(CLEAR_TEXT))
    assert set(CLEAR_TEXT) <= free_text  # the list names no column that has gone


def _marker(n: int) -> str:
    return f"Planted{n:03d}秘密"


def _planted_date(n: int) -> date:
    return date(1901, 1, 1).replace(year=1901 + n)


def _value(column: Any, n: int) -> Any:
    """A value for a column of the planted row: the marker in a sealed column, else any value
    of its type (foreign keys are not checked while planting)."""
    kind = column.type
    if isinstance(kind, EncryptedDate):
        return _planted_date(n)
    if isinstance(kind, EncryptedBytes):
        return _marker(n).encode()
    if isinstance(kind, EncryptedText):
        return _marker(n)
    if isinstance(kind, UTCDateTime | DateTime):
        return datetime(2026, 1, 1, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2026, 1, 1)
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, ExactDecimal | Numeric):
        return Decimal(1)
    if isinstance(kind, Integer):
        return 900_000 + n
    if isinstance(kind, String):
        return f"c{n}"[: kind.length or 20]
    return f"c{n}"


@pytest.mark.parametrize("backend", ["postgresql"])
def test_pg_dump_shows_no_value_planted_in_a_sealed_column(clinic) -> None:
    sealed = _sealed()
    tables = list(dict.fromkeys(table for table, _ in sealed))
    planted: dict[str, Any] = {}
    with clinic.db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # no FK checks
        for table in tables:
            row = {}
            for column in table.columns:
                if column.primary_key and isinstance(column.type, Integer):
                    row[column.name] = 900_000
                    continue
                n = len(planted)
                row[column.name] = _value(column, n)
                if isinstance(column.type, SEALED_TYPES):
                    planted[f"{table.name}.{column.name}"] = row[column.name]
            conn.execute(insert(table), [row])
    assert len(planted) == len(sealed) >= 45

    dump = _pg_dump(clinic)
    for table in tables:  # the planted rows are in the dump ...
        assert f"COPY public.{table.name} ".encode() in dump
    for where, value in planted.items():  # ... but none of the planted values
        shown = value if isinstance(value, bytes) else str(value).encode("utf-8")
        assert shown not in dump, f"{where}: {value!r} readable in pg_dump"
        if isinstance(value, date):
            assert value.strftime("%Y%m%d").encode() not in dump
        if isinstance(value, str):
            assert value[:10].encode() not in dump

    # Each still reads back through the program, with the key.
    with UnitOfWork(clinic.db, read_only=True) as uow:
        for table in tables:
            (key,) = table.primary_key.columns
            row = uow.session.execute(select(table).where(key == 900_000)).one()
            for column in table.columns:
                where = f"{table.name}.{column.name}"
                if where in planted:
                    assert getattr(row, column.name) == planted[where], where


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_audit_trail_names_records_never_patient_numbers(clinic) -> None:
    doc = clinic.add_user("drzhangwei", Role.PHYSICIAN)
    patient = register_patient(
        doc, name="王小明", national_id=national_id("44030619850101123"), sex="M"
    )
    open_patient(doc, patient_id=patient.patient_id)
    records.issue_card(doc, patient_id=patient.patient_id)
    dump = _pg_dump(clinic)
    trail = _copy_block(dump, "audit_events")
    assert patient.patient_number.encode() in _copy_block(dump, "patients")
    assert len(trail.splitlines()) >= 4
    assert patient.patient_number.encode() not in trail
    assert b"1985-01-01" not in dump and b"19850101" not in dump  # the birth date, sealed


def _copy_block(dump: bytes, table: str) -> bytes:
    start = dump.index(f"COPY public.{table} ".encode())
    return dump[start : dump.index(b"\n\\.\n", start)]


def _pg_dump(clinic: Any) -> bytes:
    url = (
        make_url(clinic.clinic.settings.database_url)
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    return subprocess.run(
        ["/usr/bin/pg_dump", "--no-owner", f"--dbname={url}"], check=True, capture_output=True
    ).stdout


def test_an_older_database_has_its_kept_values_sealed_once_on_opening(clinic) -> None:
    """A clinic whose schema predates sealing (0013) keeps birth dates, sex, card codes and
    reasons in the clear; opening it seals them in the upgrade's transaction, and every one
    still reads the same, the card is still found by its code, and the trail verifies."""
    doc = clinic.add_user("drzhangwei", Role.PHYSICIAN)
    nid = national_id("44030619850101123")
    patient = register_patient(doc, name="王小明", national_id=nid, sex="M")
    card = records.issue_card(doc, patient_id=patient.patient_id)
    records.issue_card(doc, patient_id=patient.patient_id, reason="lost on the bus Zq7")
    config = migrate.alembic_config()
    with clinic.db.engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["cipher"] = clinic.db.cipher
        command.downgrade(config, "0013")
        kept = conn.execute(text("SELECT sex, birth_date FROM patients")).one()
        codes = conn.execute(text("SELECT code, reason FROM patient_cards ORDER BY id")).all()
    assert (kept[0], str(kept[1])) == ("M", "1985-01-01")  # in the clear before 0014
    assert codes[0][0] == card.code and codes[1][1] == "lost on the bus Zq7"
    clinic.clinic.close()

    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    with clinic.db.engine.connect() as conn:
        raw = conn.execute(text("SELECT sex, birth_date FROM patients")).one()
        raw_cards = conn.execute(text("SELECT code, reason, code_index FROM patient_cards")).all()
    assert "M" not in raw and "1985-01-01" not in raw
    assert all(len(value) >= 44 for value in raw)  # padded ciphertext, base64
    assert not any(card.code in row or "lost on the bus Zq7" in row for row in raw_cards)
    assert all(row.code_index for row in raw_cards)
    again = open_patient(doc, patient_id=patient.patient_id)
    assert (again.sex, again.birth_date) == ("M", date(1985, 1, 1))
    found = records.open_by_card(doc, code=card.code)  # found by its keyed index, and void
    assert found.voided and found.record.patient_number == patient.patient_number
    (event,) = events(clinic, "columns.seal")
    assert json.loads(event.details)["sealed"] == {
        "patients.sex": 1,
        "patients.birth_date": 1,
        "patient_cards.code": 2,
        "patient_cards.reason": 1,
        "status_changes.reason": 1,  # the registration's
    }
    assert verify_audit_trail(clinic.admin()).ok
