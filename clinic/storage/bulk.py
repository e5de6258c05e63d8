"""Many rows into one table in one executemany, for the set-based writes of a whole month."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Date, Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from clinic.storage.types import ExactDecimal, UTCDateTime

# Types whose stored form is a function of the value alone: a month repeats a few hundred
# amounts and 31 days ~180,000 times, so each distinct one is converted once. Never a sealed
# column: its random nonce must differ from row to row.
_CONVERTED_ONCE = (ExactDecimal, UTCDateTime, Date)


def _stored(
    values: list[Any], process: Callable[[Any], Any] | None, once: bool, by_value: bool = False
) -> list[Any]:
    if process is None:
        return values
    if not once:
        return [process(v) for v in values]
    if by_value:  # a day has one stored form: 44,000 date objects of a month are 31 days
        stored = {v: process(v) for v in set(values)}
        return list(map(stored.__getitem__, values))
    # Keyed by the object, not its value: Decimal("1.0") == Decimal("1.00") is stored apart.
    # The rows hold every value, so no id is reused while this runs.
    distinct = {id(v): v for v in values}
    converted = {key: process(v) for key, v in distinct.items()}
    return list(map(converted.__getitem__, map(id, values)))


def insert_many(session: Session, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """ROWS (each with the same columns) into TABLE, in the unit of work's transaction.

    What `session.execute(insert(TABLE), ROWS)` writes, each value through its column type's
    bind processing (sealing, Decimal as text on SQLite, dates), but with the statement compiled
    once, the processors looked up once, and each amount or date object converted once: the
    per-value work took most of a month's build (180,000 rows). A column left out must have no
    Python-side default (it would not be applied here): that is refused.
    """
    if not rows:
        return
    names = list(rows[0])
    missing = [c.name for c in table.columns if c.default is not None and c.name not in names]
    if missing:
        raise ValueError(
            f"{table.name}: give {', '.join(missing)} (their defaults are not applied)"
        )
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ()) if compiled.positional else names
    columns = []
    for name in order:
        kind = table.c[name].type
        process = kind.dialect_impl(dialect).bind_processor(dialect)
        values = [row[name] for row in rows]
        once, by_value = isinstance(kind, _CONVERTED_ONCE), type(kind) is Date
        columns.append(_stored(values, process, once, by_value))
    if dialect.name == "postgresql":
        _copy(connection, table, order, columns)
    elif compiled.positional:
        connection.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))
    else:
        connection.exec_driver_sql(
            compiled.string,
            [dict(zip(order, row, strict=True)) for row in zip(*columns, strict=True)],
        )


def _copy(connection: Connection, table: Table, names: list[str], columns: list[list[Any]]) -> None:
    """PostgreSQL: the rows by COPY in the transaction, each value as bound (an executemany
    sends a statement per row: 5 s of a month's 52,000 claim rows, against well under one)."""
    quote = connection.dialect.identifier_preparer.quote
    into = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(into) as copy:
        for row in zip(*columns, strict=True):
            copy.write_row(row)
