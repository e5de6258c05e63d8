"""The unit of work: one transaction per user action; it rolls back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Insert, Table, bindparam, event, insert, inspect
from sqlalchemy.orm import Mapper, Session, UOWTransaction, make_transient_to_detached

from clinic.storage import direct
from clinic.storage.db import (
    AUDIT_CHECKPOINT,
    READ_ONLY,
    WRITE_TRIES,
    Database,
    busy_error,
    is_busy,
)
from clinic.storage.models import CLINIC_CLOCK

_stamped: dict[type, tuple[str, ...]] = {}


def _stamped_attributes(mapper: Mapper[Any]) -> tuple[str, ...]:
    names = _stamped.get(mapper.class_)
    if names is None:
        names = tuple(
            attr.key for attr in mapper.column_attrs if attr.columns[0].info.get(CLINIC_CLOCK)
        )
        _stamped[mapper.class_] = names
    return names


@event.listens_for(Session, "before_flush")
def _stamp_with_clinic_clock(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """New rows' "made at" columns take the unit of work's clock, so a clock set for a day
    (a test, the demo's history) dates every row of that day alike."""
    tick: Callable[[], datetime] | None = session.info.get("clock")
    if tick is None or not session.new:
        return
    moment: datetime | None = None
    for row in session.new:
        for name in _stamped_attributes(inspect(row).mapper):
            if getattr(row, name) is None:
                moment = moment or tick()
                setattr(row, name, moment)


_Row = TypeVar("_Row")
_inserts: dict[type, tuple[Insert, str, tuple[tuple[str, str, Any], ...]]] = {}


def _insert_plan(mapper: Mapper[Any]) -> tuple[Insert, str, tuple[tuple[str, str, Any], ...]]:
    """MAPPER's table's INSERT returning its key (built once), the key's attribute, and each
    column attribute as (attribute, column, default)."""
    plan = _inserts.get(mapper.class_)
    if plan is None:
        table = mapper.local_table
        assert isinstance(table, Table)
        (key,) = mapper.primary_key
        columns = tuple(
            (attr.key, attr.columns[0].key, attr.columns[0].default) for attr in mapper.column_attrs
        )
        plan = (insert(table).returning(key), mapper.get_property_by_column(key).key, columns)
        _inserts[mapper.class_] = plan
    return plan


# Each class's INSERT for each set of columns it is given (a call site gives the same set each
# time), sent on the driver's cursor.
_prepared_inserts: dict[tuple[type, tuple[str, ...]], direct.Prepared] = {}


def insert_now(session: Session, row: _Row) -> _Row:
    """Insert ROW at once with one INSERT … RETURNING its key, and keep it in SESSION as if it
    had been flushed: the unit of work's flush costs several times the statement. Rows waiting
    to be flushed go first (as an autoflush would), the made-at columns take the clinic clock as
    a flush would give them, and a column default applies as it would. An integrity error comes
    from here, as it would from the flush. For a row with a single integer key."""
    session.flush()
    mapper = inspect(row).mapper
    statement, key, columns = _insert_plan(mapper)
    state = row.__dict__
    stamped = _stamped_attributes(mapper)
    tick: Callable[[], datetime] | None = session.info.get("clock")
    values: dict[str, Any] = {}
    for attr, column, default in columns:
        value = state.get(attr)
        if value is None and attr in stamped and tick is not None:
            value = tick()
        elif value is None and attr not in state and default is not None:
            value = default.arg(None) if default.is_callable else default.arg
        if value is not None or attr in state:
            setattr(row, attr, value)
            values[column] = value
    names = tuple(values)
    prepared = _prepared_inserts.get((mapper.class_, names))
    if prepared is None:
        prepared = _prepared_inserts[(mapper.class_, names)] = direct.Prepared(
            statement.values({name: bindparam(name) for name in names})
        )
    ((made,),) = prepared.rows(direct.connection(session), values)
    setattr(row, key, made)
    make_transient_to_detached(row)
    session.add(row)
    return row


REPLICA = "replica"  # whether the session is on a satellite's replica (storage/replica.py)


class UnitOfWork:
    """`with UnitOfWork(db) as uow:` … `uow.commit()`; leaving without commit rolls back."""

    def __init__(self, db: Database, *, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self.read_only or self.db.mode != "embedded":
            self._session = self._new_session()
            if self.read_only:
                self._session.connection(execution_options={READ_ONLY: True})
            return self
        # SQLite: take the write lock now, waiting a bounded while, rather than at some statement
        # in the middle of the work; a lock still held by another window is a readable "busy".
        for _ in range(WRITE_TRIES):
            session = self._new_session()
            try:
                session.connection()
            except Exception as exc:
                session.close()
                if not is_busy(exc):
                    raise
                continue
            self._session = session
            return self
        raise busy_error()

    def _new_session(self) -> Session:
        session = Session(self.db.engine, expire_on_commit=False, autoflush=True)
        session.info["clock"] = self.db.clock
        session.info[AUDIT_CHECKPOINT] = self.db.audit_checkpoint
        session.info[REPLICA] = self.db.replica
        return session

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None
