"""Column reads in a unit of work's transaction as plain rows, without the ORM's result machinery.

A read of columns (never of mapped objects) through `Session.execute` pays for the ORM's
statement handling and row loading, about twice the statement's own cost on the dose path.
These run the same statement on the session's connection after flushing what is pending, as
the ORM's autoflush would, so they see everything the unit of work wrote so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Executable, Select, bindparam, event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

_Mapped = TypeVar("_Mapped")
_CONNECTION = "direct_connection"


def connection(session: Session) -> Connection:
    """SESSION's connection for its current transaction, asked of the session once:
    `Session.connection` walks the transaction's state machine on every call."""
    found: Connection | None = session.info.get(_CONNECTION)
    if found is None:
        found = session.info[_CONNECTION] = session.connection()
    return found


@event.listens_for(Session, "after_transaction_end")
def _forget_connection(session: Session, _transaction: object) -> None:
    session.info.pop(_CONNECTION, None)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    # a failed flush rolls the connection back with the transaction still open in the session:
    # the next read asks the session again, which refuses until the caller rolls back too
    session.info.pop(_CONNECTION, None)


def rows(
    session: Session, statement: Executable, params: Mapping[str, Any]
) -> Sequence[tuple[Any, ...]]:
    """Every row STATEMENT (a read of columns) returns."""
    session.flush()
    return cast(Sequence[tuple[Any, ...]], connection(session).execute(statement, params).all())


def first(session: Session, statement: Executable, params: Mapping[str, Any]) -> Any:
    """The first column of STATEMENT's first row, None if it returns none."""
    session.flush()
    return connection(session).execute(statement, params).scalar()


_BY_KEY: dict[type, Select[Any]] = {}


def get(session: Session, cls: type[_Mapped], key: int | None) -> _Mapped | None:
    """`session.get(CLS, KEY)` for a class with a single integer key, by a statement built once:
    `Session.get` builds and keys a new one on every call, which costs more than running it."""
    if key is None:
        return None
    wanted = identity_key(cls, key)
    found: _Mapped | None = session.identity_map.get(wanted)
    if found is not None and not inspect(found).expired:
        return found
    absent: set[tuple[Any, ...]] = session.info.setdefault(_ABSENT, set())
    if wanted in absent:
        return None
    statement = _BY_KEY.get(cls)
    if statement is None:
        (column,) = inspect(cls).primary_key
        statement = _BY_KEY[cls] = select(cls).where(column == bindparam("key"))
    row = cast(_Mapped | None, session.scalars(statement, {"key": key}).first())
    if row is None:
        absent.add(wanted)  # asked again (the gate, then the fee): no second statement
    return hold(session, row)


_ABSENT = "direct_absent"  # session.info: keys `get` found no row for, until one is added


@event.listens_for(Session, "transient_to_pending")
@event.listens_for(Session, "detached_to_persistent")
def _row_added(session: Session, instance: object) -> None:
    """A row of a class added to the session (pending, or written by insert_now) may have a
    key `get` found absent: that class's answers are forgotten."""
    absent: set[tuple[Any, ...]] | None = session.info.get(_ABSENT)
    if absent:
        cls = type(instance)
        absent.difference_update([key for key in absent if issubclass(cls, key[0])])


@event.listens_for(Session, "after_transaction_end")
def _forget_absent(session: Session, _transaction: object) -> None:
    session.info.pop(_ABSENT, None)


def hold(session: Session, row: _Mapped) -> _Mapped:
    """Keep ROW in SESSION until the session ends: the session holds its objects weakly, so one
    read in the gate and used again in the dose would otherwise be read twice."""
    if row is not None:
        session.info.setdefault("held", []).append(row)
    return row
