"""Small helpers shared by the integration tests: file snapshots, row snapshots, test identities."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select, text

from clinic.patients.identity import check_digit
from clinic.storage.backup import reflect


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
    """Row counts of every table plus the audit chain's last link: what a restore would change."""
    with engine.connect() as conn:
        state: dict[str, object] = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in reflect(conn)
        }
        state["audit_head"] = conn.execute(text("SELECT seq, mac FROM audit_head")).all()
        state["users"] = conn.execute(text("SELECT username FROM users ORDER BY id")).all()
    return state
