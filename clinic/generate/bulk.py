"""Rows written in bulk into a generated clinic's tables: one COPY on PostgreSQL, one
executemany INSERT elsewhere.

On PostgreSQL an executemany INSERT of a million-dose history spends its time in the driver and
the server handling one statement per row; COPY streams the same rows. The values go through each
column's own bind processing first (UTC times, exact decimals, sealed text), and a column left out
of a row takes its Python default, as an ORM insert would.

Most of what is left on the server is the foreign keys' checks, one query per key per row (about
twenty a dose). Where the server lets this session (a superuser) and the tables have no triggers
of their own, `unchecked_references` switches those per-row checks off for the rest of the
transaction, and `check_references` then checks every key of the tables at once (one anti-join
per key) before the transaction commits, so the clinic holds no reference to a missing row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, and_, exists, insert, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def insert_rows(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """ROWS (column name -> value) into MODEL's table, in SESSION's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        session.execute(insert(model), list(rows))
        return
    table = model.__table__
    given: set[str] = set().union(*(row.keys() for row in rows))
    unknown = given - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
    columns = [c for c in table.columns if c.name in given or c.default is not None]
    fill = {c.name: _default(c) for c in columns}
    process = [_processor(c, dialect) for c in columns]
    names = [c.name for c in columns]
    prep = dialect.identifier_preparer
    statement = (
        f"COPY {prep.format_table(table)} ({', '.join(prep.quote(n) for n in names)}) FROM STDIN"
    )
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = []
            for name, proc in zip(names, process, strict=True):
                value = row[name] if name in row else fill[name](name)
                values.append(value if proc is None or value is None else proc(value))
            copy.write_row(values)


def _processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    processor: Callable[[Any], Any] | None = column.type.bind_processor(dialect)
    return processor


def _default(column: Column[Any]) -> Callable[[str], Any]:
    """What a row without COLUMN gets: its Python default, or NULL; a column with only a
    server default must be given in every row or in none (then the server fills it)."""
    default = column.default
    if default is None:
        if column.server_default is not None:
            return _missing(column)
        return lambda _name: None
    if default.is_scalar:
        value = default.arg  # type: ignore[attr-defined]
        return lambda _name: value
    if default.is_callable:
        function = default.arg  # type: ignore[attr-defined]
        return lambda _name: function(None)
    return _missing(column)


def _missing(column: Column[Any]) -> Callable[[str], Any]:
    def refuse(_name: str) -> Any:
        raise ValueError(f"{column.table.name}.{column.name} must be given in every row")

    return refuse


def unchecked_references(session: Session, models: Sequence[Any]) -> bool:
    """On PostgreSQL: switch off the row-by-row foreign key checks (the server's internal
    triggers) for the rest of SESSION's transaction, if the server allows it and none of MODELS'
    tables has a trigger of its own (which would be switched off too). Returns whether it did:
    then call check_references on MODELS before committing."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    names = [model.__table__.name for model in models]
    own_triggers = session.scalar(
        text(
            "SELECT count(*) FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgrelid = ANY(CAST(:names AS regclass[]))"
        ),
        {"names": names},
    )
    if own_triggers:
        return False
    try:
        with session.begin_nested():
            session.execute(text("SET LOCAL session_replication_role = replica"))
    except DBAPIError:  # not a superuser: the rows are checked one by one
        return False
    return True


def check_references(session: Session, models: Sequence[Any]) -> None:
    """Every foreign key of MODELS' tables, checked over all their rows at once; raises
    ValueError naming the first key with a row that refers to nothing."""
    for model in models:
        table = model.__table__
        for key in sorted(table.foreign_key_constraints, key=lambda k: str(k.name)):
            parent = key.referred_table.alias("parent")
            pairs = [(e.parent, parent.c[e.column.name]) for e in key.elements]
            orphan = select(1).where(
                *(child.is_not(None) for child, _ in pairs),
                ~exists().where(and_(*(up == child for child, up in pairs))),
            )
            if session.execute(orphan.limit(1)).first() is not None:
                raise ValueError(f"{table.name}: a row refers to nothing ({key.name})")
