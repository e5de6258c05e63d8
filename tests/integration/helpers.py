"""Small helpers shared by the integration tests: file snapshots, row snapshots, test identities."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import inspect, text

from clinic.patients.identity import check_digit
from clinic.storage.backup import SKIP_TABLES


def national_id(first17: str = "11010519491231002") -> str:
    """A valid 18-character ID number for the first 17 characters given."""
    return first17 + check_digit(first17)


def files_state(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under FOLDER (relative name -> sha256), so any change at all shows."""
    state = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_file() and not rel.startswith(skip):
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def rows_state(engine) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Row counts of every table plus the audit chain's last link: what a restore would change.
    The tables are those the database has now (not the models'), counted in one statement:
    reflecting every column of the schema took half a second a call."""
    with engine.connect() as conn:
        schema = (
            str(conn.execute(text("SELECT current_schema()")).scalar_one())
            if conn.dialect.name == "postgresql"
            else None
        )
        names = [n for n in inspect(conn).get_table_names(schema=schema) if n not in SKIP_TABLES]
        counts = " UNION ALL ".join(
            f"SELECT '{name}', count(*) FROM {conn.dialect.identifier_preparer.quote(name)}"
            for name in names
        )
        state: dict[str, object] = {str(name): count for name, count in conn.execute(text(counts))}
        state["audit_head"] = conn.execute(text("SELECT seq, mac FROM audit_head")).all()
        state["users"] = conn.execute(text("SELECT username FROM users ORDER BY id")).all()
    return state
