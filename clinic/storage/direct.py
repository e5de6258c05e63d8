"""Column reads in a unit of work's transaction as plain rows, without the ORM's result machinery.

A read of columns (never of mapped objects) through `Session.execute` pays for the ORM's
statement handling and row loading, about twice the statement's own cost on the dose path.
These run the same statement on the session's connection after flushing what is pending, as
the ORM's autoflush would, so they see everything the unit of work wrote so far.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from keyword import iskeyword
from typing import Any, NamedTuple, TypeVar, cast
from weakref import WeakKeyDictionary

from sqlalchemy import ClauseElement, Executable, Select, bindparam, event, inspect, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

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
    """Every row STATEMENT (a read of columns, built once) returns."""
    session.flush()
    found = _prepared_rows(session, statement, params)
    if found is not None:
        return found
    return cast(Sequence[tuple[Any, ...]], connection(session).execute(statement, params).all())


def first(session: Session, statement: Executable, params: Mapping[str, Any]) -> Any:
    """The first column of STATEMENT's first row, None if it returns none."""
    session.flush()
    found = _prepared_rows(session, statement, params)
    if found is not None:
        return found[0][0] if found else None
    return connection(session).execute(statement, params).scalar()


# The statements `rows` and `first` were given (module constants), each with its Prepared form,
# or None where it cannot have one (an IN list): kept by identity, with the statement held so
# its id is never reused. Bounded, in case a caller builds its statement on each call.
_PREPARED: dict[int, tuple[Executable, Prepared | None]] = {}
_PREPARED_MAX = 256


def _prepared_rows(
    session: Session, statement: Executable, params: Mapping[str, Any]
) -> list[Any] | None:
    """STATEMENT's rows by its Prepared form; None if it has none."""
    held = _PREPARED.get(id(statement))
    if held is None:
        if len(_PREPARED) >= _PREPARED_MAX or not isinstance(statement, ClauseElement):
            return None
        held = _PREPARED[id(statement)] = (statement, Prepared(statement))
    prepared = held[1]
    if prepared is None:
        return None
    try:
        return prepared.rows(connection(session), params)
    except Unpreparable:
        _PREPARED[id(statement)] = (statement, None)
        return None


class Unpreparable(ValueError):
    """A statement Prepared cannot send as it is (an IN list, a renamed bound value)."""


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


class _Plan(NamedTuple):
    sql: str
    positional: tuple[str, ...] | None  # bind names in order; None: named (a dict)
    binds: dict[str, Callable[[Any], Any]]  # name -> the type's processor, where it has one
    defaults: dict[str, Any]  # values bound in the statement itself (a LIMIT)
    row: Callable[[Any], Any] | None  # makes a row of the result's columns; None: no result
    types: tuple[Any, ...]  # the result columns' types, in the dialect's form


class Prepared:
    """A Core statement compiled once per dialect and sent on the driver's cursor of a
    connection: no execution context, result object or cache key built for each call, which
    cost about three times the statement itself on SQLite (it runs in every service call:
    the session rules, the audit head, the event, the head moved). Values go in and come out
    through the columns' types as `Connection.execute` would send and read them; an error goes
    through the engine's error handling (a busy database, a full disk, a cut link: the same
    domain errors, the connection dropped the same way); the engine's before_cursor_execute
    listeners see the statement. For statements of single bound values (no IN lists)."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        # by the dialect itself, not its name: a type's processors may hold what is the
        # engine's own (the field cipher is attached to each engine's dialect)
        self._plans: WeakKeyDictionary[Dialect, _Plan] = WeakKeyDictionary()
        self._results: WeakKeyDictionary[Dialect, tuple[Callable[[Any], Any] | None, ...]] = (
            WeakKeyDictionary()
        )

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect)
        if plan is not None:
            return plan
        compiled = self.statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if (
            compiled.literal_execute_params
            or compiled.post_compile_params
            or compiled.escaped_bind_names
        ):
            raise Unpreparable("Prepared takes statements of single, plainly named bound values")
        binds: dict[str, Callable[[Any], Any]] = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds[name] = process
        columns = list(getattr(self.statement, "selected_columns", None) or ())
        if not columns and isinstance(self.statement, UpdateBase):
            columns = list(self.statement._returning or ())  # an INSERT … RETURNING
        row: Callable[[Any], Any] | None = None
        types: tuple[Any, ...] = ()
        if columns:
            keys = [column.key for column in columns]
            named = len(set(keys)) == len(keys) and all(
                isinstance(key, str) and key.isidentifier() and not iskeyword(key) for key in keys
            )
            # rows with the columns' names where each has its own (as Row's), else plain tuples
            maker: Any = namedtuple("Row", cast(list[str], keys)) if named else None
            row = maker._make if maker is not None else tuple
            types = tuple(column.type.dialect_impl(dialect) for column in columns)
        plan = _Plan(
            str(compiled),
            tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None,
            binds,
            dict(compiled.construct_params(_check=False)),
            row,
            types,
        )
        self._plans[dialect] = plan
        return plan

    def _values(self, plan: _Plan, params: Mapping[str, Any] | None) -> Any:
        values = dict(plan.defaults)
        if params:
            values.update(params)
        for name, process in plan.binds.items():
            values[name] = process(values[name])
        if plan.positional is not None:
            return tuple(values[name] for name in plan.positional)
        return values

    def rows(self, connection: Connection, params: Mapping[str, Any] | None = None) -> list[Any]:
        """STATEMENT run with PARAMS: its rows as named tuples ([] for a statement without)."""
        plan = self._plan(connection.dialect)
        values = self._values(plan, params)
        processors = self._results.get(connection.dialect)
        found, description = self._run(
            connection, plan, values, many=False, describe=processors is None
        )
        if plan.row is None or not found:
            return []
        make = plan.row
        if processors is None:
            # as the engine does: a driver's type code may choose the processor (PostgreSQL's
            # numerics), and a statement's columns come back with the same codes each time
            processors = self._results[connection.dialect] = tuple(
                kind.result_processor(connection.dialect, column[1])
                for kind, column in zip(plan.types, description, strict=True)
            )
        if not any(processors):
            return [make(row) for row in found]
        return [
            make(
                [value if p is None else p(value) for p, value in zip(processors, row, strict=True)]
            )
            for row in found
        ]

    def execute_many(self, connection: Connection, params: Sequence[Mapping[str, Any]]) -> None:
        """STATEMENT (a write returning nothing) run once for each of PARAMS."""
        plan = self._plan(connection.dialect)
        self._run(connection, plan, [self._values(plan, p) for p in params], many=True)

    def _run(
        self,
        connection: Connection,
        plan: _Plan,
        values: Any,
        *,
        many: bool,
        describe: bool = False,
    ) -> Any:
        """Rows (None for a statement without result columns) and, if DESCRIBE, the cursor's
        description: psycopg builds it afresh at each reading, ~7 objects a statement."""
        cursor = connection.connection.cursor()
        try:
            connection.dispatch.before_cursor_execute(
                connection, cursor, plan.sql, values, None, many
            )
            if many:
                cursor.executemany(plan.sql, values)
                return None
            cursor.execute(plan.sql, values)
            if plan.row is None:  # no columns selected or returned: no result to read
                return None, None
            return cursor.fetchall(), cursor.description if describe else None
        except Exception as exc:
            connection._handle_dbapi_exception(exc, plan.sql, values, cursor, None)
        finally:
            cursor.close()
