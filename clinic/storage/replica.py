"""Whether a database is a satellite's replica: its one ReplicaState row (none on the server).

Read once per unit of work on a replica, like the settings snapshot; never on the server (the
unit of work says which): the dose gate asks it for every dose."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.storage.models import ReplicaState

SNAPSHOT = "replica_state"
NONE = object()


def state(session: Session) -> ReplicaState | None:
    """The replica's state, or None on the server (no query there; one per unit of work on a
    replica)."""
    if session.info.get("replica") is False:
        return None  # a unit of work on the server's database
    kept = session.info.get(SNAPSHOT)
    if kept is None:
        row = session.scalars(select(ReplicaState)).first()
        kept = NONE if row is None else row
        session.info[SNAPSHOT] = kept
    return None if kept is NONE else kept  # type: ignore[return-value]
