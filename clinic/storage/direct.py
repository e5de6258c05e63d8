"""Column reads in a unit of work's transaction as plain rows, without the ORM's result machinery.

A read of columns (never of mapped objects) through `Session.execute` pays for the ORM's
statement handling and row loading, about twice the statement's own cost on the dose path.
These run the same statement on the session's connection after flushing what is pending, as
the ORM's autoflush would, so they see everything the unit of work wrote so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Executable
from sqlalchemy.orm import Session


def rows(
    session: Session, statement: Executable, params: Mapping[str, Any]
) -> Sequence[tuple[Any, ...]]:
    """Every row STATEMENT (a read of columns) returns."""
    session.flush()
    return cast(Sequence[tuple[Any, ...]], session.connection().execute(statement, params).all())


def first(session: Session, statement: Executable, params: Mapping[str, Any]) -> Any:
    """The first column of STATEMENT's first row, None if it returns none."""
    session.flush()
    return session.connection().execute(statement, params).scalar()
