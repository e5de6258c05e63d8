"""The embedded clinics of the suite take their schema from a template the migrations made once
(tests/conftest.py); this checks the copy is the schema the migrations make, object for object."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from clinic.storage.db import sqlcipher_engine
from tests import conftest


def schema_of(path: Path, key: bytes) -> list[tuple[str, str, str, str | None]]:
    engine = sqlcipher_engine(path, key, pool=False)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            ).all()
            version = conn.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        engine.dispose()
    return [
        *((kind, name, table, canonical(sql)) for kind, name, table, sql in rows),
        ("alembic_version", "", "", version),
    ]


def canonical(sql: str | None) -> str | None:
    """SQL with a table's clauses sorted: a batch rebuild orders its constraints by a set's
    iteration, which differs from one process to the next even between two real migrations."""
    if sql is None:
        return None
    return "\n".join(sorted(line.strip().rstrip(",") for line in sql.splitlines()))


def test_a_copied_schema_is_the_migrated_schema(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.db"
    copied = tmp_path / "copied.db"
    key = os.urandom(32)
    engine = sqlcipher_engine(migrated, key, pool=False)
    try:
        conftest._real_upgrade(engine)
    finally:
        engine.dispose()
    engine = sqlcipher_engine(copied, key, pool=False)
    try:
        conftest._upgrade_from_template(engine)
    finally:
        engine.dispose()
    expected = schema_of(migrated, key)
    assert len(expected) > 100  # tables, indexes and triggers of every migration
    assert schema_of(copied, key) == expected
