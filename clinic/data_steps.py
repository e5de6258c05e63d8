"""Data steps: changes to kept data that need the clinic's keys, which a migration does not have.

A migration names its steps in DATA_STEPS; whoever migrates a database with the keys at hand
(opening an older database, restoring an older backup) runs the steps of every revision it
applied, in the same transaction as the migration, each with its audit event. So a step runs
once per database, and a database is never left migrated without its step.
"""

from __future__ import annotations

from collections.abc import Callable

from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from clinic.patients.duplicates import normalise_kept_identifiers
from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.storage import migrate
from clinic.storage.fieldcrypt import FieldCipher
from clinic.storage.sealing import seal_kept_columns

SYSTEM = "system"

# name -> (the audit event's action, the step: what it did, for the event's details)
Step = Callable[[Session, FieldCipher], dict[str, object]]
STEPS: dict[str, tuple[str, Step]] = {
    "normalise_kept_identifiers": (
        "identifiers.normalise",
        lambda session, cipher: normalise_kept_identifiers(session, cipher).details(),
    ),
    "seal_kept_columns": ("columns.seal", seal_kept_columns),
}
# Steps run after every migration, on the newest schema, reading through the models; the models
# expect sealed columns, so sealing what older revisions kept in the clear comes first.
FIRST = ("seal_kept_columns",)


def system_draft(
    workstation: str, clinic_id: str, action: str, details: dict[str, object]
) -> EventDraft:
    """An event the program itself records (no user): founding, upgrades, data steps."""
    return EventDraft(
        user_id=None,
        username=SYSTEM,
        workstation=workstation,
        session_id=None,
        action=action,
        entity="clinic",
        entity_id=clinic_id,
        outcome=Outcome.DONE,
        details=details,
    )


def owed(before: str | None) -> list[str]:
    """The data steps of the revisions after BEFORE, oldest first; none for a new database."""
    if before is None:
        return []
    script = ScriptDirectory.from_config(migrate.alembic_config())
    applied = reversed(list(script.iterate_revisions("head", before)))
    names = [name for rev in applied for name in getattr(rev.module, "DATA_STEPS", ())]
    return sorted(names, key=lambda name: name not in FIRST)  # stable: otherwise in order


def run_owed(
    session: Session,
    *,
    before: str | None,
    cipher: FieldCipher,
    audit_key: bytes,
    workstation: str,
    clinic_id: str,
) -> list[str]:
    """Run, in SESSION's transaction, the steps owed by migrating from BEFORE; their names."""
    names = owed(before)
    for name in names:
        action, step = STEPS[name]
        details = {"step": name, **step(session, cipher)}
        audit.append(session, audit_key, system_draft(workstation, clinic_id, action, details))
    session.flush()
    return names
