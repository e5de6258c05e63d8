"""Schema changes only through Alembic migrations; applied at init and when an older database opens."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from clinic.errors import SchemaTooNew
from clinic.storage.db import READ_ONLY

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset(
        {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        upgrade_connection(conn, revision)


def upgrade_connection(conn: Connection, revision: str = "head") -> None:
    """Migrate the schema CONN works in (its search path, on PostgreSQL) within its transaction."""
    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def needs_upgrade(engine: Engine) -> bool:
    """True if the database is older than this version; refuses one made by a newer version."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(
            en=f"This database was written by a newer version of the program (schema {current}). "
            "Install that version or newer; nothing was changed.",
            zh=f"该数据库由更新版本的程序写入（结构版本 {current}）。请安装该版本或更新版本；未作任何更改。",
        )
    return current != head_revision()
